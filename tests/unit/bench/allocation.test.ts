import { runAllocation } from '../../../bench/allocation/run';
import { summarizeTrace } from '../../../bench/allocation/metrics';
import { simulate, STRATEGIES } from '../../../bench/allocation/simulate';
import { generateWorkload, type WorkloadOptions } from '../../../bench/allocation/workload';

/** A tiny day: 50 agents of 10 catalogue types, 300 tasks in one hour, 10 % of agents dying mid-run. */
const TINY: Partial<WorkloadOptions> = {
  seed: 7,
  agents: 50,
  tasks: 300,
  typeCount: 10,
  minInstancesPerType: 2,
  arrivalHours: 1,
  meanBurstSize: 20,
  serviceMedianMinutes: [2, 8],
};

describe('allocation simulation (bench/allocation)', () => {
  const workload = generateWorkload(TINY);
  const traces = STRATEGIES.map((strategy) => simulate(workload, strategy));

  it('replays one identical workload for every strategy, reproducibly from its seed', () => {
    expect(generateWorkload(TINY).fingerprint).toBe(workload.fingerprint);
    expect(generateWorkload({ ...TINY, seed: 8 }).fingerprint).not.toBe(workload.fingerprint);
    expect(workload.agents).toHaveLength(50);
    expect(workload.tasks).toHaveLength(300);
    expect(workload.agents.filter((a) => a.failAtMs !== null)).toHaveLength(5);
    for (const trace of traces) {
      expect(trace.fingerprint).toBe(workload.fingerprint);
      expect(trace.tasks.map((t) => [t.id, t.arrivalMs])).toEqual(
        workload.tasks.map((t) => [t.id, t.arrivalMs]),
      );
    }
  });

  it('never gives a task to two agents at once, checked at assignment and by periodic audits', () => {
    for (const trace of traces) {
      expect(trace.counters.duplicateAssignments).toBe(0);
      expect(trace.counters.auditDuplicates).toBe(0);
      expect(trace.counters.audits).toBeGreaterThan(1);
    }
  });

  it('accounts for every task as completed or failed, within the attempt limit', () => {
    for (const trace of traces) {
      const metrics = summarizeTrace(trace);
      expect(metrics.completed + metrics.failed).toBe(300);
      expect(trace.tasks.every((t) => t.status === 'completed' || t.status === 'failed')).toBe(true);
      expect(trace.tasks.every((t) => t.attempts <= workload.options.maxAttempts)).toBe(true);
      expect(trace.tasks.filter((t) => t.status === 'completed').every((t) => t.attempts >= 1)).toBe(true);
      const histogram = Object.values(metrics.attemptsHistogram).reduce((sum, n) => sum + n, 0);
      expect(histogram).toBe(300);
      // Failed attempts are retried: attempts = tasks that started + every failed attempt that was retried.
      expect(metrics.attempts).toBeGreaterThanOrEqual(metrics.completed);
    }
  });

  it('is deterministic: the same workload and strategy give the same figures', () => {
    const again = summarizeTrace(simulate(workload, 'marketplace'));
    const first = summarizeTrace(traces[0]!);
    expect({ ...again, runtimeMs: 0 }).toEqual({ ...first, runtimeMs: 0 });
  });

  it('lets the marketplace sleep and wake agents, while competing consumers stay awake', () => {
    const [market, fifo] = traces.map(summarizeTrace);
    expect(market!.wakesOnDemand + market!.wakesByPlan).toBeGreaterThan(0);
    expect(market!.sleepingAgentHours).toBeGreaterThan(0);
    expect(fifo!.sleepingAgentHours).toBe(0);
    expect(fifo!.agentsEverAwake).toBe(50);
  });

  it('reports the results shape the bench writes to allocation.json', () => {
    const report = runAllocation({ workload: TINY });
    expect(Object.keys(report.strategies).sort()).toEqual(['fifo', 'marketplace', 'random']);
    expect(report.workload).toMatchObject({ agents: 50, tasks: 300, fingerprint: workload.fingerprint });
    for (const metrics of Object.values(report.strategies)) {
      expect(metrics).toEqual(
        expect.objectContaining({
          completionRate: expect.any(Number),
          makespanMs: expect.any(Number),
          gini: expect.any(Number),
          idleRatio: expect.any(Number),
          duplicateAssignments: 0,
          specialisationIndex: expect.any(Number),
          awakeAgentHours: expect.any(Number),
          costUsd: expect.any(Number),
        }),
      );
      for (const key of ['p50WaitMsByPriorityBand', 'p95WaitMsByPriorityBand'] as const) {
        expect(Object.keys(metrics[key]).sort()).toEqual(['high', 'low', 'normal']);
      }
      expect(metrics.completionRate).toBeGreaterThan(0);
      expect(metrics.completionRate).toBeLessThanOrEqual(1);
      expect(metrics.idleRatio).toBeGreaterThanOrEqual(0);
      expect(metrics.idleRatio).toBeLessThanOrEqual(1);
    }
    expect(Object.keys(report.targets).sort()).toEqual(
      ['completionRate', 'duplicateAssignments', 'gini', 'highPriorityP95VsFifo', 'idleRatio'].sort(),
    );
    expect(() => JSON.parse(JSON.stringify(report))).not.toThrow();
  });
});
