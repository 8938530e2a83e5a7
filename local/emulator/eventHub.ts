import type { Message } from 'rhea';
import { typed } from './amqp';
import type { EmulatorHub } from './entities';
import { Condition, EmulatorError } from './errors';

/**
 * Event Hubs state: a hub of partitions, each an append-only log with sequence numbers (from 0) and
 * byte offsets, kept in memory within a bound: at most `maxEventsPerPartition` events and none older than
 * the hub's retention. Consumers read with their own cursor; nothing is removed by reading.
 */

export interface StoredEvent {
  readonly seq: number;
  readonly offset: number;
  readonly enqueuedAt: number;
  readonly amqp: Message;
}

/** A receiver link of a partition, asked to read when events are appended. */
export interface PartitionConsumer {
  /** Lower-cased: consumer group names are case-insensitive. */
  readonly consumerGroup: string;
  /** The epoch (`com.microsoft:epoch`); the SDK sets 0 when it load-balances with a checkpoint store. */
  readonly ownerLevel: number | undefined;
  pump(): void;
  /** A receiver with a higher or equal owner level took the partition over. */
  steal(): void;
}

export interface PartitionProperties {
  beginSequenceNumber: number;
  lastSequenceNumber: number;
  lastOffset: string;
  lastEnqueuedAt: number;
  isEmpty: boolean;
}

/** Old events are dropped from the front; the array is rebuilt once the dropped part dominates. */
const COMPACT_AFTER = 1024;

export class Partition {
  private events: StoredEvent[] = [];
  private head = 0;
  private nextSeq = 0;
  private nextOffset = 0;
  private lastOffset = -1;
  private lastEnqueuedAt = 0;
  private readonly consumers = new Set<PartitionConsumer>();

  constructor(
    readonly id: string,
    private readonly hub: EmulatorHub,
  ) {}

  /** The sequence number of the oldest retained event (the next one to be written when empty). */
  get firstSeq(): number {
    return this.events[this.head]?.seq ?? this.nextSeq;
  }

  get endSeq(): number {
    return this.nextSeq;
  }

  append(amqp: Message, size: number, now: number): void {
    // Enqueued times never go backwards, so positions by time can be found by binary search.
    this.lastEnqueuedAt = Math.max(now, this.lastEnqueuedAt);
    this.events.push({ seq: this.nextSeq++, offset: this.nextOffset, enqueuedAt: this.lastEnqueuedAt, amqp });
    this.lastOffset = this.nextOffset;
    this.nextOffset += size;
    this.trim(now);
  }

  /** Tells readers about appended events; called once per transfer, not per event. */
  notify(): void {
    for (const consumer of this.consumers) consumer.pump();
  }

  /**
   * Receivers with an owner level own the partition within their consumer group: a new one with a higher
   * or equal level takes it from the others; one without a level, or with a lower one, is refused.
   */
  addConsumer(consumer: PartitionConsumer): void {
    const rivals = [...this.consumers].filter((c) => c.consumerGroup === consumer.consumerGroup);
    const level = consumer.ownerLevel;
    const owner = rivals.find(
      (r) => r.ownerLevel !== undefined && (level === undefined || r.ownerLevel > level),
    );
    if (owner) {
      throw new EmulatorError(
        Condition.linkStolen,
        `A receiver with owner level ${owner.ownerLevel} already reads partition ${this.id} of '${this.hub.name}' in consumer group '${consumer.consumerGroup}'.`,
      );
    }
    if (level !== undefined) {
      for (const rival of rivals) {
        this.consumers.delete(rival);
        rival.steal();
      }
    }
    this.consumers.add(consumer);
  }

  removeConsumer(consumer: PartitionConsumer): void {
    this.consumers.delete(consumer);
  }

  /** The event with this sequence number, or the oldest retained one if it was dropped. */
  eventAt(seq: number): StoredEvent | undefined {
    const index = this.head + Math.max(0, seq - this.firstSeq);
    return this.events[index];
  }

