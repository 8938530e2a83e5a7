import type { Delivery, EventContext, Receiver, Sender } from 'rhea';
import {
  Credit,
  holdAttach,
  lockTokenToDeliveryTag,
  messagesOfTransfer,
  refuseLink,
  setAttachFields,
  settleDisposition,
  ticksOf,
} from './amqp';
import { Condition, EmulatorError, asEmulatorError } from './errors';
import type { Disposition, DispositionOptions, QueueConsumer, ServiceBusQueue } from './queue';
import type { MessageSession, SessionHolder } from './sessions';

/**
 * Service Bus links: a client sender attached to a queue (messages in) and a client receiver attached to a
 * queue, its dead-letter sub-queue or one of its sessions (messages out, within the link credit, settled
 * by disposition).
 */

/** Standard tier's limit; the SDK sizes batches by the max-message-size of the attach. */
const MAX_MESSAGE_SIZE = 256 * 1024;
const SESSION_FILTER = 'com.microsoft:session-filter';
/** The longest Service Bus holds an accept-next-session attach when the client gives no timeout. */
const DEFAULT_SESSION_WAIT_MS = 60_000;

export function attachQueueSender(link: Receiver, queue: ServiceBusQueue): void {
  setAttachFields(link, { max_message_size: MAX_MESSAGE_SIZE });
  link.on('message', (context: EventContext) => {
    const delivery = context.delivery!;
    try {
      const messages = messagesOfTransfer(context);
      for (const { message } of messages) queue.validate(message);
      const now = Date.now();
      for (const { message } of messages) queue.accept(message, now);
      delivery.accept();
    } catch (err) {
      delivery.reject(asEmulatorError(err).toAmqp());
    }
  });
}

/** Attaches a client receiver; returns what to do when the link, its session or its connection goes. */
export function attachQueueReceiver(link: Sender, queue: ServiceBusQueue): () => void {
  const filter = (link.source?.filter ?? {}) as Record<string, unknown>;
  const wantsSession = Object.prototype.hasOwnProperty.call(filter, SESSION_FILTER);
  if (wantsSession && !queue.sessions) {
    throw new EmulatorError(
      Condition.notAllowed,
      `The entity '${queue.path}' does not have sessions enabled; it cannot be received from with a session receiver.`,
    );
  }
  if (!wantsSession && queue.sessions) {
    throw new EmulatorError(
      Condition.notAllowed,
      `It is not possible for an entity that requires sessions ('${queue.path}') to create a non-sessionful message receiver.`,
    );
  }
  // receive-and-delete: the client asks for settled deliveries; peek-lock: unsettled, settled by the client.
  setAttachFields(link, {
    snd_settle_mode: link.snd_settle_mode,
    rcv_settle_mode: link.rcv_settle_mode,
    max_message_size: MAX_MESSAGE_SIZE,
  });
  const receiver = new QueueReceiver(link, queue);
  const requested = filter[SESSION_FILTER];
  if (!wantsSession) {
    receiver.start(undefined);
  } else if (requested !== null && requested !== undefined) {
    receiver.start(queue.acceptSession(String(requested), receiver, Date.now()));
  } else {
    const next = queue.acceptNextSession(receiver, Date.now());
    if (next) receiver.start(next);
    else
      receiver.waitForSession(Number(link.properties?.['com.microsoft:timeout'] ?? DEFAULT_SESSION_WAIT_MS));
  }
  return () => receiver.close();
}

class QueueReceiver implements QueueConsumer, SessionHolder {
  private readonly credit: Credit;
  private readonly peekLock: boolean;
  private readonly lockTokens = new WeakMap<Delivery, string>();
  private session: MessageSession | undefined;
  private stopWaiting: (() => void) | undefined;
  private holdingAttach = false;
  private closed = false;

