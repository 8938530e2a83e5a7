import { transitionTask } from '../../domain/taskStateMachine';
import { AlreadyExists, type EnqueueOptions } from '../../ports';
import type { TaskDocument, TaskMessage, TaskSubmission } from '../../schemas/task';
import { TelemetryEvents } from '../../telemetry/names';
import { Conflict, Unavailable } from '../errors';
import type { Swarm } from '../swarm';
import { updateTask } from './updateTask';
import { idempotentTaskId, sameRequest } from './idempotency';
import { emit, taskSignal } from '../pheromones/signals';

export interface SubmitOptions {
  idempotencyKey?: string;
  traceparent?: string;
  queue?: EnqueueOptions['queue'];
}

export interface SubmitResult {
  task: TaskDocument;
  /** False when an Idempotency-Key replay returned the task created earlier. */
  created: boolean;
}

export function taskMessage(task: TaskDocument): TaskMessage {
  return {
    taskId: task.id,
    tenantId: task.tenantId,
    taskType: task.taskType,
    priority: task.priority,
    attempt: task.attempts,
  };
}

function newTask(
  swarm: Swarm,
  tenantId: string,
  submission: TaskSubmission,
  options: SubmitOptions,
): TaskDocument {
  const now = swarm.clock.now().toISOString();
  return {
    ...submission,
    id: options.idempotencyKey ? idempotentTaskId(tenantId, options.idempotencyKey) : swarm.newId(),
    tenantId,
    status: 'queued',
    location: submission.location ?? submission.taskType,
    assignedAgentId: null,
    attempts: 0,
    deferrals: 0,
    history: [{ at: now, from: null, to: 'queued', by: 'api', reason: 'submitted' }],
    result: null,
    error: null,
    idempotencyKey: options.idempotencyKey ?? null,
    traceparent: options.traceparent ?? null,
    scheduledSequenceNumber: null,
    createdAt: now,
    updatedAt: now,
    completedAt: null,
  };
}

/**
 * Persist the task, then hand it to the queue. The document is written first so the worker always finds
 * it; if the queue refuses, the task is marked failed with the reason (never left queued with no message)
 * and the caller gets a 503 it can retry with the same Idempotency-Key.
 */
export async function submitTask(
  swarm: Swarm,
  tenantId: string,
  submission: TaskSubmission,
  options: SubmitOptions = {},
): Promise<SubmitResult> {
  const task = newTask(swarm, tenantId, submission, options);
  let stored: TaskDocument;
  try {
    stored = (await swarm.tasks.create(task)).doc;
  } catch (error) {
    if (!(error instanceof AlreadyExists)) throw error;
    const existing = await swarm.tasks.get(tenantId, task.id);
    if (!existing) throw error;
    if (!sameRequest(existing.doc, submission)) {
      throw new Conflict('This Idempotency-Key was already used for a different request');
    }
    if (existing.doc.error?.code !== 'enqueue_failed') return { task: existing.doc, created: false };
    stored = await requeue(swarm, existing.doc);
  }
  const enqueued = await enqueue(swarm, stored, options.queue);
  swarm.telemetry.event({
    name: TelemetryEvents.TaskSubmitted,
    properties: {
      tenantId,
      taskId: enqueued.id,
      taskType: enqueued.taskType,
      priority: enqueued.priority,
      location: enqueued.location,
    },
    traceparent: enqueued.traceparent ?? undefined,
  });
  if (!isScheduledLater(enqueued, swarm.clock.now())) await advertise(swarm, enqueued);
  return { task: enqueued, created: true };
}

function isScheduledLater(task: TaskDocument, now: Date): boolean {
  return task.scheduledFor !== undefined && Date.parse(task.scheduledFor) > now.getTime();
}

async function requeue(swarm: Swarm, task: TaskDocument): Promise<TaskDocument> {
  return updateTask(swarm, task, (current) =>
    current.status === 'failed'
      ? transitionTask(current, 'queued', {
          at: swarm.clock.now(),
          by: 'api',
          reason: 'resubmitted with the same Idempotency-Key after the queue failed',
          patch: { error: null },
        })
      : undefined,
  );
}

async function enqueue(
  swarm: Swarm,
  task: TaskDocument,
  queue?: EnqueueOptions['queue'],
): Promise<TaskDocument> {
  const scheduledFor = task.scheduledFor ? new Date(task.scheduledFor) : undefined;
  try {
    const { scheduledSequenceNumber } = await swarm.queue.enqueue(taskMessage(task), {
      scheduledFor,
      sessionId: task.sessionId,
      traceparent: task.traceparent ?? undefined,
      queue,
    });
    if (!scheduledSequenceNumber) return task;
    return await updateTask(swarm, task, (current) => ({ ...current, scheduledSequenceNumber }));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await updateTask(swarm, task, (current) =>
      current.status === 'queued'
        ? transitionTask(current, 'failed', {
            at: swarm.clock.now(),
            by: 'api',
            reason: 'the task queue refused the message',
            patch: { error: { code: 'enqueue_failed', message } },
          })
        : undefined,
    );
    swarm.telemetry.event({
      name: TelemetryEvents.TaskEnqueueFailed,
      properties: { tenantId: task.tenantId, taskId: task.id, taskType: task.taskType, error: message },
    });
    throw new Unavailable(`The task was stored but could not be queued: ${message}`);
  }
}

/** A TASK pheromone at the task's location lets capable agents sense the work (seed §14.6). */
function advertise(swarm: Swarm, task: TaskDocument): Promise<void> {
  return emit(swarm, [taskSignal(swarm, task, 'api')], task);
}
