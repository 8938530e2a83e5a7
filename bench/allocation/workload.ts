import { createHash } from 'node:crypto';
import { catalog } from '../../shared/catalog';
import { seededRandom } from '../../shared/domain/random';
import type { CatalogEntry } from '../../shared/schemas/catalog';

/**
 * The allocation workload: which agents exist, which tasks arrive when, how long each attempt takes and
 * whether it fails, and which agents die mid-run. Generated once from a seed and replayed identically by
 * every strategy, so the strategies differ only in how they allocate.
 */
export interface WorkloadOptions {
  seed: number;
  agents: number;
  tasks: number;
  /** When the simulated day starts (a Monday morning, UTC, so business-hours agents are on duty). */
  start: string;
  /** Tasks arrive over this many hours. */
  arrivalHours: number;
  /** Share of tasks that arrive in bursts of one task type (a batch job, an incident); the rest trickle in. */
  burstShare: number;
  meanBurstSize: number;
  /** A burst's tasks arrive spread over this many minutes. */
  burstMinutes: number;
  /** Popularity of task types: Zipf over a seeded shuffle of the catalogue. */
  zipfExponent: number;
  /** How many catalogue types take part (the most popular after the shuffle); all 65 by default. */
  typeCount?: number;
  /** Median service time per task type is drawn log-uniformly from this range (minutes). */
  serviceMedianMinutes: [number, number];
  /** Log-normal spread of one attempt's service time around its type's median. */
  serviceSigma: number;
  /** An agent of another type that merely holds the capabilities is this much slower... */
  foreignSlowdown: number;
  /** ...and fails transiently more often than an agent built for the task type. */
  transientFailure: { native: number; foreign: number };
  /** Share of agents that fail mid-run: they stop accepting work and the tasks they hold fail. */
  failingAgentShare: number;
  /** Attempts before a task fails for good (the queues' max delivery count). */
  maxAttempts: number;
  /** Every task type gets at least this many agents. */
  minInstancesPerType: number;
  /** Time from waking an agent on demand to its first task (a checkpoint restore, a deferred redelivery). */
  wakeLatencyMs: number;
  /** Priority mix: share of high (8-10) and normal (4-7) tasks; the rest are low (1-3). */
  priorityMix: { high: number; normal: number };
}

export const DEFAULT_WORKLOAD: WorkloadOptions = {
  seed: 20250106,
  agents: 1000,
  tasks: 10_000,
  start: '2025-01-06T08:00:00.000Z',
  arrivalHours: 8,
  burstShare: 0.6,
  meanBurstSize: 60,
  burstMinutes: 10,
  zipfExponent: 0.8,
  serviceMedianMinutes: [10, 40],
  serviceSigma: 0.5,
  foreignSlowdown: 1.25,
  transientFailure: { native: 0.01, foreign: 0.03 },
  failingAgentShare: 0.1,
  maxAttempts: 3,
  minInstancesPerType: 3,
  wakeLatencyMs: 1000,
  priorityMix: { high: 0.1, normal: 0.6 },
};

export type Band = 'high' | 'normal' | 'low';

/** Priority bands as the queues draw them: high ≥ 8, normal 4-7, low ≤ 3. */
export function bandOf(priority: number): Band {
  if (priority >= 8) return 'high';
  return priority >= 4 ? 'normal' : 'low';
}

/** What one attempt of a task will do, drawn up front so every strategy sees the same dice. */
export interface AttemptDraw {
  /** Service time on an agent built for the task type. */
  serviceMs: number;
  /** Uniform draw: the attempt fails transiently when below the agent's failure probability. */
  failU: number;
  /** How far into the attempt a transient failure strikes (0..1). */
  failAt: number;
  /** Uniform draw for the retry backoff's jitter. */
  backoffU: number;
}

export interface WorkloadTask {
  index: number;
  id: string;
  taskType: string;
  requiredCapabilities: string[];
  /** The sorted required capabilities: tasks with the same key are served by the same agents. */
  key: string;
  priority: number;
  band: Band;
  arrivalMs: number;
  burst: number | null;
  attempts: AttemptDraw[];
}

export interface WorkloadAgent {
  index: number;
  entry: CatalogEntry;
  /** Instance number within its type (the first `warmInstances` are deployed warm). */
  instance: number;
  /** When the agent dies, or null. */
  failAtMs: number | null;
}

export interface TaskTypeProfile {
  taskType: string;
  weight: number;
  serviceMedianMs: number;
  instances: number;
}

export interface Workload {
  options: WorkloadOptions;
  startMs: number;
  agents: WorkloadAgent[];
  tasks: WorkloadTask[];
  types: TaskTypeProfile[];
  /** sha256 over agents, tasks and failures: equal fingerprints mean an identical workload. */
  fingerprint: string;
}

