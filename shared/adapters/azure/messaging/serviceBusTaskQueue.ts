import type {
  ServiceBusClient,
  ServiceBusMessage,
  ServiceBusReceivedMessage,
  ServiceBusReceiver,
  ServiceBusReceiverOptions,
} from '@azure/service-bus';
import Long from 'long';
import { entities, taskQueueFor, type QueueDeclaration } from '../../../entities';
import type { DeadLetter, EnqueueOptions, TaskQueue } from '../../../ports';
import type { TaskMessage } from '../../../schemas/task';
import type { QueueSenders } from './clients';
import { messagingCall } from './errors';

/**
 * Each dead-letter sub-queue is read up to this many messages per call (listing, finding, resubmitting).
 * Dead letters beyond it are not listed: the "dead letters > 100" alert fires long before, and an operator
 * draining a larger backlog does it in rounds (each resubmit removes one).
 */
export const DEAD_LETTER_SCAN_LIMIT = 1000;

/** Every declared queue carries task messages: the priority bands, the workflow sessions, integrations. */
const queues: readonly QueueDeclaration[] = entities.serviceBus.queues;

const PEEK_PAGE_SIZE = 250;
const RECEIVE_BATCH_SIZE = 100;
const RECEIVE_WAIT_MS = 2000;

/** The properties Service Bus adds when it dead-letters a message; a resubmitted copy drops them. */
const DEAD_LETTER_PROPERTIES = ['DeadLetterReason', 'DeadLetterErrorDescription'];

/**
 * The message id, on which Service Bus duplicate detection (10-minute window per queue) keys:
 * - `options.messageId` when the caller names the send (the worker names its retries and deferrals,
 *   e.g. `${taskId}:retry:${n}`, `${taskId}:defer:${n}`, so a legitimate re-send is a new message);
 * - otherwise the task id for the first attempt, so a second send of the same task (an HTTP retry, a
 *   re-run submission) is dropped by the broker and delivered once;
 * - otherwise `${taskId}:${attempt}` for a later attempt: a new message, whose own repeats are dropped;
 * - a dead letter put back by `resubmit` is `${taskId}:resubmit:${sequence number of the dead letter}`,
 *   so a resubmit that is retried after a crash before the dead letter was completed is dropped too.
 */
export function taskMessageId(message: TaskMessage, options: EnqueueOptions = {}): string {
  if (options.messageId) return options.messageId;
  return message.attempt === 0 ? message.taskId : `${message.taskId}:${message.attempt}`;
}

/** The Service Bus message for a task: the small body of the contract, routing facts in properties. */
export function taskServiceBusMessage(message: TaskMessage, options: EnqueueOptions = {}): ServiceBusMessage {
  return {
    body: message,
    contentType: 'application/json',
    messageId: taskMessageId(message, options),
    subject: message.taskType,
    ...(options.sessionId ? { sessionId: options.sessionId } : {}),
    applicationProperties: {
      taskId: message.taskId,
      tenantId: message.tenantId,
      taskType: message.taskType,
      priority: message.priority,
      attempt: message.attempt,
      // The SDK's own tracing reads `Diagnostic-Id` and leaves a message that has one as it is.
      ...(options.traceparent
        ? { traceparent: options.traceparent, 'Diagnostic-Id': options.traceparent }
        : {}),
    },
  };
}

/**
 * Tasks on Service Bus: one queue per priority band, one session queue for ordered workflows and one for
 * integration builds (shared/entities.json), so high-priority work never waits behind a low-priority backlog.
 */
export class ServiceBusTaskQueue implements TaskQueue {
  constructor(
    private readonly client: ServiceBusClient,
    private readonly senders: QueueSenders,
  ) {}

  async enqueue(
    message: TaskMessage,
    options: EnqueueOptions = {},
  ): Promise<{ scheduledSequenceNumber?: string }> {
    const queue = queueFor(message, options);
    const outgoing = taskServiceBusMessage(message, options);
    const { scheduledFor } = options;
    if (!scheduledFor) {
      await messagingCall('sendMessages', queue, () => this.senders.sender(queue).sendMessages(outgoing));
      return {};
    }
    const [sequenceNumber] = await messagingCall('scheduleMessages', queue, () =>
      this.senders.sender(queue).scheduleMessages(outgoing, scheduledFor),
    );
    if (!sequenceNumber) throw new Error(`scheduleMessages on '${queue}' returned no sequence number`);
    return { scheduledSequenceNumber: sequenceNumber.toString() };
  }

