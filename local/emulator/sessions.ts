import { MinHeap } from './heap';
import type { QueuedMessage } from './queue';

/** Whoever holds a session lock: a session receiver link. `pump` is called when its session gets messages. */
export interface SessionHolder {
  readonly linkName: string;
  pump(): void;
  /** The lock ran out: the holder's link is detached with session-lock-lost. */
  lockLost(): void;
}

export interface SessionLock {
  holder: SessionHolder;
  until: number;
}

/** One message session: its own ordered backlog, lock and state (Service Bus keeps state per session). */
export class MessageSession {
  readonly available = new MinHeap<QueuedMessage>((a, b) => a.seq < b.seq);
  /** Messages delivered under the current session lock, released together when the lock goes. */
  readonly locked = new Set<QueuedMessage>();
  lock: SessionLock | undefined;
  state: Buffer | undefined;
  /** Live messages of the session in any state; a session with none, no lock and no state is forgotten. */
  messageCount = 0;

  constructor(readonly id: string) {}

  isLockedAt(now: number): boolean {
    return this.lock !== undefined && this.lock.until > now;
  }
}

type Waiter = (session: MessageSession) => void;

/**
 * The sessions of one queue. Accepting "the next available session" takes the session that has been
 * waiting with messages the longest; receivers waiting for one are served in arrival order.
 */
export class SessionTable {
  private readonly sessions = new Map<string, MessageSession>();
  /** Sessions that had messages and no lock when last seen; validated lazily when taken. */
  private readonly ready = new Set<string>();
  private readonly waiters: Waiter[] = [];
  private readonly lockDeadlines = new MinHeap<{ at: number; session: MessageSession }>(
    (a, b) => a.at < b.at,
  );

  get(id: string): MessageSession {
    let session = this.sessions.get(id);
    if (!session) {
      session = new MessageSession(id);
      this.sessions.set(id, session);
    }
    return session;
  }

  find(id: string): MessageSession | undefined {
    return this.sessions.get(id);
  }

  /**
   * A session gained available messages: its holder pumps, or it is offered to a waiting receiver. A lock
   * that has run out still counts until the clock tick releases it, so its holder is told first.
   */
  messagesAvailable(session: MessageSession): void {
    if (session.lock) {
      session.lock.holder.pump();
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) waiter(session);
    else this.ready.add(session.id);
  }

  lockSession(session: MessageSession, holder: SessionHolder, until: number): void {
    session.lock = { holder, until };
    this.ready.delete(session.id);
    this.lockDeadlines.push({ at: until, session });
  }

  renewLock(session: MessageSession, until: number): void {
    session.lock!.until = until;
    this.lockDeadlines.push({ at: until, session });
  }

  /** The next unlocked session with messages, or undefined. */
  takeReady(): MessageSession | undefined {
    for (const id of this.ready) {
      this.ready.delete(id);
      const session = this.sessions.get(id);
      if (session && !session.lock && session.available.size > 0) return session;
    }
    return undefined;
  }

  wait(waiter: Waiter): () => void {
    this.waiters.push(waiter);
    return () => {
      const i = this.waiters.indexOf(waiter);
      if (i >= 0) this.waiters.splice(i, 1);
    };
  }

  /** Session locks whose time has passed, in deadline order (stale deadlines of renewed locks skipped). */
  *expiredLocks(now: number): Generator<MessageSession> {
    for (let next = this.lockDeadlines.peek(); next && next.at <= now; next = this.lockDeadlines.peek()) {
      this.lockDeadlines.pop();
      const lock = next.session.lock;
      if (lock && lock.until <= now) yield next.session;
    }
  }

  /** Forgets a session that holds nothing, so ids of finished workflows do not accumulate. */
  forgetIfIdle(session: MessageSession): void {
    if (session.messageCount === 0 && !session.lock && session.state === undefined) {
      this.sessions.delete(session.id);
      this.ready.delete(session.id);
    }
  }
}
