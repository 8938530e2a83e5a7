import {
  IllegalAgentTransition,
  isAwake,
  transitionAgent,
  wake,
} from '../../shared/domain/agentStateMachine';
import { agentHours } from '../../shared/domain/agentCost';
import { retryBackoffMs } from '../../shared/domain/backoff';
import { bid, chooseAgent } from '../../shared/domain/bid';
import { applyLifecycleAction, planLifecycle } from '../../shared/domain/lifecyclePlan';
import { seededRandom } from '../../shared/domain/random';
import { taskStrength } from '../../shared/domain/taskStrength';
import { recordOutcome } from '../../shared/domain/threshold';
import type { AgentInstance } from '../../shared/schemas/agent';
import type { AgentState } from '../../shared/schemas/lifecycle';
import { instantiate } from '../../shared/services/agents/deployAgents';
import type { Swarm } from '../../shared/services/swarm';
import { EventQueue } from './eventQueue';
import type { Band, Workload, WorkloadAgent, WorkloadTask } from './workload';

/**
 * One strategy over one workload on a simulated clock: no I/O, no timers, every decision made by the
 * same domain functions the worker and the lifecycle timer call (chooseAgent, recordOutcome, taskStrength,
 * transitionAgent, wake, planLifecycle, applyLifecycleAction, retryBackoffMs).
 *
 * - marketplace: pending work is offered strongest first (taskStrength, then priority, then queue order);
 *   an arriving task goes to chooseAgent's winner among the awake capable agents with a free slot; each
 *   outcome feeds recordOutcome. Agents start in their catalogue lifecycle (cold, sleeping, or awake for
 *   always-on and warm pools), the lifecycle plan runs every simulated minute (business hours, warm pools,
 *   idle sleep), and a task no awake agent can take wakes a sleeping (then cold) capable agent, as the
 *   worker's recruitFor/wakeCapable do.
 * - fifo: plain competing consumers. Every agent is always awake; one queue in (re)enqueue order; each free
 *   slot is a pending receive, and the longest-waiting receive among capable agents gets the next message.
 * - random: every agent always awake; queue order as fifo; a task goes to a uniformly random capable free
 *   agent.
 */
export type StrategyName = 'marketplace' | 'fifo' | 'random';

export const STRATEGIES: readonly StrategyName[] = ['marketplace', 'fifo', 'random'];

const TICK_MS = 60_000;
const AUDIT_MS = 10 * 60_000;

export interface SimulationOptions {
  /** Seed of the strategy's own randomness (tie-breaks, random choice); the workload has its own. */
  seed?: number;
  /** Marketplace only: keep each type's catalogue `maxInstances` (default: raised to the deployed count). */
  catalogueInstanceCaps?: boolean;
  /** Marketplace only: overrides every agent's idle-sleep minutes (sensitivity runs). */
  sleepAfterIdleMinutes?: number;
  /** Marketplace only: false keeps every agent awake all day (no lifecycle plan, no waking): isolates the bid. */
  lifecycle?: boolean;
  /** Marketplace only: false skips recordOutcome, so thresholds stay at their default (isolates learning). */
  learning?: boolean;
  /**
   * Marketplace what-ifs for changes the report recommends (not the domain as it is):
   * `leastLoaded` offers a task only to the least-loaded free agents before chooseAgent ranks them;
   * `wakeLeastRecent` wakes the sleeping agent idle the longest instead of the lowest id;
   * `priorityFirst` ranks waiting work by priority band before task strength;
   * `proportionalChoice` draws the winner with probability ∝ its bid score instead of taking the argmax.
   */
  whatIf?: {
    leastLoaded?: boolean;
    wakeLeastRecent?: boolean;
    priorityFirst?: boolean;
    proportionalChoice?: boolean;
  };
}

type TaskStatus = 'future' | 'pending' | 'backoff' | 'running' | 'completed' | 'failed';

