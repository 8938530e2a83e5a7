import { createHash } from 'node:crypto';
import type { EventData, EventDataBatch, EventHubProducerClient } from '@azure/event-hubs';
import { pheromoneHub } from '../../../entities';
import type { PheromoneBus } from '../../../ports';
import { PheromoneSignal } from '../../../schemas/pheromone';
import { InvalidPheromoneSignal, messagingCall, PheromoneSignalTooLarge } from './errors';

/** Event Hubs accepts partition keys of at most 128 characters. */
const MAX_PARTITION_KEY_LENGTH = 128;

/**
 * The partition key of a signal: `${tenantId}:${location}`. The tenant comes first so two tenants never
 * share a key; the hub hashes the key to one partition, so one trail's signals stay in one partition, in the
 * order they were published. A key that would exceed 128 characters keeps the tenant and replaces the
 * location by a digest of it (still stable, still one partition per tenant and location).
 */
export function pheromonePartitionKey(signal: Pick<PheromoneSignal, 'tenantId' | 'location'>): string {
  const key = `${signal.tenantId}:${signal.location}`;
  if (key.length <= MAX_PARTITION_KEY_LENGTH) return key;
  const digest = createHash('sha256').update(signal.location).digest('base64url');
  return `${signal.tenantId}:#${digest}`;
}

/** The event for a signal: the signal as JSON, the facts a consumer filters on in properties. */
export function pheromoneEvent(signal: PheromoneSignal, traceparent?: string): EventData {
  return {
    body: signal,
    contentType: 'application/json',
    messageId: signal.id,
    properties: {
      signalId: signal.id,
      tenantId: signal.tenantId,
      type: signal.type,
      location: signal.location,
      // The SDK's own tracing reads `Diagnostic-Id` and leaves an event that has one as it is.
      ...(traceparent ? { traceparent, 'Diagnostic-Id': traceparent } : {}),
    },
  };
}

/** Pheromone signals on the `ants-pheromones` hub, batched per partition key. */
export class EventHubsPheromoneBus implements PheromoneBus {
  constructor(private readonly producer: EventHubProducerClient) {}

  /**
   * Validates every signal and packs every batch before sending anything, so an invalid or oversized
   * signal fails the call with nothing sent. Then each partition key's batches go out in order; different
   * keys are sent concurrently.
   */
  async publish(signals: PheromoneSignal[], traceparent?: string): Promise<void> {
    const byKey = new Map<string, PheromoneSignal[]>();
    signals.forEach((candidate, index) => {
      const parsed = PheromoneSignal.safeParse(candidate);
      if (!parsed.success) {
        const id = typeof candidate?.id === 'string' ? candidate.id : undefined;
        const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
        throw new InvalidPheromoneSignal(index, id, issues);
      }
      const key = pheromonePartitionKey(parsed.data);
      const group = byKey.get(key) ?? [];
      group.push(parsed.data);
      byKey.set(key, group);
    });
    const packed = await Promise.all([...byKey].map(([key, group]) => this.pack(key, group, traceparent)));
    const hub = pheromoneHub.name;
    await Promise.all(
      packed.map(async (batches) => {
        for (const batch of batches)
          await messagingCall('sendBatch', hub, () => this.producer.sendBatch(batch));
      }),
    );
  }

  /** One key's signals in order, in as few batches as they fit. */
  private async pack(
    partitionKey: string,
    signals: PheromoneSignal[],
    traceparent: string | undefined,
  ): Promise<EventDataBatch[]> {
    const newBatch = () =>
      messagingCall('createBatch', pheromoneHub.name, () => this.producer.createBatch({ partitionKey }));
    let batch = await newBatch();
    const batches = [batch];
    for (const signal of signals) {
      const event = pheromoneEvent(signal, traceparent);
      if (batch.tryAdd(event)) continue;
      if (batch.count > 0) {
        batch = await newBatch();
        batches.push(batch);
        if (batch.tryAdd(event)) continue;
      }
      throw new PheromoneSignalTooLarge(signal.id, batch.maxSizeInBytes);
    }
    return batches;
  }
}
