import { accrue, computeUsd } from './agentCost';
import type { AgentInstance } from '../schemas/agent';
import type { AgentState } from '../schemas/lifecycle';

/** Seed 002 §10.3.A/B: the legal moves of an agent, and why each exists. */
export const AGENT_TRANSITIONS: Readonly<Record<AgentState, readonly AgentState[]>> = {
  cold: ['warming'], // first start: instantiated from its catalogue entry, no checkpoint to restore
  sleeping: ['warming'], // woken by schedule, event, demand or API: restores its checkpoint
  warming: [
    'idle', // ready for work
    'sleeping', // the warm-up failed: back to sleep rather than stuck half-awake
  ],
  idle: [
    'active', // took a task
    'sleeping', // idle too long, outside business hours, or keep-alive over
    'cold', // retired: its instance released entirely
  ],
  active: [
    'idle', // finished its last task
    'active', // took or finished one of several concurrent tasks
  ],
  // active → sleeping is deliberately missing: an agent finishes its in-flight tasks first (§10.3.B).
};

export class IllegalAgentTransition extends Error {
  constructor(
    readonly from: AgentState,
    readonly to: AgentState,
    why?: string,
  ) {
    super(`An agent cannot go from ${from} to ${to}${why ? `: ${why}` : ''}`);
    this.name = 'IllegalAgentTransition';
  }
}

export function canTransitionAgent(from: AgentState, to: AgentState): boolean {
  return AGENT_TRANSITIONS[from].includes(to);
}

/** Awake agents cost the active rate and can be given work (once warmed). */
export function isAwake(agent: { state: AgentState }): boolean {
  return agent.state === 'warming' || agent.state === 'idle' || agent.state === 'active';
}

/**
 * Moves an agent to `to` at `at`, returning a new agent. The time spent in the state it leaves goes to
 * its cost meter. Going to sleep checkpoints what it has learned (thresholds and stats; memory is kept);
 * warming up from sleep restores it. A legal move to the same state (active → active) changes nothing.
 */
export function transitionAgent(
  agent: AgentInstance,
  to: AgentState,
  at: Date,
  reason: string,
): AgentInstance {
  const from = agent.state;
  if (!canTransitionAgent(from, to)) throw new IllegalAgentTransition(from, to);
  if (from === to) return agent;
  if ((to === 'sleeping' || to === 'cold') && agent.activeTaskIds.length > 0) {
    throw new IllegalAgentTransition(from, to, `it still holds ${agent.activeTaskIds.length} task(s)`);
  }
  const atIso = at.toISOString();
  const elapsedMs = Math.max(0, at.getTime() - Date.parse(agent.stateSince));
  const moved: AgentInstance = {
    ...agent,
    state: to,
    stateSince: atIso,
    updatedAt: atIso,
    cost: accrue(
      {
        ...agent.cost,
        msByState: { ...agent.cost.msByState, [from]: (agent.cost.msByState[from] ?? 0) + elapsedMs },
      },
      at,
      { usd: computeUsd(from, elapsedMs) },
    ),
  };
  switch (to) {
    case 'warming':
      return {
        ...moved,
        wokeAt: atIso,
        wakeReason: reason,
        stats: from === 'sleeping' && agent.checkpoint ? agent.checkpoint.stats : agent.stats,
      };
    case 'idle':
    case 'active':
      return { ...moved, lastActiveAt: atIso };
    case 'sleeping':
      return {
        ...moved,
        // A keep-alive belongs to the waking it came with; it must not outlive the sleep.
        keepAliveUntil: null,
        checkpoint: { savedAt: atIso, memory: agent.checkpoint?.memory ?? {}, stats: agent.stats },
      };
    case 'cold':
      return { ...moved, keepAliveUntil: null };
  }
}

export interface Wake {
  agent: AgentInstance;
  /** Woken from `cold`: nothing to restore, the slow start the warm pool exists to avoid. */
  coldStart: boolean;
}

/**
 * Idempotent wake: cold or sleeping → warming → idle in one step. An agent already awake is returned as
 * it is (the same object), except that a later `keepAliveUntil` extends its keep-alive: a second wake
 * request for longer must not be cut short by the first.
 */
export function wake(agent: AgentInstance, at: Date, reason: string, keepAliveUntil?: Date | string): Wake {
  let woken = agent;
  if (agent.state === 'cold' || agent.state === 'sleeping') {
    woken = transitionAgent(transitionAgent(agent, 'warming', at, reason), 'idle', at, reason);
  } else if (agent.state === 'warming') {
    woken = transitionAgent(agent, 'idle', at, reason);
  }
  if (keepAliveUntil !== undefined) {
    const until = new Date(keepAliveUntil);
    if (woken.keepAliveUntil === null || Date.parse(woken.keepAliveUntil) < until.getTime()) {
      woken = { ...woken, keepAliveUntil: until.toISOString(), updatedAt: at.toISOString() };
    }
  }
  return { agent: woken, coldStart: agent.state === 'cold' };
}

/**
 * Idempotent sleep: an agent already sleeping (or cold, which costs even less) is returned as it is.
 * An agent still holding tasks cannot sleep (IllegalAgentTransition); an active agent with none left
 * passes through idle.
 */
export function sleep(agent: AgentInstance, at: Date, reason: string): AgentInstance {
  if (agent.state === 'sleeping' || agent.state === 'cold') return agent;
  if (agent.activeTaskIds.length > 0) {
    throw new IllegalAgentTransition(
      agent.state,
      'sleeping',
      `it still holds ${agent.activeTaskIds.length} task(s)`,
    );
  }
  const settled = agent.state === 'active' ? transitionAgent(agent, 'idle', at, reason) : agent;
  return transitionAgent(settled, 'sleeping', at, reason);
}