interface TaskRun {
  spec: WorkloadTask;
  createdAt: string;
  status: TaskStatus;
  /** Claims so far, as the task document counts them. */
  attempts: number;
  holder: number | null;
  /** Bumped whenever an attempt ends early, so its scheduled finish is recognised as stale. */
  token: number;
  pendingSince: number;
  enqueueSeq: number;
  queuedMs: number;
  backoffMs: number;
  completedAt: number | null;
  /** The type of the agent that completed it. */
  holderType: string | null;
}

interface AgentRun {
  index: number;
  spec: WorkloadAgent;
  agent: AgentInstance;
  keys: string[];
  failed: boolean;
  /** Meters frozen when the agent died. */
  frozen?: Meters;
  warming: boolean;
  everAwake: boolean;
  /** fifo: when each free slot started waiting for a message, oldest first. */
  freeSlots: number[];
  completed: number;
  completedByType: Map<string, number>;
}

interface Meters {
  awakeMs: number;
  idleMs: number;
  awakeHours: number;
  sleepingHours: number;
}

type SimEvent =
  | { kind: 'arrive'; task: number }
  | { kind: 'retry'; task: number }
  | { kind: 'finish'; task: number; agent: number; token: number; success: boolean }
  | { kind: 'agentFails'; agent: number }
  | { kind: 'warmed'; agent: number }
  | { kind: 'tick' }
  | { kind: 'audit' };

/** Everything a run observed, before it is summarised into metrics. */
export interface SimulationTrace {
  strategy: StrategyName;
  fingerprint: string;
  startMs: number;
  endMs: number;
  tasks: {
    id: string;
    taskType: string;
    band: Band;
    status: 'completed' | 'failed';
    reason?: 'attempts exhausted' | 'stranded';
    attempts: number;
    arrivalMs: number;
    waitMs: number;
    completedAt: number | null;
    holderType: string | null;
  }[];
  agents: {
    id: string;
    agentType: string;
    failed: boolean;
    everAwake: boolean;
    canServe: boolean;
    completed: number;
    completedByType: Record<string, number>;
    meters: Meters;
  }[];
  counters: {
    assignments: number;
    duplicateAssignments: number;
    auditDuplicates: number;
    audits: number;
    attemptsFailedByAgentDeath: number;
    attemptsFailedTransiently: number;
    priorityInversions: number;
    contestedArrivals: number;
    wakesOnDemand: number;
    wakesByPlan: number;
    coldStarts: number;
    sleeps: number;
    skippedLifecycleActions: number;
    ticks: number;
  };
  runtimeMs: number;
}

