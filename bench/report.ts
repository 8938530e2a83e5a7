import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Renders the summary tables of bench/README.md from the results files, between the markers
 * `<!-- results:start -->` and `<!-- results:end -->`, so the figures there are always the ones committed.
 */
const START = '<!-- results:start -->';
const END = '<!-- results:end -->';

/* eslint-disable @typescript-eslint/no-explicit-any -- the results files are read loosely, as JSON */
type Json = any;

function read(dir: string, name: string): Json | undefined {
  const file = join(dir, name);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

const n = (v: number, digits = 0) =>
  Number.isFinite(v)
    ? v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 })
    : String(v);
const s = (ms: number) => `${n(ms / 1000, ms < 10_000 ? 1 : 0)} s`;
const pct = (v: number, digits = 1) => `${n(v * 100, digits)} %`;
const yes = (met: boolean) => (met ? '**met**' : '**missed**');

export function renderSummary(dir: string): string {
  const lines: string[] = [];
  const allocation = read(dir, 'allocation.json');
  const micro = read(dir, 'micro.json');
  const e2e = read(dir, 'e2e.json');
  const cost = read(dir, 'cost.json');
  const first = allocation ?? micro ?? e2e ?? cost;
  if (first) {
    const r = first.run;
    lines.push(
      `Produced by \`${r.command}\` on ${r.date.slice(0, 10)} (${r.cpus} × ${r.cpu}, ${r.memoryGb} GB, Node ${r.node}). ` +
        'Each JSON in `bench/results/` records its own command and date.',
      '',
    );
  }
  if (allocation) {
    const st = allocation.strategies;
    const w = allocation.workload;
    const names = ['marketplace', 'fifo', 'random'];
    const row = (label: string, f: (m: Json) => string) =>
      `| ${label} | ${names.map((k) => f(st[k])).join(' | ')} |`;
    lines.push(
      `### Allocation (\`bench/results/allocation.json\`, chart \`allocation.svg\`)`,
      '',
      `${w.agents} agents (${w.agentTypes} catalogue types, ${w.concurrencySlots} slots), ${n(w.tasks)} tasks over ${w.options.arrivalHours} h ` +
        `(${w.tasksByBand.high} high / ${w.tasksByBand.normal} normal / ${w.tasksByBand.low} low; ${w.burstTasks} in ${w.bursts} bursts), ` +
        `${w.failingAgents} agents dying mid-run; workload fingerprint \`${w.fingerprint.slice(0, 12)}\`, identical for the three strategies.`,
      '',
      '| figure | marketplace | FIFO competing consumers | random |',
      '|---|---|---|---|',
      row('completion rate', (m) => pct(m.completionRate, 2)),
      row('completed / failed (stranded)', (m) => `${n(m.completed)} / ${m.failed} (${m.stranded})`),
      row('attempts (tasks retried)', (m) => `${n(m.attempts)} (${m.retriedTasks})`),
      row(
        'attempts lost to dying agents / transient failures',
        (m) => `${m.attemptsFailedByAgentDeath} / ${m.attemptsFailedTransiently}`,
      ),
      row('makespan', (m) => `${n(m.makespanHours, 2)} h`),
      row('p50 wait high / normal / low', (m) => band(m.p50WaitMsByPriorityBand)),
      row('p95 wait high / normal / low', (m) => band(m.p95WaitMsByPriorityBand)),
      row('p99 wait high / normal / low', (m) => band(m.p99WaitMsByPriorityBand)),
      row('priority inversions', (m) => n(m.priorityInversions)),
      row(`Gini, tasks per agent (${st.marketplace.giniAgents} agents)`, (m) => n(m.gini, 3)),
      row('Gini over agents ever awake', (m) => n(m.giniOverAgentsEverAwake, 3)),
      row('Gini within agent type', (m) => n(m.giniWithinType, 3)),
      row('Gini of tasks per awake hour', (m) => n(m.giniOfTasksPerAwakeHour, 3)),
      row('agents used / ever awake', (m) => `${m.agentsUsed} / ${m.agentsEverAwake}`),
      row('idle ratio', (m) => pct(m.idleRatio)),
      row(
        'duplicate assignments (audits)',
        (m) => `${m.duplicateAssignments + m.auditDuplicates} (${m.audits} audits)`,
      ),
      row('specialisation index', (m) => n(m.specialisationIndex, 3)),
      row('native share', (m) => pct(m.nativeShare)),
      row('awake / sleeping agent-hours', (m) => `${n(m.awakeAgentHours)} / ${n(m.sleepingAgentHours)}`),
      row(
        'agent cost (seed model)',
        (m) => `$${n(m.costUsd, 2)} ($${n(m.costPerThousandTasksUsd, 2)} per 1,000 tasks)`,
      ),
      row('wakes on demand / by plan, sleeps', (m) => `${m.wakesOnDemand} / ${m.wakesByPlan}, ${m.sleeps}`),
      '',
      '| marketplace target | value | |',
      '|---|---|---|',
      ...Object.entries(allocation.targets).map(
        ([name, t]: [string, Json]) => `| ${name} ${t.target} | ${n(t.value, 4)} | ${yes(t.met)} |`,
      ),
      '',
    );
    if (allocation.variants) {
      lines.push(
        'Marketplace variants on the same workload (ablations that locate a miss, and what-ifs of the recommended changes):',
        '',
        '| variant | Gini | within type | idle | p95 wait high | cost |',
        '|---|---|---|---|---|---|',
        `| marketplace as is | ${n(st.marketplace.gini, 3)} | ${n(st.marketplace.giniWithinType, 3)} | ${pct(st.marketplace.idleRatio)} | ${s(st.marketplace.p95WaitMsByPriorityBand.high)} | $${n(st.marketplace.costUsd)} |`,
        ...Object.entries(allocation.variants).map(
          ([name, v]: [string, Json]) =>
            `| \`${name}\`: ${v.description} | ${n(v.metrics.gini, 3)} | ${n(v.metrics.giniWithinType, 3)} | ${pct(v.metrics.idleRatio)} | ${s(v.metrics.p95WaitMsByPriorityBand.high)} | $${n(v.metrics.costUsd)} |`,
        ),
        '',
      );
    }
  }
  if (micro) {
    const m = micro;
    const r = (x: Json) => `| ${x.name} | ${n(x.opsPerSec)} | ${n(x.p50Us, 1)} µs | ${n(x.p99Us, 1)} µs |`;
    lines.push(
      '### Hot paths (`bench/results/micro.json`)',
      '',
      '| operation | ops/s | p50 | p99 |',
      '|---|---|---|---|',
      r(m.chooseAgent.subject),
      r(m.chooseAgent.baseline),
      r(m.detection.exact.cache),
      r(m.detection.exact.naive),
      r(m.detection.wildcard.cache),
      r(m.detection.wildcard.naive),
      r(m.fold.subject),
      r(m.fold.baseline),
      '',
      `Ratios in the same run: chooseAgent costs ×${n(m.chooseAgent.slowdownVsBaseline.p50, 1)} the plain scan (p50); ` +
        `FieldCache is ×${n(m.detection.exact.speedupVsNaive.p50, 0)} faster than the linear scan for an exact location (p99 ×${n(m.detection.exact.speedupVsNaive.p99, 0)}), ` +
        `×${n(m.detection.wildcard.speedupVsNaive.p50, 1)} for a department wildcard (${n(m.detection.wildcard.meanMatches)} matches on average); ` +
        `folding costs ×${n(m.fold.slowdownVsBaseline.p50, 1)} the naive fold (${n(m.fold.perSignalP50Us, 1)} µs per signal).`,
      '',
      '| target | value | |',
      '|---|---|---|',
      ...Object.values(m.targets).map((t: Json) => `| ${t.target} | ${n(t.valueMs, 3)} ms | ${yes(t.met)} |`),
      '',
    );
  }
  if (e2e) {
    const levels = Object.keys(e2e.swarm);
    lines.push(
      '### End to end on the local stack (`bench/results/e2e.json`)',
      '',
      `Stack start-up: **${n(e2e.startupMs)} ms**. Closed loops of ${s(e2e.durationMsPerLevel)} per level; ${e2e.taskMix}.`,
      '',
      '| clients | swarm tasks/s | swarm p50 / p99 | bare queue msgs/s | bare queue p50 / p99 | swarm throughput ÷ queue |',
      '|---|---|---|---|---|---|',
      ...levels.map((c) => {
        const a = e2e.swarm[c];
        const b = e2e.broker[c];
        return `| ${c} | ${n(a.tasksPerSec, 1)} | ${n(a.latencyMs.p50)} / ${n(a.latencyMs.p99)} ms | ${n(b.tasksPerSec)} | ${n(b.latencyMs.p50, 1)} / ${n(b.latencyMs.p99, 1)} ms | ${pct(e2e.overheadVsBroker[c].throughputShareOfBroker, 2)} |`;
      }),
      '',
      `Priority 9 (5 closed-loop clients, 100 ms of model time each): idle stack p50 ${n(e2e.highPriority.idle.latencyMs.p50)} ms / p99 ${n(e2e.highPriority.idle.latencyMs.p99)} ms; ` +
        `behind ${n(e2e.highPriority.backlogSize)} priority-1 tasks p50 ${n(e2e.highPriority.underBacklog.latencyMs.p50)} ms / p99 ${n(e2e.highPriority.underBacklog.latencyMs.p99)} ms ` +
        `(${pct(e2e.highPriority.backlogShareStillWaitingAfter, 0)} of the backlog still waiting when measured).`,
      '',
    );
  }
  if (cost) {
    const sc = cost.scenarios;
    const cols = [sc.defaultSwarm, sc.reference];
    const row = (label: string, f: (x: Json) => string) => `| ${label} | ${cols.map(f).join(' | ')} |`;
    lines.push(
      '### Cost per task (`bench/results/cost.json`)',
      '',
      `| figure | ${cols.map((c) => `${n(c.agentsInTenant)} agents in the tenant`).join(' | ')} |`,
      '|---|---|---|',
      row('RU per task (incl. lifecycle tick at 10,000 tasks/day)', (x) => `**${n(x.ruPerTask, 1)}**`),
      row(
        '… submit / worker / sensor',
        (x) => `${n(x.ruByPhase.submit, 1)} / ${n(x.ruByPhase.worker, 1)} / ${n(x.ruByPhase.sensor, 1)}`,
      ),
      row(
        '… lifecycle tick share (per tick)',
        (x) => `${n(x.tick.amortisedRuPerTask.atReferenceLoad, 1)} (${n(x.tick.ruPerTick, 1)})`,
      ),
      row('upper bound (every queried document as a point read)', (x) => n(x.ruPerTaskUpperBound, 0)),
      row(
        'against the seed budget 144 / target 30',
        (x) => `${yes(x.againstBudget.withinSeedBudget)} / ${yes(x.againstBudget.withinTarget)}`,
      ),
      row(
        'Cosmos reads / writes / queries per task',
        (x) =>
          `${n(x.cosmos.pointReads + x.cosmos.readMisses, 1)} / ${n(x.cosmos.inserts + x.cosmos.replaces, 1)} / ${n(x.cosmos.queries, 1)}`,
      ),
      row(
        'KB read / written per task',
        (x) => `${n(x.cosmos.kbReadPerTask, 1)} / ${n(x.cosmos.kbWrittenPerTask, 1)}`,
      ),
      row('Service Bus operations per task', (x) => n(x.serviceBusOpsPerTask, 2)),
      row('Event Hubs events per task', (x) => n(x.eventHubsEventsPerTask, 2)),
      row(
        'Functions executions / GB-s per task',
        (x) => `${n(x.functions.executionsPerTask, 2)} / ${n(x.functions.gbSecondsPerTask, 3)}`,
      ),
      row('$ per million tasks: Cosmos', (x) => `$${n(x.usdPerMillionTasks.cosmos, 2)}`),
      row(
        '… Service Bus / Event Hubs / Functions',
        (x) =>
          `$${n(x.usdPerMillionTasks.serviceBus, 2)} / $${n(x.usdPerMillionTasks.eventHubs, 3)} / $${n(x.usdPerMillionTasks.functions, 2)}`,
      ),
      row('**$ per million tasks, total**', (x) => `**$${n(x.usdPerMillionTasks.total, 2)}**`),
      row('dominant operations', (x) =>
        x.dominant
          .slice(0, 3)
          .map((d: Json) => `${d.operation} ${d.share}`)
          .join('; '),
      ),
      '',
    );
  }
  return lines.join('\n');
}

/* eslint-enable @typescript-eslint/no-explicit-any */

/** Replaces the generated block of bench/README.md; false when the markers are missing. */
export function updateReadme(readme: string, dir: string): boolean {
  if (!existsSync(readme)) return false;
  const text = readFileSync(readme, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) return false;
  writeFileSync(readme, `${text.slice(0, start + START.length)}\n${renderSummary(dir)}\n${text.slice(end)}`);
  return true;
}

function band(b: Json): string {
  return `${s(b.high)} / ${s(b.normal)} / ${s(b.low)}`;
}
