import { generate_uuid } from 'rhea';
import type { Message } from 'rhea';
import type { EmulatorQueue } from './entities';
import { DuplicateDetection } from './duplicates';
import { Condition, EmulatorError } from './errors';
import { MinHeap } from './heap';
import { typed } from './amqp';
import { MessageSession, SessionTable } from './sessions';
import type { SessionHolder, SessionLock } from './sessions';

/**
 * One Service Bus queue (or its dead-letter sub-queue): messages, locks, delivery counts, deferral,
 * scheduling, time-to-live and sessions (with duplicates.ts and sessions.ts). Everything is in memory and every hot-path
 * operation is O(log n): available messages sit in a heap by sequence number, deadlines in heaps by time,
 * and stale heap entries are skipped lazily and compacted when they outnumber the live ones.
 */

export type MessageState = 'active' | 'deferred' | 'scheduled';
const stateCode: Record<MessageState, number> = { active: 0, deferred: 1, scheduled: 2 };

export interface MessageLock {
  token: string;
  until: number;
  /** Set for messages of a session: their lock is the session's lock. */
  session?: SessionLock;
}

export interface QueuedMessage {
  readonly seq: number;
  amqp: Message;
  readonly sessionId: string | undefined;
  enqueuedAt: number;
  expiresAt: number;
  /** Deliveries so far; the AMQP header shows the count before the current delivery (0 on the first). */
  deliveryCount: number;
  state: MessageState;
  lock: MessageLock | undefined;
  /** On a dead-lettered copy: the sequence number and entity it had before. */
  readonly origin?: { seq: number; path: string };
}

/** A receiver link of the queue, asked to pull messages when some become available. */
export interface QueueConsumer {
  pump(): void;
}

export interface Delivered {
  amqp: Message;
  lockToken?: string;
}

export type Disposition = 'completed' | 'abandoned' | 'defered' | 'suspended';

export interface DispositionOptions {
  deadLetterReason?: string;
  deadLetterDescription?: string;
  propertiesToModify?: Record<string, unknown>;
}

const bySeq = (a: QueuedMessage, b: QueuedMessage) => a.seq < b.seq;
interface Deadline<T> {
  at: number;
  item: T;
}
const deadlineHeap = <T>() => new MinHeap<Deadline<T>>((a, b) => a.at < b.at);
/** Heaps with lazy deletion are rebuilt when stale entries exceed the live ones by this much. */
const COMPACTION_SLACK = 1024;

const lockLost = (path: string) =>
  new EmulatorError(
    Condition.messageLockLost,
    `The lock supplied is invalid. Either the lock expired, or the message has already been removed from the queue '${path}'.`,
  );
const sessionLockLost = (path: string, id: string) =>
  new EmulatorError(
    Condition.sessionLockLost,
    `The session lock of session '${id}' on '${path}' has expired or was never held.`,
  );

export class ServiceBusQueue {
  readonly deadLetterQueue: ServiceBusQueue | undefined;
  readonly sessions: SessionTable | undefined;
  private readonly messages = new Map<number, QueuedMessage>();
  private readonly available = new MinHeap<QueuedMessage>(bySeq);
  /** All messages in sequence order (with removed ones until compaction), for peek from a sequence number. */
  private order: QueuedMessage[] = [];
  private readonly locks = new Map<string, QueuedMessage>();
  private readonly lockDeadlines = deadlineHeap<string>();
  private readonly scheduled = deadlineHeap<QueuedMessage>();
  private readonly expiries = deadlineHeap<QueuedMessage>();
  private readonly duplicates: DuplicateDetection | undefined;
  private readonly consumers = new Set<QueueConsumer>();
  private nextSeq = 1;

  constructor(
    readonly config: EmulatorQueue,
    readonly path: string = config.name,
    private readonly isDeadLetterQueue = false,
  ) {
    this.sessions = config.requiresSession && !isDeadLetterQueue ? new SessionTable() : undefined;
    this.duplicates =
      config.requiresDuplicateDetection && !isDeadLetterQueue
        ? new DuplicateDetection(config.duplicateDetectionWindowMs)
        : undefined;
    // The dead-letter queue never expires, dead-letters or de-duplicates its own messages.
    this.deadLetterQueue = isDeadLetterQueue
      ? undefined
      : new ServiceBusQueue({ ...config, requiresSession: false }, `${config.name}/$DeadLetterQueue`, true);
  }

