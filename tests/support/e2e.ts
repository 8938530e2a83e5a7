import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack, type RunningStack, type StackOptions } from '../../local/stack';

export interface E2E {
  stack: RunningStack;
  telemetryFile: string;
  api(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; headers: Headers }>;
  submit(task: Record<string, unknown>, headers?: Record<string, string>): Promise<string>;
  waitForTask(
    taskId: string,
    done: (task: any) => boolean,
    timeoutMs?: number,
    tenant?: string,
  ): Promise<any>;
  telemetry(): any[];
  close(): Promise<void>;
}

export const FINAL = new Set(['completed', 'failed', 'dead_lettered', 'cancelled']);

/** The whole local stack on free ports, driven over HTTP the way a user would. */
export async function startE2E(options: StackOptions = {}): Promise<E2E> {
  const telemetryFile = join(mkdtempSync(join(tmpdir(), 'ants-e2e-')), 'telemetry.jsonl');
  const stack = await startStack({ httpPort: 0, amqpPort: 0, quiet: true, telemetryFile, ...options });
  const base = `${stack.url}/api`;

  async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(base + path, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  }

  async function waitForTask(
    taskId: string,
    done: (task: any) => boolean,
    timeoutMs = 20_000,
    tenant = 'default',
  ) {
    const deadline = Date.now() + timeoutMs;
    let last: any;
    while (Date.now() < deadline) {
      last = (await api('GET', `/v1/tasks/${taskId}`, undefined, { 'x-tenant-id': tenant })).body;
      if (done(last)) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(
      `task ${taskId} did not reach the expected state in ${timeoutMs} ms: ${JSON.stringify(last)}`,
    );
  }

  return {
    stack,
    telemetryFile,
    api,
    async submit(task, headers) {
      const res = await api('POST', '/v1/tasks', task, headers);
      if (res.status !== 202) throw new Error(`submit failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.taskId as string;
    },
    waitForTask,
    telemetry: () =>
      existsSync(telemetryFile)
        ? readFileSync(telemetryFile, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line))
        : [],
    close: () => stack.close(),
  };
}
