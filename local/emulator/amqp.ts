import { message as rheaMessage, string_to_uuid, types, uuid_to_string } from 'rhea';
import type { AmqpError, Delivery, EventContext, Message, Sender, Typed, link as Link } from 'rhea';
import { Condition, EmulatorError } from './errors';

/**
 * AMQP helpers shared by the Service Bus and Event Hubs halves: message decoding, typed values, lock
 * tokens, and the few places where rhea's public API is not enough for a broker (rhea is mostly used as
 * a client library). Every access to rhea internals lives here so an upgrade has one place to check.
 */

/** The message format of a batch: one AMQP message whose data sections each hold an encoded message. */
export const BATCH_MESSAGE_FORMAT = 0x80013700;

/** A message as it arrived; `size` is its encoded length when the transfer exposed the bytes. */
export interface IncomingMessage {
  message: Message;
  size?: number;
}

/** The messages a transfer carries: one for a plain message, several for a batch envelope. */
export function messagesOfTransfer(context: EventContext): IncomingMessage[] {
  const format = context.delivery?.format ?? 0;
  if (format === 0) return [{ message: context.message as Message }];
  if (format !== BATCH_MESSAGE_FORMAT) {
    throw new EmulatorError(
      Condition.notImplemented,
      `The message format 0x${format.toString(16)} is not supported by the ANTS emulator (only 0 and 0x80013700).`,
    );
  }
  const envelope = decode(context.message as unknown as Buffer);
  const body = envelope.body as { content: Buffer | Buffer[]; multiple?: boolean } | undefined;
  if (!body) return [];
  const parts = body.multiple ? (body.content as Buffer[]) : [body.content as Buffer];
  return parts.map((part) => {
    const inner = decode(part);
    // Annotations on the envelope (e.g. the Event Hubs partition key) apply to every message inside.
    if (envelope.message_annotations) {
      inner.message_annotations = { ...envelope.message_annotations, ...inner.message_annotations };
    }
    return { message: inner, size: part.length };
  });
}

export function encode(message: Message): Buffer {
  return rheaMessage.encode(message);
}

export function decode(bytes: Buffer): Message {
  return rheaMessage.decode(bytes) as unknown as Message;
}

export const typed = {
  long: (value: number) => types.wrap_long(value),
  timestamp: (ms: number) => types.wrap_timestamp(ms),
  uuid: (token: string) => types.wrap_uuid(string_to_uuid(token)),
  longArray: (values: number[]) => types.wrap_array(values, 0x81, undefined),
  timestampArray: (values: number[]) => types.wrap_array(values, 0x83, undefined),
};

/** A long the SDK may send as a number (small values) or as 8 big-endian bytes (rhea's decoding). */
export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (Buffer.isBuffer(value) && value.length === 8) return Number(value.readBigInt64BE(0));
  throw new TypeError(`Expected a long, got ${JSON.stringify(value)}`);
}

export function uuidToString(value: unknown): string {
  if (Buffer.isBuffer(value) && value.length === 16) return uuid_to_string(value);
  throw new TypeError(`Expected a uuid, got ${JSON.stringify(value)}`);
}

/**
 * Service Bus puts the lock token in the delivery tag in .NET Guid byte order; the JS SDK swaps the
 * first three groups back (reorderLockToken) before printing it. The swap is its own inverse.
 */
export function lockTokenToDeliveryTag(token: string): Buffer {
  const b = string_to_uuid(token);
  return Buffer.from([b[3]!, b[2]!, b[1]!, b[0]!, b[5]!, b[4]!, b[7]!, b[6]!, ...b.subarray(8)]);
}

/** .NET ticks (100 ns since 0001-01-01) as 8 bytes, the encoding of `com.microsoft:locked-until-utc`. */
export function ticksOf(ms: number): Typed {
  const bytes = Buffer.alloc(8);
  bytes.writeBigInt64BE(BigInt(ms) * 10_000n + 621_355_968_000_000_000n);
  return types.wrap_long(bytes);
}

interface Outcomes {
  accepted(): { described(): unknown };
  rejected(fields: { error: AmqpError }): { described(): unknown };
}
const outcomes = rheaMessage as unknown as Outcomes;

/**
 * Settles a delivery the client disposed of (peek-lock: receiver-settle-mode second) with the outcome the
 * broker applied, or with the error that kept it from applying it. The client then settles on its side
 * without another frame, so the delivery is marked settled by the peer here too; rhea would otherwise keep
 * it in the session's delivery slots for good, and the link would stop once they ran out.
 */
export function settleDisposition(delivery: Delivery, error?: AmqpError): void {
  delivery.update(true, error ? outcomes.rejected({ error }).described() : outcomes.accepted().described());
  (delivery as unknown as { remote_settled: boolean }).remote_settled = true;
}

/** Fields of a link's attach that the broker chooses; rhea only lets a client set them as options. */
interface LocalAttach {
  source?: unknown;
  target?: unknown;
  snd_settle_mode?: number;
  rcv_settle_mode?: number;
  max_message_size?: number;
  properties?: Record<string, unknown>;
}

interface LinkInternals {
  local: { attach: LocalAttach };
  state: { local_open: boolean; open_requests: number };
  delivery_count: number;
  credit: number;
  session: { outgoing: { available(): number } };
}

const internals = (link: Link) => link as unknown as LinkInternals;

export function setAttachFields(link: Link, fields: LocalAttach): void {
  Object.assign(internals(link).local.attach, fields);
}

/**
 * rhea answers a peer's attach as soon as the open event has run. Accepting "the next available session"
 * is a long poll: the answer must wait until a session has messages or the client's timeout passes. This
 * withdraws the pending answer; `link.open()` issues it later.
 */
export function holdAttach(link: Link): void {
  const state = internals(link).state;
  state.local_open = false;
  state.open_requests = Math.max(0, state.open_requests - 1);
}

/** Answers an attach and detaches at once: how a broker refuses a link (the answer carries no terminus). */
export function refuseLink(link: Link, error: AmqpError): void {
  setAttachFields(link, { source: null, target: null });
  link.open();
  link.close(error);
}

/** Link credit not yet spent, counting messages handed to rhea but not yet written to the socket. */
export class Credit {
  private consumed: number;

  constructor(readonly link: Sender) {
    this.consumed = internals(link).delivery_count;
  }

  /** How many more messages may be sent now: within the peer's credit and rhea's session buffer. */
  available(): number {
    if (!this.link.is_open()) return 0;
    const limit = internals(this.link).delivery_count + internals(this.link).credit;
    return Math.max(0, Math.min(limit - this.consumed, internals(this.link).session.outgoing.available()));
  }

  send(message: Message, tag?: Buffer): Delivery {
    this.consumed += 1;
    return this.link.send(message, tag);
  }

  /** Answers a drain request: the unused credit is given back so the client's receive can return. */
  drain(): void {
    this.consumed = internals(this.link).delivery_count + internals(this.link).credit;
    this.link.set_drained(true);
  }
}
