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

/** Dollars per hour of a state under the seed's model. */
export function ratePerHour(state: AgentState): number {
  if (BILLED_AS_ACTIVE.includes(state)) return ACTIVE_COST_PER_HOUR;
  return state === 'sleeping' ? SLEEPING_COST_PER_HOUR : 0;
}

/** The compute dollars of `ms` spent in `state`. */
export function computeUsd(state: AgentState, ms: number): number {
  return (ratePerHour(state) * Math.max(0, ms)) / MS_PER_HOUR;
}

/** The UTC calendar month of a moment, as budgets count it: `2026-03`. */
export function monthOf(at: Date): string {
  return at.toISOString().slice(0, 7);
}

/**
 * Adds a charge to the meters: compute time billed on a transition, or a model call's tokens. The month
 * to date rolls over at the first charge of a new month; a stretch of time that spans a month boundary is
 * charged to the month it ends in (at most one state's stay is misattributed, a rounding the budgets
 * accept).
 */
export function accrue(
  cost: CostMeters,
  at: Date,
  charge: { usd: number; tokens?: number; model?: string },
): CostMeters {
  const month = monthOf(at);
  const monthToDate = {
    month,
    usd: (cost.monthToDate?.month === month ? cost.monthToDate.usd : 0) + charge.usd,
  };
  if (charge.tokens === undefined) return { ...cost, monthToDate };
  const model = charge.model ?? 'unknown';
  const previous = cost.byModel?.[model] ?? { tokens: 0, usd: 0 };
  return {
    ...cost,
    tokens: cost.tokens + charge.tokens,
    tokenCostUsd: cost.tokenCostUsd + charge.usd,
    byModel: {
      ...cost.byModel,
      [model]: { tokens: previous.tokens + charge.tokens, usd: previous.usd + charge.usd },
    },
    monthToDate,
  };
}

/** What an agent has been charged this month, including its current stay not yet metered. */
export function monthToDateUsd(agent: AgentInstance, now: Date): number {
  const month = monthOf(now);
  const charged = agent.cost.monthToDate?.month === month ? agent.cost.monthToDate.usd : 0;
  const monthStart = Date.parse(`${month}-01T00:00:00.000Z`);
  const since = Math.max(Date.parse(agent.stateSince), monthStart);
  return charged + computeUsd(agent.state, now.getTime() - since);
}

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