export function generateWorkload(overrides: Partial<WorkloadOptions> = {}): Workload {
  const options: WorkloadOptions = { ...DEFAULT_WORKLOAD, ...overrides };
  const random = seededRandom(options.seed);
  const startMs = Date.parse(options.start);
  const spanMs = options.arrivalHours * 3_600_000;

  // Task types: Zipf popularity over a seeded shuffle, a median service time each.
  const entries = shuffle([...catalog], random).slice(0, options.typeCount ?? catalog.length);
  const types: TaskTypeProfile[] = entries.map((entry, rank) => ({
    taskType: entry.agentType,
    weight: 1 / (rank + 1) ** options.zipfExponent,
    serviceMedianMs: logUniform(random, ...options.serviceMedianMinutes) * 60_000,
    instances: 0,
  }));
  const totalWeight = types.reduce((sum, t) => sum + t.weight, 0);
  for (const t of types) t.weight /= totalWeight;

  // Agents: capacity-planned like an operator would, in proportion to each type's expected agent-time.
  provision(types, entries, options);
  const agents: WorkloadAgent[] = [];
  entries.forEach((entry, t) => {
    for (let instance = 0; instance < types[t]!.instances; instance++) {
      agents.push({ index: agents.length, entry, instance, failAtMs: null });
    }
  });
  const failing = shuffle(
    agents.map((a) => a.index),
    random,
  ).slice(0, Math.round(options.agents * options.failingAgentShare));
  for (const index of failing) {
    agents[index]!.failAtMs = Math.round(startMs + spanMs * (0.1 + 0.8 * random()));
  }

  // Arrivals: a background trickle plus bursts of one type at random moments of the day.
  const burstTasks = Math.round(options.tasks * options.burstShare);
  const bursts = Math.max(1, Math.round(burstTasks / options.meanBurstSize));
  const burstStarts = Array.from({ length: bursts }, () => random() * spanMs);
  const burstTypes = Array.from({ length: bursts }, () => pickWeighted(types, random));
  const burstWeights = Array.from({ length: bursts }, () => -Math.log(1 - random()));
  const burstCumulative = cumulative(burstWeights);
  const drafts: { arrival: number; type: number; burst: number | null }[] = [];
  for (let i = 0; i < options.tasks; i++) {
    if (i < burstTasks) {
      const burst = search(burstCumulative, random() * burstCumulative[burstCumulative.length - 1]!);
      const offset = burstStarts[burst]! + random() * options.burstMinutes * 60_000;
      drafts.push({ arrival: Math.min(spanMs, offset), type: burstTypes[burst]!, burst });
    } else {
      drafts.push({ arrival: random() * spanMs, type: pickWeighted(types, random), burst: null });
    }
  }
  drafts.sort((a, b) => a.arrival - b.arrival);

  const tasks: WorkloadTask[] = drafts.map((draft, index) => {
    const entry = entries[draft.type]!;
    const requiredCapabilities = requiredSubset(entry.capabilities, random);
    const priority = drawPriority(options, random);
    const median = types[draft.type]!.serviceMedianMs;
    return {
      index,
      id: `task-${String(index).padStart(5, '0')}`,
      taskType: entry.agentType,
      requiredCapabilities,
      key: [...requiredCapabilities].sort().join('+'),
      priority,
      band: bandOf(priority),
      arrivalMs: startMs + Math.round(draft.arrival),
      burst: draft.burst,
      attempts: Array.from({ length: options.maxAttempts }, () => ({
        serviceMs: Math.max(5_000, Math.round(median * Math.exp(options.serviceSigma * gaussian(random)))),
        failU: random(),
        failAt: 0.1 + 0.8 * random(),
        backoffU: random(),
      })),
    };
  });

  const fingerprint = createHash('sha256')
    .update(
      JSON.stringify({
        agents: agents.map((a) => [a.entry.agentType, a.instance, a.failAtMs]),
        tasks: tasks.map((t) => [t.taskType, t.key, t.priority, t.arrivalMs, t.attempts]),
      }),
    )
    .digest('hex');
  return { options, startMs, agents, tasks, types, fingerprint };
}

/** Instances per type ∝ expected agent-time (weight × median service / concurrency), at least the minimum. */
function provision(types: TaskTypeProfile[], entries: CatalogEntry[], options: WorkloadOptions): void {
  const floor = options.minInstancesPerType;
  const spare = options.agents - floor * types.length;
  if (spare < 0) throw new Error(`${options.agents} agents cannot give ${types.length} types ${floor} each`);
  const demand = types.map((t, i) => (t.weight * t.serviceMedianMs) / entries[i]!.maxConcurrency);
  const total = demand.reduce((sum, d) => sum + d, 0);
  const exact = demand.map((d) => (d / total) * spare);
  const whole = exact.map(Math.floor);
  let left = spare - whole.reduce((sum, n) => sum + n, 0);
  const byRemainder = exact
    .map((e, i) => ({ i, r: e - Math.floor(e) }))
    .sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left-- <= 0) break;
    whole[i]!++;
  }
  types.forEach((t, i) => (t.instances = floor + whole[i]!));
}

/** A realistic request names one to three of the capabilities its type offers. */
function requiredSubset(capabilities: readonly string[], random: () => number): string[] {
  const u = random();
  const size = Math.min(capabilities.length, u < 0.5 ? 1 : u < 0.85 ? 2 : 3);
  return shuffle([...capabilities], random).slice(0, size);
}

function drawPriority(options: WorkloadOptions, random: () => number): number {
  const u = random();
  const within = random();
  if (u < options.priorityMix.high) return 8 + Math.floor(within * 3);
  if (u < options.priorityMix.high + options.priorityMix.normal) return 4 + Math.floor(within * 4);
  return 1 + Math.floor(within * 3);
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

function logUniform(random: () => number, low: number, high: number): number {
  return Math.exp(Math.log(low) + random() * (Math.log(high) - Math.log(low)));
}

/** Box-Muller: a standard normal draw. */
function gaussian(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function cumulative(weights: number[]): number[] {
  let sum = 0;
  return weights.map((w) => (sum += w));
}

/** The first index whose cumulative weight exceeds `x`. */
function search(cumulativeWeights: number[], x: number): number {
  let low = 0;
  let high = cumulativeWeights.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (cumulativeWeights[mid]! > x) high = mid;
    else low = mid + 1;
  }
  return low;
}

function pickWeighted(types: TaskTypeProfile[], random: () => number): number {
  let x = random();
  for (let i = 0; i < types.length; i++) {
    x -= types[i]!.weight;
    if (x < 0) return i;
  }
  return types.length - 1;
}
