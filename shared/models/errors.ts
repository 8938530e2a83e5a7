/**
 * Errors of a model call. The worker decides from them: a retryable failure goes back to Service Bus (with
 * `retryAfterSeconds` when the service said when to come back) and leaves a DANGER pheromone; a
 * non-retryable one fails the task at once.
 */
export class ModelCallFailed extends Error {
  readonly retryable: boolean;
  readonly retryAfterSeconds: number | undefined;
  /** The model (deployment) that failed last, or the one that was asked for. */
  readonly model: string;

  constructor(
    message: string,
    options: { model: string; retryable: boolean; retryAfterSeconds?: number; cause?: unknown },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ModelCallFailed';
    this.model = options.model;
    this.retryable = options.retryable;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** The model answered, but not with a usable JSON object (not JSON, not an object, too large, wrong shape). */
export class ModelOutputInvalid extends Error {
  readonly model: string | undefined;
  /** Field-level problems when a schema was given, e.g. `decision: Required`. */
  readonly issues: string[];

  constructor(message: string, options: { model?: string; issues?: string[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ModelOutputInvalid';
    this.model = options.model;
    this.issues = options.issues ?? [];
  }
}
