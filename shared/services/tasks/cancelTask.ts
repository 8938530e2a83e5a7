import { isFinalTask, transitionTask } from '../../domain/taskStateMachine';
import type { TaskDocument } from '../../schemas/task';
import { TelemetryEvents } from '../../telemetry/names';
import { Conflict } from '../errors';
import type { Swarm } from '../swarm';
import { taskMessage } from './submitTask';
import { updateTask } from './updateTask';

/**
 * Cancelling writes the final state first: the worker checks the document before doing anything, so
 * even a message already in flight is settled without running. Withdrawing a scheduled message is then
 * an optimisation, and its failure is reported in telemetry rather than failing the cancel.
 */
export async function cancelTask(
  swarm: Swarm,
  tenantId: string,
  taskId: string,
  by: string,
): Promise<TaskDocument> {
  const cancelled = await updateTask(swarm, { tenantId, id: taskId }, (current) => {
    if (current.status === 'cancelled') return undefined;
    if (isFinalTask(current.status)) {
      throw new Conflict(`Task ${taskId} is already ${current.status} and cannot be cancelled`);
    }
    return transitionTask(current, 'cancelled', {
      at: swarm.clock.now(),
      by,
      reason: 'cancelled on request',
    });
  });
  swarm.telemetry.event({
    name: TelemetryEvents.TaskCancelled,
    properties: { tenantId, taskId, taskType: cancelled.taskType },
    traceparent: cancelled.traceparent ?? undefined,
  });
  if (cancelled.scheduledSequenceNumber) {
    await swarm.queue
      .cancelScheduled(taskMessage(cancelled), cancelled.scheduledSequenceNumber)
      .catch((error) =>
        swarm.telemetry.event({
          name: TelemetryEvents.ScheduledCancelFailed,
          properties: { tenantId, taskId, error: error instanceof Error ? error.message : String(error) },
        }),
      );
  }
  return cancelled;
}
