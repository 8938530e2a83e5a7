/**
 * Errors of the Cosmos adapters beyond the ports' ConcurrencyConflict and AlreadyExists. Each carries a
 * stable `name` so a trigger can map it (e.g. to a 400) without importing this module.
 */

/** A continuation token that this store did not issue, or that was altered. */
export class InvalidContinuationToken extends Error {
  constructor(reason: string) {
    super(`Invalid continuation token: ${reason}`);
    this.name = 'InvalidContinuationToken';
  }
}

/** A document that does not match its schema: read from the store, or about to be written to it. */
export class CorruptDocument extends Error {
  constructor(
    readonly container: string,
    readonly id: string,
    readonly tenantId: string,
    when: 'read' | 'write',
    detail: string,
  ) {
    super(`${container} document '${id}' (tenant '${tenantId}') failed its schema on ${when}: ${detail}`);
    this.name = 'CorruptDocument';
  }
}
