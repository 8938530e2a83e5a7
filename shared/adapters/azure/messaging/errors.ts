/**
 * Errors of the messaging adapters. Each carries a stable `name` so a trigger can map it without importing
 * this module (e.g. a retryable failure to HTTP 503, an invalid signal to a bug report).
 */

/**
 * A Service Bus or Event Hubs call that failed, with the operation and the entity it addressed. `retryable`
 * and `code` come from the SDK's error (after the SDK's own retries were spent); the SDK error is `cause`.
 */
export class MessagingOperationFailed extends Error {
  readonly retryable: boolean;
  readonly code: string | undefined;

  constructor(
    readonly operation: string,
    readonly entity: string,
    cause: unknown,
  ) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(`${operation} on '${entity}' failed: ${detail}`, { cause });
    this.name = 'MessagingOperationFailed';
    const sdk = (cause ?? {}) as { retryable?: unknown; code?: unknown };
    this.retryable = sdk.retryable === true;
    this.code = typeof sdk.code === 'string' ? sdk.code : undefined;
  }
}

/** Runs one SDK call and wraps what it throws; never swallows. */
export async function messagingCall<T>(
  operation: string,
  entity: string,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof MessagingOperationFailed) throw error;
    throw new MessagingOperationFailed(operation, entity, error);
  }
}

/** A pheromone signal that does not match its schema; nothing of the batch it came in was sent. */
export class InvalidPheromoneSignal extends Error {
  constructor(
    readonly index: number,
    readonly signalId: string | undefined,
    readonly issues: string[],
  ) {
    super(`Pheromone signal ${index}${signalId ? ` ('${signalId}')` : ''} is invalid: ${issues.join('; ')}`);
    this.name = 'InvalidPheromoneSignal';
  }
}

/** A signal whose encoded event exceeds the hub's maximum event size even alone in a batch. */
export class PheromoneSignalTooLarge extends Error {
  constructor(
    readonly signalId: string,
    readonly maxSizeInBytes: number,
  ) {
    super(`Pheromone signal '${signalId}' does not fit in an event (at most ${maxSizeInBytes} bytes)`);
    this.name = 'PheromoneSignalTooLarge';
  }
}
