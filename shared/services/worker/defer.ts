import { transitionTask } from '../../domain/taskStateMachine';
import type { TaskDocument } from '../../schemas/task';
import { TelemetryEvents } from '../../telemetry/names';
import type { Swarm } from '../swarm';
import { taskMessage } from '../tasks/submitTask';
import { updateTask } from '../tasks/updateTask';
import { deadLetterTask } from './deadLetterTask';
import type { WorkerPolicy } from './policy';
import { complete, type Delivery, type Settlement } from './settlement';

/**
 * Puts the task back on its queue for later: a new scheduled message (named, so duplicate detection does
 * not drop it), then the document says `deferred` and why. Sending first means a crash in between leaves
 * two messages, which the claim compare-and-set absorbs — never zero. A task deferred too often is
 * dead-lettered with the reason rather than circulating forever.
 */
export async function deferTask(
  swarm: Swarm,
  task: TaskDocument,
  reason: string,
  delayMs: number,
  policy: WorkerPolicy,
  delivery: Delivery,
): Promise<Settlement> {
  if (task.deferrals >= policy.maxDeferrals) {
    const description = `${reason}; gave up after ${task.deferrals} deferrals`;
    return deadLetterTask(swarm, task, 'NoCapableAgent', description, delivery.messageId);
  }
  const deferrals = task.deferrals + 1;
  await swarm.queue.enqueue(taskMessage(task), {
    scheduledFor: new Date(swarm.clock.now().getTime() + delayMs),
    sessionId: task.sessionId,
    traceparent: task.traceparent ?? undefined,
    messageId: `${task.id}:defer:${deferrals}`,
  });
  const deferred = await updateTask(swarm, task, (current) =>
    current.status === 'queued' || current.status === 'deferred'
      ? transitionTask(current, 'deferred', {
          at: swarm.clock.now(),
          by: 'worker',
          reason: `${reason}; retry in ${Math.round(delayMs / 1000)} s`,
          patch: { deferrals },
        })
      : undefined,
  );
  swarm.telemetry.event({
    name: TelemetryEvents.TaskDeferred,
    properties: {
      tenantId: task.tenantId,
      taskId: task.id,
      taskType: task.taskType,
      reason,
      location: task.location,
    },
    measurements: { delayMs, deferrals },
    traceparent: deferred.traceparent ?? undefined,
  });
  return complete('deferred');
}
