import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ServiceBusClient,
  type ServiceBusReceivedMessage,
  type ServiceBusReceiver,
} from '@azure/service-bus';
import { catalog } from '../../shared/catalog';
import { buildSwarm, readSettings } from '../../shared/config';
import { taskQueueFor } from '../../shared/entities';
import { RECENT_SIGNAL_IDS } from '../../shared/domain/trail';
import { deployAgents } from '../../shared/services/agents/deployAgents';
import { tickLifecycle } from '../../shared/services/lifecycle/tickLifecycle';
import { foldSignals } from '../../shared/services/sensor/foldSignals';
import { reactToSignals } from '../../shared/services/sensor/react';
import type { Swarm } from '../../shared/services/swarm';
import { submitTask } from '../../shared/services/tasks/submitTask';
import { processTask } from '../../shared/services/worker/processTask';
import type { Settlement } from '../../shared/services/worker/settlement';
import { SwarmView } from '../../shared/services/swarmView';
import { startDependencies } from '../../local/stack';
import { seedDefaultSwarm } from '../../local/seed';
import { log } from '../support/results';
import { round } from '../support/stats';
import { countingSwarm, OperationLog, type Operation, type Phase } from './counting';
import {
  insertRu,
  MISS_RU,
  pointReadRu,
  PRICES,
  queryRu,
  queryRuUpperBound,
  replaceRu,
  RU_FORMULA,
} from './pricing';

const SEED_BUDGET_RU_PER_TASK = 144;
const TARGET_RU_PER_TASK = 30;
const TICKS_PER_DAY = 1440;
const TASKS_PER_DAY = { reference: 10_000, busy: 240_000 };

/** A customer-support ticket of realistic size (~0.5 KB of payload). */
function submission(n: number) {
  return {
    taskType: 'crm.customer_support',
    requiredCapabilities: ['ticket_routing'],
    priority: 5,
    impact: 'low' as const,
    payload: {
      ticketId: `T-${100000 + n}`,
      channel: 'email',
      subject: 'Order arrived damaged, need a replacement before Friday',
      body: 'Hello, the blender I ordered last week arrived with a cracked jug. I would like a replacement shipped before Friday as it is a gift. Order number attached. Thanks, A. Customer'.repeat(
        2,
      ),
      orderId: `O-${900000 + n}`,
    },
  };
}

/**
 * Counts what one task costs in Azure operations by running it through the real use cases — submitTask,
 * processTask (claim, run, complete, release, signals), the sensor's foldSignals and reactToSignals, and a
 * share of the lifecycle tick — against the local Cosmos server and AMQP emulator, with counting decorators
 * on the swarm's ports. Then prices them.
 */
