import type { Page } from '../../ports';
import type { TaskDocument, TaskListQuery } from '../../schemas/task';
import { NotFound } from '../errors';
import type { Swarm } from '../swarm';

export async function getTask(swarm: Swarm, tenantId: string, taskId: string): Promise<TaskDocument> {
  const found = await swarm.tasks.get(tenantId, taskId);
  if (!found) throw new NotFound(`Task ${taskId}`);
  return found.doc;
}

export function listTasks(swarm: Swarm, tenantId: string, query: TaskListQuery): Promise<Page<TaskDocument>> {
  return swarm.tasks.list(tenantId, query);
}
