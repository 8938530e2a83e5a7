import { EventHubConsumerClient, EventHubProducerClient, latestEventPosition } from '@azure/event-hubs';
import type {
  Checkpoint,
  CheckpointStore,
  EventPosition,
  PartitionOwnership,
  ReceivedEventData,
  SubscribeOptions,
} from '@azure/event-hubs';
import { describeEventHubs, eventually, sleep } from './targets';

/** A checkpoint store in memory, as a blob store would behave for one process. */
class MemoryCheckpointStore implements CheckpointStore {
  private readonly ownerships = new Map<string, PartitionOwnership>();
  private readonly checkpoints = new Map<string, Checkpoint>();
  private etag = 0;

  async listOwnership(): Promise<PartitionOwnership[]> {
    return [...this.ownerships.values()].map((o) => ({ ...o }));
  }

  async claimOwnership(claims: PartitionOwnership[]): Promise<PartitionOwnership[]> {
    const claimed: PartitionOwnership[] = [];
    for (const claim of claims) {
      const current = this.ownerships.get(claim.partitionId);
      if (current && current.etag !== claim.etag) continue;
      const owned = { ...claim, etag: String(++this.etag), lastModifiedTimeInMs: Date.now() };
      this.ownerships.set(claim.partitionId, owned);
      claimed.push(owned);
    }
    return claimed;
  }

  async updateCheckpoint(checkpoint: Checkpoint): Promise<void> {
    this.checkpoints.set(checkpoint.partitionId, { ...checkpoint });
  }

  async listCheckpoints(): Promise<Checkpoint[]> {
    return [...this.checkpoints.values()].map((c) => ({ ...c }));
  }
}

