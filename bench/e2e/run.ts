import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack } from '../../local/stack';
import { log } from '../support/results';
import { round } from '../support/stats';
import { BASELINE_QUEUE, brokerBaseline } from './baseline';
import { apiClient, closedLoop, SERVABLE, sleep, type ApiClient, type LoopResult } from './closedLoop';

const LEVELS = [1, 10, 100] as const;
/** The worker's concurrency on the normal-priority queue (shared/entities.json): the baseline gets as many consumers. */
const NORMAL_QUEUE_CONCURRENCY = 8;

/**
 * End to end on the local stack, in this process: start-up time, closed-loop throughput and latency at 1,
 * 10 and 100 clients over HTTP, the same loops against a bare Service Bus queue on the same emulator, and
 * priority-9 latency with and without a low-priority backlog.
 */
export async function runE2E(quick: boolean) {
  const durationMs = quick ? 3_000 : 10_000;
  const backlogSize = quick ? 500 : 2_000;
  const telemetryFile = join(mkdtempSync(join(tmpdir(), 'ants-bench-')), 'telemetry.jsonl');
  const booted = Date.now();
  const stack = await startStack({
    httpPort: 0,
    amqpPort: 0,
    quiet: true,
    telemetryFile,
    emulatorEntities: { queues: [{ name: BASELINE_QUEUE, maxDeliveryCount: 10, lockDurationMs: 60_000 }] },
  });
  const startupMs = Date.now() - booted;
  log(`  stack up in ${startupMs} ms`);
  try {
    const api = apiClient(stack.url);
    const normal = (client: number, n: number) => ({
      ...SERVABLE[(client + n) % SERVABLE.length]!,
      priority: 5,
      payload: { client, n },
    });
    // Warm-up: JIT, connection pools, first reads of every container; not recorded.
    await closedLoop(api, { clients: 4, durationMs: quick ? 500 : 2_000, pollIntervalMs: 20, task: normal });

    const swarm: Record<string, LoopResult> = {};
    for (const clients of LEVELS) {
      swarm[clients] = await closedLoop(api, {
        clients,
        durationMs,
        pollIntervalMs: pollInterval(clients),
        task: normal,
      });
      log(`  swarm ${clients} client(s): ${line(swarm[clients]!)}`);
    }
    const broker: Record<string, LoopResult> = {};
    for (const clients of LEVELS) {
      broker[clients] = await brokerBaseline(stack.settings.ServiceBusConnection!, {
        clients,
        durationMs,
        consumers: NORMAL_QUEUE_CONCURRENCY,
      });
      log(`  bare queue ${clients} client(s): ${line(broker[clients]!)}`);
    }
    const overheadVsBroker = Object.fromEntries(
      LEVELS.map((c) => [
        c,
        {
          throughputShareOfBroker: round(swarm[c]!.tasksPerSec / broker[c]!.tasksPerSec, 3),
          p50LatencyTimesBroker: round(swarm[c]!.latencyMs.p50 / broker[c]!.latencyMs.p50, 1),
          p99LatencyTimesBroker: round(swarm[c]!.latencyMs.p99 / broker[c]!.latencyMs.p99, 1),
        },
      ]),
    );
    const highPriority = await priorityUnderBacklog(api, quick, backlogSize);
    return {
      note: 'One Node process hosts the clients, the Functions host, Azurite, the Cosmos API server and the AMQP emulator on a 2-core machine: absolute figures are for this machine, the broker ratios are the portable part. Latency is submit (client clock) to completedAt (server clock, same machine).',
      startupMs,
      stackStartupMs: stack.startupMs,
      durationMsPerLevel: durationMs,
      taskMix: `${SERVABLE.map((s) => s.taskType).join(', ')} round-robin, priority 5 (the normal queue, worker concurrency ${NORMAL_QUEUE_CONCURRENCY}), offline model`,
      swarm,
      broker,
      overheadVsBroker,
      highPriority,
    };
  } finally {
    await stack.close();
  }
}

function pollInterval(clients: number): number {
  // Polling is the client's cost, not the swarm's: often for one client, less often for a hundred (100
  // clients polling every 20 ms would be 5,000 reads/s against the same process).
  if (clients <= 1) return 5;
  return clients >= 100 ? 100 : 20;
}

function line(r: LoopResult): string {
  return `${r.tasksPerSec} tasks/s, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms (${r.completed} done, ${r.failed} failed)`;
}

/**
 * Priority-9 tasks (5 closed-loop clients) on an idle stack, then again right after a backlog of
 * priority-1 tasks of the same type was queued: the high band has its own queue and worker slots.
 */
async function priorityUnderBacklog(api: ApiClient, quick: boolean, backlogSize: number) {
  const type = SERVABLE[0];
  const urgent = (client: number, n: number) => ({
    ...type,
    priority: 9,
    payload: { urgent: `${client}-${n}`, simulate: { latencyMs: 100 } },
  });
  const durationMs = quick ? 2_000 : 5_000;
  const idle = await closedLoop(api, { clients: 5, durationMs, pollIntervalMs: 20, task: urgent });
  log(`  priority 9 on an idle stack: ${line(idle)}`);

  const submitted = Date.now();
  const backlog: string[] = [];
  for (let i = 0; i < backlogSize; i += 25) {
    const batch = Array.from({ length: Math.min(25, backlogSize - i) }, (_, j) =>
      api.submit({ ...type, priority: 1, payload: { backlog: i + j, simulate: { latencyMs: 100 } } }),
    );
    backlog.push(...(await Promise.all(batch)));
  }
  const submitMs = Date.now() - submitted;
  await sleep(200);
  const loaded = await closedLoop(api, { clients: 5, durationMs, pollIntervalMs: 20, task: urgent });
  const states = await Promise.all(
    backlog
      .filter((_, i) => i % Math.max(1, Math.floor(backlog.length / 100)) === 0)
      .map((id) => api.get(id)),
  );
  const stillWaiting = states.filter((t) => t.status !== 'completed').length / states.length;
  log(
    `  priority 9 behind ${backlogSize} priority-1 tasks: ${line(loaded)}; ${Math.round(stillWaiting * 100)} % of the backlog still waiting`,
  );
  return {
    backlogSize,
    backlogSubmitMs: submitMs,
    idle,
    underBacklog: loaded,
    backlogShareStillWaitingAfter: round(stillWaiting, 2),
    p99TimesIdle: round(loaded.latencyMs.p99 / idle.latencyMs.p99, 2),
  };
}
