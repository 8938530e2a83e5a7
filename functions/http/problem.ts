import type { HttpResponseInit } from '@azure/functions';
import type { ZodError } from 'zod';
import type { ProblemDetails } from '../../shared/schemas/problem';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** An RFC 9457 problem response. `type` is a stable URN per status so clients can switch on it. */
export function problem(
  status: number,
  detail: string,
  extra: Partial<ProblemDetails> = {},
  headers: Record<string, string> = {},
): HttpResponseInit {
  const body: ProblemDetails = {
    type: `urn:ants:problem:${status}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    ...extra,
  };
  return { status, jsonBody: body, headers: { 'Content-Type': 'application/problem+json', ...headers } };
}

/** Zod issues as field-level errors with dotted paths (`payload.items.0.sku`). */
export function fieldErrors(error: ZodError, prefix = ''): { path: string; message: string }[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));
}

/** Thrown inside a handler to stop with a specific problem response. */
export class ProblemError extends Error {
  constructor(readonly response: HttpResponseInit) {
    super(String((response.jsonBody as ProblemDetails | undefined)?.detail ?? 'problem'));
    this.name = 'ProblemError';
  }
}
