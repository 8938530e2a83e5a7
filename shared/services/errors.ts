/**
 * Failures a use case reports to its caller. The HTTP layer maps each to a status; other triggers log
 * them. Anything else is a bug or a dependency failure and surfaces as a 5xx / retry.
 */
export class NotFound extends Error {
  constructor(what: string) {
    super(`${what} was not found`);
    this.name = 'NotFound';
  }
}

export class Conflict extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Conflict';
  }
}

/** Valid input that the current state cannot accept (e.g. an unknown agent type). */
export class Unprocessable extends Error {
  constructor(
    message: string,
    readonly path: string = '',
  ) {
    super(message);
    this.name = 'Unprocessable';
  }
}

/** A dependency refused the work; the caller may retry later. */
export class Unavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Unavailable';
  }
}
