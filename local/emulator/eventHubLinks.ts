import type { EventContext, Message, Receiver, Sender } from 'rhea';
import { Credit, encode, messagesOfTransfer, setAttachFields, typed } from './amqp';
import { Condition, EmulatorError, asEmulatorError } from './errors';
import { wireEvent } from './eventHub';
import type { EventHub, Partition, PartitionConsumer } from './eventHub';

/**
 * Event Hubs links: producers attached to a hub (`<hub>`, or `<hub>/Partitions/<id>`) and consumers
 * attached to `<hub>/ConsumerGroups/<group>/Partitions/<id>` with a start position in the AMQP selector
 * filter. Events are sent settled (Event Hubs has no per-event acknowledgement).
 */

/** Standard tier's limit. */
const MAX_MESSAGE_SIZE = 1024 * 1024;
const SELECTOR_FILTER = 'apache.org:selector-filter:string';
const RUNTIME_METRIC = 'com.microsoft:enable-receiver-runtime-metric';
const IDEMPOTENT_PRODUCER = 'com.microsoft:idempotent-producer';

const capabilities = (value: string | string[] | undefined) =>
  Array.isArray(value) ? value : value ? [value] : [];

export function attachHubSender(link: Receiver, hub: EventHub, partitionId: string | undefined): void {
  if (capabilities(link.desired_capabilities).includes(IDEMPOTENT_PRODUCER)) {
    throw new EmulatorError(
      Condition.notImplemented,
      `Idempotent publishing to '${hub.name}' is not supported by the ANTS emulator.`,
    );
  }
  const fixed = partitionId === undefined ? undefined : hub.partition(partitionId);
  setAttachFields(link, { max_message_size: MAX_MESSAGE_SIZE });
  link.on('message', (context: EventContext) => {
    const delivery = context.delivery!;
    try {
      const messages = messagesOfTransfer(context);
      // One transfer (a batch) lands in one partition, as in Azure.
      const key = messages[0]?.message.message_annotations?.['x-opt-partition-key'] as string | undefined;
      const partition = fixed ?? hub.partitionFor(key ?? undefined);
      const now = Date.now();
      for (const { message, size } of messages)
        partition.append(message, size ?? encode(message).length, now);
      partition.notify();
      delivery.accept();
    } catch (err) {
      delivery.reject(asEmulatorError(err).toAmqp());
    }
  });
}

/** Attaches a client receiver; returns what to do when the link, its session or its connection goes. */
export function attachHubReceiver(
  link: Sender,
  hub: EventHub,
  consumerGroup: string,
  partitionId: string,
): () => void {
  hub.requireConsumerGroup(consumerGroup);
  const partition = hub.partition(partitionId);
  const start = startSequenceNumber(partition, link.source?.filter as Record<string, unknown> | undefined);
  const epoch: unknown = link.properties?.['com.microsoft:epoch'];
  const receiver = new PartitionReceiver(link, partition, {
    consumerGroup: consumerGroup.toLowerCase(),
    ownerLevel: epoch === undefined || epoch === null ? undefined : Number(epoch),
    cursor: start,
    reportLastEnqueued: capabilities(link.desired_capabilities).includes(RUNTIME_METRIC),
  });
  partition.addConsumer(receiver);
  setAttachFields(link, { snd_settle_mode: 1, max_message_size: MAX_MESSAGE_SIZE });
  return () => partition.removeConsumer(receiver);
}

/**
 * The first sequence number a receiver reads, from the SDK's selector filter: `amqp.annotation.x-opt-offset`,
 * `-sequence-number` or `-enqueued-time`, compared with `>` or `>=` to a quoted value.
 */
function startSequenceNumber(partition: Partition, filter: Record<string, unknown> | undefined): number {
  const keys = Object.keys(filter ?? {});
  const unsupported = keys.find((k) => k !== SELECTOR_FILTER);
  if (unsupported)
    throw new EmulatorError(
      Condition.notImplemented,
      `The filter '${unsupported}' is not supported by the ANTS emulator.`,
    );
  if (keys.length === 0) return partition.firstSeq;
  const raw = filter![SELECTOR_FILTER] as { value?: unknown } | string;
  const expression = String(typeof raw === 'string' ? raw : raw.value);
  const match = /^amqp\.annotation\.x-opt-(offset|sequence-number|enqueued-time)\s*(>=|>)\s*'([^']*)'$/.exec(
    expression,
  );
  if (!match)
    throw new EmulatorError(
      Condition.notImplemented,
      `The selector '${expression}' is not supported by the ANTS emulator.`,
    );
  const [, field, operator, value = ''] = match;
  const inclusive = operator === '>=';
  if (field === 'offset') {
    if (value === '-1') return partition.firstSeq;
    if (value === '@latest') return partition.endSeq;
    return partition.seqAfterOffset(Number(value), inclusive);
  }
  if (field === 'sequence-number') return Math.max(partition.firstSeq, Number(value) + (inclusive ? 0 : 1));
  return partition.seqAfterTime(Number(value) - (inclusive ? 1 : 0));
}

interface ReceiverOptions {
  consumerGroup: string;
  ownerLevel: number | undefined;
  cursor: number;
  /** The client asked for the last enqueued event's properties with every event (trackLastEnqueuedEventProperties). */
  reportLastEnqueued: boolean;
}

class PartitionReceiver implements PartitionConsumer {
  private readonly credit: Credit;
  readonly consumerGroup: string;
  readonly ownerLevel: number | undefined;
  private cursor: number;

  constructor(
    private readonly link: Sender,
    private readonly partition: Partition,
    private readonly options: ReceiverOptions,
  ) {
    this.credit = new Credit(link);
    this.consumerGroup = options.consumerGroup;
    this.ownerLevel = options.ownerLevel;
    this.cursor = options.cursor;
    link.on('sender_flow', () => this.pump());
    link.on('sendable', () => this.pump());
  }

  pump(): void {
    while (this.cursor < this.partition.endSeq && this.credit.available() > 0) {
      const event = this.partition.eventAt(this.cursor);
      if (!event) return;
      this.cursor = event.seq + 1;
      const message = wireEvent(event);
      if (this.options.reportLastEnqueued) message.delivery_annotations = this.lastEnqueued();
      this.credit.send(message);
    }
  }

  steal(): void {
    this.link.close(
      new EmulatorError(
        Condition.linkStolen,
        `A receiver with a higher or equal owner level took partition ${this.partition.id} over.`,
      ).toAmqp(),
    );
  }

  private lastEnqueued(): Message['delivery_annotations'] {
    const p = this.partition.properties();
    return {
      last_enqueued_sequence_number: typed.long(p.lastSequenceNumber),
      last_enqueued_offset: p.lastOffset,
      last_enqueued_time_utc: typed.timestamp(p.lastEnqueuedAt),
      runtime_info_retrieval_time_utc: typed.timestamp(Date.now()),
    };
  }
}
