import type { HttpMethod, HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import type { z } from 'zod';
import { Conflict, NotFound, Unavailable, Unprocessable } from '../../shared/services/errors';
import type { Swarm } from '../../shared/services/swarm';
import { childOf } from '../../shared/telemetry/traceContext';
import { problem, ProblemError } from './problem';
import { tenantOf, type TenantSource } from './tenant';

export interface RouteContext {
  swarm: Swarm;
  /** Undefined only on routes that are not tenant-scoped (health, OpenAPI). */
  tenantId: string;
  request: HttpRequest;
  context: InvocationContext;
  /** W3C trace context of this request: a child of an incoming `traceparent`, or a new trace. */
  traceparent: string;
}

export interface RouteDoc {
  summary: string;
  tags: string[];
  body?: z.ZodType;
  query?: z.ZodObject;
  params?: z.ZodObject;
  headers?: z.ZodObject;
  responses: Record<number, { description: string; schema?: z.ZodType }>;
}

/** One HTTP function: its registration, its OpenAPI description and its handler, declared once. */
export interface HttpRoute {
  name: string;
  methods: HttpMethod[];
  route: string;
  authLevel: 'anonymous' | 'function' | 'admin';
  tenantScoped: boolean;
  doc: RouteDoc;
  handle(ctx: RouteContext): Promise<HttpResponseInit>;
}

export interface HttpWiring {
  swarm: () => Promise<Swarm>;
  tenantSource: TenantSource;
}

/** Maps use-case failures to problem responses; anything unexpected is logged and becomes a bare 500. */
export function toResponse(error: unknown, context: InvocationContext): HttpResponseInit {
  if (error instanceof ProblemError) return error.response;
  if (error instanceof NotFound) return problem(404, error.message);
  if (error instanceof Conflict) return problem(409, error.message);
  if (error instanceof Unprocessable) {
    return problem(
      422,
      error.message,
      error.path ? { errors: [{ path: `body.${error.path}`, message: error.message }] } : {},
    );
  }
  if (error instanceof Unavailable) return problem(503, error.message, {}, { 'Retry-After': '5' });
  if (error instanceof Error && error.name === 'InvalidContinuationToken') return problem(400, error.message);
  context.error('Unhandled error', error);
  return problem(500, 'An unexpected error occurred; it has been logged');
}

export function handlerFor(route: HttpRoute, wiring: HttpWiring) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    try {
      const tenantId = route.tenantScoped ? tenantOf(request, wiring.tenantSource) : '';
      const swarm = await wiring.swarm();
      // This request is a span of the caller's trace when it sent one, else the root of a new trace.
      const incoming = request.headers.get('traceparent') ?? context.traceContext?.traceParent;
      return await route.handle({ swarm, tenantId, request, context, traceparent: childOf(incoming) });
    } catch (error) {
      return toResponse(error, context);
    }
  };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponseInit {
  return { status, jsonBody: body, headers: { 'Content-Type': 'application/json', ...headers } };
}
