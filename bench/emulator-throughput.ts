import { ServiceBusClient } from '@azure/service-bus';
import { EventHubConsumerClient, EventHubProducerClient } from '@azure/event-hubs';
import type { EventPosition } from '@azure/event-hubs';
import { pheromoneHub, queueNamed } from '../shared/entities';
import { startEmulator } from '../local/emulator';

/**
 * Messages per second through the real SDKs against the local emulator: Service Bus batched sends and
 * peek-lock receive + complete on a declared queue, Event Hubs batched sends and subscribe() receives on
 * the pheromone hub. Prints one JSON object.
 *
 *   npm run build && node dist/bench/emulator-throughput.js
 *
 * The emulator runs in this process unless ANTS_BENCH_CONNECTION_STRING points at one already running
 * (e.g. `npm run emulator`), which keeps client and broker on separate event loops.
 * ANTS_BENCH_MESSAGES sets how many messages/events each half moves (default 20000).
 */

const COUNT = Number(process.env.ANTS_BENCH_MESSAGES ?? 20_000);
const QUEUE = queueNamed('ants-tasks').name;
const HUB = pheromoneHub.name;
const BODY = { taskId: 'bench', tenantId: 'tenant-bench', payload: 'x'.repeat(200) };

const perSecond = (count: number, ms: number) => Math.round((count / ms) * 1000);

async function serviceBus(connectionString: string) {
  const client = new ServiceBusClient(connectionString);
  try {
    const sender = client.createSender(QUEUE);
    let started = Date.now();
    let sent = 0;
    while (sent < COUNT) {
      const batch = await sender.createMessageBatch();
      while (sent < COUNT && batch.tryAddMessage({ body: BODY, messageId: `bench-${Date.now()}-${sent}` }))
        sent++;
      await sender.sendMessages(batch);
    }
    const sendMs = Date.now() - started;

    const receiver = client.createReceiver(QUEUE);
    started = Date.now();
    let received = 0;
    while (received < COUNT) {
      const messages = await receiver.receiveMessages(500, { maxWaitTimeInMs: 2_000 });
      if (messages.length === 0) throw new Error(`Only ${received} of ${COUNT} messages came back`);
      await Promise.all(messages.map((m) => receiver.completeMessage(m)));
      received += messages.length;
    }
    const receiveMs = Date.now() - started;
    return {
      queue: QUEUE,
      messages: COUNT,
      sendPerSecond: perSecond(COUNT, sendMs),
      receiveAndCompletePerSecond: perSecond(COUNT, receiveMs),
    };
  } finally {
    await client.close();
  }
}

async function eventHubs(connectionString: string) {
  const producer = new EventHubProducerClient(connectionString, HUB);
  const consumer = new EventHubConsumerClient('$Default', connectionString, HUB);
  try {
    const partitionIds = await producer.getPartitionIds();
    // Read only this run's events: from after what each partition holds now.
    const startPosition: Record<string, EventPosition> = {};
    for (const id of partitionIds) {
      startPosition[id] = {
        sequenceNumber: (await producer.getPartitionProperties(id)).lastEnqueuedSequenceNumber,
        isInclusive: false,
      };
    }
    let started = Date.now();
    let sent = 0;
    while (sent < COUNT) {
      const batch = await producer.createBatch();
      while (sent < COUNT && batch.tryAdd({ body: BODY })) sent++;
      await producer.sendBatch(batch);
    }
    const sendMs = Date.now() - started;

    started = Date.now();
    let received = 0;
    await new Promise<void>((resolve, reject) => {
      const subscription = consumer.subscribe(
        {
          processEvents: async (events) => {
            received += events.length;
            if (received >= COUNT) subscription.close().then(resolve, reject);
          },
          processError: async (err) => reject(err),
        },
        { startPosition, maxBatchSize: 500, maxWaitTimeInSeconds: 1 },
      );
    });
    const receiveMs = Date.now() - started;
    return {
      hub: HUB,
      partitions: partitionIds.length,
      events: COUNT,
      sendPerSecond: perSecond(COUNT, sendMs),
      receivePerSecond: perSecond(COUNT, receiveMs),
    };
  } finally {
    await producer.close();
    await consumer.close();
  }
}

async function main(): Promise<void> {
  const external = process.env.ANTS_BENCH_CONNECTION_STRING;
  const emulator = external ? undefined : await startEmulator({ port: 0 });
  const connectionString = external ?? emulator!.connectionString;
  try {
    const result = {
      emulator: external ? 'separate process' : 'in-process',
      node: process.version,
      serviceBus: await serviceBus(connectionString),
      eventHubs: await eventHubs(connectionString),
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await emulator?.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
