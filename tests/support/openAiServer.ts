import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback server speaking the Azure OpenAI data-plane REST API for chat completions:
 * `POST /openai/deployments/{deployment}/chat/completions?api-version=…` with `Authorization: Bearer …`,
 * answering with the service's response and error shapes. Each deployment is scripted with a queue of
 * behaviours; the last one repeats. Every request is recorded, so tests can assert what reached the wire.
 */

export type Behaviour =
  /** 200 with this message content (an object is JSON-encoded) and optional usage. */
  | { reply: Record<string, unknown> | string; usage?: { prompt_tokens: number; completion_tokens: number } }
  /** An error status with the Azure error body, e.g. 429 with `retry-after`. */
  | { status: number; headers?: Record<string, string>; code?: string; message?: string }
  /** Waits before behaving as `then`; the timer is dropped if the client gives up first. */
  | { delayMs: number; then: Behaviour };

export interface RecordedRequest {
  deployment: string;
  apiVersion: string | null;
  authorization: string | undefined;
  body: {
    model?: string;
    messages?: { role: string; content: string }[];
    response_format?: { type: string };
    [key: string]: unknown;
  };
  /** The raw request body, for "this string never left the process" assertions. */
  raw: string;
}

export interface OpenAiServerOptions {
  /** The only bearer token accepted. */
  token: string;
  /** The only api-version accepted. */
  apiVersion: string;
}

const ROUTE = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/;

export class OpenAiServer {
  readonly requests: RecordedRequest[] = [];
  private readonly scripts = new Map<string, Behaviour[]>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private server: Server | undefined;
  private sequence = 0;

  constructor(private readonly options: OpenAiServerOptions) {}

  /** `https://<account>.openai.azure.com/` equivalent on loopback. */
  endpoint = '';

  async start(): Promise<this> {
    const server = createServer((req, res) => this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    this.endpoint = `http://127.0.0.1:${port}/`;
    return this;
  }

  async stop(): Promise<void> {
    this.timers.forEach(clearTimeout);
    this.timers.clear();
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
  }

  /** Replaces the script of a deployment; deployments without a script do not exist (404). */
  script(deployment: string, ...behaviours: Behaviour[]): this {
    this.scripts.set(deployment, behaviours);
    return this;
  }

  requestsTo(deployment: string): RecordedRequest[] {
    return this.requests.filter((r) => r.deployment === deployment);
  }

  reset(): void {
    this.requests.length = 0;
    this.scripts.clear();
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const raw = Buffer.concat(chunks).toString('utf8');
      const match = ROUTE.exec(url.pathname);
      if (req.method !== 'POST' || !match?.[1]) {
        return this.error(res, 404, { code: '404', message: 'Resource not found' });
      }
      const deployment = decodeURIComponent(match[1]);
      const apiVersion = url.searchParams.get('api-version');
      let body: RecordedRequest['body'] = {};
      try {
        body = JSON.parse(raw) as RecordedRequest['body'];
      } catch {
        return this.error(res, 400, { code: 'BadRequest', message: 'Request body is not valid JSON.' });
      }
      this.requests.push({ deployment, apiVersion, authorization: req.headers.authorization, body, raw });

      if (req.headers.authorization !== `Bearer ${this.options.token}`) {
        return this.error(res, 401, {
          code: 'PermissionDenied',
          message: 'Access token is missing, invalid, audience is incorrect, or have expired.',
        });
      }
      if (apiVersion !== this.options.apiVersion) {
        return this.error(res, 404, { code: '404', message: 'Resource not found' });
      }
      const queue = this.scripts.get(deployment);
      const behaviour = queue && (queue.length > 1 ? queue.shift() : queue[0]);
      if (!behaviour) {
        return this.error(res, 404, {
          code: 'DeploymentNotFound',
          message: 'The API deployment for this resource does not exist.',
        });
      }
      this.behave(behaviour, deployment, body, res);
    });
  }

  private behave(
    behaviour: Behaviour,
    deployment: string,
    body: RecordedRequest['body'],
    res: ServerResponse,
  ) {
    if ('delayMs' in behaviour) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (!res.destroyed) this.behave(behaviour.then, deployment, body, res);
      }, behaviour.delayMs);
      this.timers.add(timer);
      res.on('close', () => {
        clearTimeout(timer);
        this.timers.delete(timer);
      });
      return;
    }
    if ('status' in behaviour) {
      return this.error(
        res,
        behaviour.status,
        {
          code: behaviour.code ?? String(behaviour.status),
          message: behaviour.message ?? `status ${behaviour.status}`,
        },
        behaviour.headers,
      );
    }
    const content = typeof behaviour.reply === 'string' ? behaviour.reply : JSON.stringify(behaviour.reply);
    const promptChars = (body.messages ?? []).reduce((n, m) => n + String(m.content).length, 0);
    const usage = behaviour.usage ?? {
      prompt_tokens: Math.ceil(promptChars / 4),
      completion_tokens: Math.ceil(content.length / 4),
    };
    const filtered = { filtered: false, severity: 'safe' };
    const filters = { hate: filtered, self_harm: filtered, sexual: filtered, violence: filtered };
    this.json(res, 200, {
      id: `chatcmpl-${++this.sequence}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: `${deployment}-2024-08-06`,
      system_fingerprint: 'fp_loopback',
      prompt_filter_results: [{ prompt_index: 0, content_filter_results: filters }],
      choices: [
        {
          index: 0,
          finish_reason: 'stop',
          logprobs: null,
          message: { role: 'assistant', content, refusal: null },
          content_filter_results: filters,
        },
      ],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    });
  }

  private error(
    res: ServerResponse,
    status: number,
    error: { code: string; message: string },
    headers: Record<string, string> = {},
  ) {
    this.json(res, status, { error }, headers);
  }

  private json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      'apim-request-id': `req-${this.sequence}`,
      ...headers,
    });
    res.end(text);
  }
}
