import {
  EventHubConsumerClient,
  earliestEventPosition,
  type EventPosition,
  type ReceivedEventData,
} from '@azure/event-hubs';
import {
  EventHubsPheromoneBus,
  InvalidPheromoneSignal,
  pheromonePartitionKey,
  PheromoneSignalTooLarge,
  type MessagingClients,
  type MessagingConfig,
} from '../../../shared/adapters/azure/messaging';
import { pheromoneHub } from '../../../shared/entities';
import type { PheromoneSignal } from '../../../shared/schemas/pheromone';
import { aTenant, anId, messagingTargets, sleep } from './harness';

const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

function aSignal(overrides: Partial<PheromoneSignal> = {}): PheromoneSignal {
  return {
    id: anId('signal'),
    tenantId: aTenant(),
    type: 'success',
    location: 'finance.reconciliation',
    strength: 0.7,
    ttlSeconds: 3600,
    trailKey: '',
    data: {},
    emitter: 'agent-1',
    depositedAt: new Date().toISOString(),
    ...overrides,
  };
}

interface Received {
  partitionId: string;
  event: ReceivedEventData;
}

for (const target of messagingTargets('eventHubs')) {
  target.describe(`EventHubsPheromoneBus ${target.name}`, () => {
    let clients: MessagingClients;
    let config: MessagingConfig;
    let close: () => Promise<void>;
    let consumer: EventHubConsumerClient;
    let bus: EventHubsPheromoneBus;

    beforeAll(async () => {
      ({ clients, config, close } = await target.start());
      bus = new EventHubsPheromoneBus(clients.pheromoneProducer);
      if (!('connectionString' in config.eventHubs))
        throw new Error('the suites connect with connection strings');
      consumer = new EventHubConsumerClient('$Default', config.eventHubs.connectionString, pheromoneHub.name);
    });

    afterAll(async () => {
      await consumer?.close();
      await close?.();
    });

    afterEach(() => {
      jest.restoreAllMocks();
    });

    /** Where each partition ends now, so a read afterwards sees only what the test published. */
    async function ends(): Promise<Record<string, EventPosition>> {
      const positions: Record<string, EventPosition> = {};
      for (const partitionId of await consumer.getPartitionIds()) {
        const properties = await consumer.getPartitionProperties(partitionId);
        positions[partitionId] = properties.isEmpty
          ? earliestEventPosition
          : { sequenceNumber: properties.lastEnqueuedSequenceNumber, isInclusive: false };
      }
      return positions;
    }

    /** Reads every partition from `from` until `done` holds for this run's events or the time is up. */
    async function read(
      from: Record<string, EventPosition>,
      tenants: string[],
      done: (events: Received[]) => boolean,
      timeoutMs = 8000,
    ): Promise<Received[]> {
      const received: Received[] = [];
      let finish: () => void = () => undefined;
      const finished = new Promise<void>((resolve) => (finish = resolve));
      const timer = setTimeout(finish, timeoutMs);
      const subscription = consumer.subscribe(
        {
          processEvents: async (events, context) => {
            for (const event of events) {
              if (tenants.includes(String(event.properties?.tenantId))) {
                received.push({ partitionId: context.partitionId, event });
              }
            }
            if (done(received)) finish();
          },
          processError: async () => undefined,
        },
        { startPosition: from, maxWaitTimeInSeconds: 1, maxBatchSize: 100 },
      );
      await finished;
      clearTimeout(timer);
      await subscription.close();
      return received;
    }

    const idsOf = (events: Received[]) => events.map((r) => (r.event.body as PheromoneSignal).id);

    it('sends one trail in batches to one partition, keyed by tenant and location, in order', async () => {
      const tenantId = aTenant();
      const location = 'supply_chain.inventory';
      // About 100 KB each: more than one batch of at most 1 MB.
      const padding = 'x'.repeat(100_000);
      const first = Array.from({ length: 12 }, (_, i) =>
        aSignal({ tenantId, location, data: { step: i, padding } }),
      );
      const second = Array.from({ length: 3 }, (_, i) =>
        aSignal({ tenantId, location, data: { step: 12 + i } }),
      );
      const from = await ends();
      const sendBatch = jest.spyOn(clients.pheromoneProducer, 'sendBatch');

      await bus.publish(first, TRACEPARENT);
      await bus.publish(second, TRACEPARENT);

      expect(sendBatch.mock.calls.length).toBeGreaterThanOrEqual(3);
      const published = [...first, ...second].map((s) => s.id);
      const events = await read(from, [tenantId], (got) => got.length >= published.length);
      expect(idsOf(events)).toEqual(published);
      const key = `${tenantId}:${location}`;
      expect(new Set(events.map((r) => r.event.partitionKey))).toEqual(new Set([key]));
      expect(new Set(events.map((r) => r.partitionId)).size).toBe(1);
    });

    it('keys each tenant at one location apart: one partition per key, the keys spread over partitions', async () => {
      const location = 'hr.onboarding';
      // Twelve random keys all hashing to one of four partitions would be a one-in-four-million chance.
      const tenants = Array.from({ length: 12 }, () => aTenant());
      const signals = tenants.flatMap((tenantId) => [
        aSignal({ tenantId, location }),
        aSignal({ tenantId, location }),
      ]);
      const from = await ends();

      await bus.publish(signals.filter((_, i) => i % 2 === 0));
      await bus.publish(signals.filter((_, i) => i % 2 === 1));

      const events = await read(from, tenants, (got) => got.length >= signals.length);
      expect(events).toHaveLength(signals.length);
      for (const tenantId of tenants) {
        const own = events.filter((r) => r.event.properties?.tenantId === tenantId);
        expect(own.map((r) => r.event.partitionKey)).toEqual([
          `${tenantId}:${location}`,
          `${tenantId}:${location}`,
        ]);
        expect(new Set(own.map((r) => r.partitionId)).size).toBe(1);
        expect(idsOf(own)).toEqual(signals.filter((s) => s.tenantId === tenantId).map((s) => s.id));
      }
      expect(new Set(events.map((r) => r.partitionId)).size).toBeGreaterThan(1);
    });

    it('carries the traceparent, tenant, type, location and signal id; the body is the signal', async () => {
      const signal = aSignal({ type: 'danger', location: 'it.helpdesk', data: { retryAfterSeconds: 30 } });
      const from = await ends();

      await bus.publish([signal], TRACEPARENT);

      const [received] = await read(from, [signal.tenantId], (got) => got.length >= 1);
      expect(received).toBeDefined();
      expect(received!.event.body).toEqual(signal);
      expect(received!.event.messageId).toBe(signal.id);
      expect(received!.event.contentType).toBe('application/json');
      expect(received!.event.properties).toMatchObject({
        traceparent: TRACEPARENT,
        'Diagnostic-Id': TRACEPARENT,
        tenantId: signal.tenantId,
        type: 'danger',
        location: 'it.helpdesk',
        signalId: signal.id,
      });
    });

    it('rejects an invalid signal with its path before sending anything', async () => {
      const valid = aSignal();
      const invalid = { ...aSignal({ tenantId: valid.tenantId }), strength: 1.5 };
      const from = await ends();
      const sendBatch = jest.spyOn(clients.pheromoneProducer, 'sendBatch');

      const error = await bus.publish([valid, invalid]).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(InvalidPheromoneSignal);
      expect((error as Error).message).toContain(invalid.id);
      expect((error as Error).message).toMatch(/strength: /);
      expect(sendBatch).not.toHaveBeenCalled();
      await sleep(500);
      expect(await read(from, [valid.tenantId], () => false, 1500)).toEqual([]);
    });

    it('rejects a signal too large for one event, naming it, before sending anything', async () => {
      const small = aSignal();
      const huge = aSignal({ tenantId: small.tenantId, data: { blob: 'x'.repeat(1_100_000) } });
      const sendBatch = jest.spyOn(clients.pheromoneProducer, 'sendBatch');

      const error = await bus.publish([small, huge]).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(PheromoneSignalTooLarge);
      expect((error as Error).message).toContain(huge.id);
      expect(sendBatch).not.toHaveBeenCalled();
    });
  });
}

describe('pheromonePartitionKey', () => {
  it('is the tenant and the location, the tenant first', () => {
    expect(pheromonePartitionKey({ tenantId: 'acme', location: 'finance.ap' })).toBe('acme:finance.ap');
  });

  it('stays within 128 characters, keeping the tenant and a stable digest of a long location', () => {
    const location = Array.from({ length: 12 }, () => 'procurement').join('.');
    const key = pheromonePartitionKey({ tenantId: 'a'.repeat(64), location });
    expect(key.length).toBeLessThanOrEqual(128);
    expect(key.startsWith(`${'a'.repeat(64)}:#`)).toBe(true);
    expect(pheromonePartitionKey({ tenantId: 'a'.repeat(64), location })).toBe(key);
    expect(pheromonePartitionKey({ tenantId: 'a'.repeat(64), location: `${location}.x` })).not.toBe(key);
  });
});