export function simulate(
  workload: Workload,
  strategy: StrategyName,
  options: SimulationOptions = {},
): SimulationTrace {
  const started = process.hrtime.bigint();
  const random = seededRandom((options.seed ?? workload.options.seed) ^ strategySalt(strategy));
  const market = strategy === 'marketplace';
  const lifecycle = market && options.lifecycle !== false;
  const learning = market && options.learning !== false;
  const { startMs } = workload;
  const { maxAttempts, foreignSlowdown, transientFailure, wakeLatencyMs } = workload.options;

  // --- agents: catalogue instances, deployed as deployAgents would ---------------------------------------
  const deployedPerType = new Map<string, number>();
  for (const a of workload.agents)
    deployedPerType.set(a.entry.agentType, (deployedPerType.get(a.entry.agentType) ?? 0) + 1);
  const deployer = {
    clock: { now: () => new Date(startMs) },
    newId: () => '',
  } as unknown as Swarm;
  const keysAll = [...new Set(workload.tasks.map((t) => t.key))];
  const keyCapabilities = new Map(keysAll.map((k) => [k, k.split('+')]));
  const agents: AgentRun[] = workload.agents.map((spec) => {
    const warm = lifecycle && spec.instance < spec.entry.lifecycle.warmPool.warmInstances;
    let agent = instantiate(deployer, 'tenant-sim', spec.entry, {}, warm);
    agent = { ...agent, id: `${spec.entry.agentType}#${String(spec.instance).padStart(3, '0')}` };
    if (lifecycle) {
      const warmPool = options.catalogueInstanceCaps
        ? agent.lifecycle.warmPool
        : {
            ...agent.lifecycle.warmPool,
            maxInstances: Math.max(
              agent.lifecycle.warmPool.maxInstances,
              deployedPerType.get(spec.entry.agentType)!,
            ),
          };
      const sleepAfterIdleMinutes = options.sleepAfterIdleMinutes ?? agent.lifecycle.sleepAfterIdleMinutes;
      const eventTrigger = agent.lifecycle.eventTrigger && {
        ...agent.lifecycle.eventTrigger,
        sleepAfterIdleMinutes:
          options.sleepAfterIdleMinutes ?? agent.lifecycle.eventTrigger.sleepAfterIdleMinutes,
      };
      agent = {
        ...agent,
        lifecycle: {
          ...agent.lifecycle,
          warmPool,
          sleepAfterIdleMinutes,
          ...(eventTrigger && { eventTrigger }),
        },
      };
    } else {
      // Competing consumers are processes that run all day: awake and idle from the start.
      agent = {
        ...agent,
        state: 'idle',
        warm: false,
        lastActiveAt: agent.createdAt,
        wokeAt: agent.createdAt,
      };
    }
    const held = new Set(agent.capabilities);
    const keys = keysAll.filter((k) => keyCapabilities.get(k)!.every((c) => held.has(c)));
    const freeSlots = Array.from(
      { length: agent.maxConcurrency },
      // Receives posted at start in a random order, so ties between agents are not decided by index.
      () => startMs - random(),
    ).sort((x, y) => x - y);
    return {
      index: spec.index,
      spec,
      agent,
      keys,
      failed: false,
      warming: false,
      everAwake: isAwake(agent),
      freeSlots,
      completed: 0,
      completedByType: new Map(),
    };
  });
  const byId = new Map(agents.map((a) => [a.agent.id, a]));
  const byType = new Map<string, AgentRun[]>();
  for (const a of agents) byType.set(a.agent.agentType, [...(byType.get(a.agent.agentType) ?? []), a]);
  const agentsByKey = new Map<string, AgentRun[]>(keysAll.map((k) => [k, []]));
  for (const a of agents) for (const k of a.keys) agentsByKey.get(k)!.push(a);
  const servable = new Set(agents.filter((a) => a.keys.length > 0).map((a) => a.index));

  // --- tasks ---------------------------------------------------------------------------------------------
  const tasks: TaskRun[] = workload.tasks.map((spec) => ({
    spec,
    createdAt: new Date(spec.arrivalMs).toISOString(),
    status: 'future',
    attempts: 0,
    holder: null,
    token: 0,
    pendingSince: 0,
    enqueueSeq: 0,
    queuedMs: 0,
    backoffMs: 0,
    completedAt: null,
    holderType: null,
  }));
  const pendingByKey = new Map<string, Set<number>>(keysAll.map((k) => [k, new Set()]));
  const warmingSlots = new Map<string, number>(keysAll.map((k) => [k, 0]));
  const holders = new Map<number, number>();
  let enqueueSeq = 0;
  let unfinished = tasks.length;

  const counters: SimulationTrace['counters'] = {
    assignments: 0,
    duplicateAssignments: 0,
    auditDuplicates: 0,
    audits: 0,
    attemptsFailedByAgentDeath: 0,
    attemptsFailedTransiently: 0,
    priorityInversions: 0,
    contestedArrivals: 0,
    wakesOnDemand: 0,
    wakesByPlan: 0,
    coldStarts: 0,
    sleeps: 0,
    skippedLifecycleActions: 0,
    ticks: 0,
  };

  // --- events --------------------------------------------------------------------------------------------
  const queue = new EventQueue<SimEvent>();
  /** Events other than the periodic tick and audit: when none are left, nothing can change any more. */
  let liveEvents = 0;
  const schedule = (at: number, event: SimEvent) => {
    if (event.kind !== 'tick' && event.kind !== 'audit') liveEvents++;
    queue.push(at, event);
  };
  for (const t of tasks) schedule(t.spec.arrivalMs, { kind: 'arrive', task: t.spec.index });
  for (const a of agents)
    if (a.spec.failAtMs !== null) schedule(a.spec.failAtMs, { kind: 'agentFails', agent: a.index });
  if (lifecycle) schedule(startMs, { kind: 'tick' });
  schedule(startMs + AUDIT_MS, { kind: 'audit' });

  let now = startMs;
  let lastTick: Date | null = null;
  let lastCompletion = startMs;

  const serving = (a: AgentRun) =>
    !a.failed && !a.warming && (a.agent.state === 'idle' || a.agent.state === 'active');
  const hasSlot = (a: AgentRun) => a.agent.activeTaskIds.length < a.agent.maxConcurrency;

  function enqueue(t: TaskRun): void {
    t.status = 'pending';
    t.pendingSince = now;
    t.enqueueSeq = ++enqueueSeq;
    pendingByKey.get(t.spec.key)!.add(t.spec.index);
  }

  /** A task became available (arrival or retry): give it to a free agent now, or leave it queued. */
  function offer(t: TaskRun): void {
    enqueue(t);
    const free = agentsByKey.get(t.spec.key)!.filter((a) => serving(a) && hasSlot(a));
    if (free.length > 1) counters.contestedArrivals++;
    let chosen: AgentRun | undefined;
    if (free.length > 0) {
      if (strategy === 'marketplace') {
        const load = (a: AgentRun) => a.agent.activeTaskIds.length / a.agent.maxConcurrency;
        const least = Math.min(...free.map(load));
        const offered = options.whatIf?.leastLoaded ? free.filter((a) => load(a) === least) : free;
        if (options.whatIf?.proportionalChoice) {
          chosen = drawProportional(offered, biddable(t), new Date(now), random);
        } else {
          const choice = chooseAgent(
            offered.map((a) => a.agent),
            biddable(t),
            { now: new Date(now), random },
          );
          chosen = choice && byId.get(choice.agent.id);
        }
      } else if (strategy === 'fifo') {
        chosen = free.reduce((best, a) => (a.freeSlots[0]! < best.freeSlots[0]! ? a : best));
      } else {
        chosen = free[Math.min(free.length - 1, Math.floor(random() * free.length))];
      }
    }
    if (chosen) assign(t, chosen);
    else if (lifecycle) recruit(t);
  }

  function biddable(t: TaskRun) {
    return {
      taskType: t.spec.taskType,
      requiredCapabilities: t.spec.requiredCapabilities,
      priority: t.spec.priority,
      attempts: t.attempts,
      createdAt: t.createdAt,
    };
  }

  function assign(t: TaskRun, a: AgentRun): void {
    // Counted for real: a task that is not waiting, or that some agent already holds, must never be given out.
    if (t.status !== 'pending' || t.holder !== null || (holders.get(t.spec.index) ?? 0) > 0) {
      counters.duplicateAssignments++;
    }
    pendingByKey.get(t.spec.key)!.delete(t.spec.index);
    t.queuedMs += now - t.pendingSince;
    t.attempts++;
    t.status = 'running';
    t.holder = a.index;
    holders.set(t.spec.index, (holders.get(t.spec.index) ?? 0) + 1);
    a.agent = takeSlot(a.agent, t.spec.id, now);
    a.freeSlots.shift();
    counters.assignments++;
    const draw = t.spec.attempts[t.attempts - 1]!;
    const native = a.agent.agentType === t.spec.taskType;
    const serviceMs = draw.serviceMs * (native ? 1 : foreignSlowdown);
    const fails = draw.failU < (native ? transientFailure.native : transientFailure.foreign);
    const endsAt = now + Math.round(fails ? serviceMs * draw.failAt : serviceMs);
    schedule(endsAt, { kind: 'finish', task: t.spec.index, agent: a.index, token: t.token, success: !fails });
  }

  /** An attempt ended without success: retry after the worker's backoff, or give up after the last one. */
  function attemptFailed(t: TaskRun): void {
    t.holder = null;
    t.token++;
    const count = holders.get(t.spec.index) ?? 0;
    if (count > 0) holders.set(t.spec.index, count - 1);
    if (t.attempts >= maxAttempts) {
      t.status = 'failed';
      unfinished--;
      return;
    }
    const draw = t.spec.attempts[t.attempts - 1]!;
    const delay = retryBackoffMs(t.attempts, () => draw.backoffU);
    t.status = 'backoff';
    t.backoffMs += delay;
    schedule(now + delay, { kind: 'retry', task: t.spec.index });
  }

  /** The agent has free slots: it takes the waiting work it can do, in the strategy's order. */
  function agentFreed(a: AgentRun): void {
    if (!serving(a)) return;
    while (hasSlot(a)) {
      const candidates: TaskRun[] = [];
      for (const k of a.keys) {
        const pending = pendingByKey.get(k)!;
        if (pending.size === 0) continue;
        if (market) for (const i of pending) candidates.push(tasks[i]!);
        else candidates.push(tasks[pending.values().next().value as number]!);
      }
      if (candidates.length === 0) return;
      let next: TaskRun;
      if (market) {
        const at = new Date(now);
        const ranked = candidates.map((t) => ({ t, s: taskStrength(biddable(t), at) }));
        const band = (t: TaskRun) => (options.whatIf?.priorityFirst ? bandRank(t.spec.band) : 0);
        ranked.sort(
          (x, y) =>
            band(y.t) - band(x.t) ||
            y.s - x.s ||
            y.t.spec.priority - x.t.spec.priority ||
            x.t.enqueueSeq - y.t.enqueueSeq,
        );
        next = ranked[0]!.t;
        countInversion(next, candidates);
        const choice = chooseAgent([a.agent], biddable(next), { now: at, random });
        if (!choice) throw new Error(`chooseAgent refused ${a.agent.id} for ${next.spec.id}`);
      } else {
        next = candidates.reduce((best, t) => (t.enqueueSeq < best.enqueueSeq ? t : best));
        // Inversions need every waiting task this agent could take, not only the queue heads.
        const all: TaskRun[] = [];
        for (const k of a.keys) for (const i of pendingByKey.get(k)!) all.push(tasks[i]!);
        countInversion(next, all);
      }
      assign(next, a);
    }
  }

  function countInversion(chosen: TaskRun, candidates: TaskRun[]): void {
    const rank = bandRank(chosen.spec.band);
    if (candidates.some((t) => bandRank(t.spec.band) > rank)) counters.priorityInversions++;
  }

  /** Marketplace: no awake agent could take the task; wake one that can, as recruitFor/wakeCapable do. */
  function recruit(t: TaskRun): void {
    const key = t.spec.key;
    // Agents already warming will take waiting work when ready: wake more only for work beyond their slots.
    if (pendingByKey.get(key)!.size <= warmingSlots.get(key)!) return;
    const candidates = agentsByKey
      .get(key)!
      .filter((a) => !a.failed && (a.agent.state === 'sleeping' || a.agent.state === 'cold'))
      .sort(
        (x, y) =>
          wakePreference(x.agent.state) - wakePreference(y.agent.state) ||
          (options.whatIf?.wakeLeastRecent ? lastActive(x) - lastActive(y) : 0) ||
          x.agent.id.localeCompare(y.agent.id),
      );
    for (const candidate of candidates) {
      const type = candidate.agent.agentType;
      const awake = byType.get(type)!.filter((a) => !a.failed && isAwake(a.agent)).length;
      if (awake >= candidate.agent.lifecycle.warmPool.maxInstances) continue;
      if (candidate.agent.state === 'cold') counters.coldStarts++;
      candidate.agent = transitionAgent(
        candidate.agent,
        'warming',
        new Date(now),
        `recruited for ${t.spec.id}`,
      );
      startWarming(candidate);
      counters.wakesOnDemand++;
      schedule(now + wakeLatencyMs, { kind: 'warmed', agent: candidate.index });
      return;
    }
  }

  function startWarming(a: AgentRun): void {
    a.warming = true;
    a.everAwake = true;
    for (const k of a.keys) warmingSlots.set(k, warmingSlots.get(k)! + a.agent.maxConcurrency);
  }

  function stopWarming(a: AgentRun): void {
    if (!a.warming) return;
    a.warming = false;
    for (const k of a.keys) warmingSlots.set(k, warmingSlots.get(k)! - a.agent.maxConcurrency);
  }

  function tick(): void {
    counters.ticks++;
    const at = new Date(now);
    const live = agents.filter((a) => !a.failed);
    for (const action of planLifecycle(
      live.map((a) => a.agent),
      at,
      lastTick,
    )) {
      const run = byId.get(action.agentId)!;
      const before = run.agent.state;
      try {
        run.agent = applyLifecycleAction(run.agent, action, at);
      } catch (error) {
        if (!(error instanceof IllegalAgentTransition)) throw error;
        counters.skippedLifecycleActions++;
        continue;
      }
      if (action.action === 'wake' && run.agent.state !== before) {
        if (before === 'cold') counters.coldStarts++;
        if (before !== 'warming') counters.wakesByPlan++;
        run.everAwake = true;
        stopWarming(run);
        agentFreed(run);
      } else if (action.action === 'sleep' && run.agent.state !== before) {
        counters.sleeps++;
      }
    }
    lastTick = at;
  }

  function audit(): void {
    counters.audits++;
    const seen = new Set<string>();
    for (const a of agents) {
      if (a.failed) continue;
      for (const id of a.agent.activeTaskIds) {
        if (seen.has(id)) counters.auditDuplicates++;
        seen.add(id);
      }
    }
  }

  for (;;) {
    if (unfinished === 0 || liveEvents === 0) break;
    const next = queue.pop();
    if (!next) break;
    now = next.at;
    const event = next.event;
    if (event.kind !== 'tick' && event.kind !== 'audit') liveEvents--;
    switch (event.kind) {
      case 'arrive':
      case 'retry': {
        const t = tasks[event.task]!;
        offer(t);
        break;
      }
      case 'finish': {
        const t = tasks[event.task]!;
        const a = agents[event.agent]!;
        if (t.token !== event.token || t.holder !== a.index || a.failed) break;
        const learn = (agent: AgentInstance) =>
          learning ? recordOutcome(agent, t.spec.taskType, event.success ? 'success' : 'failure') : agent;
        a.agent = releaseSlot(a.agent, t.spec.id, now, learn);
        a.freeSlots.push(now);
        if (event.success) {
          holders.set(t.spec.index, holders.get(t.spec.index)! - 1);
          t.holder = null;
          t.status = 'completed';
          t.completedAt = now;
          lastCompletion = now;
          unfinished--;
          a.completed++;
          a.completedByType.set(t.spec.taskType, (a.completedByType.get(t.spec.taskType) ?? 0) + 1);
          t.holderType = a.agent.agentType;
        } else {
          counters.attemptsFailedTransiently++;
          attemptFailed(t);
        }
        agentFreed(a);
        break;
      }
      case 'agentFails': {
        const a = agents[event.agent]!;
        a.frozen = meters(a.agent, now);
        a.failed = true;
        stopWarming(a);
        for (const id of a.agent.activeTaskIds) {
          const t = tasks[Number(id.slice('task-'.length))]!;
          counters.attemptsFailedByAgentDeath++;
          attemptFailed(t);
        }
        break;
      }
      case 'warmed': {
        const a = agents[event.agent]!;
        if (a.failed || !a.warming) break;
        stopWarming(a);
        a.agent = wake(a.agent, new Date(now), 'warmed up').agent;
        agentFreed(a);
        break;
      }
      case 'tick':
        tick();
        if (unfinished > 0) schedule(now + TICK_MS, { kind: 'tick' });
        break;
      case 'audit':
        audit();
        if (unfinished > 0) schedule(now + AUDIT_MS, { kind: 'audit' });
        break;
    }
  }
  audit();

  const endMs = Math.max(lastCompletion, now);
  return {
    strategy,
    fingerprint: workload.fingerprint,
    startMs,
    endMs,
    tasks: tasks.map((t) => ({
      id: t.spec.id,
      taskType: t.spec.taskType,
      band: t.spec.band,
      status: t.status === 'completed' ? 'completed' : 'failed',
      ...(t.status !== 'completed' && {
        reason: t.status === 'failed' ? ('attempts exhausted' as const) : ('stranded' as const),
      }),
      attempts: t.attempts,
      arrivalMs: t.spec.arrivalMs,
      waitMs: t.queuedMs + t.backoffMs + (t.status === 'pending' ? endMs - t.pendingSince : 0),
      completedAt: t.completedAt,
      holderType: t.holderType,
    })),
    agents: agents.map((a) => ({
      id: a.agent.id,
      agentType: a.agent.agentType,
      failed: a.failed,
      everAwake: a.everAwake,
      canServe: servable.has(a.index),
      completed: a.completed,
      completedByType: Object.fromEntries(a.completedByType),
      meters: a.frozen ?? meters(a.agent, endMs),
    })),
    counters,
    runtimeMs: Number(process.hrtime.bigint() - started) / 1e6,
  };
}

