import type { AgentInstance, CostMeters } from '../schemas/agent';
import type { AgentState } from '../schemas/lifecycle';

/**
 * Seed 002 §10.3.E: an awake agent costs compute + model + storage, about $0.21 an hour; a sleeping one
 * only the storage of its checkpoint, $0.01. A cold agent is configuration only and costs nothing.
 */
export const ACTIVE_COST_PER_HOUR = 0.21;
export const SLEEPING_COST_PER_HOUR = 0.01;

const MS_PER_HOUR = 3_600_000;

/** Warming and idle agents hold their compute just as active ones do, so they are billed alike. */
const BILLED_AS_ACTIVE: readonly AgentState[] = ['warming', 'idle', 'active'];

export interface AgentHours {
  activeHours: number;
  sleepingHours: number;
}

/** Hours billed at each rate from the meters, plus time in the current state not yet metered. */
export function agentHours(
  meters: Pick<CostMeters, 'msByState'>,
  current?: { state: AgentState; ms: number },
): AgentHours {
  const ms = (state: AgentState) =>
    (meters.msByState[state] ?? 0) + (current?.state === state ? Math.max(0, current.ms) : 0);
  return {
    activeHours: BILLED_AS_ACTIVE.reduce((sum, state) => sum + ms(state), 0) / MS_PER_HOUR,
    sleepingHours: ms('sleeping') / MS_PER_HOUR,
  };
}

export interface AgentCost extends AgentHours {
  computeUsd: number;
  tokenUsd: number;
  totalUsd: number;
}

/**
 * What an agent has cost up to `now`. Token spend is metered per model call and added on top: the seed's
 * $0.21 assumes an average token load, the meter says what was really used.
 */
export function agentCostUsd(agent: AgentInstance, now: Date): AgentCost {
  const hours = agentHours(agent.cost, {
    state: agent.state,
    ms: now.getTime() - Date.parse(agent.stateSince),
  });
  const computeUsd = hours.activeHours * ACTIVE_COST_PER_HOUR + hours.sleepingHours * SLEEPING_COST_PER_HOUR;
  const tokenUsd = agent.cost.tokenCostUsd;
  return { ...hours, computeUsd, tokenUsd, totalUsd: computeUsd + tokenUsd };
}

export interface SleepWakeSaving {
  alwaysOnUsd: number;
  sleepWakeUsd: number;
  /** The share of the always-on bill that sleeping saves, 0..1. */
  saving: number;
}

/** The seed's comparison: 500 agents used 2 h a day for 30 days cost $9,600 instead of $75,600 (87%). */
export function sleepWakeSaving(scenario: {
  agents: number;
  activeHoursPerDay: number;
  days: number;
}): SleepWakeSaving {
  const { agents, activeHoursPerDay, days } = scenario;
  const alwaysOnUsd = cents(agents * 24 * ACTIVE_COST_PER_HOUR * days);
  const sleepWakeUsd = cents(
    agents *
      (activeHoursPerDay * ACTIVE_COST_PER_HOUR + (24 - activeHoursPerDay) * SLEEPING_COST_PER_HOUR) *
      days,
  );
  return { alwaysOnUsd, sleepWakeUsd, saving: alwaysOnUsd === 0 ? 0 : 1 - sleepWakeUsd / alwaysOnUsd };
}

function cents(usd: number): number {
  return Math.round(usd * 100) / 100;
}