export async function runCost(quick: boolean) {
  const tasksPerScenario = quick ? 15 : 60;
  const deps = await startDependencies({
    amqpPort: 0,
    telemetryFile: join(mkdtempSync(join(tmpdir(), 'ants-cost-')), 'telemetry.jsonl'),
  });
  const { settings, emulator } = deps;
  const base = buildSwarm(readSettings(settings));
  const ops = new OperationLog();
  const swarm = countingSwarm(base, ops);
  const serviceBus = new ServiceBusClient(emulator.connectionString);
  const queue = taskQueueFor(5);
  const receiver = serviceBus.createReceiver(queue.name, { receiveMode: 'peekLock' });
  try {
    const defaultSwarm = await scenario(swarm, base, ops, receiver, queue.maxDeliveryCount, {
      name: 'the default seeded swarm (npm start): 11 agents in the tenant',
      tenant: 'default',
      tasks: tasksPerScenario,
      setup: () => seedDefaultSwarm(swarm, 'default'),
    });
    log(`  cost, 11 agents: ${headline(defaultSwarm)}`);
    const reference = await scenario(swarm, base, ops, receiver, queue.maxDeliveryCount, {
      name: 'the reference scenario: 1,000 catalogue agents in the tenant',
      tenant: 'tenant-1000',
      tasks: tasksPerScenario,
      setup: () => deployThousand(swarm, 'tenant-1000'),
    });
    log(`  cost, 1,000 agents: ${headline(reference)}`);
    return {
      formula: RU_FORMULA,
      prices: PRICES,
      assumptions: [
        'Operations are counted by decorators on the swarm ports while the real use cases run; Service Bus receive and settle are counted where this bench performs them (as the Functions host would).',
        `The TASK and SUCCESS trails of the task type are pre-warmed to their steady state (${RECENT_SIGNAL_IDS} remembered signal ids each) before counting.`,
        'The sensor folds each published batch as it was published (low load: one Event Hubs batch per publish); under heavy load batches are larger and the per-batch agent read is shared.',
        `The lifecycle tick (every minute) is amortised over ${TASKS_PER_DAY.reference.toLocaleString('en-US')} tasks a day (the reference scenario) and, for comparison, ${TASKS_PER_DAY.busy.toLocaleString('en-US')}.`,
        'Service Bus: the 13 M operations included each month are ignored (worst case). Event Hubs: throughput units are a fixed hourly cost, not per task, and are left out.',
        `Functions: execution time is this machine's wall time of each use case with the offline model (a real model call adds its latency to the worker's GB-seconds); ${PRICES.functionsInstanceMemoryGb} GB instance memory.`,
      ],
      seedBudgetRuPerTask: SEED_BUDGET_RU_PER_TASK,
      targetRuPerTask: TARGET_RU_PER_TASK,
      scenarios: { defaultSwarm, reference },
    };
  } finally {
    await receiver.close();
    await serviceBus.close();
    await base.close();
    await deps.close();
  }
}

function headline(s: Awaited<ReturnType<typeof scenario>>): string {
  return `${s.ruPerTask} RU/task (${s.ruPerTaskWithoutTick} + tick ${s.tick.amortisedRuPerTask.atReferenceLoad}), $${s.usdPerMillionTasks.total} per million tasks; top: ${s.dominant
    .slice(0, 2)
    .map((d) => `${d.operation} ${d.share}`)
    .join(', ')}`;
}

/** ~1,000 agents, round-robin over the catalogue, deployed as the deploy API does (warm pools awake). */
async function deployThousand(swarm: Swarm, tenant: string): Promise<void> {
  const perType = Math.floor(1000 / catalog.length);
  let extra = 1000 - perType * catalog.length;
  for (const entry of catalog) {
    const instances = perType + (extra-- > 0 ? 1 : 0);
    await deployAgents(swarm, tenant, { agentType: entry.agentType, instances });
  }
}