  get messageCount(): number {
    return this.messages.size;
  }

  addConsumer(consumer: QueueConsumer): void {
    this.consumers.add(consumer);
  }

  removeConsumer(consumer: QueueConsumer): void {
    this.consumers.delete(consumer);
  }

  /** Refuses a message the queue cannot take; a batch is checked whole before any of it is accepted. */
  validate(amqp: Message): void {
    if (this.sessions && sessionIdOf(amqp) === undefined) {
      throw new EmulatorError(
        Condition.notAllowed,
        `The SessionId was not set on a message, and it cannot be sent to the entity '${this.path}'. Entities that have session support enabled can only receive messages that have the SessionId set to a valid value.`,
      );
    }
  }

  /** Takes a sent (or scheduled) message; returns its sequence number, or the original's for a duplicate. */
  accept(amqp: Message, now: number): number {
    this.validate(amqp);
    const sessionId = sessionIdOf(amqp);
    const duplicates = this.duplicates;
    const duplicateKey = duplicates?.keyOf(amqp);
    if (duplicates && duplicateKey !== undefined) {
      const original = duplicates.original(duplicateKey, now);
      if (original !== undefined) return original;
    }
    // Service Bus stamps a message id on messages sent without one (the SDK's lock renewer needs it).
    const stamped =
      amqp.message_id === undefined || amqp.message_id === null
        ? ({ ...amqp, message_id: generate_uuid().replace(/-/g, '') } as Message)
        : amqp;
    const msg = this.insert(stamped, sessionId, 0);
    if (duplicates && duplicateKey !== undefined) duplicates.remember(duplicateKey, msg.seq, now);
    const scheduledAt = scheduledTime(amqp);
    if (scheduledAt !== undefined && scheduledAt > now) {
      msg.state = 'scheduled';
      msg.enqueuedAt = scheduledAt;
      this.scheduled.push({ at: scheduledAt, item: msg });
    } else {
      this.activate(msg, now);
    }
    return msg.seq;
  }

  cancelScheduled(seq: number): void {
    const msg = this.messages.get(seq);
    if (!msg || msg.state !== 'scheduled') {
      throw new EmulatorError(
        Condition.messageNotFound,
        `No scheduled message with sequence number ${seq} in '${this.path}'.`,
      );
    }
    this.remove(msg);
  }

  /** The next message a receiver may get, skipping (and expiring) what is no longer available. */
  take(session: MessageSession | undefined, now: number): QueuedMessage | undefined {
    const heap = session ? session.available : this.available;
    for (let msg = heap.pop(); msg; msg = heap.pop()) {
      if (!this.isLive(msg) || msg.state !== 'active' || msg.lock) continue;
      if (msg.expiresAt <= now) {
        this.expire(msg, now);
        continue;
      }
      return msg;
    }
    return undefined;
  }

  /** Hands a message to a receiver: locked for it (peek-lock) or removed at once (receive-and-delete). */
  deliver(msg: QueuedMessage, peekLock: boolean, now: number, session?: MessageSession): Delivered {
    const shownCount = msg.deliveryCount;
    msg.deliveryCount += 1;
    if (!peekLock) {
      this.remove(msg);
      return { amqp: this.wire(msg, shownCount) };
    }
    const token = generate_uuid();
    const sessionLock = session?.lock;
    msg.lock = {
      token,
      until: sessionLock ? sessionLock.until : now + this.config.lockDurationMs,
      session: sessionLock,
    };
    this.locks.set(token, msg);
    if (session) session.locked.add(msg);
    else this.lockDeadlines.push({ at: msg.lock.until, item: token });
    return { amqp: this.wire(msg, shownCount), lockToken: token };
  }

  /** Settles a locked message by its lock token (link disposition or $management update-disposition). */
  settle(token: string, disposition: Disposition, options: DispositionOptions, now: number): void {
    const msg = this.lockedMessage(token, now);
    if (disposition === 'suspended' && !this.deadLetterQueue) {
      throw new EmulatorError(
        Condition.notAllowed,
        `Messages in '${this.path}' cannot be dead-lettered again.`,
      );
    }
    if (disposition === 'completed') {
      this.remove(msg);
      return;
    }
    if (options.propertiesToModify) modifyProperties(msg, options.propertiesToModify);
    this.unlock(msg);
    if (disposition === 'abandoned') this.release(msg, now);
    else if (disposition === 'defered') msg.state = 'deferred';
    else this.deadLetter(msg, options.deadLetterReason, options.deadLetterDescription);
  }

