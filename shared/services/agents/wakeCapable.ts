import { isAwake, wake } from '../../domain/agentStateMachine';
import type { AgentInstance } from '../../schemas/agent';
import { TelemetryEvents } from '../../telemetry/names';
import type { Swarm } from '../swarm';
import { updateAgent } from './updateAgent';

/** Sleeping agents restore from a checkpoint and start faster than cold ones, so they are asked first. */
const WAKE_PREFERENCE: Record<string, number> = { sleeping: 0, cold: 1 };

/**
 * The sleeping and cold agents among `agents`, in the order to wake them: sleeping before cold, then the
 * longest asleep first — waking always the same few would concentrate the work on them.
 */
export function wakeCandidates(agents: AgentInstance[]): AgentInstance[] {
  return agents
    .filter((a) => a.state in WAKE_PREFERENCE)
    .sort(
      (a, b) =>
        WAKE_PREFERENCE[a.state]! - WAKE_PREFERENCE[b.state]! ||
        a.stateSince.localeCompare(b.stateSince) ||
        a.id.localeCompare(b.id),
    );
}

export interface WakeWanted {
  tenantId: string;
  /** Which agents qualify: by capabilities held, or by type. */
  requiredCapabilities?: string[];
  agentType?: string;
  /** How many to wake at most (each within its type's `maxInstances`). */
  count: number;
  reason: string;
  traceparent?: string;
  taskId?: string;
}

/**
 * Wakes up to `count` qualifying agents (seed §10.3.C trigger-based activation), never taking a type past
 * its warm pool's `maxInstances`. Idempotent per agent (waking an awake agent changes nothing), so a
 * redelivered signal or a second timer tick cannot double-wake. `agents` may be passed when the caller has
 * just read them.
 */
export async function wakeCapable(
  swarm: Swarm,
  wanted: WakeWanted,
  agents?: AgentInstance[],
): Promise<AgentInstance[]> {
  const all = agents ?? (await swarm.agents.list(wanted.tenantId)).map((v) => v.doc);
  const awakeByType = new Map<string, number>();
  for (const agent of all.filter(isAwake)) {
    awakeByType.set(agent.agentType, (awakeByType.get(agent.agentType) ?? 0) + 1);
  }
  const candidates = wakeCandidates(
    all
      .filter((a) => !wanted.agentType || a.agentType === wanted.agentType)
      .filter((a) => (wanted.requiredCapabilities ?? []).every((c) => a.capabilities.includes(c))),
  );
  const woken: AgentInstance[] = [];
  for (const candidate of candidates) {
    if (woken.length >= wanted.count) break;
    const awake = awakeByType.get(candidate.agentType) ?? 0;
    if (awake >= candidate.lifecycle.warmPool.maxInstances) continue;
    const agent = await updateAgent(swarm, candidate, (current) => {
      const result = wake(current, swarm.clock.now(), wanted.reason);
      return result.agent === current ? undefined : result.agent;
    });
    awakeByType.set(candidate.agentType, awake + 1);
    woken.push(agent);
    swarm.telemetry.event({
      name: TelemetryEvents.AgentRecruited,
      properties: {
        tenantId: wanted.tenantId,
        agentId: agent.id,
        agentType: agent.agentType,
        reason: wanted.reason,
        taskId: wanted.taskId,
      },
      traceparent: wanted.traceparent,
    });
  }
  return woken;
}
