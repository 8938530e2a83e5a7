import type { TaskDocument } from '../../schemas/task';
import { updateDocument } from '../compareAndSet';
import { NotFound } from '../errors';
import type { Swarm } from '../swarm';

/**
 * Applies `change` to the stored task with compare-and-set, re-reading and re-deciding on a conflict.
 * `change` returns `undefined` when the current state needs no write (the idempotent path).
 */
export function updateTask(
  swarm: Swarm,
  task: Pick<TaskDocument, 'tenantId' | 'id'>,
  change: (current: TaskDocument) => TaskDocument | undefined,
): Promise<TaskDocument> {
  return updateDocument(swarm.tasks, task, change, () => new NotFound(`Task ${task.id}`));
}