  /**
   * Sequence numbers are per queue and the message does not say whether the task was sent with a session,
   * so the scheduled message is looked up (peeked) in every queue that could hold its priority and cancelled
   * only where it is this task's: a sequence number can never cancel another task's message. A message that
   * is no longer scheduled (delivered, or cancelled before) is left alone.
   */
  async cancelScheduled(message: TaskMessage, sequenceNumber: string): Promise<void> {
    if (!/^\d{1,19}$/.test(sequenceNumber)) throw new Error(`'${sequenceNumber}' is not a sequence number`);
    const target = Long.fromString(sequenceNumber);
    const candidates = queues.filter(
      (q) => message.priority >= q.minPriority && message.priority <= q.maxPriority,
    );
    for (const { name: queue } of candidates) {
      const cancelled = await this.withReceiver(queue, {}, async (receiver) => {
        const [found] = await messagingCall('peekMessages', queue, () =>
          receiver.peekMessages(1, { fromSequenceNumber: target }),
        );
        const task = found?.sequenceNumber?.equals(target) ? taskOf(found) : undefined;
        if (task?.taskId !== message.taskId || task.tenantId !== message.tenantId) return false;
        await messagingCall('cancelScheduledMessages', queue, () =>
          this.senders.sender(queue).cancelScheduledMessages(target),
        );
        return true;
      });
      if (cancelled) return;
    }
  }

  async deadLetters(tenantId: string): Promise<DeadLetter[]> {
    const perQueue = await Promise.all(
      queues.map(async ({ name: queue }) => {
        const found: DeadLetter[] = [];
        await this.scanDeadLetters(queue, (message) => {
          const task = taskOf(message);
          if (task?.tenantId === tenantId) found.push(deadLetterOf(queue, task.taskId, tenantId, message));
          return false;
        });
        return found;
      }),
    );
    return perQueue.flat();
  }

  /**
   * Puts one dead letter of the task back on the queue it died on: found by peeking, then received under a
   * peek lock (a dead-letter queue offers no receive by sequence number, so messages ahead of it are
   * received too and abandoned again), sent as a fresh copy, and only then completed. A crash in between
   * leaves a duplicate that the idempotent worker absorbs, never a loss.
   */
  async resubmit(tenantId: string, taskId: string): Promise<boolean> {
    const found = await Promise.all(
      queues.map(async ({ name: queue }) => {
        let sequenceNumber: Long | undefined;
        await this.scanDeadLetters(queue, (message) => {
          const task = taskOf(message);
          if (task?.tenantId !== tenantId || task.taskId !== taskId) return false;
          sequenceNumber = message.sequenceNumber;
          return true;
        });
        return sequenceNumber ? { queue, sequenceNumber } : undefined;
      }),
    );
    const target = found.find((f) => f !== undefined);
    return target ? this.moveBack(target.queue, taskId, target.sequenceNumber) : false;
  }

  /** Peeks the queue's dead letters in order until `visit` returns true or the scan limit is reached. */
  private scanDeadLetters(
    queue: string,
    visit: (message: ServiceBusReceivedMessage) => boolean,
  ): Promise<void> {
    return this.withReceiver(queue, { subQueueType: 'deadLetter' }, async (receiver, entity) => {
      let from = Long.ZERO;
      let scanned = 0;
      while (scanned < DEAD_LETTER_SCAN_LIMIT) {
        const page = await messagingCall('peekMessages', entity, () =>
          receiver.peekMessages(Math.min(PEEK_PAGE_SIZE, DEAD_LETTER_SCAN_LIMIT - scanned), {
            fromSequenceNumber: from,
          }),
        );
        const last = page[page.length - 1]?.sequenceNumber;
        if (!last) return;
        for (const message of page) if (visit(message)) return;
        scanned += page.length;
        from = last.add(1);
      }
    });
  }