/** What-if: the response-threshold model read as a probability — a draw weighted by each domain bid's score. */
function drawProportional<A extends { agent: AgentInstance }>(
  offered: A[],
  task: Parameters<typeof bid>[1],
  now: Date,
  random: () => number,
): A | undefined {
  const bids = offered.map((a) => ({ a, score: bid(a.agent, task, { now })?.score ?? 0 }));
  const total = bids.reduce((sum, b) => sum + b.score, 0);
  if (total <= 0) return offered[0];
  let x = random() * total;
  for (const b of bids) {
    x -= b.score;
    if (x < 0) return b.a;
  }
  return bids[bids.length - 1]!.a;
}

/** claim.ts takeSlot without the store: the task id joins the agent's slots; idle becomes active. */
function takeSlot(agent: AgentInstance, taskId: string, now: number): AgentInstance {
  const at = new Date(now);
  const active =
    agent.state === 'active' ? agent : transitionAgent(agent, 'active', at, `took task ${taskId}`);
  return { ...active, activeTaskIds: [...agent.activeTaskIds, taskId], lastActiveAt: at.toISOString() };
}

/** claim.ts releaseSlot without the store: the slot is given back, the outcome learned, idle when empty. */
function releaseSlot(
  agent: AgentInstance,
  taskId: string,
  now: number,
  learn: (agent: AgentInstance) => AgentInstance,
): AgentInstance {
  const at = new Date(now);
  const remaining = agent.activeTaskIds.filter((id) => id !== taskId);
  const released = learn({ ...agent, activeTaskIds: remaining, lastActiveAt: at.toISOString() });
  return remaining.length === 0 && released.state === 'active'
    ? transitionAgent(released, 'idle', at, `finished task ${taskId}`)
    : { ...released, updatedAt: at.toISOString() };
}

/** Awake time, idle time and billed hours from the agent's own cost meters, up to `at`. */
function meters(agent: AgentInstance, at: number): Meters {
  const current = { state: agent.state, ms: at - Date.parse(agent.stateSince) };
  const ms = (state: AgentState) =>
    (agent.cost.msByState[state] ?? 0) + (current.state === state ? Math.max(0, current.ms) : 0);
  const hours = agentHours(agent.cost, current);
  return {
    awakeMs: ms('warming') + ms('idle') + ms('active'),
    idleMs: ms('idle'),
    awakeHours: hours.activeHours,
    sleepingHours: hours.sleepingHours,
  };
}

function lastActive(a: { agent: AgentInstance }): number {
  return a.agent.lastActiveAt === null ? 0 : Date.parse(a.agent.lastActiveAt);
}

function wakePreference(state: AgentState): number {
  return state === 'sleeping' ? 0 : 1;
}

function bandRank(band: Band): number {
  return band === 'high' ? 2 : band === 'normal' ? 1 : 0;
}

function strategySalt(strategy: StrategyName): number {
  return strategy === 'marketplace' ? 0x6d61726b : strategy === 'fifo' ? 0x6669666f : 0x72616e64;
}
