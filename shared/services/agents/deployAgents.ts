import { catalogEntry } from '../../catalog';
import type { AgentDeployRequest, AgentInstance } from '../../schemas/agent';
import type { CatalogEntry } from '../../schemas/catalog';
import type { AgentState } from '../../schemas/lifecycle';
import { TelemetryEvents } from '../../telemetry/names';
import { Unprocessable } from '../errors';
import type { Swarm } from '../swarm';

/** A catalogue entry's default lifecycle, as the state a fresh instance starts in. */
function initialState(entry: CatalogEntry, tier: string): AgentState {
  if (tier === 'always_on' || entry.defaultLifecycle === 'active') return 'idle';
  return entry.defaultLifecycle === 'sleeping' ? 'sleeping' : 'cold';
}

export function instantiate(
  swarm: Swarm,
  tenantId: string,
  entry: CatalogEntry,
  request: Pick<AgentDeployRequest, 'lifecycle' | 'schedule'>,
  warm: boolean,
): AgentInstance {
  const now = swarm.clock.now().toISOString();
  const lifecycle = {
    ...entry.lifecycle,
    tier: request.lifecycle ?? entry.lifecycle.tier,
    schedule: request.schedule ?? entry.lifecycle.schedule,
  };
  const state = warm ? 'idle' : initialState(entry, lifecycle.tier);
  const awake = state === 'idle';
  return {
    id: `${entry.agentType}.${swarm.newId().replace(/-/g, '').slice(-12)}`,
    tenantId,
    agentType: entry.agentType,
    state,
    stateSince: now,
    capabilities: [...entry.capabilities],
    activeTaskIds: [],
    maxConcurrency: entry.maxConcurrency,
    stats: {},
    lifecycle,
    warm,
    keepAliveUntil: null,
    lastActiveAt: awake ? now : null,
    wokeAt: awake ? now : null,
    wakeReason: awake ? 'deployed' : null,
    checkpoint: null,
    cost: { msByState: {}, tokens: 0, tokenCostUsd: 0 },
    modelPreference: [...entry.modelPreference],
    createdAt: now,
    updatedAt: now,
  };
}

/** One-call deployment of catalogue agents into a tenant (seed §10.4.C). */
export async function deployAgents(
  swarm: Swarm,
  tenantId: string,
  request: AgentDeployRequest,
): Promise<AgentInstance[]> {
  const entry = catalogEntry(request.agentType);
  if (!entry) throw new Unprocessable(`Unknown agent type '${request.agentType}'`, 'agentType');
  const warmInstances = entry.lifecycle.warmPool.warmInstances;
  // Deploying N instances says N may be awake at once: the catalogue's instance cap must not undo that.
  const existing = (await swarm.agents.list(tenantId, { agentType: entry.agentType })).length;
  const maxInstances = Math.max(entry.lifecycle.warmPool.maxInstances, existing + request.instances);
  const deployed: AgentInstance[] = [];
  for (let i = 0; i < request.instances; i++) {
    const base = instantiate(swarm, tenantId, entry, request, i < warmInstances);
    const agent = {
      ...base,
      lifecycle: { ...base.lifecycle, warmPool: { ...base.lifecycle.warmPool, maxInstances } },
    };
    deployed.push((await swarm.agents.create(agent)).doc);
    swarm.telemetry.event({
      name: TelemetryEvents.AgentDeployed,
      properties: { tenantId, agentId: agent.id, agentType: agent.agentType, state: agent.state },
    });
  }
  return deployed;
}
