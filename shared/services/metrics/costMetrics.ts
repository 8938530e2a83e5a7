import { ACTIVE_COST_PER_HOUR, agentCostUsd, monthOf, monthToDateUsd } from '../../domain/agentCost';
import type { AgentInstance } from '../../schemas/agent';
import type { Swarm } from '../swarm';
import { round } from './swarmMetrics';

export interface CostLine {
  computeUsd: number;
  tokenUsd: number;
  totalUsd: number;
  tokens: number;
}

export interface Budget {
  month: string;
  monthlyUsd: number;
  spentUsd: number;
  ratio: number;
  /** The highest alert threshold crossed (0.8, 0.9 or 1.0), or null. */
  alert: number | null;
}

export interface CostMetrics {
  byTenant: Record<string, CostLine & { budget: Budget | null }>;
  byAgentType: Record<string, CostLine>;
  byModel: Record<string, { tokens: number; usd: number }>;
  /** 1 − actual compute cost ÷ the cost of keeping every agent awake since it was deployed (seed ≈ 0.87). */
  sleepWakeSavingRatio: number;
}

export const BUDGET_ALERT_THRESHOLDS = [1.0, 0.9, 0.8] as const;

function add(line: CostLine, agent: AgentInstance, now: Date): CostLine {
  const cost = agentCostUsd(agent, now);
  return {
    computeUsd: line.computeUsd + cost.computeUsd,
    tokenUsd: line.tokenUsd + cost.tokenUsd,
    totalUsd: line.totalUsd + cost.totalUsd,
    tokens: line.tokens + agent.cost.tokens,
  };
}

const ZERO: CostLine = { computeUsd: 0, tokenUsd: 0, totalUsd: 0, tokens: 0 };

function rounded(line: CostLine): CostLine {
  return {
    computeUsd: round(line.computeUsd),
    tokenUsd: round(line.tokenUsd),
    totalUsd: round(line.totalUsd),
    tokens: line.tokens,
  };
}

/** This month's spend against the tenant's budget, with the highest threshold crossed. */
export function budgetOf(agents: AgentInstance[], monthlyUsd: number | undefined, now: Date): Budget | null {
  if (monthlyUsd === undefined || monthlyUsd <= 0) return null;
  const spentUsd = agents.reduce((sum, a) => sum + monthToDateUsd(a, now), 0);
  const ratio = spentUsd / monthlyUsd;
  return {
    month: monthOf(now),
    monthlyUsd,
    spentUsd: round(spentUsd),
    ratio: round(ratio),
    alert: BUDGET_ALERT_THRESHOLDS.find((t) => ratio >= t) ?? null,
  };
}

/** Cost of one tenant's swarm by agent type and model, its budget, and what sleeping saved (seed §10.3.E). */
export async function costMetrics(swarm: Swarm, tenantId: string): Promise<CostMetrics> {
  const now = swarm.clock.now();
  const agents = (await swarm.agents.list(tenantId)).map((v) => v.doc);
  let tenant = ZERO;
  const byAgentType: Record<string, CostLine> = {};
  const byModel: Record<string, { tokens: number; usd: number }> = {};
  let alwaysOnUsd = 0;
  let computeUsd = 0;
  for (const agent of agents) {
    tenant = add(tenant, agent, now);
    byAgentType[agent.agentType] = add(byAgentType[agent.agentType] ?? ZERO, agent, now);
    for (const [model, use] of Object.entries(agent.cost.byModel ?? {})) {
      const line = byModel[model] ?? { tokens: 0, usd: 0 };
      byModel[model] = { tokens: line.tokens + use.tokens, usd: round(line.usd + use.usd) };
    }
    const lifetimeHours = Math.max(0, now.getTime() - Date.parse(agent.createdAt)) / 3_600_000;
    alwaysOnUsd += lifetimeHours * ACTIVE_COST_PER_HOUR;
    computeUsd += agentCostUsd(agent, now).computeUsd;
  }
  return {
    byTenant: {
      [tenantId]: {
        ...rounded(tenant),
        budget: budgetOf(agents, swarm.budgets?.[tenantId] ?? swarm.budgets?.['*'], now),
      },
    },
    byAgentType: Object.fromEntries(Object.entries(byAgentType).map(([k, v]) => [k, rounded(v)])),
    byModel,
    sleepWakeSavingRatio: alwaysOnUsd === 0 ? 0 : round(1 - computeUsd / alwaysOnUsd),
  };
}
