import { ACTIVE_COST_PER_HOUR, SLEEPING_COST_PER_HOUR } from '../../shared/domain/agentCost';
import { gini } from '../../shared/domain/gini';
import { percentileOfSorted, round } from '../support/stats';
import type { SimulationTrace } from './simulate';
import type { Band } from './workload';

export type ByBand = Record<Band, number>;

/** The figures one strategy is judged by (definitions in bench/README.md). */
export interface StrategyMetrics {
  completionRate: number;
  completed: number;
  failed: number;
  failedAfterMaxAttempts: number;
  stranded: number;
  attempts: number;
  retriedTasks: number;
  attemptsHistogram: Record<string, number>;
  attemptsFailedByAgentDeath: number;
  attemptsFailedTransiently: number;
  makespanMs: number;
  makespanHours: number;
  p50WaitMsByPriorityBand: ByBand;
  p95WaitMsByPriorityBand: ByBand;
  p99WaitMsByPriorityBand: ByBand;
  meanWaitMsByPriorityBand: ByBand;
  gini: number;
  giniAgents: number;
  giniOverAgentsEverAwake: number;
  giniWithinType: number;
  giniOfTasksPerAwakeHour: number;
  idleRatio: number;
  duplicateAssignments: number;
  auditDuplicates: number;
  audits: number;
  specialisationIndex: number;
  nativeShare: number;
  agentsUsed: number;
  agentsEverAwake: number;
  awakeAgentHours: number;
  sleepingAgentHours: number;
  costUsd: number;
  costPerThousandTasksUsd: number;
  priorityInversions: number;
  contestedArrivals: number;
  wakesOnDemand: number;
  wakesByPlan: number;
  coldStarts: number;
  sleeps: number;
  skippedLifecycleActions: number;
  simulatedEvents: { assignments: number; lifecycleTicks: number };
  runtimeMs: number;
}

const BANDS: Band[] = ['high', 'normal', 'low'];

export function summarizeTrace(trace: SimulationTrace): StrategyMetrics {
  const completed = trace.tasks.filter((t) => t.status === 'completed');
  const failed = trace.tasks.filter((t) => t.status === 'failed');
  const histogram: Record<string, number> = {};
  for (const t of trace.tasks) histogram[String(t.attempts)] = (histogram[String(t.attempts)] ?? 0) + 1;

  const waits = (band: Band) =>
    completed
      .filter((t) => t.band === band)
      .map((t) => t.waitMs)
      .sort((a, b) => a - b);
  const byBand = (f: (sorted: number[]) => number): ByBand =>
    Object.fromEntries(BANDS.map((band) => [band, round(f(waits(band)), 0)])) as ByBand;

  // Gini over the agents that could serve some task of the workload and did not die mid-run.
  const eligible = trace.agents.filter((a) => a.canServe && !a.failed);
  const everAwake = eligible.filter((a) => a.everAwake);
  const types = new Map<string, number[]>();
  for (const a of eligible) types.set(a.agentType, [...(types.get(a.agentType) ?? []), a.completed]);
  const withinType =
    [...types.values()].reduce((sum, counts) => sum + gini(counts) * counts.length, 0) /
    Math.max(1, eligible.length);

  // Specialisation: how much of an agent's work is its single most frequent task type.
  const workers = trace.agents.filter((a) => a.completed > 0);
  const topShare = workers.map((a) => Math.max(...Object.values(a.completedByType)) / a.completed);
  const native = completed.filter((t) => t.holderType === t.taskType).length;

  const awakeMs = trace.agents.reduce((sum, a) => sum + a.meters.awakeMs, 0);
  const idleMs = trace.agents.reduce((sum, a) => sum + a.meters.idleMs, 0);
  const awakeHours = trace.agents.reduce((sum, a) => sum + a.meters.awakeHours, 0);
  const sleepingHours = trace.agents.reduce((sum, a) => sum + a.meters.sleepingHours, 0);
  const costUsd = awakeHours * ACTIVE_COST_PER_HOUR + sleepingHours * SLEEPING_COST_PER_HOUR;
  const firstArrival = Math.min(...trace.tasks.map((t) => t.arrivalMs));
  const makespanMs = trace.endMs - firstArrival;

  return {
    completionRate: round(completed.length / trace.tasks.length, 5),
    completed: completed.length,
    failed: failed.length,
    failedAfterMaxAttempts: failed.filter((t) => t.reason === 'attempts exhausted').length,
    stranded: failed.filter((t) => t.reason === 'stranded').length,
    attempts: trace.tasks.reduce((sum, t) => sum + t.attempts, 0),
    retriedTasks: trace.tasks.filter((t) => t.attempts > 1).length,
    attemptsHistogram: histogram,
    attemptsFailedByAgentDeath: trace.counters.attemptsFailedByAgentDeath,
    attemptsFailedTransiently: trace.counters.attemptsFailedTransiently,
    makespanMs,
    makespanHours: round(makespanMs / 3_600_000, 3),
    p50WaitMsByPriorityBand: byBand((s) => percentileOfSorted(s, 50)),
    p95WaitMsByPriorityBand: byBand((s) => percentileOfSorted(s, 95)),
    p99WaitMsByPriorityBand: byBand((s) => percentileOfSorted(s, 99)),
    meanWaitMsByPriorityBand: byBand((s) => s.reduce((sum, v) => sum + v, 0) / Math.max(1, s.length)),
    gini: round(gini(eligible.map((a) => a.completed)), 4),
    giniAgents: eligible.length,
    giniOverAgentsEverAwake: round(gini(everAwake.map((a) => a.completed)), 4),
    giniWithinType: round(withinType, 4),
    giniOfTasksPerAwakeHour: round(
      gini(everAwake.filter((a) => a.meters.awakeHours > 0).map((a) => a.completed / a.meters.awakeHours)),
      4,
    ),
    idleRatio: round(awakeMs === 0 ? 0 : idleMs / awakeMs, 4),
    duplicateAssignments: trace.counters.duplicateAssignments,
    auditDuplicates: trace.counters.auditDuplicates,
    audits: trace.counters.audits,
    specialisationIndex: round(topShare.reduce((sum, s) => sum + s, 0) / Math.max(1, topShare.length), 4),
    nativeShare: round(native / Math.max(1, completed.length), 4),
    agentsUsed: workers.length,
    agentsEverAwake: trace.agents.filter((a) => a.everAwake).length,
    awakeAgentHours: round(awakeHours, 1),
    sleepingAgentHours: round(sleepingHours, 1),
    costUsd: round(costUsd, 2),
    costPerThousandTasksUsd: round((costUsd / Math.max(1, completed.length)) * 1000, 2),
    priorityInversions: trace.counters.priorityInversions,
    contestedArrivals: trace.counters.contestedArrivals,
    wakesOnDemand: trace.counters.wakesOnDemand,
    wakesByPlan: trace.counters.wakesByPlan,
    coldStarts: trace.counters.coldStarts,
    sleeps: trace.counters.sleeps,
    skippedLifecycleActions: trace.counters.skippedLifecycleActions,
    simulatedEvents: { assignments: trace.counters.assignments, lifecycleTicks: trace.counters.ticks },
    runtimeMs: round(trace.runtimeMs, 0),
  };
}