async function scenario(
  swarm: Swarm,
  base: Swarm,
  ops: OperationLog,
  receiver: ServiceBusReceiver,
  maxDeliveryCount: number,
  options: { name: string; tenant: string; tasks: number; setup: () => Promise<unknown> },
) {
  await ops.during('setup', options.setup);
  await warmField(base, options.tenant);
  const agentCount = (await base.agents.list(options.tenant)).length;
  // The worker and the sensor each keep their own view, as their functions do in one process.
  const view = { worker: new SwarmView(swarm), sensor: new SwarmView(swarm) };
  // One task first, uncounted: first reads of each container, JIT.
  await runOneTask(swarm, base, ops, view, receiver, maxDeliveryCount, options.tenant, -1);
  ops.clear();
  const timings = { submitMs: 0, workerMs: 0, sensorMs: 0, deliveries: 0, sensorBatches: 0 };
  for (let n = 0; n < options.tasks; n++) {
    const t = await runOneTask(swarm, base, ops, view, receiver, maxDeliveryCount, options.tenant, n);
    for (const key of Object.keys(timings) as (keyof typeof timings)[]) timings[key] += t[key];
  }
  const taskOps = [...ops.operations];
  ops.clear();
  // The lifecycle tick walks every tenant; three ticks, the last two counted as the steady state.
  const ticks: Operation[][] = [];
  let lastTick: Date | null = null;
  let tickMs = 0;
  for (let i = 0; i < 3; i++) {
    const started = process.hrtime.bigint();
    await ops.during('lifecycle tick', () => tickLifecycle(swarm, lastTick));
    tickMs += i > 0 ? Number(process.hrtime.bigint() - started) / 1e6 : 0;
    lastTick = base.clock.now();
    ticks.push([...ops.operations]);
    ops.clear();
  }
  const steadyTick = ticks.slice(1).flat();
  const tickRu = ruOf(steadyTick).ru / 2;
  const amortised = (tasksPerDay: number) => (tickRu * TICKS_PER_DAY) / tasksPerDay;

  const n = options.tasks;
  const perTask = ruOf(taskOps);
  const ruPerTaskWithoutTick = perTask.ru / n;
  const ruPerTask = ruPerTaskWithoutTick + amortised(TASKS_PER_DAY.reference);
  const serviceBusOps = taskOps.filter((o) => o.kind === 'service bus').length / n;
  const eventHubsEvents =
    taskOps.filter((o) => o.kind === 'event hubs publish').reduce((s, o) => s + o.count, 0) / n;
  const executions =
    (timings.deliveries + timings.sensorBatches) / n + 1 + TICKS_PER_DAY / TASKS_PER_DAY.reference;
  const seconds =
    (timings.submitMs + timings.workerMs + timings.sensorMs) / 1000 / n +
    (tickMs / 2 / 1000) * (TICKS_PER_DAY / TASKS_PER_DAY.reference);
  const gbSeconds = seconds * PRICES.functionsInstanceMemoryGb;
  const usd = {
    cosmos: ruPerTask * PRICES.cosmosServerlessUsdPerMillionRu,
    serviceBus: serviceBusOps * PRICES.serviceBusStandardUsdPerMillionOps,
    eventHubs: eventHubsEvents * PRICES.eventHubsStandardUsdPerMillionEvents,
    functions:
      gbSeconds * 1e6 * PRICES.functionsFlexUsdPerGbSecond +
      executions * PRICES.functionsFlexUsdPerMillionExecutions,
  };
  const total = usd.cosmos + usd.serviceBus + usd.eventHubs + usd.functions;
  const rows = breakdown(taskOps, n);
  const tickRows = breakdown(steadyTick, 2).map((r) => ({
    ...r,
    ruPerTask: round((r.ruPerTask * TICKS_PER_DAY) / TASKS_PER_DAY.reference, 2),
    perTask: round((r.perTask * TICKS_PER_DAY) / TASKS_PER_DAY.reference, 3),
  }));
  const all = [...rows, ...tickRows].sort((a, b) => b.ruPerTask - a.ruPerTask);
  return {
    name: options.name,
    agentsInTenant: agentCount,
    tasksMeasured: n,
    ruPerTask: round(ruPerTask, 1),
    ruPerTaskWithoutTick: round(ruPerTaskWithoutTick, 1),
    ruPerTaskUpperBound: round(perTask.upperBound / n + amortised(TASKS_PER_DAY.reference), 1),
    ruByPhase: Object.fromEntries(
      (['submit', 'worker', 'sensor'] as Phase[]).map((phase) => [
        phase,
        round(ruOf(taskOps.filter((o) => o.phase === phase)).ru / n, 1),
      ]),
    ),
    tick: {
      agentsWalked: tickAgents(steadyTick, 2),
      ruPerTick: round(tickRu, 1),
      amortisedRuPerTask: {
        atReferenceLoad: round(amortised(TASKS_PER_DAY.reference), 1),
        atBusyLoad: round(amortised(TASKS_PER_DAY.busy), 2),
      },
      firstTickRu: round(ruOf(ticks[0]!).ru, 1),
    },
    againstBudget: {
      seedBudget: SEED_BUDGET_RU_PER_TASK,
      target: TARGET_RU_PER_TASK,
      withinSeedBudget: ruPerTask <= SEED_BUDGET_RU_PER_TASK,
      withinTarget: ruPerTask <= TARGET_RU_PER_TASK,
    },
    cosmos: {
      pointReads: count(taskOps, 'cosmos point read') / n,
      readMisses: count(taskOps, 'cosmos read miss') / n,
      inserts: count(taskOps, 'cosmos insert') / n,
      replaces: count(taskOps, 'cosmos replace') / n,
      queries: count(taskOps, 'cosmos query') / n,
      conflicts: count(taskOps, 'cosmos conflict') / n,
      documentsReturnedByQueries: round(
        taskOps.filter((o) => o.kind === 'cosmos query').reduce((s, o) => s + o.bytes.length, 0) / n,
        1,
      ),
      kbReadPerTask: round(bytes(taskOps, ['cosmos point read', 'cosmos query']) / 1024 / n, 1),
      kbWrittenPerTask: round(bytes(taskOps, ['cosmos insert', 'cosmos replace']) / 1024 / n, 1),
    },
    serviceBusOpsPerTask: round(serviceBusOps, 2),
    eventHubsEventsPerTask: round(eventHubsEvents, 2),
    functions: {
      executionsPerTask: round(executions, 2),
      secondsPerTask: round(seconds, 4),
      gbSecondsPerTask: round(gbSeconds, 4),
      workerDeliveriesPerTask: round(timings.deliveries / n, 2),
    },
    usdPerMillionTasks: {
      cosmos: round(usd.cosmos, 2),
      serviceBus: round(usd.serviceBus, 2),
      eventHubs: round(usd.eventHubs, 3),
      functions: round(usd.functions, 2),
      total: round(total, 2),
    },
    dominant: all.slice(0, 6).map((r) => ({
      operation: `${r.phase}: ${r.port}.${r.method} (${r.kind})`,
      ruPerTask: r.ruPerTask,
      share: `${Math.round((r.ruPerTask / ruPerTask) * 100)} %`,
    })),
    operations: all,
  };
}

