import type { AmqpError } from 'rhea';

/**
 * The AMQP error conditions the Azure SDKs translate into typed errors (core-amqp's
 * ConditionErrorNameMapper). Using the exact strings is what makes `err.code` on the client side read
 * `MessageLockLostError`, `SessionCannotBeLockedError`, `MessagingEntityNotFoundError`, ...
 */
export const Condition = {
  notFound: 'amqp:not-found',
  notImplemented: 'amqp:not-implemented',
  notAllowed: 'amqp:not-allowed',
  invalidField: 'amqp:invalid-field',
  internalError: 'amqp:internal-error',
  linkStolen: 'amqp:link:stolen',
  messageLockLost: 'com.microsoft:message-lock-lost',
  sessionLockLost: 'com.microsoft:session-lock-lost',
  sessionCannotBeLocked: 'com.microsoft:session-cannot-be-locked',
  messageNotFound: 'com.microsoft:message-not-found',
  timeout: 'com.microsoft:timeout',
  argumentError: 'com.microsoft:argument-error',
  deadLetter: 'com.microsoft:dead-letter',
} as const;
export type Condition = (typeof Condition)[keyof typeof Condition];

/** The HTTP-style status a $management/$cbs response carries for each condition. */
const statusByCondition: Record<Condition, number> = {
  [Condition.notFound]: 404,
  [Condition.messageNotFound]: 404,
  [Condition.notImplemented]: 501,
  [Condition.notAllowed]: 400,
  [Condition.invalidField]: 400,
  [Condition.argumentError]: 400,
  [Condition.internalError]: 500,
  [Condition.linkStolen]: 410,
  [Condition.messageLockLost]: 410,
  [Condition.sessionLockLost]: 410,
  [Condition.sessionCannotBeLocked]: 410,
  [Condition.timeout]: 408,
  [Condition.deadLetter]: 400,
};

/** An error the emulator reports to the client as an AMQP error (link detach, disposition or response). */
export class EmulatorError extends Error {
  constructor(
    readonly condition: Condition,
    message: string,
  ) {
    super(message);
    this.name = 'EmulatorError';
  }

  get status(): number {
    return statusByCondition[this.condition];
  }

  toAmqp(): AmqpError {
    return { condition: this.condition, description: this.message };
  }
}

/** Any thrown value as an EmulatorError, so a bug in the emulator still reaches the client loudly. */
export function asEmulatorError(err: unknown): EmulatorError {
  if (err instanceof EmulatorError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new EmulatorError(Condition.internalError, `ANTS emulator internal error: ${message}`);
}
