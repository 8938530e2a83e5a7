import { randomUUID } from 'crypto';
import { ServiceBusClient, isServiceBusError } from '@azure/service-bus';
import type { ServiceBusReceivedMessage, ServiceBusSessionReceiver } from '@azure/service-bus';
import { describeServiceBus, eventually, sleep } from './targets';

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (err: unknown) => err,
  );
const codeOf = (err: unknown) => (isServiceBusError(err) ? err.code : err);

/** Service Bus sessions (the ants-workflows queue's ordered work), driven by the real client. */
describeServiceBus('Service Bus sessions', (target) => {
  let client: ServiceBusClient;
  let queue: string;
  const receivers: ServiceBusSessionReceiver[] = [];

  beforeAll(async () => {
    // Short client timeouts: accepting the next session is a long poll that ends with the client's timeout.
    client = new ServiceBusClient(target().connectionString, {
      retryOptions: { maxRetries: 0, timeoutInMs: 3_000 },
    });
    queue = target().sessionQueue;
    await drainSessions();
  });
  afterAll(async () => {
    await client?.close();
  });
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });

  /** Leaves no session with messages behind, so accept-next-session tests see only their own. */
  async function drainSessions(): Promise<void> {
    for (;;) {
      const r = await client
        .acceptNextSession(queue, { receiveMode: 'receiveAndDelete' })
        .catch(() => undefined);
      if (!r) return;
      while ((await r.receiveMessages(100, { maxWaitTimeInMs: 300 })).length > 0);
      await r.close();
    }
  }

  const accept = async (sessionId?: string) => {
    const options = { maxAutoLockRenewalDurationInMs: 0 };
    const r =
      sessionId === undefined
        ? await client.acceptNextSession(queue, options)
        : await client.acceptSession(queue, sessionId, options);
    receivers.push(r);
    return r;
  };
  const sendTo = async (sessionId: string, ...bodies: string[]) => {
    const sender = client.createSender(queue);
    await sender.sendMessages(bodies.map((body) => ({ body, sessionId })));
    await sender.close();
  };
  const receiveAll = async (r: ServiceBusSessionReceiver, count: number) => {
    const got: ServiceBusReceivedMessage[] = [];
    await eventually(async () => {
      got.push(...(await r.receiveMessages(count - got.length, { maxWaitTimeInMs: 500 })));
      return got.length >= count ? true : undefined;
    });
    return got;
  };

  it('refuses a message without a session id', async () => {
    const err = await failure(client.createSender(queue).sendMessages({ body: 'no session' }));
    // The SDK has no code of its own for amqp:not-allowed: a GeneralError whose message names the cause.
    expect(codeOf(err)).toBe('GeneralError');
    expect((err as Error).message).toContain('SessionId');
  });

  it('refuses a receiver without a session on a queue that requires sessions', async () => {
    const plain = client.createReceiver(queue);
    const err = await failure(plain.receiveMessages(1, { maxWaitTimeInMs: 1_000 }));
    await plain.close();
    expect((err as Error).message).toMatch(/session/i);
  });

  it('accepts a named session and delivers only its messages, in order', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await sendTo(a, 'a-1', 'a-2', 'a-3');
    await sendTo(b, 'b-1');
    await sendTo(a, 'a-4');
    const r = await accept(a);
    expect(r.sessionId).toBe(a);
    expect(r.sessionLockedUntilUtc!.getTime()).toBeGreaterThan(Date.now());
    const got = await receiveAll(r, 4);
    expect(got.map((m) => m.body)).toEqual(['a-1', 'a-2', 'a-3', 'a-4']);
    expect(got.every((m) => m.sessionId === a)).toBe(true);
    for (const m of got) await r.completeMessage(m);
    const other = await accept(b);
    const [m] = await other.receiveMessages(1);
    expect(m!.body).toBe('b-1');
    await other.completeMessage(m!);
  });

  it('accepts the next available session, and never the same one twice', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await sendTo(a, 'first');
    await sendTo(b, 'second');
    const one = await accept();
    const two = await accept();
    expect([one.sessionId, two.sessionId].sort()).toEqual([a, b].sort());
    for (const r of [one, two]) {
      const [m] = await r.receiveMessages(1, { maxWaitTimeInMs: 2_000 });
      expect(m!.sessionId).toBe(r.sessionId);
      await r.completeMessage(m!);
    }
  });

  it('refuses to accept a session that another receiver holds', async () => {
    const id = randomUUID();
    await sendTo(id, 'locked');
    const holder = await accept(id);
    const err = await failure(accept(id));
    expect(codeOf(err)).toBe('SessionCannotBeLocked');
    const [m] = await holder.receiveMessages(1);
    await holder.completeMessage(m!);
  });

  it('times out accepting the next session when none has messages', async () => {
    const started = Date.now();
    const err = await failure(accept());
    expect(codeOf(err)).toBe('ServiceTimeout');
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
  });

  it('hands a session to a receiver waiting for the next one as soon as it gets a message', async () => {
    const id = randomUUID();
    const waiting = accept();
    await sleep(500);
    await sendTo(id, 'wake up');
    const r = await waiting;
    expect(r.sessionId).toBe(id);
    const [m] = await r.receiveMessages(1);
    await r.completeMessage(m!);
  });

  it('gives nothing to a receiver that stopped waiting for the next session', async () => {
    const quitter = new ServiceBusClient(target().connectionString, {
      retryOptions: { maxRetries: 0, timeoutInMs: 3_000 },
    });
    const waiting = failure(quitter.acceptNextSession(queue));
    await sleep(500);
    await quitter.close();
    await waiting;
    const id = randomUUID();
    await sendTo(id, 'for the next one');
    const r = await accept();
    expect(r.sessionId).toBe(id);
    const [m] = await r.receiveMessages(1);
    await r.completeMessage(m!);
  });

  it('renews the session lock and keeps session state', async () => {
    const id = randomUUID();
    await sendTo(id, 'stateful');
    const r = await accept(id);
    const first = r.sessionLockedUntilUtc!.getTime();
    await sleep(300);
    const renewed = await r.renewSessionLock();
    expect(renewed.getTime()).toBeGreaterThan(first);
    expect(r.sessionLockedUntilUtc!.getTime()).toBe(renewed.getTime());

    expect(await r.getSessionState()).toBeNull();
    await r.setSessionState({ step: 2 });
    expect(await r.getSessionState()).toEqual({ step: 2 });
    const [m] = await r.receiveMessages(1);
    await r.completeMessage(m!);
    await r.close();
    // The state belongs to the session, not to the receiver.
    const again = await accept(id);
    expect(await again.getSessionState()).toEqual({ step: 2 });
    await again.setSessionState(null);
  });

  it('releases locked messages when the session receiver closes, in order and with the delivery counted', async () => {
    const id = randomUUID();
    await sendTo(id, 'r-1', 'r-2');
    const first = await accept(id);
    expect((await receiveAll(first, 2)).map((m) => m.body)).toEqual(['r-1', 'r-2']);
    await first.close();
    const second = await accept(id);
    const again = await receiveAll(second, 2);
    expect(again.map((m) => [m.body, m.deliveryCount])).toEqual([
      ['r-1', 1],
      ['r-2', 1],
    ]);
    for (const m of again) await second.completeMessage(m);
  });

  it('loses the session when its lock expires: settling fails and another receiver can take it', async () => {
    const id = randomUUID();
    await sendTo(id, 'expiring');
    const r = await accept(id);
    const [m] = await r.receiveMessages(1);
    await sleep(target().lockDurationMs + 500);
    const err = await failure(r.completeMessage(m!));
    expect(codeOf(err)).toBe('SessionLockLost');
    const next = await accept(id);
    const [again] = await next.receiveMessages(1, { maxWaitTimeInMs: 2_000 });
    expect([again!.body, again!.deliveryCount]).toEqual(['expiring', 1]);
    await next.completeMessage(again!);
  });

  it('peeks the messages of one session', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await sendTo(a, 'pa-1', 'pa-2');
    await sendTo(b, 'pb-1');
    const r = await accept(a);
    expect((await r.peekMessages(10)).map((m) => m.body)).toEqual(['pa-1', 'pa-2']);
    for (const m of await receiveAll(r, 2)) await r.completeMessage(m);
    const other = await accept(b);
    const [m] = await other.receiveMessages(1);
    await other.completeMessage(m!);
  });
});
