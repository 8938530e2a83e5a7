import type { TaskDocument } from '../../schemas/task';
import { compareAndSet } from '../compareAndSet';
import { NotFound } from '../errors';
import type { Swarm } from '../swarm';

/**
 * Applies `change` to the stored task with compare-and-set, re-reading and re-deciding on a conflict.
 * `change` returns `undefined` when the current state needs no write (the idempotent path).
 */
export async function updateTask(
  swarm: Swarm,
  task: Pick<TaskDocument, 'tenantId' | 'id'>,
  change: (current: TaskDocument) => TaskDocument | undefined,
): Promise<TaskDocument> {
  return compareAndSet(
    () => swarm.tasks.get(task.tenantId, task.id),
    (current) => {
      const next = change(current);
      return next ? { next, result: next } : { result: current };
    },
    (next, etag) => swarm.tasks.replace(next, etag),
    () => {
      throw new NotFound(`Task ${task.id}`);
    },
  );
}