/**
 * A busy trail remembers its last 128 signal ids (trail.ts RECENT_SIGNAL_IDS), so in steady state every
 * fold rewrites a document of that size. The task's TASK and SUCCESS trails are brought there first
 * (uncounted), or a short run would price young, small trails.
 */
async function warmField(base: Swarm, tenant: string): Promise<void> {
  const { taskType } = submission(0);
  const at = base.clock.now().toISOString();
  const signals = (['task', 'success'] as const).flatMap((type) =>
    Array.from({ length: RECENT_SIGNAL_IDS }, () => ({
      id: base.newId(),
      tenantId: tenant,
      emitter: 'bench-warm-up',
      type,
      location: taskType,
      trailKey: taskType,
      strength: 0.5,
      ttlSeconds: 3600,
      data: { taskType },
      depositedAt: at,
    })),
  );
  await foldSignals(base, signals);
}

interface Timing {
  submitMs: number;
  workerMs: number;
  sensorMs: number;
  deliveries: number;
  sensorBatches: number;
}

/** One task through submit, every delivery the worker needs, and the sensor's fold of its signals. */
async function runOneTask(
  swarm: Swarm,
  base: Swarm,
  ops: OperationLog,
  view: { worker: SwarmView; sensor: SwarmView },
  receiver: ServiceBusReceiver,
  maxDeliveryCount: number,
  tenant: string,
  n: number,
): Promise<Timing> {
  const timing: Timing = { submitMs: 0, workerMs: 0, sensorMs: 0, deliveries: 0, sensorBatches: 0 };
  const published = ops.published.length;
  let started = process.hrtime.bigint();
  const { task } = await ops.during('submit', () => submitTask(swarm, tenant, submission(n)));
  timing.submitMs += elapsedMs(started);
  for (let guard = 0; guard < 20; guard++) {
    const [message] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 10_000 });
    if (!message) throw new Error(`no delivery for task ${task.id}`);
    await ops.during('worker', async () => {
      ops.record({ port: 'queue', method: 'receive', kind: 'service bus', bytes: [], count: 1 });
      started = process.hrtime.bigint();
      const settlement = await processTask(swarm, view.worker, message.body, {
        messageId: String(message.messageId),
        deliveryCount: (message.deliveryCount ?? 0) + 1,
        maxDeliveryCount,
        enqueuedTime: message.enqueuedTimeUtc,
      });
      timing.workerMs += elapsedMs(started);
      timing.deliveries++;
      await settle(receiver, message, settlement);
      ops.record({ port: 'queue', method: settlement.action, kind: 'service bus', bytes: [], count: 1 });
    });
    const current = (await base.tasks.get(tenant, task.id))?.doc;
    if (current && ['completed', 'failed', 'dead_lettered', 'cancelled'].includes(current.status)) break;
  }
  for (const batch of ops.published.slice(published)) {
    started = process.hrtime.bigint();
    await ops.during('sensor', async () => {
      const report = await foldSignals(swarm, batch);
      await reactToSignals(swarm, report.folded, undefined, view.sensor);
    });
    timing.sensorMs += elapsedMs(started);
    timing.sensorBatches++;
  }
  return timing;
}