  renewLock(token: string, now: number): number {
    const msg = this.lockedMessage(token, now);
    const lock = msg.lock!;
    if (lock.session) {
      throw new EmulatorError(
        Condition.notAllowed,
        `Messages of session '${msg.sessionId}' are locked by their session; renew the session lock.`,
      );
    }
    lock.until = now + this.config.lockDurationMs;
    this.lockDeadlines.push({ at: lock.until, item: token });
    return lock.until;
  }

  /** Messages from a sequence number on, in order: active, locked, deferred and scheduled ones alike. */
  peek(fromSeq: number, count: number, sessionId: string | undefined): Message[] {
    this.compactOrder();
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.order[mid]!.seq < fromSeq) lo = mid + 1;
      else hi = mid;
    }
    const result: Message[] = [];
    for (let i = lo; i < this.order.length && result.length < count; i++) {
      const msg = this.order[i]!;
      if (!this.isLive(msg) || (sessionId !== undefined && msg.sessionId !== sessionId)) continue;
      result.push(this.wire(msg, msg.deliveryCount));
    }
    return result;
  }

  /** Deferred messages by sequence number ($management receive-by-sequence-number). */
  receiveDeferred(
    seqs: number[],
    peekLock: boolean,
    sessionId: string | undefined,
    now: number,
  ): Delivered[] {
    const found = seqs.map((seq) => {
      const msg = this.messages.get(seq);
      if (
        !msg ||
        msg.state !== 'deferred' ||
        msg.lock ||
        (sessionId !== undefined && msg.sessionId !== sessionId)
      ) {
        throw new EmulatorError(
          Condition.messageNotFound,
          `Failed to lock one or more specified messages: no unlocked deferred message with sequence number ${seq} in '${this.path}'.`,
        );
      }
      if (
        msg.sessionId !== undefined &&
        this.sessions &&
        !this.sessions.find(msg.sessionId)?.isLockedAt(now)
      ) {
        throw sessionLockLost(this.path, msg.sessionId);
      }
      return msg;
    });
    return found.map((msg) => this.deliver(msg, peekLock, now));
  }

  acceptSession(id: string, holder: SessionHolder, now: number): MessageSession {
    const sessions = this.requireSessions();
    const session = sessions.get(id);
    if (session.isLockedAt(now)) {
      throw new EmulatorError(
        Condition.sessionCannotBeLocked,
        `The requested session '${id}' cannot be accepted. It may be locked by another receiver.`,
      );
    }
    if (session.lock) this.releaseSession(session, now, true);
    sessions.lockSession(session, holder, now + this.config.lockDurationMs);
    return session;
  }

  /** Calls back once a session gets messages, locked for the holder; returns a function that stops waiting. */
  waitForSession(holder: SessionHolder, onLocked: (session: MessageSession) => void): () => void {
    const sessions = this.requireSessions();
    return sessions.wait((session) => {
      sessions.lockSession(session, holder, Date.now() + this.config.lockDurationMs);
      onLocked(session);
    });
  }

  /** Locks the session that has waited longest with messages, if any. */
  acceptNextSession(holder: SessionHolder, now: number): MessageSession | undefined {
    const sessions = this.requireSessions();
    const session = sessions.takeReady();
    if (session) sessions.lockSession(session, holder, now + this.config.lockDurationMs);
    return session;
  }

  /** The session lock a holder has, or session-lock-lost. */
  heldSession(id: string, now: number, linkName?: string): MessageSession {
    const session = this.requireSessions().find(id);
    if (
      !session ||
      !session.isLockedAt(now) ||
      (linkName !== undefined && session.lock!.holder.linkName !== linkName)
    ) {
      throw sessionLockLost(this.path, id);
    }
    return session;
  }

  renewSessionLock(session: MessageSession, now: number): number {
    const until = now + this.config.lockDurationMs;
    this.requireSessions().renewLock(session, until);
    return until;
  }

  setSessionState(session: MessageSession, state: Buffer | undefined): void {
    session.state = state;
  }

  /**
   * Gives a session up: its locked messages become available again (their delivery already counted),
   * which is also what happens when its lock runs out (`lost`: the holder's link is then detached).
   */
  releaseSession(session: MessageSession, now: number, lost: boolean): void {
    const holder = session.lock?.holder;
    session.lock = undefined;
    for (const msg of [...session.locked]) {
      this.unlock(msg);
      this.release(msg, now);
    }
    if (session.available.size > 0) this.requireSessions().messagesAvailable(session);
    if (lost) holder?.lockLost();
    this.sessions?.forgetIfIdle(session);
  }

  /** Runs what is due: lock expiries, scheduled enqueues, time-to-live expiries, session lock expiries. */
  tick(now: number): void {
    for (let next = this.lockDeadlines.peek(); next && next.at <= now; next = this.lockDeadlines.peek()) {
      this.lockDeadlines.pop();
      const msg = this.locks.get(next.item);
      if (msg?.lock && msg.lock.until <= now) {
        this.unlock(msg);
        this.release(msg, now);
      }
    }
    for (let next = this.scheduled.peek(); next && next.at <= now; next = this.scheduled.peek()) {
      this.scheduled.pop();
      if (this.isLive(next.item) && next.item.state === 'scheduled') this.activate(next.item, next.at);
    }
    for (let next = this.expiries.peek(); next && next.at <= now; next = this.expiries.peek()) {
      this.expiries.pop();
      // A locked message expires when its lock is released (see release).
      if (this.isLive(next.item) && !next.item.lock) this.expire(next.item, now);
    }
    if (this.sessions) {
      for (const session of this.sessions.expiredLocks(now)) this.releaseSession(session, now, true);
    }
    this.duplicates?.forgetExpired(now);
    this.compactDeadlines();
    this.deadLetterQueue?.tick(now);
  }

  /** The message as a receiver or peek sees it: as sent, plus the broker's annotations. */
  private wire(msg: QueuedMessage, shownDeliveryCount: number): Message {
    const annotations: Record<string, unknown> = {
      ...msg.amqp.message_annotations,
      'x-opt-sequence-number': typed.long(msg.seq),
      'x-opt-enqueued-time': typed.timestamp(msg.enqueuedAt),
      'x-opt-message-state': stateCode[msg.state],
    };
    if (msg.lock) annotations['x-opt-locked-until'] = typed.timestamp(msg.lock.until);
    if (msg.origin) {
      annotations['x-opt-enqueue-sequence-number'] = typed.long(msg.origin.seq);
      annotations['x-opt-deadletter-source'] = msg.origin.path;
    }
    return { ...msg.amqp, delivery_count: shownDeliveryCount, message_annotations: annotations } as Message;
  }

  private insert(
    amqp: Message,
    sessionId: string | undefined,
    deliveryCount: number,
    origin?: QueuedMessage['origin'],
  ): QueuedMessage {
    const msg: QueuedMessage = {
      seq: this.nextSeq++,
      amqp,
      sessionId,
      enqueuedAt: 0,
      expiresAt: Infinity,
      deliveryCount,
      state: 'active',
      lock: undefined,
      origin,
    };
    this.messages.set(msg.seq, msg);
    this.order.push(msg);
    if (sessionId !== undefined && this.sessions) this.sessions.get(sessionId).messageCount += 1;
    return msg;
  }

  private activate(msg: QueuedMessage, at: number): void {
    msg.state = 'active';
    msg.enqueuedAt = at;
    if (!this.isDeadLetterQueue) {
      const headerTtl = typeof msg.amqp.ttl === 'number' && msg.amqp.ttl > 0 ? msg.amqp.ttl : Infinity;
      msg.expiresAt = at + Math.min(headerTtl, this.config.defaultMessageTimeToLiveMs);
      if (Number.isFinite(msg.expiresAt)) this.expiries.push({ at: msg.expiresAt, item: msg });
    }
    this.makeAvailable(msg);
  }

  private makeAvailable(msg: QueuedMessage): void {
    if (msg.sessionId !== undefined && this.sessions) {
      const session = this.sessions.get(msg.sessionId);
      session.available.push(msg);
      this.sessions.messagesAvailable(session);
      return;
    }
    this.available.push(msg);
    for (const consumer of this.consumers) {
      if (this.available.size === 0) break;
      consumer.pump();
    }
  }

  /** After a lock ends without settlement: dead-letter at the max delivery count, else available again. */
  private release(msg: QueuedMessage, now: number): void {
    if (!this.isDeadLetterQueue && msg.deliveryCount >= this.config.maxDeliveryCount) {
      this.deadLetter(
        msg,
        'MaxDeliveryCountExceeded',
        `Message could not be consumed after ${this.config.maxDeliveryCount} delivery attempts.`,
      );
    } else if (msg.expiresAt <= now) {
      this.expire(msg, now);
    } else if (msg.state === 'active') {
      this.makeAvailable(msg);
    }
  }

  private expire(msg: QueuedMessage, now: number): void {
    if (this.config.deadLetteringOnMessageExpiration) {
      this.deadLetter(
        msg,
        'TTLExpiredException',
        `The message expired at ${new Date(msg.expiresAt).toISOString()} and was dead lettered at ${new Date(now).toISOString()}.`,
      );
    } else {
      this.remove(msg);
    }
  }

  private deadLetter(msg: QueuedMessage, reason: string | undefined, description: string | undefined): void {
    if (!this.deadLetterQueue) return;
    this.remove(msg);
    const properties: Record<string, unknown> = { ...msg.amqp.application_properties };
    if (reason !== undefined) properties.DeadLetterReason = reason;
    if (description !== undefined) properties.DeadLetterErrorDescription = description;
    this.deadLetterQueue.acceptDeadLettered(
      msg,
      { ...msg.amqp, application_properties: properties } as Message,
      this.path,
    );
  }

  private acceptDeadLettered(original: QueuedMessage, amqp: Message, sourcePath: string): void {
    const msg = this.insert(amqp, undefined, original.deliveryCount, { seq: original.seq, path: sourcePath });
    msg.enqueuedAt = original.enqueuedAt;
    this.makeAvailable(msg);
  }

  private remove(msg: QueuedMessage): void {
    this.messages.delete(msg.seq);
    if (msg.lock) this.unlock(msg);
    if (msg.sessionId !== undefined && this.sessions) {
      const session = this.sessions.get(msg.sessionId);
      session.messageCount -= 1;
      this.sessions.forgetIfIdle(session);
    }
  }

  private unlock(msg: QueuedMessage): void {
    if (!msg.lock) return;
    this.locks.delete(msg.lock.token);
    if (msg.sessionId !== undefined) this.sessions?.find(msg.sessionId)?.locked.delete(msg);
    msg.lock = undefined;
  }

  private lockedMessage(token: string, now: number): QueuedMessage {
    const msg = this.locks.get(token);
    const lock = msg?.lock;
    if (!msg || !lock) throw lockLost(this.path);
    if (lock.session) {
      const session = this.sessions?.find(msg.sessionId!);
      if (session?.lock !== lock.session || lock.session.until <= now)
        throw sessionLockLost(this.path, msg.sessionId!);
    } else if (lock.until <= now) {
      throw lockLost(this.path);
    }
    return msg;
  }

  private isLive(msg: QueuedMessage): boolean {
    return this.messages.get(msg.seq) === msg;
  }

  private requireSessions(): SessionTable {
    if (!this.sessions) {
      throw new EmulatorError(
        Condition.notAllowed,
        `The entity '${this.path}' does not have sessions enabled.`,
      );
    }
    return this.sessions;
  }

  private compactOrder(): void {
    if (this.order.length > 2 * this.messages.size + COMPACTION_SLACK) {
      this.order = this.order.filter((msg) => this.isLive(msg));
    }
  }

  private compactDeadlines(): void {
    const live = this.messages.size + COMPACTION_SLACK;
    if (this.available.size > 2 * live) this.available.retain((msg) => this.isLive(msg) && !msg.lock);
    if (this.expiries.size > 2 * live) this.expiries.retain((d) => this.isLive(d.item));
    if (this.scheduled.size > 2 * live) this.scheduled.retain((d) => this.isLive(d.item));
    if (this.lockDeadlines.size > 2 * (this.locks.size + COMPACTION_SLACK)) {
      this.lockDeadlines.retain((d) => this.locks.get(d.item)?.lock?.until === d.at);
    }
    this.compactOrder();
  }
}

function sessionIdOf(amqp: Message): string | undefined {
  return amqp.group_id === undefined || amqp.group_id === null ? undefined : String(amqp.group_id);
}

function scheduledTime(amqp: Message): number | undefined {
  const value: unknown = amqp.message_annotations?.['x-opt-scheduled-enqueue-time'];
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  return undefined;
}

/** Abandon/defer/dead-letter may change application properties (Service Bus `propertiesToModify`). */
function modifyProperties(msg: QueuedMessage, changes: Record<string, unknown>): void {
  msg.amqp = {
    ...msg.amqp,
    application_properties: { ...msg.amqp.application_properties, ...changes },
  } as Message;
}
