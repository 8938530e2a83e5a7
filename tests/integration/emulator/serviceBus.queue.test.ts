import { randomUUID } from 'crypto';
import { ServiceBusClient, isServiceBusError } from '@azure/service-bus';
import type {
  ServiceBusReceivedMessage,
  ServiceBusReceiver,
  ServiceBusReceiverOptions,
} from '@azure/service-bus';
import Long from 'long';
import { describeServiceBus, eventually, purge, sleep } from './targets';

/** Service Bus queue behaviour, driven by the real @azure/service-bus client. */
describeServiceBus('Service Bus queue', (target) => {
  // Message ids unique per run: the test queue detects duplicates, also across runs on an external target.
  const id = (name: string) => `${name}-${randomUUID()}`;
  let client: ServiceBusClient;
  let queue: string;
  const receivers: ServiceBusReceiver[] = [];

  beforeAll(() => {
    client = new ServiceBusClient(target().connectionString, {
      retryOptions: { maxRetries: 1, timeoutInMs: 10_000 },
    });
    queue = target().queue;
  });
  afterAll(async () => {
    await client?.close();
  });
  beforeEach(() => purge(client, queue));
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });

  /** A peek-lock receiver that does not renew locks by itself, so lock expiry is observable. */
  const receiver = (options: ServiceBusReceiverOptions = {}) => {
    const r = client.createReceiver(queue, { maxAutoLockRenewalDurationInMs: 0, ...options });
    receivers.push(r);
    return r;
  };
  const deadLetters = () => receiver({ subQueueType: 'deadLetter' });
  const receive = (r: ServiceBusReceiver, count = 1, maxWaitTimeInMs = 2_000) =>
    r.receiveMessages(count, { maxWaitTimeInMs });
  const peekAll = (r: ServiceBusReceiver) => r.peekMessages(100, { fromSequenceNumber: Long.ONE });
  const send = (...bodies: unknown[]) =>
    client.createSender(queue).sendMessages(bodies.map((body) => ({ body })));

  it('sends a message and receives it peek-locked with the broker properties, then completes it', async () => {
    const sender = client.createSender(queue);
    const messageId = id('m');
    await sender.sendMessages({
      body: { task: 't-1' },
      messageId,
      subject: 'task.created',
      contentType: 'application/json',
      correlationId: 'c-1',
      applicationProperties: { tenantId: 'tenant-a', priority: 7 },
      timeToLive: 60_000,
    });
    await sender.close();
    const r = receiver();
    const before = Date.now();
    const [msg] = await receive(r);

    expect(msg).toBeDefined();
    expect(msg!.body).toEqual({ task: 't-1' });
    expect(msg!.messageId).toBe(messageId);
    expect(msg!.subject).toBe('task.created');
    expect(msg!.contentType).toBe('application/json');
    expect(msg!.correlationId).toBe('c-1');
    expect(msg!.applicationProperties).toEqual({ tenantId: 'tenant-a', priority: 7 });
    expect(msg!.timeToLive).toBe(60_000);
    expect(msg!.deliveryCount).toBe(0);
    expect(msg!.lockToken).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(msg!.sequenceNumber!.toNumber()).toBeGreaterThan(0);
    expect(msg!.enqueuedTimeUtc!.getTime()).toBeLessThanOrEqual(Date.now());
    expect(msg!.lockedUntilUtc!.getTime()).toBeGreaterThanOrEqual(before + target().lockDurationMs - 1_000);

    await r.completeMessage(msg!);
    expect(await peekAll(r)).toHaveLength(0);
  });

  it('sends batches (one transfer, many messages) and delivers them in order with increasing sequence numbers', async () => {
    const sender = client.createSender(queue);
    const batch = await sender.createMessageBatch();
    for (let i = 0; i < 20; i++)
      expect(batch.tryAddMessage({ body: `b-${i}`, messageId: id(`batch-${i}`) })).toBe(true);
    await sender.sendMessages(batch);
    await sender.sendMessages([{ body: 'b-20' }, { body: 'b-21' }]);
    await sender.close();

    const r = receiver({ receiveMode: 'receiveAndDelete' });
    const got: ServiceBusReceivedMessage[] = [];
    await eventually(async () => {
      got.push(...(await receive(r, 50, 500)));
      return got.length >= 22 ? true : undefined;
    });
    expect(got.map((m) => m.body)).toEqual(Array.from({ length: 22 }, (_, i) => `b-${i}`));
    const seqs = got.map((m) => m.sequenceNumber!.toNumber());
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(new Set(seqs).size).toBe(22);
    // The broker stamps a message id on messages sent without one.
    expect(got[21]!.messageId).toEqual(expect.any(String));
  });

  it('peeks without locking, from a sequence number, and receive still gets the messages', async () => {
    await send('p-1', 'p-2', 'p-3');
    const r = receiver();
    const peeked = await peekAll(r);
    expect(peeked.map((m) => m.body)).toEqual(['p-1', 'p-2', 'p-3']);
    expect(peeked.every((m) => m.lockToken === undefined)).toBe(true);
    const fromSecond = await r.peekMessages(10, { fromSequenceNumber: peeked[1]!.sequenceNumber! });
    expect(fromSecond.map((m) => m.body)).toEqual(['p-2', 'p-3']);

    const received = await receive(r, 3);
    expect(received.map((m) => m.body)).toEqual(['p-1', 'p-2', 'p-3']);
    // Locked messages are still peekable (Service Bus peek shows everything in the queue).
    expect((await peekAll(r)).map((m) => m.body)).toEqual(['p-1', 'p-2', 'p-3']);
    for (const m of received) await r.completeMessage(m);
  });

  it('receive-and-delete removes messages on delivery, without lock tokens', async () => {
    await send('rd-1', 'rd-2');
    const r = receiver({ receiveMode: 'receiveAndDelete' });
    const got = await receive(r, 2);
    expect(got.map((m) => m.body)).toEqual(['rd-1', 'rd-2']);
    expect(got.every((m) => m.lockToken === undefined)).toBe(true);
    expect(await receive(r, 1, 500)).toHaveLength(0);
    expect(await peekAll(r)).toHaveLength(0);
  });

  it('abandon makes the message available again with the delivery counted and properties modified', async () => {
    await send('ab-1');
    const r = receiver();
    const [first] = await receive(r);
    await r.abandonMessage(first!, { attempt: 'first' });
    const [again] = await receive(r);
    expect(again!.body).toBe('ab-1');
    expect(again!.deliveryCount).toBe(1);
    expect(again!.applicationProperties).toEqual({ attempt: 'first' });
    expect(again!.sequenceNumber!.equals(first!.sequenceNumber!)).toBe(true);
    await r.completeMessage(again!);
  });

  it('dead-letters with a reason and description into the $DeadLetterQueue sub-queue', async () => {
    await send('dl-1');
    const r = receiver();
    const [msg] = await receive(r);
    await r.deadLetterMessage(msg!, {
      deadLetterReason: 'PoisonTask',
      deadLetterErrorDescription: 'schema mismatch',
    });
    expect(await receive(r, 1, 500)).toHaveLength(0);

    const dlq = deadLetters();
    const [peeked] = await dlq.peekMessages(1, { fromSequenceNumber: Long.ONE });
    expect(peeked!.body).toBe('dl-1');
    const [dead] = await receive(dlq);
    expect(dead!.body).toBe('dl-1');
    expect(dead!.deadLetterReason).toBe('PoisonTask');
    expect(dead!.deadLetterErrorDescription).toBe('schema mismatch');
    expect(dead!.applicationProperties).toMatchObject({
      DeadLetterReason: 'PoisonTask',
      DeadLetterErrorDescription: 'schema mismatch',
    });
    expect(dead!.deadLetterSource).toBe(queue);
    await dlq.completeMessage(dead!);
    expect(await dlq.peekMessages(1, { fromSequenceNumber: Long.ONE })).toHaveLength(0);
  });

  it('dead-letters after the max delivery count with MaxDeliveryCountExceeded', async () => {
    await send('poison');
    const r = receiver();
    const counts: number[] = [];
    for (let i = 0; i < target().maxDeliveryCount; i++) {
      const [msg] = await receive(r);
      counts.push(msg!.deliveryCount!);
      await r.abandonMessage(msg!);
    }
    expect(counts).toEqual([0, 1, 2]);
    expect(await receive(r, 1, 500)).toHaveLength(0);
    const [dead] = await receive(deadLetters());
    expect(dead!.body).toBe('poison');
    expect(dead!.deadLetterReason).toBe('MaxDeliveryCountExceeded');
  });

  it('an expired lock makes the message available again, counts the delivery, and settling it fails with lock lost', async () => {
    await send('slow');
    const r = receiver();
    const [first] = await receive(r);
    await sleep(target().lockDurationMs + 500);
    const [again] = await receive(r, 1, 3_000);
    expect(again!.body).toBe('slow');
    expect(again!.deliveryCount).toBe(1);
    const lost = await r.completeMessage(first!).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(isServiceBusError(lost) && lost.code).toBe('MessageLockLost');
    await r.completeMessage(again!);
  });

  it('renewing a lock keeps the message from being redelivered past the original lock', async () => {
    await send('long-task');
    const r = receiver();
    const [msg] = await receive(r);
    const originalUntil = msg!.lockedUntilUtc!.getTime();
    await sleep(target().lockDurationMs / 2);
    const renewedUntil = (await r.renewMessageLock(msg!)).getTime();
    expect(renewedUntil).toBeGreaterThan(originalUntil);
    await sleep(originalUntil - Date.now() + 300);
    expect(await receive(receiver(), 1, 300)).toHaveLength(0);
    await r.completeMessage(msg!);
    expect(await peekAll(r)).toHaveLength(0);
  });

  it('defers a message, receives it by sequence number and settles it through $management', async () => {
    await send('deferred-1', 'deferred-2', 'deferred-3');
    const r = receiver();
    const msgs = await receive(r, 3);
    expect(msgs).toHaveLength(3);
    for (const m of msgs) await r.deferMessage(m);
    expect(await receive(r, 1, 500)).toHaveLength(0);
    const peeked = await peekAll(r);
    expect(peeked.map((m) => m.state)).toEqual(['deferred', 'deferred', 'deferred']);

    const seqs = msgs.map((m) => m.sequenceNumber!);
    const deferred = await r.receiveDeferredMessages(seqs);
    expect(deferred.map((m) => m.body)).toEqual(['deferred-1', 'deferred-2', 'deferred-3']);
    expect(deferred.map((m) => m.deliveryCount)).toEqual([1, 1, 1]);
    await r.completeMessage(deferred[0]!);
    await r.abandonMessage(deferred[1]!); // stays deferred
    await r.deadLetterMessage(deferred[2]!, {
      deadLetterReason: 'Stale',
      deadLetterErrorDescription: 'too old',
    });

    expect((await peekAll(r)).map((m) => [m.body, m.state])).toEqual([['deferred-2', 'deferred']]);
    const [dead] = await receive(deadLetters());
    expect([dead!.body, dead!.deadLetterReason]).toEqual(['deferred-3', 'Stale']);
    const [still] = await r.receiveDeferredMessages(seqs[1]!);
    await r.completeMessage(still!);

    const missing = await r.receiveDeferredMessages(Long.fromNumber(999_999)).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(isServiceBusError(missing) && missing.code).toBe('MessageNotFound');
  });

  it('holds scheduled messages until their time, and cancels scheduled ones', async () => {
    const sender = client.createSender(queue);
    const at = new Date(Date.now() + 1_500);
    await sender.sendMessages({ body: 'later', scheduledEnqueueTimeUtc: at });
    const [cancelled] = await sender.scheduleMessages({ body: 'never' }, new Date(Date.now() + 60_000));
    const r = receiver();
    expect(await receive(r, 1, 300)).toHaveLength(0);
    expect((await peekAll(r)).map((m) => [m.body, m.state])).toEqual([
      ['later', 'scheduled'],
      ['never', 'scheduled'],
    ]);
    await sender.cancelScheduledMessages(cancelled!);
    await sender.close();

    const [msg] = await receive(r, 1, 5_000);
    expect(msg!.body).toBe('later');
    expect(msg!.enqueuedTimeUtc!.getTime()).toBeGreaterThanOrEqual(at.getTime() - 1_000);
    await r.completeMessage(msg!);
    expect(await peekAll(r)).toHaveLength(0);
  });

  it('drops a duplicate message id within the detection window, but accepts the send', async () => {
    const sender = client.createSender(queue);
    const [first, second] = [id('dup'), id('dup')];
    await sender.sendMessages({ body: 'original', messageId: first });
    await sender.sendMessages({ body: 'duplicate', messageId: first });
    await sender.sendMessages({ body: 'other', messageId: second });
    await sender.close();
    const r = receiver({ receiveMode: 'receiveAndDelete' });
    const got = await receive(r, 10, 1_000);
    expect(got.map((m) => m.body)).toEqual(['original', 'other']);
  });

  it('moves a message whose time-to-live passes to the dead-letter queue with TTLExpiredException', async () => {
    await client.createSender(queue).sendMessages({ body: 'perishable', timeToLive: 500 });
    const dlq = deadLetters();
    const [dead] = await eventually(async () => {
      const got = await receive(dlq, 1, 500);
      return got.length > 0 ? got : undefined;
    }, 60_000);
    expect(dead!.body).toBe('perishable');
    expect(dead!.deadLetterReason).toBe('TTLExpiredException');
    await dlq.completeMessage(dead!);
    expect(await peekAll(receiver())).toHaveLength(0);
  });

  it('streams messages to subscribe() and completes them automatically', async () => {
    await send('s-1', 's-2', 's-3');
    const r = receiver();
    const bodies: unknown[] = [];
    const subscription = r.subscribe(
      {
        processMessage: async (m) => {
          bodies.push(m.body);
        },
        processError: async () => undefined,
      },
      { maxConcurrentCalls: 2 },
    );
    await eventually(async () => (bodies.length >= 3 ? true : undefined));
    await subscription.close();
    expect([...bodies].sort()).toEqual(['s-1', 's-2', 's-3']);
    await eventually(async () => ((await peekAll(receiver())).length === 0 ? true : undefined));
  });

  it('refuses a queue that does not exist with MessagingEntityNotFound', async () => {
    const err = await client
      .createSender('ants-no-such-queue')
      .sendMessages({ body: 'x' })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(isServiceBusError(err) && err.code).toBe('MessagingEntityNotFound');
  });
});
