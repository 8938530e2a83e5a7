import { round } from '../support/stats';
import { allocationSvg } from './chart';
import { summarizeTrace, type StrategyMetrics } from './metrics';
import { simulate, STRATEGIES, type SimulationOptions, type StrategyName } from './simulate';
import { generateWorkload, type Workload, type WorkloadOptions } from './workload';

export interface Target {
  target: string;
  value: number;
  met: boolean;
}

/** What each figure means (also in bench/README.md). */
export const DEFINITIONS: Record<string, string> = {
  completionRate:
    'completed tasks ÷ all tasks; a task fails after 3 failed attempts, or is stranded when no live agent can ever serve it',
  makespanMs: 'last completion − first arrival',
  waitMs:
    'per completed task: time queued (pending, no agent) + retry backoff, summed over its attempts; bands high ≥ 8, normal 4-7, low ≤ 3; nearest-rank percentiles',
  gini: 'Gini coefficient of completed tasks per agent over every agent that can serve at least one task of the workload and did not die mid-run (0 = even)',
  giniOverAgentsEverAwake: 'the same over the agents that were awake at some point',
  giniWithinType:
    'Gini of completed tasks per agent within each agent type, averaged weighted by agents: the part an allocator controls (types differ in service time and concurrency)',
  giniOfTasksPerAwakeHour: 'Gini of completed tasks per awake hour over the agents ever awake',
  idleRatio:
    "Σ time in state idle ÷ Σ time awake (warming + idle + active), from the agents' cost meters (transitionAgent)",
  duplicateAssignments:
    "assignments of a task that was not waiting or that another agent held, counted at each assignment; auditDuplicates: a task id in two agents' activeTaskIds in the audits every 10 simulated minutes",
  specialisationIndex:
    'mean over agents with ≥ 1 completion of the share of their completions in their single most frequent task type (1 = pure specialists)',
  nativeShare: "share of completed tasks done by an agent of the task's own type",
  costUsd:
    'awake agent-hours × $0.21 + sleeping agent-hours × $0.01 (agentCost.ts), over each run until its last completion',
  priorityInversions: 'times a free agent took a task while a higher-band task it could serve was waiting',
};

export interface AllocationReport {
  definitions?: Record<string, string>;
  workload: Record<string, unknown>;
  strategies: Record<StrategyName, StrategyMetrics>;
  /** The marketplace against the targets of SPEC.md and issue 7. */
  targets: Record<string, Target>;
  /** Same workload, marketplace with one thing changed: what causes a miss, and what a fix would do. */
  variants?: Record<string, { description: string; options: SimulationOptions; metrics: StrategyMetrics }>;
}

/** Ablations and what-ifs run in the full bench (skipped by --quick). */
export const VARIANTS: Record<string, { description: string; options: SimulationOptions }> = {
  marketplace_without_learning: {
    description: 'recordOutcome switched off: every threshold stays at its default 0.5',
    options: { learning: false },
  },
  marketplace_always_awake: {
    description: 'no lifecycle: every agent awake all day, so only chooseAgent and learning decide',
    options: { lifecycle: false },
  },
  marketplace_always_awake_without_learning: {
    description: 'no lifecycle and no learning: chooseAgent on load, capability fit and default thresholds',
    options: { lifecycle: false, learning: false },
  },
  marketplace_idle_sleep_5min: {
    description: 'every agent sleeps after 5 idle minutes instead of its catalogue value (mostly 30)',
    options: { sleepAfterIdleMinutes: 5 },
  },
  marketplace_catalogue_max_instances: {
    description: "each type's catalogue warmPool.maxInstances kept (mostly 10) although more are deployed",
    options: { catalogueInstanceCaps: true },
  },
  whatif_proportional_choice_always_awake: {
    description: 'what-if, all awake: the winner drawn with probability proportional to its bid score',
    options: { lifecycle: false, whatIf: { proportionalChoice: true } },
  },
  whatif_recommended: {
    description:
      'what-if of the recommended changes: proportional choice, wake the longest-idle sleeper, priority band before strength, 5-minute idle sleep',
    options: {
      sleepAfterIdleMinutes: 5,
      whatIf: { proportionalChoice: true, wakeLeastRecent: true, priorityFirst: true },
    },
  },
};

export function runAllocation(
  options: { workload?: Partial<WorkloadOptions>; variants?: boolean; log?: (line: string) => void } = {},
): AllocationReport {
  const log = options.log ?? (() => undefined);
  const workload = generateWorkload(options.workload);
  const strategies = {} as Record<StrategyName, StrategyMetrics>;
  for (const strategy of STRATEGIES) {
    const trace = simulate(workload, strategy);
    if (trace.fingerprint !== workload.fingerprint)
      throw new Error('the workload changed between strategies');
    strategies[strategy] = summarizeTrace(trace);
    log(`  allocation ${strategy}: ${brief(strategies[strategy])}`);
  }
  const report: AllocationReport = {
    definitions: DEFINITIONS,
    workload: describeWorkload(workload),
    strategies,
    targets: targets(strategies),
  };
  if (options.variants) {
    report.variants = {};
    for (const [name, variant] of Object.entries(VARIANTS)) {
      const metrics = summarizeTrace(simulate(workload, 'marketplace', variant.options));
      report.variants[name] = { ...variant, metrics };
      log(`  allocation ${name}: ${brief(metrics)}`);
    }
  }
  return report;
}