  /** The first sequence number at or after an offset (`inclusive`) or strictly after it. */
  seqAfterOffset(offset: number, inclusive: boolean): number {
    return this.firstSeqWhere((e) => (inclusive ? e.offset >= offset : e.offset > offset));
  }

  seqAfterTime(ms: number): number {
    return this.firstSeqWhere((e) => e.enqueuedAt > ms);
  }

  trim(now: number): void {
    const { maxEventsPerPartition, retentionMs } = this.hub;
    while (
      this.head < this.events.length &&
      (this.events.length - this.head > maxEventsPerPartition ||
        this.events[this.head]!.enqueuedAt + retentionMs <= now)
    ) {
      this.head += 1;
    }
    if (this.head > COMPACT_AFTER && this.head * 2 > this.events.length) {
      this.events = this.events.slice(this.head);
      this.head = 0;
    }
  }

  /** The last enqueued event stays reported after retention dropped it, as in Azure. */
  properties(): PartitionProperties {
    return {
      beginSequenceNumber: this.firstSeq,
      lastSequenceNumber: this.nextSeq - 1,
      lastOffset: String(this.lastOffset),
      lastEnqueuedAt: this.lastEnqueuedAt,
      isEmpty: this.head >= this.events.length,
    };
  }

  /** Binary search over the retained events for a predicate that is false, then true. */
  private firstSeqWhere(matches: (e: StoredEvent) => boolean): number {
    let lo = this.head;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (matches(this.events[mid]!)) hi = mid;
      else lo = mid + 1;
    }
    return this.events[lo]?.seq ?? this.nextSeq;
  }
}

export class EventHub {
  readonly partitions: Partition[];
  readonly createdAt = Date.now();
  private nextRoundRobin = 0;

  constructor(readonly config: EmulatorHub) {
    this.partitions = Array.from(
      { length: config.partitionCount },
      (_, i) => new Partition(String(i), config),
    );
  }

  get name(): string {
    return this.config.name;
  }

  partition(id: string): Partition {
    const partition = /^\d+$/.test(id) ? this.partitions[Number(id)] : undefined;
    if (!partition) {
      throw new EmulatorError(
        Condition.argumentError,
        `The specified partition '${id}' is invalid for event hub '${this.name}': partition ids are 0 to ${this.partitions.length - 1}.`,
      );
    }
    return partition;
  }

  /** Consumer group names are case-insensitive in Azure ($Default and $default are the same group). */
  requireConsumerGroup(name: string): void {
    if (!this.config.consumerGroups.some((g) => g.toLowerCase() === name.toLowerCase())) {
      throw new EmulatorError(
        Condition.notFound,
        `The messaging entity '${this.name}/ConsumerGroups/${name}' could not be found: consumer groups of '${this.name}' are ${this.config.consumerGroups.join(', ')}.`,
      );
    }
  }

  /**
   * Where an event without a partition id goes: the same partition for the same key (FNV-1a, not Azure's
   * hash, so only the stability carries over), otherwise round-robin per transfer.
   */
  partitionFor(partitionKey: string | undefined): Partition {
    if (partitionKey === undefined) {
      const partition = this.partitions[this.nextRoundRobin % this.partitions.length]!;
      this.nextRoundRobin += 1;
      return partition;
    }
    let hash = 0x811c9dc5;
    for (const byte of Buffer.from(partitionKey, 'utf8')) {
      hash ^= byte;
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return this.partitions[hash % this.partitions.length]!;
  }

  tick(now: number): void {
    for (const partition of this.partitions) partition.trim(now);
  }
}

/** The event as a consumer sees it: as sent, plus the service's annotations. */
export function wireEvent(event: StoredEvent): Message {
  return {
    ...event.amqp,
    message_annotations: {
      ...event.amqp.message_annotations,
      'x-opt-sequence-number': typed.long(event.seq),
      'x-opt-offset': String(event.offset),
      'x-opt-enqueued-time': typed.timestamp(event.enqueuedAt),
    },
  } as Message;
}
