import type { AgentInstance } from '../../schemas/agent';
import type { TaskDocument } from '../../schemas/task';
import { wakeCapable } from '../agents/wakeCapable';
import type { Swarm } from '../swarm';
import { emit, taskSignal } from '../pheromones/signals';
import type { SwarmView } from '../swarmView';

/**
 * No awake agent can take the task: lay a TASK pheromone at the location so capable agents sense the
 * work, and wake one that can. Returns the recruit, or undefined when no capable agent is deployed (or
 * every capable type is at its instance limit).
 */
export async function recruitFor(
  swarm: Swarm,
  view: SwarmView,
  task: TaskDocument,
): Promise<AgentInstance | undefined> {
  await emit(swarm, [taskSignal(swarm, task, 'worker')], task);
  const [recruit] = await wakeCapable(swarm, {
    tenantId: task.tenantId,
    requiredCapabilities: task.requiredCapabilities,
    count: 1,
    reason: `recruited for task ${task.id}`,
    traceparent: task.traceparent ?? undefined,
    taskId: task.id,
  });
  if (recruit) view.remember(recruit);
  return recruit;
}
