import { transitionTask } from '../../domain/taskStateMachine';
import type { DeadLetter } from '../../ports';
import { NotFound } from '../errors';
import type { Swarm } from '../swarm';
import { updateTask } from './updateTask';

export function listDeadLetters(swarm: Swarm, tenantId: string): Promise<DeadLetter[]> {
  return swarm.queue.deadLetters(tenantId);
}

/**
 * Puts a dead-lettered task back to work. The dead letter must exist before anything is written; the task
 * document then goes back to `queued` (its history says who and why) before the message moves, so the
 * worker that receives it finds a task it may run.
 */
export async function resubmitDeadLetter(
  swarm: Swarm,
  tenantId: string,
  taskId: string,
  by: string,
): Promise<void> {
  const found = await swarm.tasks.get(tenantId, taskId);
  if (!found) throw new NotFound(`Task ${taskId}`);
  const letters = await swarm.queue.deadLetters(tenantId);
  if (!letters.some((l) => l.taskId === taskId)) throw new NotFound(`Dead letter for task ${taskId}`);
  await updateTask(swarm, found.doc, (current) =>
    current.status === 'dead_lettered' || current.status === 'failed'
      ? transitionTask(current, 'queued', {
          at: swarm.clock.now(),
          by,
          reason: 'resubmitted from the dead-letter queue',
          patch: { error: null, attempts: 0 },
        })
      : undefined,
  );
  if (!(await swarm.queue.resubmit(tenantId, taskId))) throw new NotFound(`Dead letter for task ${taskId}`);
}