function brief(m: StrategyMetrics): string {
  return (
    `completion ${m.completionRate}, gini ${m.gini} (within type ${m.giniWithinType}), idle ${m.idleRatio}, ` +
    `p95 wait high ${Math.round(m.p95WaitMsByPriorityBand.high / 1000)} s, cost $${m.costUsd}, ${m.runtimeMs} ms`
  );
}

export function targets(s: Record<StrategyName, StrategyMetrics>): Record<string, Target> {
  const m = s.marketplace;
  const highRatio = m.p95WaitMsByPriorityBand.high / Math.max(1, s.fifo.p95WaitMsByPriorityBand.high);
  return {
    completionRate: {
      target: '≥ 0.999 with 10 % of agents failing',
      value: m.completionRate,
      met: m.completionRate >= 0.999,
    },
    duplicateAssignments: {
      target: '0',
      value: m.duplicateAssignments + m.auditDuplicates,
      met: m.duplicateAssignments + m.auditDuplicates === 0,
    },
    gini: { target: '< 0.3 (aim < 0.1)', value: m.gini, met: m.gini < 0.3 },
    idleRatio: { target: '< 0.2', value: m.idleRatio, met: m.idleRatio < 0.2 },
    highPriorityP95VsFifo: { target: '≤ 0.5 × FIFO', value: round(highRatio, 3), met: highRatio <= 0.5 },
  };
}

function describeWorkload(w: Workload): Record<string, unknown> {
  const bands = { high: 0, normal: 0, low: 0 };
  for (const t of w.tasks) bands[t.band]++;
  const firstServiceHours = w.tasks.reduce((sum, t) => sum + t.attempts[0]!.serviceMs, 0) / 3_600_000;
  const slots = w.agents.reduce((sum, a) => sum + a.entry.maxConcurrency, 0);
  const bursts = new Set(w.tasks.filter((t) => t.burst !== null).map((t) => t.burst)).size;
  return {
    description:
      'Catalogue agents capacity-planned per task type; Zipf-popular task types; a background trickle plus bursts of one type; log-normal service times per type; 10 % of agents die mid-run. Identical for every strategy (same fingerprint).',
    options: w.options,
    fingerprint: w.fingerprint,
    agents: w.agents.length,
    agentTypes: w.types.length,
    failingAgents: w.agents.filter((a) => a.failAtMs !== null).length,
    concurrencySlots: slots,
    tasks: w.tasks.length,
    tasksByBand: bands,
    burstTasks: w.tasks.filter((t) => t.burst !== null).length,
    bursts,
    distinctCapabilitySets: new Set(w.tasks.map((t) => t.key)).size,
    serviceHoursFirstAttempts: round(firstServiceHours, 1),
    meanBusySlotsOverArrivalWindow: round(firstServiceHours / w.options.arrivalHours, 1),
    types: w.types.map((t) => ({
      taskType: t.taskType,
      share: round(t.weight, 4),
      serviceMedianMinutes: round(t.serviceMedianMs / 60_000, 1),
      instances: t.instances,
    })),
  };
}

export function allocationChart(report: AllocationReport, date: string): string {
  const s = report.strategies;
  const fifoHigh = Math.max(1, s.fifo.p95WaitMsByPriorityBand.high);
  const fifoCost = Math.max(1e-9, s.fifo.costUsd);
  const pct = (v: number) => `${(v * 100).toFixed(v >= 0.995 && v < 1 ? 2 : 0)}%`;
  const two = (v: number) => v.toFixed(2);
  const by = (f: (m: StrategyMetrics) => number) =>
    ({ marketplace: f(s.marketplace), fifo: f(s.fifo), random: f(s.random) }) as Record<StrategyName, number>;
  return allocationSvg(
    'Allocation: pheromone marketplace vs FIFO competing consumers vs random',
    `${report.workload.agents} agents, ${report.workload.tasks} tasks, 10 % of agents failing; same workload for all (${date.slice(0, 10)}). Lower is better except completion.`,
    [
      { label: 'completion rate', target: 0.999, values: by((m) => m.completionRate), format: pct },
      { label: 'Gini (tasks/agent)', target: 0.3, values: by((m) => m.gini), format: two },
      { label: 'Gini within type', values: by((m) => m.giniWithinType), format: two },
      { label: 'idle ratio', target: 0.2, values: by((m) => m.idleRatio), format: pct },
      {
        label: 'high-priority p95 wait ÷ FIFO',
        target: 0.5,
        values: by((m) => m.p95WaitMsByPriorityBand.high / fifoHigh),
        format: two,
      },
      { label: 'agent cost ÷ FIFO', values: by((m) => m.costUsd / fifoCost), format: two },
    ],
  );
}
