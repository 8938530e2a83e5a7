import { once } from 'events';
import { ServiceBusClient } from '@azure/service-bus';
import { EventHubProducerClient } from '@azure/event-hubs';
import { create_container, types } from 'rhea';
import type { Connection, EventContext, Message, Receiver } from 'rhea';
import { entities, pheromoneHub } from '../../../shared/entities';
import { emulatorConnectionString, startEmulator } from '../../../local/emulator';
import type { RunningEmulator } from '../../../local/emulator';
import { sleep } from './targets';

/**
 * What is particular to the ANTS emulator: its entities come from shared/entities.json, it names what it
 * does not emulate, and it respects AMQP flow control. Raw AMQP (rhea) where the SDKs cannot reach.
 */
describe('ANTS emulator', () => {
  let emulator: RunningEmulator;
  const log: string[] = [];
  const connections: Connection[] = [];
  const FLOW_QUEUE = 'ants-test-flow';
  /** Added with Azure's defaults: no dead-lettering on expiry. */
  const EXPIRING_QUEUE = 'ants-test-expiring';
  const SMALL_HUB = 'ants-test-hub';

  beforeAll(async () => {
    emulator = await startEmulator({
      port: 0,
      entities: {
        queues: [{ name: FLOW_QUEUE }, { name: EXPIRING_QUEUE }],
        hubs: [{ name: SMALL_HUB, partitionCount: 1, maxEventsPerPartition: 5 }],
      },
      log: (line) => log.push(line),
    });
  });
  afterAll(async () => {
    for (const c of connections) c.close();
    await emulator?.close();
  });

  /** A bare AMQP connection: no CBS, no SDK behaviour in the way. */
  async function amqp(): Promise<Connection> {
    const connection = create_container().connect({
      host: '127.0.0.1',
      port: emulator.port,
      reconnect: false,
    });
    connections.push(connection);
    await once(connection, 'connection_open');
    return connection;
  }

  async function request(address: string, operation: string): Promise<Message> {
    const connection = await amqp();
    const replyTo = `reply-${operation}`;
    const receiver = connection.open_receiver({ source: { address }, target: { address: replyTo } });
    const sender = connection.open_sender({ target: { address } });
    await Promise.all([once(receiver, 'receiver_open'), once(sender, 'sendable')]);
    sender.send({
      message_id: 'request-1',
      reply_to: replyTo,
      application_properties: { operation },
      body: {},
    });
    const [context] = (await once(receiver, 'message')) as [EventContext];
    return context.message!;
  }

  async function refusal(receiver: Receiver) {
    await once(receiver, 'receiver_error');
    return receiver.error as { condition: string; description: string };
  }

  it('prints the official emulator connection string, with the port when it is not 5672', () => {
    expect(emulatorConnectionString('127.0.0.1', 5672)).toBe(
      'Endpoint=sb://localhost;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;',
    );
    expect(emulator.connectionString).toContain(`Endpoint=sb://localhost:${emulator.port};`);
    expect(emulator.port).not.toBe(5672);
  });

  it('serves every declared queue (with its dead-letter queue) and the declared hub', async () => {
    const client = new ServiceBusClient(emulator.connectionString);
    try {
      for (const queue of entities.serviceBus.queues) {
        const sessionId = queue.requiresSession ? 'declared' : undefined;
        await client
          .createSender(queue.name)
          .sendMessages({ body: queue.name, sessionId, messageId: `${queue.name}-1` });
        await client
          .createSender(queue.name)
          .sendMessages({ body: 'duplicate', sessionId, messageId: `${queue.name}-1` });
        const receiver = sessionId
          ? await client.acceptSession(queue.name, sessionId, { receiveMode: 'receiveAndDelete' })
          : client.createReceiver(queue.name, { receiveMode: 'receiveAndDelete' });
        const got = await receiver.receiveMessages(5, { maxWaitTimeInMs: 500 });
        // Every declared queue has duplicate detection on.
        expect(got.map((m) => m.body)).toEqual([queue.name]);
        const dlq = client.createReceiver(queue.name, { subQueueType: 'deadLetter' });
        expect(await dlq.peekMessages(1)).toEqual([]);
      }
    } finally {
      await client.close();
    }
    const producer = new EventHubProducerClient(emulator.connectionString, pheromoneHub.name);
    try {
      expect(await producer.getPartitionIds()).toHaveLength(pheromoneHub.localPartitionCount);
    } finally {
      await producer.close();
    }
  });

  it('refuses a link to an address that names nothing, saying so', async () => {
    const connection = await amqp();
    const error = await refusal(connection.open_receiver({ source: { address: 'ants-tasks-medium' } }));
    expect(error.condition).toBe('amqp:not-found');
    expect(error.description).toContain('ants-tasks-medium');
    expect(log.some((line) => line.startsWith('refused') && line.includes('ants-tasks-medium'))).toBe(true);
  });

  it('answers an unknown $management operation with amqp:not-implemented naming it', async () => {
    const response = await request('ants-tasks/$management', 'com.microsoft:enumerate-rules');
    expect(response.correlation_id).toBe('request-1');
    expect(response.application_properties).toMatchObject({
      statusCode: 501,
      errorCondition: 'amqp:not-implemented',
    });
    expect(response.application_properties!.statusDescription).toContain('com.microsoft:enumerate-rules');

    const hubResponse = await request('$management', 'CREATE');
    expect(hubResponse.application_properties).toMatchObject({
      'status-code': 501,
      'error-condition': 'amqp:not-implemented',
    });
    expect(hubResponse.application_properties!['status-description']).toContain('CREATE');
  });

  it('refuses an Event Hubs filter it does not understand, naming it', async () => {
    const connection = await amqp();
    const address = `${pheromoneHub.name}/ConsumerGroups/$Default/Partitions/0`;
    const selector = (expression: string) => ({
      'apache.org:selector-filter:string': types.wrap_described(expression, 0x468c00000004),
    });
    const bySelector = await refusal(
      connection.open_receiver({ source: { address, filter: selector("amqp.annotation.x-opt-foo > '1'") } }),
    );
    expect(bySelector.condition).toBe('amqp:not-implemented');
    expect(bySelector.description).toContain('x-opt-foo');
    const byKey = await refusal(
      connection.open_receiver({ source: { address, filter: { 'com.example:custom': 'x' } } }),
    );
    expect(byKey.description).toContain('com.example:custom');
  });

  it('never sends beyond the link credit, and answers a drain', async () => {
    const client = new ServiceBusClient(emulator.connectionString);
    await client.createSender(FLOW_QUEUE).sendMessages([1, 2, 3, 4, 5, 6].map((n) => ({ body: n })));
    await client.close();

    const connection = await amqp();
    const open = async () => {
      const receiver = connection.open_receiver({
        source: { address: FLOW_QUEUE },
        credit_window: 0,
        autoaccept: false,
        rcv_settle_mode: 1,
      });
      const received: EventContext[] = [];
      receiver.on('message', (context: EventContext) => received.push(context));
      await once(receiver, 'receiver_open');
      return { receiver, received };
    };
    // The SDK sends JSON bodies as a data section.
    const bodies = (received: EventContext[]) =>
      received.map(
        (c) => JSON.parse((c.message!.body as { content: Buffer }).content.toString('utf8')) as unknown,
      );
    const first = await open();
    await sleep(200);
    expect(first.received).toHaveLength(0);
    first.receiver.add_credit(2);
    await sleep(300);
    expect(bodies(first.received)).toEqual([1, 2]);
    // Peek-lock: unsettled deliveries tagged with 16-byte lock tokens.
    expect(
      first.received.every((c) => !c.delivery!.remote_settled && (c.delivery!.tag as Buffer).length === 16),
    ).toBe(true);

    // Nothing beyond the first receiver's credit was locked for it: the rest goes to the second.
    const second = await open();
    second.receiver.add_credit(10);
    await sleep(300);
    expect(bodies(second.received)).toEqual([3, 4, 5, 6]);
    second.receiver.drain_credit();
    await once(second.receiver, 'receiver_drained');
    expect((second.receiver as unknown as { credit: number }).credit).toBe(0);
  });

  it('keeps a busy peek-lock receiver flowing past the session delivery slots on one link', async () => {
    const client = new ServiceBusClient(emulator.connectionString);
    try {
      const sender = client.createSender(FLOW_QUEUE);
      for (let sent = 0; sent < 10_000;) {
        const batch = await sender.createMessageBatch();
        while (sent < 10_000 && batch.tryAddMessage({ body: sent })) sent++;
        await sender.sendMessages(batch);
      }
      const receiver = client.createReceiver(FLOW_QUEUE);
      const sizes: number[] = [];
      for (let received = 0; received < 10_000;) {
        const messages = await receiver.receiveMessages(1_000, { maxWaitTimeInMs: 5_000 });
        await Promise.all(messages.map((m) => receiver.completeMessage(m)));
        sizes.push(messages.length);
        received += messages.length;
      }
      // Settled deliveries free their session slots: no receive comes back short while messages wait.
      expect(sizes).toEqual(Array.from({ length: 10 }, () => 1_000));
    } finally {
      await client.close();
    }
  });

  it('drops expired messages of a queue that does not dead-letter on expiry', async () => {
    const client = new ServiceBusClient(emulator.connectionString);
    try {
      await client
        .createSender(EXPIRING_QUEUE)
        .sendMessages([{ body: 'short', timeToLive: 300 }, { body: 'long' }]);
      await sleep(800);
      const receiver = client.createReceiver(EXPIRING_QUEUE, { receiveMode: 'receiveAndDelete' });
      expect((await receiver.receiveMessages(5, { maxWaitTimeInMs: 500 })).map((m) => m.body)).toEqual([
        'long',
      ]);
      const dlq = client.createReceiver(EXPIRING_QUEUE, { subQueueType: 'deadLetter' });
      expect(await dlq.peekMessages(5)).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it('keeps at most maxEventsPerPartition events, dropping the oldest', async () => {
    const producer = new EventHubProducerClient(emulator.connectionString, SMALL_HUB);
    try {
      for (let i = 0; i < 8; i++) await producer.sendBatch([{ body: i }]);
      const properties = await producer.getPartitionProperties('0');
      expect([properties.beginningSequenceNumber, properties.lastEnqueuedSequenceNumber]).toEqual([3, 7]);
    } finally {
      await producer.close();
    }
  });
});
