import { catalogEntry } from '../../catalog';
import { isAwake, wake } from '../../domain/agentStateMachine';
import type { AgentInstance, AgentWakeRequest } from '../../schemas/agent';
import { TelemetryEvents } from '../../telemetry/names';
import { Unprocessable } from '../errors';
import type { Swarm } from '../swarm';
import { instantiate } from './deployAgents';
import { updateAgent } from './updateAgent';
import { wakeCandidates } from './wakeCapable';

export interface WakeResult {
  agent: AgentInstance;
  /** True when no instance existed, or only a cold one: the agent starts without a checkpoint. */
  coldStart: boolean;
}

/**
 * Wakes an agent of a type on demand (seed §10.3.C API-triggered activation): an awake agent with spare
 * capacity is reused and kept alive longer; otherwise a sleeping one is restored, else a cold one started,
 * else a new instance is created from the catalogue.
 */
export async function wakeAgent(
  swarm: Swarm,
  tenantId: string,
  request: AgentWakeRequest,
): Promise<WakeResult> {
  const entry = catalogEntry(request.agentType);
  if (!entry) throw new Unprocessable(`Unknown agent type '${request.agentType}'`, 'agentType');
  const now = swarm.clock.now();
  const keepAliveUntil = request.keepAliveMinutes
    ? new Date(now.getTime() + request.keepAliveMinutes * 60_000).toISOString()
    : undefined;
  const agents = (await swarm.agents.list(tenantId, { agentType: request.agentType })).map((v) => v.doc);

  const awake = agents.find((a) => isAwake(a) && a.activeTaskIds.length < a.maxConcurrency);
  if (awake) {
    const agent = keepAliveUntil
      ? await updateAgent(swarm, awake, (current) =>
          current.keepAliveUntil && current.keepAliveUntil >= keepAliveUntil
            ? undefined
            : { ...current, keepAliveUntil, updatedAt: now.toISOString() },
        )
      : awake;
    return { agent, coldStart: false };
  }

  const [candidate] = wakeCandidates(agents);
  let coldStart = !candidate || candidate.state === 'cold';
  const agent = candidate
    ? await updateAgent(swarm, candidate, (current) => {
        const woke = wake(current, swarm.clock.now(), request.reason, keepAliveUntil);
        coldStart = woke.coldStart;
        return woke.agent === current ? undefined : woke.agent;
      })
    : (
        await swarm.agents.create({
          ...instantiate(swarm, tenantId, entry, {}, false),
          state: 'idle',
          wokeAt: now.toISOString(),
          wakeReason: request.reason,
          lastActiveAt: now.toISOString(),
          keepAliveUntil: keepAliveUntil ?? null,
        })
      ).doc;
  swarm.telemetry.event({
    name: TelemetryEvents.AgentWoke,
    properties: {
      tenantId,
      agentId: agent.id,
      agentType: agent.agentType,
      reason: request.reason,
      coldStart,
    },
  });
  return { agent, coldStart };
}
