import { round, summarize, type Summary } from '../support/stats';

/** Task types the default seeded swarm (local/seed.ts) keeps awake, with a capability each serves. */
export const SERVABLE = [
  { taskType: 'crm.customer_support', requiredCapabilities: ['ticket_routing'] },
  { taskType: 'finance.reconciliation', requiredCapabilities: ['reconciliation'] },
  { taskType: 'retail.inventory', requiredCapabilities: ['inventory_optimization'] },
  { taskType: 'it.incident_management', requiredCapabilities: ['incident_triage'] },
] as const;

export interface ApiClient {
  submit(task: Record<string, unknown>): Promise<string>;
  get(taskId: string): Promise<{ status: string; completedAt: string | null; [key: string]: unknown }>;
}

export function apiClient(baseUrl: string, tenant = 'default'): ApiClient {
  const headers = { 'content-type': 'application/json', 'x-tenant-id': tenant };
  return {
    async submit(task) {
      const res = await fetch(`${baseUrl}/api/v1/tasks`, {
        method: 'POST',
        headers,
        body: JSON.stringify(task),
      });
      const body = (await res.json()) as { taskId?: string };
      if (res.status !== 202 || !body.taskId)
        throw new Error(`submit: ${res.status} ${JSON.stringify(body)}`);
      return body.taskId;
    },
    async get(taskId) {
      const res = await fetch(`${baseUrl}/api/v1/tasks/${taskId}`, { headers });
      if (res.status !== 200) throw new Error(`get ${taskId}: ${res.status} ${await res.text()}`);
      return (await res.json()) as { status: string; completedAt: string | null };
    },
  };
}

const FINAL = new Set(['completed', 'failed', 'dead_lettered', 'cancelled']);

export interface LoopResult {
  clients: number;
  durationMs: number;
  completed: number;
  failed: number;
  tasksPerSec: number;
  /** Submit (client clock, before the POST) to completedAt (server clock; same machine). */
  latencyMs: Summary;
  /** Submit to the poll that saw the task complete: adds up to one poll interval. */
  observedLatencyMs: Summary;
  pollIntervalMs: number;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * `clients` closed-loop clients for `durationMs`: each submits a task, polls it until it is final, and
 * submits the next. A task in flight when time is up is finished and counted; throughput is completed
 * tasks over the time until the last client stopped.
 */
export async function closedLoop(
  api: ApiClient,
  options: {
    clients: number;
    durationMs: number;
    pollIntervalMs: number;
    task: (client: number, n: number) => Record<string, unknown>;
    timeoutMs?: number;
  },
): Promise<LoopResult> {
  const latencies: number[] = [];
  const observed: number[] = [];
  let failed = 0;
  const started = Date.now();
  const until = started + options.durationMs;
  const timeoutMs = options.timeoutMs ?? 60_000;
  await Promise.all(
    Array.from({ length: options.clients }, async (_, client) => {
      for (let n = 0; Date.now() < until; n++) {
        const submittedAt = Date.now();
        const id = await api.submit(options.task(client, n));
        for (;;) {
          await sleep(options.pollIntervalMs);
          const task = await api.get(id);
          if (FINAL.has(task.status)) {
            if (task.status === 'completed' && task.completedAt) {
              latencies.push(Date.parse(task.completedAt) - submittedAt);
              observed.push(Date.now() - submittedAt);
            } else failed++;
            break;
          }
          if (Date.now() - submittedAt > timeoutMs) {
            failed++;
            break;
          }
        }
      }
    }),
  );
  const elapsed = Date.now() - started;
  return {
    clients: options.clients,
    durationMs: elapsed,
    completed: latencies.length,
    failed,
    tasksPerSec: round((latencies.length / elapsed) * 1000, 1),
    latencyMs: roundSummary(summarize(latencies)),
    observedLatencyMs: roundSummary(summarize(observed)),
    pollIntervalMs: options.pollIntervalMs,
  };
}

export function roundSummary(s: Summary): Summary {
  return {
    count: s.count,
    mean: round(s.mean, 1),
    p50: round(s.p50, 1),
    p95: round(s.p95, 1),
    p99: round(s.p99, 1),
    max: round(s.max, 1),
  };
}