async function settle(
  receiver: ServiceBusReceiver,
  message: ServiceBusReceivedMessage,
  settlement: Settlement,
): Promise<void> {
  if (settlement.action === 'complete') return receiver.completeMessage(message);
  if (settlement.action === 'abandon') return receiver.abandonMessage(message);
  return receiver.deadLetterMessage(message, {
    deadLetterReason: settlement.reason,
    deadLetterErrorDescription: settlement.description,
  });
}

function elapsedMs(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function ruOfOne(op: Operation): { ru: number; upperBound: number } {
  switch (op.kind) {
    case 'cosmos point read':
      return same(pointReadRu(op.bytes[0]!));
    case 'cosmos read miss':
    case 'cosmos conflict':
      return same(MISS_RU);
    case 'cosmos insert':
      return same(insertRu(op.bytes[0]!));
    case 'cosmos replace':
      return same(replaceRu(op.bytes[0]!));
    case 'cosmos query':
      return { ru: queryRu(op.bytes), upperBound: queryRuUpperBound(op.bytes) };
    default:
      return same(0);
  }
}

function same(ru: number) {
  return { ru, upperBound: ru };
}

function ruOf(operations: Operation[]): { ru: number; upperBound: number } {
  return operations.reduce(
    (sum, op) => {
      const r = ruOfOne(op);
      return { ru: sum.ru + r.ru, upperBound: sum.upperBound + r.upperBound };
    },
    { ru: 0, upperBound: 0 },
  );
}

function count(operations: Operation[], kind: Operation['kind']): number {
  return operations.filter((o) => o.kind === kind).length;
}

function bytes(operations: Operation[], kinds: Operation['kind'][]): number {
  return operations
    .filter((o) => kinds.includes(o.kind))
    .reduce((s, o) => s + o.bytes.reduce((a, b) => a + b, 0), 0);
}

/** Agents the tick read per run: it lists each tenant's agents twice (plan, then the by-state metric). */
function tickAgents(operations: Operation[], ticks: number): number {
  const lists = operations.filter((o) => o.port === 'agents' && o.method === 'list');
  return Math.round(lists.reduce((s, o) => s + o.bytes.length, 0) / (2 * ticks));
}

/** Operations grouped by phase, port, method and kind: how many per task, how big, how many RU. */
function breakdown(operations: Operation[], per: number) {
  const groups = new Map<string, Operation[]>();
  for (const op of operations) {
    const key = [op.phase, op.port, op.method, op.kind].join('|');
    groups.set(key, [...(groups.get(key) ?? []), op]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0]!;
    const docs = group.flatMap((o) => o.bytes);
    return {
      phase: first.phase,
      port: first.port,
      method: first.method,
      kind: first.kind,
      perTask: round(group.reduce((s, o) => s + (o.kind === 'event hubs publish' ? o.count : 1), 0) / per, 3),
      documentsPerCall: round(docs.length / group.length, 1),
      meanDocumentKb: docs.length === 0 ? 0 : round(docs.reduce((s, b) => s + b, 0) / docs.length / 1024, 2),
      ruPerTask: round(ruOf(group).ru / per, 2),
    };
  });
}