  private moveBack(queue: string, taskId: string, sequenceNumber: Long): Promise<boolean> {
    const options = { subQueueType: 'deadLetter', receiveMode: 'peekLock' } as const;
    return this.withReceiver(queue, options, async (receiver, entity) => {
      const passedOver: ServiceBusReceivedMessage[] = [];
      try {
        let target: ServiceBusReceivedMessage | undefined;
        let received = 0;
        while (!target && received < DEAD_LETTER_SCAN_LIMIT) {
          const batch = await messagingCall('receiveMessages', entity, () =>
            receiver.receiveMessages(Math.min(RECEIVE_BATCH_SIZE, DEAD_LETTER_SCAN_LIMIT - received), {
              maxWaitTimeInMs: RECEIVE_WAIT_MS,
            }),
          );
          if (batch.length === 0) break;
          received += batch.length;
          for (const message of batch) {
            if (!target && message.sequenceNumber?.equals(sequenceNumber)) target = message;
            else passedOver.push(message);
          }
        }
        // Taken meanwhile by another resubmit, or no longer there.
        if (!target) return false;
        const copy = resubmittedCopy(target, taskId, sequenceNumber);
        await messagingCall('sendMessages', queue, () => this.senders.sender(queue).sendMessages(copy));
        const settled = target;
        await messagingCall('completeMessage', entity, () => receiver.completeMessage(settled));
        return true;
      } finally {
        // Releases the locks at once; left alone they would hide these dead letters for a lock duration.
        await Promise.allSettled(passedOver.map((message) => receiver.abandonMessage(message)));
      }
    });
  }

  /** A receiver for one call, always closed after it. */
  private async withReceiver<T>(
    queue: string,
    options: ServiceBusReceiverOptions,
    use: (receiver: ServiceBusReceiver, entity: string) => Promise<T>,
  ): Promise<T> {
    const entity = options.subQueueType === 'deadLetter' ? deadLetterEntity(queue) : queue;
    const receiver = await messagingCall('createReceiver', entity, async () =>
      this.client.createReceiver(queue, options),
    );
    try {
      return await use(receiver, entity);
    } finally {
      await receiver.close();
    }
  }
}

/** Integration builds have their own queue (seed §15.2); other tasks go by priority band or session. */
function queueFor(message: TaskMessage, options: EnqueueOptions): string {
  if (options.queue === 'integrations') {
    const integrations = queues.find((q) => q.purpose === 'integrations');
    if (!integrations) throw new Error('No integrations queue in shared/entities.json');
    return integrations.name;
  }
  return taskQueueFor(message.priority, options.sessionId).name;
}

function deadLetterEntity(queue: string): string {
  return `${queue}/$DeadLetterQueue`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Buffer.isBuffer(value);
}

/**
 * Whose task a received message is: from its application properties and its body, which must agree when
 * both say. A message that names no tenant, or two, belongs to nobody and is never shown to a tenant.
 */
function taskOf(message: ServiceBusReceivedMessage): { taskId: string; tenantId: string } | undefined {
  const properties = message.applicationProperties ?? {};
  const body = isRecord(message.body) ? message.body : {};
  const agreed = (key: 'taskId' | 'tenantId'): string | undefined => {
    const fromProperties = typeof properties[key] === 'string' ? properties[key] : undefined;
    const fromBody = typeof body[key] === 'string' ? body[key] : undefined;
    if (fromProperties !== undefined && fromBody !== undefined && fromProperties !== fromBody)
      return undefined;
    return fromProperties ?? fromBody;
  };
  const taskId = agreed('taskId');
  const tenantId = agreed('tenantId');
  return taskId && tenantId ? { taskId, tenantId } : undefined;
}

function deadLetterOf(
  queue: string,
  taskId: string,
  tenantId: string,
  message: ServiceBusReceivedMessage,
): DeadLetter {
  return {
    taskId,
    tenantId,
    queue,
    reason: message.deadLetterReason ?? '',
    description: message.deadLetterErrorDescription ?? '',
    // The broker's enqueue timestamp of the message as it sits in the dead-letter queue.
    deadLetteredAt: (message.enqueuedTimeUtc ?? new Date(0)).toISOString(),
    sequenceNumber: message.sequenceNumber?.toString() ?? '',
  };
}

function resubmittedCopy(
  message: ServiceBusReceivedMessage,
  taskId: string,
  sequenceNumber: Long,
): ServiceBusMessage {
  const applicationProperties = Object.fromEntries(
    Object.entries(message.applicationProperties ?? {}).filter(
      ([key]) => !DEAD_LETTER_PROPERTIES.includes(key),
    ),
  );
  return {
    body: message.body,
    messageId: `${taskId}:resubmit:${sequenceNumber.toString()}`,
    ...(message.contentType ? { contentType: message.contentType } : {}),
    ...(message.subject ? { subject: message.subject } : {}),
    ...(message.sessionId ? { sessionId: message.sessionId } : {}),
    applicationProperties,
  };
}