/** Event Hubs behaviour (the pheromone hub), driven by the real @azure/event-hubs clients. */
describeEventHubs('Event Hubs', (target) => {
  let producer: EventHubProducerClient;
  const consumers: EventHubConsumerClient[] = [];

  beforeAll(() => {
    producer = new EventHubProducerClient(target().connectionString, target().hub);
  });
  afterAll(async () => {
    await producer?.close();
  });
  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((c) => c.close()));
  });

  const consumer = (group = '$Default', store?: CheckpointStore) => {
    const c = store
      ? new EventHubConsumerClient(group, target().connectionString, target().hub, store)
      : new EventHubConsumerClient(group, target().connectionString, target().hub);
    consumers.push(c);
    return c;
  };
  /** Where a test's own events start in a partition shared with the other tests. */
  const after = async (partitionId: string): Promise<EventPosition> => ({
    sequenceNumber: (await producer.getPartitionProperties(partitionId)).lastEnqueuedSequenceNumber,
    isInclusive: false,
  });
  /** Reads `count` events of one partition from a position, then stops. */
  async function read(
    partitionId: string,
    position: EventPosition,
    count: number,
    options: SubscribeOptions = {},
    group = '$Default',
  ) {
    const events: ReceivedEventData[] = [];
    const errors: unknown[] = [];
    const subscription = consumer(group).subscribe(
      partitionId,
      {
        processEvents: async (batch) => {
          events.push(...batch);
        },
        processError: async (err) => {
          errors.push(err);
        },
      },
      { startPosition: position, maxWaitTimeInSeconds: 1, ...options },
    );
    try {
      await eventually(async () => (events.length >= count || errors.length > 0 ? true : undefined));
      if (errors.length > 0) throw errors[0];
      return events;
    } finally {
      await subscription.close();
    }
  }

  it('reports the hub properties and partition ids', async () => {
    const properties = await producer.getEventHubProperties();
    expect(properties.name).toBe(target().hub);
    expect(properties.partitionIds).toEqual(target().partitionIds);
    expect(properties.createdOn.getTime()).toBeLessThanOrEqual(Date.now());
    expect(await producer.getPartitionIds()).toEqual(target().partitionIds);
  });

  it('reports partition properties that follow what is sent', async () => {
    const before = await producer.getPartitionProperties('0');
    await producer.sendBatch([{ body: 'p-1' }, { body: 'p-2' }], { partitionId: '0' });
    const now = await producer.getPartitionProperties('0');
    expect(now.partitionId).toBe('0');
    expect(now.eventHubName).toBe(target().hub);
    expect(now.isEmpty).toBe(false);
    expect(now.lastEnqueuedSequenceNumber).toBe(before.lastEnqueuedSequenceNumber + 2);
    expect(Number(now.lastEnqueuedOffset)).toBeGreaterThan(Number(before.lastEnqueuedOffset));
    expect(now.lastEnqueuedOnUtc.getTime()).toBeGreaterThanOrEqual(before.lastEnqueuedOnUtc.getTime());
    expect(now.beginningSequenceNumber).toBeLessThanOrEqual(now.lastEnqueuedSequenceNumber);
  });

  it('delivers events sent to a partition with sequence numbers, offsets, enqueued times and properties', async () => {
    const start = await after('1');
    const batch = await producer.createBatch({ partitionId: '1' });
    batch.tryAdd({
      body: { kind: 'trail', strength: 0.7 },
      properties: { tenantId: 'tenant-a' },
      contentType: 'application/json',
    });
    batch.tryAdd({ body: 'second', messageId: 'e-2', correlationId: 'c-2' });
    await producer.sendBatch(batch);
    const events = await read('1', start, 2);
    expect(events.map((e) => e.body)).toEqual([{ kind: 'trail', strength: 0.7 }, 'second']);
    expect(events[0]!.properties).toEqual({ tenantId: 'tenant-a' });
    expect(events[0]!.contentType).toBe('application/json');
    expect([events[1]!.messageId, events[1]!.correlationId]).toEqual(['e-2', 'c-2']);
    expect(events[1]!.sequenceNumber).toBe(events[0]!.sequenceNumber + 1);
    expect(typeof events[0]!.offset).toBe('string');
    expect(Number(events[1]!.offset)).toBeGreaterThan(Number(events[0]!.offset));
    expect(events[0]!.enqueuedTimeUtc.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('routes a partition key to the same partition every time and reports the key', async () => {
    const starts = await Promise.all(target().partitionIds.map(after));
    for (let i = 0; i < 3; i++)
      await producer.sendBatch([{ body: `keyed-${i}` }], { partitionKey: 'tenant-b/trail-9' });
    const counts = await Promise.all(
      target().partitionIds.map(
        async (id, i) =>
          (await producer.getPartitionProperties(id)).lastEnqueuedSequenceNumber - starts[i]!.sequenceNumber!,
      ),
    );
    const partition = counts.findIndex((n) => n === 3);
    expect(partition).toBeGreaterThanOrEqual(0);
    expect(counts.filter((n) => n > 0)).toEqual([3]);
    const events = await read(String(partition), starts[partition]!, 3);
    expect(events.map((e) => [e.body, e.partitionKey])).toEqual(
      [0, 1, 2].map((i) => [`keyed-${i}`, 'tenant-b/trail-9']),
    );
  });

  it('spreads sends without a partition id or key over the partitions', async () => {
    const before = await Promise.all(target().partitionIds.map((id) => producer.getPartitionProperties(id)));
    for (let i = 0; i < 8; i++) await producer.sendBatch([{ body: `rr-${i}` }]);
    const after = await Promise.all(target().partitionIds.map((id) => producer.getPartitionProperties(id)));
    const grew = after.filter((p, i) => p.lastEnqueuedSequenceNumber > before[i]!.lastEnqueuedSequenceNumber);
    expect(grew.length).toBeGreaterThan(1);
    expect(
      after.reduce((n, p, i) => n + p.lastEnqueuedSequenceNumber - before[i]!.lastEnqueuedSequenceNumber, 0),
    ).toBe(8);
  });

  it('starts reading at a sequence number, an offset or an enqueued time, inclusive or not', async () => {
    const start = await after('2');
    await producer.sendBatch([{ body: 'x-0' }, { body: 'x-1' }], { partitionId: '2' });
    await sleep(50);
    await producer.sendBatch([{ body: 'x-2' }, { body: 'x-3' }], { partitionId: '2' });
    const all = await read('2', start, 4);
    expect(all.map((e) => e.body)).toEqual(['x-0', 'x-1', 'x-2', 'x-3']);
    const [, second, third] = all;
    const bodies = async (position: EventPosition, count: number) =>
      (await read('2', position, count)).slice(0, count).map((e) => e.body);

    expect(await bodies({ sequenceNumber: second!.sequenceNumber, isInclusive: true }, 3)).toEqual([
      'x-1',
      'x-2',
      'x-3',
    ]);
    expect(await bodies({ sequenceNumber: second!.sequenceNumber }, 2)).toEqual(['x-2', 'x-3']);
    expect(await bodies({ offset: third!.offset, isInclusive: true }, 2)).toEqual(['x-2', 'x-3']);
    expect(await bodies({ offset: third!.offset }, 1)).toEqual(['x-3']);
    expect(await bodies({ enqueuedOn: second!.enqueuedTimeUtc }, 2)).toEqual(['x-2', 'x-3']);
  });

  it('starts at the latest position with only events sent after the receiver opened', async () => {
    await producer.sendBatch([{ body: 'old' }], { partitionId: '3' });
    const events: ReceivedEventData[] = [];
    let initialized = false;
    const subscription = consumer().subscribe(
      '3',
      {
        processInitialize: async () => {
          initialized = true;
        },
        processEvents: async (batch) => {
          events.push(...batch);
        },
        processError: async () => undefined,
      },
      { startPosition: latestEventPosition, maxWaitTimeInSeconds: 1 },
    );
    await eventually(async () => (initialized ? true : undefined));
    await sleep(500);
    await producer.sendBatch([{ body: 'new' }], { partitionId: '3' });
    await eventually(async () => (events.length > 0 ? true : undefined));
    await sleep(200);
    await subscription.close();
    expect(events.map((e) => e.body)).toEqual(['new']);
  });

  it('subscribes to every partition without a checkpoint store', async () => {
    const starts = Object.fromEntries(
      await Promise.all(target().partitionIds.map(async (id) => [id, await after(id)] as const)),
    );
    const sent = target().partitionIds.map((id) => `all-${id}`);
    for (const id of target().partitionIds)
      await producer.sendBatch([{ body: `all-${id}` }], { partitionId: id });
    const seen = new Map<string, unknown>();
    const subscription = consumer('ants-telemetry').subscribe(
      {
        processEvents: async (events, context) => {
          for (const e of events) seen.set(context.partitionId, e.body);
        },
        processError: async () => undefined,
      },
      { startPosition: starts, maxWaitTimeInSeconds: 1 },
    );
    await eventually(async () => (seen.size === sent.length ? true : undefined));
    await subscription.close();
    expect(Object.fromEntries(seen)).toEqual(
      Object.fromEntries(target().partitionIds.map((id) => [id, `all-${id}`])),
    );
  });

  it('resumes after the checkpoint with a checkpoint store', async () => {
    const store = new MemoryCheckpointStore();
    const start = await after('3');
    await producer.sendBatch([{ body: 'c-1' }, { body: 'c-2' }, { body: 'c-3' }], { partitionId: '3' });
    const firstRun: ReceivedEventData[] = [];
    const first = consumer('ants-sensor', store).subscribe(
      '3',
      {
        processEvents: async (events, context) => {
          for (const e of events) {
            firstRun.push(e);
            if (e.body === 'c-2') await context.updateCheckpoint(e);
          }
        },
        processError: async () => undefined,
      },
      { startPosition: start, maxWaitTimeInSeconds: 1 },
    );
    await eventually(async () => (firstRun.length >= 3 ? true : undefined));
    await first.close();
    expect((await store.listCheckpoints())[0]).toMatchObject({
      partitionId: '3',
      sequenceNumber: firstRun[1]!.sequenceNumber,
    });

    await producer.sendBatch([{ body: 'c-4' }], { partitionId: '3' });
    const secondRun: ReceivedEventData[] = [];
    const second = consumer('ants-sensor', store).subscribe(
      '3',
      {
        processEvents: async (events) => {
          secondRun.push(...events);
        },
        processError: async () => undefined,
      },
      // The checkpoint wins over the start position.
      { startPosition: start, maxWaitTimeInSeconds: 1 },
    );
    await eventually(async () => (secondRun.length >= 2 ? true : undefined));
    await second.close();
    expect(secondRun.map((e) => e.body)).toEqual(['c-3', 'c-4']);
  });

  it('lets a receiver with an owner level take a partition over from another', async () => {
    const errors: unknown[] = [];
    const handlers = (sink: unknown[]) => ({
      processEvents: async () => undefined,
      processError: async (err: Error) => void sink.push(err),
    });
    const first = consumer('ants-sensor').subscribe('0', handlers(errors), {
      startPosition: latestEventPosition,
      ownerLevel: 1,
      maxWaitTimeInSeconds: 1,
    });
    await sleep(500);
    const secondErrors: unknown[] = [];
    const second = consumer('ants-sensor').subscribe('0', handlers(secondErrors), {
      startPosition: latestEventPosition,
      ownerLevel: 2,
      maxWaitTimeInSeconds: 1,
    });
    const [stolen] = await eventually(async () => (errors.length > 0 ? errors : undefined));
    expect((stolen as { code?: string }).code).toBe('ReceiverDisconnectedError');
    await first.close();
    await second.close();
    expect(secondErrors).toEqual([]);
  });

  it('reports the last enqueued event properties when asked to track them', async () => {
    const start = await after('1');
    await producer.sendBatch([{ body: 'tracked-1' }, { body: 'tracked-2' }], { partitionId: '1' });
    let last: { sequenceNumber?: number; offset?: string } = {};
    const events: ReceivedEventData[] = [];
    const subscription = consumer().subscribe(
      '1',
      {
        processEvents: async (batch, context) => {
          events.push(...batch);
          last = { ...context.lastEnqueuedEventProperties };
        },
        processError: async () => undefined,
      },
      { startPosition: start, trackLastEnqueuedEventProperties: true, maxWaitTimeInSeconds: 1 },
    );
    await eventually(async () => (events.length >= 2 ? true : undefined));
    await subscription.close();
    const properties = await producer.getPartitionProperties('1');
    expect(last.sequenceNumber).toBe(properties.lastEnqueuedSequenceNumber);
    expect(last.offset).toBe(properties.lastEnqueuedOffset);
  });

  it('carries a large batch in one send', async () => {
    const start = await after('0');
    const batch = await producer.createBatch({ partitionId: '0' });
    let added = 0;
    while (added < 500 && batch.tryAdd({ body: { n: added, pad: 'x'.repeat(100) } })) added++;
    expect(added).toBe(500);
    await producer.sendBatch(batch);
    const events = await read('0', start, 500, { maxBatchSize: 200 });
    expect(events.map((e) => (e.body as { n: number }).n)).toEqual(Array.from({ length: 500 }, (_, i) => i));
  });

  it('refuses a hub that does not exist', async () => {
    const stranger = new EventHubProducerClient(target().connectionString, 'ants-no-such-hub', {
      retryOptions: { maxRetries: 0 },
    });
    try {
      const err = await stranger.getEventHubProperties().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect((err as { code?: string }).code).toBe('MessagingEntityNotFoundError');
    } finally {
      await stranger.close();
    }
  });

  it('refuses an unknown consumer group', async () => {
    const err = await read('0', latestEventPosition, 1, {}, 'no-such-group').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as { code?: string }).code).toBe('MessagingEntityNotFoundError');
  });
});
