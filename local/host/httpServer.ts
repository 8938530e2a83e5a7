import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { HttpRequest, InvocationContext, type HttpResponseInit } from '@azure/functions';
import type { HttpFunction } from '../../functions/table';
import { compileRoute, matchRoute } from './routeTemplate';
import type { HostLog } from './log';

/** `func start` serves HTTP functions under this prefix (host.json `extensions.http.routePrefix`). */
export const ROUTE_PREFIX = '/api/';

/** Reads at most a little over the API's 1 MiB limit: the handler answers 413, the host does not buffer more. */
const MAX_READ_BYTES = 1024 * 1024 + 1;

/**
 * The HTTP half of the local Functions host: the same handlers, given real `HttpRequest` and
 * `InvocationContext` objects built from the Node request, on the same routes as in Azure.
 */
export async function startHttp(
  functions: HttpFunction[],
  port: number,
  host: string,
  log: HostLog,
): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const routes = functions.map((f) => compileRoute(f.route, f));
  const server = createServer((req, res) => {
    serve(routes, req, res, log).catch((error) => {
      log.error(`http ${req.method} ${req.url}: ${(error as Error).stack ?? error}`);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/problem+json' });
      res.end(JSON.stringify({ type: 'urn:ants:problem:500', title: 'Internal Server Error', status: 500 }));
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    server,
    url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function serve(
  routes: ReturnType<typeof compileRoute<HttpFunction>>[],
  req: IncomingMessage,
  res: ServerResponse,
  log: HostLog,
): Promise<void> {
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
  const method = (req.method ?? 'GET').toUpperCase();
  if (!url.pathname.startsWith(ROUTE_PREFIX)) return notFound(res, url.pathname);
  const path = url.pathname.slice(ROUTE_PREFIX.length);
  const match = matchRoute(routes, path, (f) => f.methods.includes(method as never));
  if (!match) {
    const other = matchRoute(routes, path);
    if (other)
      return write(res, problemInit(405, `${method} is not allowed here`), {
        Allow: other.value.methods.join(', '),
      });
    return notFound(res, url.pathname);
  }
  const body = await readBody(req);
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  const request = new HttpRequest({
    method,
    url: url.toString(),
    headers,
    query: Object.fromEntries(url.searchParams),
    params: match.params,
    body: body.length > 0 ? { bytes: body } : undefined,
  });
  const context = new InvocationContext({
    invocationId: randomUUID(),
    functionName: match.value.name,
    logHandler: (level, ...args) => log.fromFunction(match.value.name, level, args),
    traceContext: headers.traceparent ? { traceParent: headers.traceparent } : undefined,
  });
  const started = Date.now();
  const response = (await match.value.handler(request, context)) as HttpResponseInit;
  write(res, response);
  log.info(`${method} ${url.pathname} ${response.status ?? 200} ${Date.now() - started}ms`);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    if (size < MAX_READ_BYTES) chunks.push(buffer);
    size += buffer.length;
  }
  const body = Buffer.concat(chunks);
  // An over-limit body is cut to just over the limit: the handler sees it is too large and answers 413.
  return body.length > MAX_READ_BYTES ? body.subarray(0, MAX_READ_BYTES) : body;
}

function problemInit(status: number, detail: string): HttpResponseInit {
  return {
    status,
    jsonBody: {
      type: `urn:ants:problem:${status}`,
      title: status === 404 ? 'Not Found' : 'Method Not Allowed',
      status,
      detail,
    },
    headers: { 'Content-Type': 'application/problem+json' },
  };
}

function notFound(res: ServerResponse, path: string): void {
  write(res, problemInit(404, `No function serves ${path}`));
}

function write(res: ServerResponse, response: HttpResponseInit, extra: Record<string, string> = {}): void {
  const headers: Record<string, string> = {
    ...(response.headers as Record<string, string> | undefined),
    ...extra,
  };
  let payload: string | Buffer | undefined;
  if (response.jsonBody !== undefined) {
    payload = JSON.stringify(response.jsonBody);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
      headers['Content-Type'] = 'application/json';
  } else if (typeof response.body === 'string' || Buffer.isBuffer(response.body)) {
    payload = response.body;
  }
  res.writeHead(response.status ?? 200, headers);
  res.end(payload);
}
