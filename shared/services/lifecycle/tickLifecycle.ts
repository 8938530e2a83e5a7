import { IllegalAgentTransition } from '../../domain/agentStateMachine';
import { applyLifecycleAction, planLifecycle, type LifecycleAction } from '../../domain/lifecyclePlan';
import type { AgentInstance } from '../../schemas/agent';
import { AgentState } from '../../schemas/lifecycle';
import { TelemetryEvents, TelemetryMetrics } from '../../telemetry/names';
import { updateAgent } from '../agents/updateAgent';
import type { Swarm } from '../swarm';
import { budgetOf } from '../metrics/costMetrics';

/** The budget alert level last reported per tenant, so a threshold is announced once, not every minute. */
export type BudgetAlerts = Map<string, number>;

export interface TickReport {
  tenants: number;
  woke: number;
  slept: number;
  skipped: number;
}

/**
 * The every-minute lifecycle timer (seed §10.3): for each tenant, plan wakes and sleeps from schedules,
 * tiers, idle time and warm pools, then carry each out with compare-and-set on that agent alone. Each
 * action is re-decided on the agent as it is now, so a tick that fires twice or late, or an agent that
 * took a task meanwhile, is harmless: an agent holding work is never put to sleep.
 */
export async function tickLifecycle(
  swarm: Swarm,
  lastTick: Date | null,
  budgetAlerts: BudgetAlerts = new Map(),
): Promise<TickReport> {
  const report: TickReport = { tenants: 0, woke: 0, slept: 0, skipped: 0 };
  const now = swarm.clock.now();
  for (const tenantId of await swarm.agents.tenants()) {
    report.tenants++;
    const agents = new Map((await swarm.agents.list(tenantId)).map((v) => [v.doc.id, v.doc]));
    for (const action of planLifecycle([...agents.values()], now, lastTick)) {
      const applied = await apply(swarm, tenantId, action);
      if (applied === 'skipped') {
        report.skipped++;
      } else if (applied) {
        report[action.action === 'wake' ? 'woke' : 'slept']++;
        agents.set(applied.id, applied);
      }
    }
    recordAgentsByState(swarm, tenantId, [...agents.values()]);
    watchBudget(swarm, tenantId, [...agents.values()], budgetAlerts);
  }
  return report;
}

/** The agent after the action, undefined when nothing needed doing, or 'skipped' when it moved on. */
async function apply(
  swarm: Swarm,
  tenantId: string,
  action: LifecycleAction,
): Promise<AgentInstance | undefined | 'skipped'> {
  let changed = false;
  try {
    const agent = await updateAgent(swarm, { tenantId, id: action.agentId }, (current) => {
      const next = applyLifecycleAction(current, action, swarm.clock.now());
      changed = next !== current;
      return changed ? next : undefined;
    });
    if (changed) {
      swarm.telemetry.event({
        name: action.action === 'wake' ? TelemetryEvents.AgentWoke : TelemetryEvents.AgentSlept,
        properties: { tenantId, agentId: agent.id, agentType: agent.agentType, reason: action.reason },
      });
    }
    return changed ? agent : undefined;
  } catch (error) {
    // The agent moved on since the plan (it took a task): the next tick decides again.
    if (!(error instanceof IllegalAgentTransition)) throw error;
    swarm.telemetry.event({
      name: TelemetryEvents.LifecycleActionSkipped,
      properties: { tenantId, agentId: action.agentId, action: action.action, reason: error.message },
    });
    return 'skipped';
  }
}

/** Announces the highest budget threshold crossed this month (80, 90, 100 %), once per level. */
function watchBudget(swarm: Swarm, tenantId: string, agents: AgentInstance[], alerts: BudgetAlerts): void {
  const budget = budgetOf(agents, swarm.budgets?.[tenantId] ?? swarm.budgets?.['*'], swarm.clock.now());
  const key = `${tenantId}/${budget?.month ?? ''}`;
  if (!budget?.alert || (alerts.get(key) ?? 0) >= budget.alert) return;
  alerts.set(key, budget.alert);
  swarm.telemetry.event({
    name: TelemetryEvents.BudgetThresholdCrossed,
    properties: { tenantId, month: budget.month, threshold: budget.alert },
    measurements: { spentUsd: budget.spentUsd, monthlyUsd: budget.monthlyUsd, ratio: budget.ratio },
  });
}

function recordAgentsByState(swarm: Swarm, tenantId: string, agents: AgentInstance[]): void {
  for (const state of AgentState.options) {
    const count = agents.filter((a) => a.state === state).length;
    swarm.telemetry.metric(TelemetryMetrics.AgentsByState, count, { tenantId, state });
  }
}
