import type { AgentInstance } from '../schemas/agent';
import { isAwake } from './agentStateMachine';

/**
 * Seed 002 §4.2 rule 4, adapt to demand: how many more agents of one type to wake so the queued work
 * fits in the free slots of awake agents, never beyond the type's `maxInstances`. A new agent is
 * assumed to bring as many slots as the largest of its peers (1 when there are none yet).
 */
export function shouldRecruit(
  agentsOfType: AgentInstance[],
  demand: { queuedTasks: number },
  warmPool: { maxInstances: number },
): number {
  const awake = agentsOfType.filter(isAwake);
  const freeSlots = awake.reduce(
    (sum, agent) => sum + Math.max(0, agent.maxConcurrency - agent.activeTaskIds.length),
    0,
  );
  const shortfall = demand.queuedTasks - freeSlots;
  if (shortfall <= 0) return 0;
  const slotsPerAgent = Math.max(1, ...agentsOfType.map((agent) => agent.maxConcurrency));
  const headroom = Math.max(0, warmPool.maxInstances - awake.length);
  return Math.min(headroom, Math.ceil(shortfall / slotsPerAgent));
}
