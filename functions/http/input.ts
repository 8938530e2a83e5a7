import type { HttpRequest } from '@azure/functions';
import type { z } from 'zod';
import { fieldErrors, problem, ProblemError } from './problem';

/** Service Bus Standard caps a message at 256 KB, but the payload stays in Cosmos: 1 MiB is the API's limit. */
export const MAX_BODY_BYTES = 1024 * 1024;

function isJson(contentType: string | null): boolean {
  if (!contentType) return false;
  const media = contentType.split(';')[0]!.trim().toLowerCase();
  return media === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(media);
}

/** Reads, size-checks, parses and validates a JSON body; every rejection is a problem response. */
export async function readBody<S extends z.ZodType>(request: HttpRequest, schema: S): Promise<z.output<S>> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) throw tooLarge(declared);
  if (!isJson(request.headers.get('content-type'))) {
    throw new ProblemError(
      problem(
        415,
        `Send the body as application/json (got '${request.headers.get('content-type') ?? 'none'}')`,
      ),
    );
  }
  const bytes = Buffer.from(await request.arrayBuffer());
  if (bytes.length > MAX_BODY_BYTES) throw tooLarge(bytes.length);
  let json: unknown;
  try {
    json = JSON.parse(bytes.length ? bytes.toString('utf8') : 'null');
  } catch (error) {
    throw new ProblemError(problem(400, `The body is not valid JSON: ${(error as Error).message}`));
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ProblemError(
      problem(422, 'The body does not match the schema', { errors: fieldErrors(parsed.error, 'body') }),
    );
  }
  return parsed.data;
}

function tooLarge(bytes: number): ProblemError {
  return new ProblemError(problem(413, `The body is ${bytes} bytes; the limit is ${MAX_BODY_BYTES} bytes`));
}

/** Validates query parameters (strings, coerced by the schema); failures are 400 with field paths. */
export function readQuery<S extends z.ZodType>(request: HttpRequest, schema: S): z.output<S> {
  const raw: Record<string, string> = {};
  request.query.forEach((value, key) => {
    raw[key] = value;
  });
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new ProblemError(
      problem(400, 'The query string is not valid', { errors: fieldErrors(parsed.error, 'query') }),
    );
  }
  return parsed.data;
}

export function readParam(request: HttpRequest, name: string): string {
  const value = request.params[name];
  if (!value) throw new ProblemError(problem(400, `Missing path parameter '${name}'`));
  return value;
}