  constructor(
    private readonly link: Sender,
    private readonly queue: ServiceBusQueue,
  ) {
    this.credit = new Credit(link);
    this.peekLock = link.snd_settle_mode !== 1;
    link.on('sender_flow', () => this.pump());
    link.on('sendable', () => this.pump());
    link.on('sender_draining', () => {
      this.pump();
      if (this.credit.available() > 0) this.credit.drain();
    });
    link.on('accepted', (context: EventContext) => this.settle(context, 'completed', {}));
    link.on('released', (context: EventContext) => this.settle(context, 'abandoned', {}));
    link.on('modified', (context: EventContext) => {
      const state = context.delivery!.remote_state as {
        undeliverable_here?: boolean;
        message_annotations?: Record<string, unknown>;
      };
      this.settle(context, state.undeliverable_here ? 'defered' : 'abandoned', {
        propertiesToModify: state.message_annotations,
      });
    });
    link.on('rejected', (context: EventContext) => {
      const error = (context.delivery!.remote_state as { error?: { info?: Record<string, unknown> } }).error;
      const { DeadLetterReason, DeadLetterErrorDescription, ...propertiesToModify } = error?.info ?? {};
      this.settle(context, 'suspended', {
        deadLetterReason:
          DeadLetterReason === null || DeadLetterReason === undefined ? undefined : String(DeadLetterReason),
        deadLetterDescription:
          DeadLetterErrorDescription === null || DeadLetterErrorDescription === undefined
            ? undefined
            : String(DeadLetterErrorDescription),
        propertiesToModify,
      });
    });
  }

  get linkName(): string {
    return this.link.name;
  }

  /** Starts delivering from the queue, or from a session this receiver has locked. */
  start(session: MessageSession | undefined): void {
    this.session = session;
    if (session) {
      this.link.set_source({ address: this.link.source.address, filter: { [SESSION_FILTER]: session.id } });
      setAttachFields(this.link, {
        properties: { 'com.microsoft:locked-until-utc': ticksOf(session.lock!.until) },
      });
    } else {
      this.queue.addConsumer(this);
    }
  }

  /** accept-next-session with no session available: the attach is answered when one is, or on timeout. */
  waitForSession(timeoutMs: number): void {
    holdAttach(this.link);
    this.holdingAttach = true;
    const timer = setTimeout(() => {
      this.stopWaiting?.();
      this.stopWaiting = undefined;
      this.holdingAttach = false;
      refuseLink(
        this.link,
        new EmulatorError(
          Condition.timeout,
          `No unlocked session with messages in '${this.queue.path}' within ${timeoutMs} ms.`,
        ).toAmqp(),
      );
    }, timeoutMs);
    this.stopWaiting = this.queue.waitForSession(this, (session) => {
      clearTimeout(timer);
      this.stopWaiting = undefined;
      this.holdingAttach = false;
      this.start(session);
      this.link.open();
    });
    const cancel = this.stopWaiting;
    this.stopWaiting = () => {
      clearTimeout(timer);
      cancel();
    };
  }

  pump(): void {
    const session = this.session;
    if (this.closed || (session && session.lock?.holder !== this)) return;
    const now = Date.now();
    while (this.credit.available() > 0) {
      const msg = this.queue.take(session, now);
      if (!msg) return;
      const delivered = this.queue.deliver(msg, this.peekLock, now, session);
      const tag = delivered.lockToken === undefined ? undefined : lockTokenToDeliveryTag(delivered.lockToken);
      const delivery = this.credit.send(delivered.amqp, tag);
      if (delivered.lockToken !== undefined) this.lockTokens.set(delivery, delivered.lockToken);
    }
  }

  lockLost(): void {
    this.session = undefined;
    this.link.close(
      new EmulatorError(
        Condition.sessionLockLost,
        `The session lock has expired on '${this.queue.path}'. Accept the session again.`,
      ).toAmqp(),
    );
  }

  private settle(context: EventContext, disposition: Disposition, options: DispositionOptions): void {
    const delivery = context.delivery!;
    const token = this.lockTokens.get(delivery);
    // Receive-and-delete deliveries were settled when sent; there is nothing to settle.
    if (token === undefined) return;
    try {
      this.queue.settle(token, disposition, options, Date.now());
      settleDisposition(delivery);
    } catch (err) {
      settleDisposition(delivery, asEmulatorError(err).toAmqp());
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopWaiting?.();
    // The client gave up while its attach was held: answer it so rhea can complete the detach.
    if (this.holdingAttach) this.link.open();
    this.queue.removeConsumer(this);
    // Locks of a plain queue outlive the link (settle later via $management); a session's go with it.
    if (this.session?.lock?.holder === this) this.queue.releaseSession(this.session, Date.now(), false);
  }
}
