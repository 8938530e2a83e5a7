import type { ServiceBusClient, ServiceBusReceivedMessage } from '@azure/service-bus';
import {
  messagingClients,
  MessagingOperationFailed,
  ServiceBusTaskQueue,
  type MessagingClients,
  type MessagingConfig,
} from '../../../shared/adapters/azure/messaging';
import type { TaskMessage } from '../../../shared/schemas/task';
import { aTenant, anId, messagingTargets, receiveMatching, sleep, taskIdOf } from './harness';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

function aTask(overrides: Partial<TaskMessage> = {}): TaskMessage {
  return {
    taskId: anId('task'),
    tenantId: aTenant(),
    taskType: 'finance.reconciliation',
    priority: 5,
    attempt: 0,
    ...overrides,
  };
}

for (const target of messagingTargets('serviceBus')) {
  target.describe(`ServiceBusTaskQueue ${target.name}`, () => {
    let clients: MessagingClients;
    let config: MessagingConfig;
    let close: () => Promise<void>;
    let client: ServiceBusClient;
    let queue: ServiceBusTaskQueue;

    beforeAll(async () => {
      ({ clients, config, close } = await target.start());
      client = clients.serviceBus;
      queue = new ServiceBusTaskQueue(client, clients.senders);
    });

    afterAll(async () => {
      await close?.();
    });

    async function receiveTask(
      queueName: string,
      taskId: string,
      options: { windowMs: number; enough?: number; sessionId?: string },
    ): Promise<ServiceBusReceivedMessage[]> {
      const receiver = options.sessionId
        ? await client.acceptSession(queueName, options.sessionId)
        : client.createReceiver(queueName);
      try {
        return await receiveMatching(receiver, (m) => taskIdOf(m) === taskId, options);
      } finally {
        await receiver.close();
      }
    }

    async function peekTaskIds(queueName: string): Promise<string[]> {
      const receiver = client.createReceiver(queueName);
      try {
        const messages = await receiver.peekMessages(100);
        return messages.map(taskIdOf).filter((id): id is string => id !== undefined);
      } finally {
        await receiver.close();
      }
    }

    describe('routing', () => {
      it.each([
        [9, 'ants-tasks-high'],
        [5, 'ants-tasks'],
        [2, 'ants-tasks-low'],
      ])('sends priority %i to %s and to no other queue', async (priority, expected) => {
        const task = aTask({ priority });
        expect(await queue.enqueue(task)).toEqual({});

        for (const other of ['ants-tasks-high', 'ants-tasks', 'ants-tasks-low'].filter(
          (q) => q !== expected,
        )) {
          expect(await peekTaskIds(other)).not.toContain(task.taskId);
        }
        const received = await receiveTask(expected, task.taskId, { windowMs: 5000, enough: 1 });
        expect(received).toHaveLength(1);
      });

      it('sends an integration build to ants-integrations whatever its priority', async () => {
        const task = aTask({ priority: 9, taskType: 'meta.integration_build' });
        await queue.enqueue(task, { queue: 'integrations' });

        expect(await peekTaskIds('ants-tasks-high')).not.toContain(task.taskId);
        const received = await receiveTask('ants-integrations', task.taskId, { windowMs: 5000, enough: 1 });
        expect(received).toHaveLength(1);
      });

      it('sends a task with a session id to ants-workflows, in that session', async () => {
        const sessionId = anId('onboarding');
        const task = aTask({ priority: 9 });
        await queue.enqueue(task, { sessionId });

        const [message] = await receiveTask('ants-workflows', task.taskId, {
          windowMs: 5000,
          enough: 1,
          sessionId,
        });
        expect(message?.sessionId).toBe(sessionId);
        expect(message?.body).toEqual(task);
      });
    });

    it('carries the task id, tenant, type, priority, attempt and traceparent; the body round-trips', async () => {
      const task = aTask({ priority: 7, attempt: 0 });
      await queue.enqueue(task, { traceparent: TRACEPARENT });

      const [message] = await receiveTask('ants-tasks', task.taskId, { windowMs: 5000, enough: 1 });
      expect(message).toBeDefined();
      expect(message!.body).toEqual(task);
      expect(message!.messageId).toBe(task.taskId);
      expect(message!.contentType).toBe('application/json');
      expect(message!.subject).toBe(task.taskType);
      expect(message!.applicationProperties).toMatchObject({
        taskId: task.taskId,
        tenantId: task.tenantId,
        taskType: task.taskType,
        priority: 7,
        attempt: 0,
        traceparent: TRACEPARENT,
        'Diagnostic-Id': TRACEPARENT,
      });
    });

    describe('duplicate detection', () => {
      it('delivers two sends of one task once', async () => {
        const task = aTask();
        await queue.enqueue(task);
        await queue.enqueue(task);

        const received = await receiveTask('ants-tasks', task.taskId, { windowMs: 2500 });
        expect(received).toHaveLength(1);
      });

      it('delivers a later attempt and a named re-send as new messages, each once', async () => {
        const task = aTask();
        const deferral = `${task.taskId}:deferral:1`;
        await queue.enqueue(task);
        await queue.enqueue({ ...task, attempt: 1 });
        await queue.enqueue({ ...task, attempt: 1 });
        await queue.enqueue(task, { messageId: deferral });
        await queue.enqueue(task, { messageId: deferral });

        const received = await receiveTask('ants-tasks', task.taskId, { windowMs: 3000 });
        expect(received.map((m) => m.messageId).sort()).toEqual(
          [task.taskId, `${task.taskId}:1`, deferral].sort(),
        );
      });
    });

    describe('scheduled delivery', () => {
      it('keeps a scheduled task invisible until it is due, then delivers it', async () => {
        const task = aTask();
        const due = new Date(Date.now() + 3000);
        const { scheduledSequenceNumber } = await queue.enqueue(task, { scheduledFor: due });
        expect(scheduledSequenceNumber).toMatch(/^\d+$/);

        expect(await receiveTask('ants-tasks', task.taskId, { windowMs: 1500 })).toHaveLength(0);
        const [message] = await receiveTask('ants-tasks', task.taskId, { windowMs: 6000, enough: 1 });
        expect(message).toBeDefined();
        // One second of tolerance for the clock of a remote namespace.
        expect(Date.now()).toBeGreaterThanOrEqual(due.getTime() - 1000);
        expect(message!.body).toEqual(task);
      });

      it('never delivers a cancelled scheduled task, with or without a session', async () => {
        const plain = aTask();
        const ordered = aTask();
        const sessionId = anId('workflow');
        const due = new Date(Date.now() + 2000);
        const first = await queue.enqueue(plain, { scheduledFor: due });
        const second = await queue.enqueue(ordered, { scheduledFor: due, sessionId });

        await queue.cancelScheduled(plain, first.scheduledSequenceNumber!);
        await queue.cancelScheduled(ordered, second.scheduledSequenceNumber!);

        await sleep(due.getTime() - Date.now() + 500);
        expect(await receiveTask('ants-tasks', plain.taskId, { windowMs: 1500 })).toHaveLength(0);
        expect(
          await receiveTask('ants-workflows', ordered.taskId, { windowMs: 1500, sessionId }),
        ).toHaveLength(0);
      });

      it("leaves another task's scheduled message alone when given its sequence number", async () => {
        const scheduled = aTask();
        const other = aTask();
        const due = new Date(Date.now() + 1500);
        const { scheduledSequenceNumber } = await queue.enqueue(scheduled, { scheduledFor: due });

        await queue.cancelScheduled(other, scheduledSequenceNumber!);

        expect(await receiveTask('ants-tasks', scheduled.taskId, { windowMs: 6000, enough: 1 })).toHaveLength(
          1,
        );
      });
    });

    describe('dead letters', () => {
      async function deadLetter(queueName: string, task: TaskMessage, reason: string, description: string) {
        const receiver = client.createReceiver(queueName);
        try {
          await queue.enqueue(task);
          const deadline = Date.now() + 5000;
          while (Date.now() < deadline) {
            const batch = await receiver.receiveMessages(10, { maxWaitTimeInMs: 2000 });
            for (const message of batch) {
              if (taskIdOf(message) === task.taskId) {
                await receiver.deadLetterMessage(message, {
                  deadLetterReason: reason,
                  deadLetterErrorDescription: description,
                });
                return;
              }
              await receiver.abandonMessage(message);
            }
          }
          throw new Error(`task ${task.taskId} was not received`);
        } finally {
          await receiver.close();
        }
      }

      it("lists a tenant's dead letters with reason and description, never another tenant's", async () => {
        const tenantA = aTenant();
        const tenantB = aTenant();
        const a1 = aTask({ tenantId: tenantA, priority: 5 });
        const a2 = aTask({ tenantId: tenantA, priority: 9 });
        const b1 = aTask({ tenantId: tenantB, priority: 5 });
        await deadLetter('ants-tasks', a1, 'max_retries_exceeded', 'model timed out three times');
        await deadLetter('ants-tasks-high', a2, 'poison', 'unknown task type');
        await deadLetter('ants-tasks', b1, 'poison', 'schema-invalid body');

        const listed = await queue.deadLetters(tenantA);
        expect(listed).toHaveLength(2);
        expect(listed).toEqual(
          expect.arrayContaining([
            expect.objectContaining({
              taskId: a1.taskId,
              tenantId: tenantA,
              queue: 'ants-tasks',
              reason: 'max_retries_exceeded',
              description: 'model timed out three times',
            }),
            expect.objectContaining({
              taskId: a2.taskId,
              tenantId: tenantA,
              queue: 'ants-tasks-high',
              reason: 'poison',
              description: 'unknown task type',
            }),
          ]),
        );
        for (const letter of listed) {
          expect(letter.sequenceNumber).toMatch(/^\d+$/);
          expect(new Date(letter.deadLetteredAt).toISOString()).toBe(letter.deadLetteredAt);
        }
        expect((await queue.deadLetters(tenantB)).map((d) => d.taskId)).toEqual([b1.taskId]);
        expect(await queue.deadLetters(aTenant())).toEqual([]);
      });

      it('resubmits a dead letter to its queue once; false for an unknown or foreign task', async () => {
        const tenantA = aTenant();
        const tenantB = aTenant();
        const mine = aTask({ tenantId: tenantA, priority: 2 });
        const theirs = aTask({ tenantId: tenantB, priority: 2 });
        await deadLetter('ants-tasks-low', theirs, 'poison', 'bad payload');
        await deadLetter('ants-tasks-low', mine, 'max_retries_exceeded', 'downstream unavailable');

        expect(await queue.resubmit(tenantB, mine.taskId)).toBe(false);
        expect(await queue.resubmit(tenantA, theirs.taskId)).toBe(false);
        expect(await queue.resubmit(tenantA, anId('task'))).toBe(false);

        expect(await queue.resubmit(tenantA, mine.taskId)).toBe(true);
        const [message] = await receiveTask('ants-tasks-low', mine.taskId, { windowMs: 5000, enough: 1 });
        expect(message).toBeDefined();
        expect(message!.body).toEqual(mine);
        expect(message!.messageId).toMatch(new RegExp(`^${mine.taskId}:resubmit:\\d+$`));
        expect(message!.applicationProperties).toMatchObject({ tenantId: tenantA, priority: 2 });
        expect(message!.deadLetterReason).toBeUndefined();

        expect(await queue.deadLetters(tenantA)).toEqual([]);
        expect(await queue.resubmit(tenantA, mine.taskId)).toBe(false);
        // The other tenant's dead letter was passed over on the way and is still there, unlocked.
        expect((await queue.deadLetters(tenantB)).map((d) => d.taskId)).toEqual([theirs.taskId]);
        expect(await queue.resubmit(tenantB, theirs.taskId)).toBe(true);
        expect(
          await receiveTask('ants-tasks-low', theirs.taskId, { windowMs: 5000, enough: 1 }),
        ).toHaveLength(1);
      });

      it('resubmits a dead-lettered workflow task into its session', async () => {
        const sessionId = anId('workflow');
        const task = aTask();
        const receiver = await client.acceptSession('ants-workflows', sessionId);
        try {
          await queue.enqueue(task, { sessionId });
          const [message] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 5000 });
          expect(taskIdOf(message!)).toBe(task.taskId);
          await receiver.deadLetterMessage(message!, {
            deadLetterReason: 'poison',
            deadLetterErrorDescription: 'step failed',
          });
        } finally {
          await receiver.close();
        }
        expect(await queue.deadLetters(task.tenantId)).toEqual([
          expect.objectContaining({ taskId: task.taskId, queue: 'ants-workflows', reason: 'poison' }),
        ]);

        expect(await queue.resubmit(task.tenantId, task.taskId)).toBe(true);
        const [again] = await receiveTask('ants-workflows', task.taskId, {
          windowMs: 5000,
          enough: 1,
          sessionId,
        });
        expect(again?.sessionId).toBe(sessionId);
      });
    });

    it('wraps SDK failures with the operation and the entity, keeping the SDK error as cause', async () => {
      const closed = messagingClients(config);
      await closed.close();
      const broken = new ServiceBusTaskQueue(closed.serviceBus, closed.senders);

      const sending = await broken.enqueue(aTask({ priority: 5 })).catch((e: unknown) => e);
      expect(sending).toBeInstanceOf(MessagingOperationFailed);
      expect((sending as Error).message).toMatch(/^sendMessages on 'ants-tasks' failed: /);
      expect((sending as Error).cause).toBeInstanceOf(Error);

      const listing = await broken.deadLetters(aTenant()).catch((e: unknown) => e);
      expect(listing).toBeInstanceOf(MessagingOperationFailed);
      expect((listing as Error).message).toMatch(
        /^createReceiver on 'ants-[a-z-]+\/\$DeadLetterQueue' failed: /,
      );
    });
  });
}
