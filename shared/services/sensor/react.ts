import { createHash } from 'node:crypto';
import { currentStrength } from '../../domain/evaporation';
import { matchesEventTrigger } from '../../domain/eventTrigger';
import { isAwake } from '../../domain/agentStateMachine';
import { catalog } from '../../catalog';
import { AlreadyExists } from '../../ports';
import { PheromoneStrength, type PheromoneSignal, type PheromoneTrail } from '../../schemas/pheromone';
import type { AgentInstance } from '../../schemas/agent';
import { wakeCapable } from '../agents/wakeCapable';
import type { Swarm } from '../swarm';
import { SwarmView } from '../swarmView';
import { submitTask } from '../tasks/submitTask';

/** A TASK trail at least this strong recruits a capable agent when none is awake (seed §14.6). */
export const RECRUIT_AT_STRENGTH = PheromoneStrength.MEDIUM;

/** The catalogue type that builds integrations on a CAPABILITY request (seed §13, §14.10). */
const INTEGRATION_BUILDER = 'meta.integration_builder';

/**
 * The swarm's reactions to freshly folded signals (seed §4.2, §14): strong TASK trails with no awake
 * capable agent recruit one; LOAD_BALANCING wakes more of a type up to its `maxInstances`; any signal
 * matching an agent's event trigger wakes it; CAPABILITY requests become integration work on
 * `ants-integrations`. DANGER needs no reaction here: the worker reads the field and avoids the location
 * until it evaporates; SUCCESS has already reinforced its trail by being folded. Every reaction is
 * idempotent, so a redelivered signal cannot double-wake or double-submit.
 */
export async function reactToSignals(
  swarm: Swarm,
  folded: { signal: PheromoneSignal; trail: PheromoneTrail }[],
  traceparent?: string,
  view: SwarmView = new SwarmView(swarm, 0),
): Promise<void> {
  const byTenant = new Map<string, { signal: PheromoneSignal; trail: PheromoneTrail }[]>();
  for (const item of folded)
    byTenant.set(item.signal.tenantId, [...(byTenant.get(item.signal.tenantId) ?? []), item]);
  for (const [tenantId, items] of byTenant) {
    const tenantAgents = () => view.allAgents(tenantId);
    const woke = (agents: AgentInstance[]) => agents.forEach((agent) => view.remember(agent));
    for (const { signal, trail } of items) {
      // SUCCESS only reinforces its trail, which folding did; it wakes nobody, so it reads nothing.
      if (signal.type === 'success') continue;
      const now = swarm.clock.now();
      const reason = `${signal.type} pheromone at ${signal.location}`;
      if (signal.type === 'task' && currentStrength(trail, now) >= RECRUIT_AT_STRENGTH) {
        const required = stringList(signal.data.requiredCapabilities);
        const all = await tenantAgents();
        const served = all.some((a) => isAwake(a) && required.every((c) => a.capabilities.includes(c)));
        if (!served) {
          woke(
            await wakeCapable(
              swarm,
              { tenantId, requiredCapabilities: required, count: 1, reason, traceparent },
              all,
            ),
          );
        }
      }
      if (signal.type === 'load_balancing' && typeof signal.data.agentType === 'string') {
        const count = Math.max(1, Math.min(50, Number(signal.data.count ?? 1) || 1));
        const wanted = { tenantId, agentType: signal.data.agentType, count, reason, traceparent };
        woke(await wakeCapable(swarm, wanted, await tenantAgents()));
      }
      const triggered = (await tenantAgents()).filter(
        (a) =>
          !isAwake(a) &&
          a.lifecycle.eventTrigger !== undefined &&
          matchesEventTrigger(a.lifecycle.eventTrigger, signal) &&
          trail.deposits >= a.lifecycle.eventTrigger.wakeThreshold,
      );
      for (const agentType of new Set(triggered.map((a) => a.agentType))) {
        const wanted = { tenantId, agentType, count: 1, reason: `event trigger: ${reason}`, traceparent };
        woke(await wakeCapable(swarm, wanted, await tenantAgents()));
      }
      if (signal.type === 'capability') await requestIntegration(swarm, signal, traceparent);
    }
  }
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** One integration task per CAPABILITY signal: the Idempotency-Key is the signal id. */
async function requestIntegration(
  swarm: Swarm,
  signal: PheromoneSignal,
  traceparent?: string,
): Promise<void> {
  const builder = catalog.find((e) => e.agentType === INTEGRATION_BUILDER);
  const key = 'capability-' + createHash('sha256').update(signal.id).digest('hex').slice(0, 24);
  try {
    await submitTask(
      swarm,
      signal.tenantId,
      {
        taskType: 'meta.integration_build',
        requiredCapabilities: builder ? ['api_integration'] : [],
        payload: { request: signal.data, requestedBy: signal.emitter, location: signal.location },
        priority: Math.max(1, Math.round(signal.strength * 10)),
        impact: 'medium',
        location: signal.location,
      },
      { idempotencyKey: key, traceparent, queue: 'integrations' },
    );
  } catch (error) {
    if (!(error instanceof AlreadyExists)) throw error;
  }
}
