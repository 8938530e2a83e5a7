import { canTransitionTask, transitionTask } from '../../domain/taskStateMachine';
import type { TaskDocument } from '../../schemas/task';
import { TelemetryEvents } from '../../telemetry/names';
import type { Swarm } from '../swarm';
import { updateTask } from '../tasks/updateTask';
import { deadLetter, type Settlement } from './settlement';

/**
 * The task document says `dead_lettered` and why before the message moves to the dead-letter queue, so a
 * user who looks at the task finds the reason, and a resubmission finds a task it may put back.
 */
export async function deadLetterTask(
  swarm: Swarm,
  task: Pick<TaskDocument, 'tenantId' | 'id'>,
  reason: string,
  description: string,
  messageId?: string,
): Promise<Settlement> {
  const updated = await updateTask(swarm, task, (current) =>
    canTransitionTask(current.status, 'dead_lettered')
      ? transitionTask(current, 'dead_lettered', {
          at: swarm.clock.now(),
          by: 'worker',
          reason: `${reason}: ${description}`,
          // The message that dead-lettered the task is remembered: if the host redelivers it instead of
          // dead-lettering it, the worker repeats the same decision rather than completing it.
          patch: {
            error: { code: reason, message: description },
            claimMessageId: messageId ?? current.claimMessageId,
          },
        })
      : undefined,
  );
  swarm.telemetry.event({
    name: TelemetryEvents.TaskDeadLettered,
    properties: {
      tenantId: updated.tenantId,
      taskId: updated.id,
      taskType: updated.taskType,
      reason,
      description,
    },
    traceparent: updated.traceparent ?? undefined,
  });
  return deadLetter(reason, description);
}
