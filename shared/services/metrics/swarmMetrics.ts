import { isAwake } from '../../domain/agentStateMachine';
import { gini } from '../../domain/gini';
import type { AgentInstance } from '../../schemas/agent';
import { AgentState } from '../../schemas/lifecycle';
import { TaskStatus } from '../../schemas/task';
import type { Swarm } from '../swarm';

/** Throughput is averaged over this window: long enough to smooth bursts, short enough to be current. */
export const THROUGHPUT_WINDOW_MINUTES = 15;

export interface SwarmMetrics {
  /** Gini of tasks handled per agent, over agents awake now or that have handled work (seed target < 0.3). */
  gini: number;
  /** Idle time over awake time, all agents, including their current stay (seed target < 20 %). */
  idleRatio: number;
  throughputPerMinute: number;
  tasksByStatus: Record<string, number>;
  agentsByState: Record<string, number>;
  /** Tasks waiting for a human over all tasks (seed target < 15 %). */
  approvalRate: number;
}

function handled(agent: AgentInstance): number {
  return Object.values(agent.stats).reduce((sum, s) => sum + s.successes + s.failures, 0);
}

/** The swarm's health figures for one tenant, computed from stored state (aggregates, not lists, for tasks). */
export async function swarmMetrics(swarm: Swarm, tenantId: string): Promise<SwarmMetrics> {
  const now = swarm.clock.now();
  const agents = (await swarm.agents.list(tenantId)).map((v) => v.doc);
  const since = new Date(now.getTime() - THROUGHPUT_WINDOW_MINUTES * 60_000).toISOString();
  const [counts, recent] = await Promise.all([
    Promise.all(
      TaskStatus.options.map(
        async (status) => [status, await swarm.tasks.count(tenantId, { status })] as const,
      ),
    ),
    swarm.tasks.count(tenantId, { completedSince: since }),
  ]);
  const tasksByStatus = Object.fromEntries(counts);
  const totalTasks = counts.reduce((sum, [, n]) => sum + n, 0);

  let idleMs = 0;
  let awakeMs = 0;
  for (const agent of agents) {
    const current = now.getTime() - Date.parse(agent.stateSince);
    const ms = (state: string) =>
      (agent.cost.msByState[state as AgentState] ?? 0) + (agent.state === state ? current : 0);
    idleMs += ms('idle');
    awakeMs += ms('idle') + ms('active') + ms('warming');
  }
  const workers = agents.filter((a) => isAwake(a) || handled(a) > 0);
  return {
    gini: round(gini(workers.map(handled))),
    idleRatio: awakeMs === 0 ? 0 : round(idleMs / awakeMs),
    throughputPerMinute: round(recent / THROUGHPUT_WINDOW_MINUTES),
    tasksByStatus,
    agentsByState: Object.fromEntries(
      AgentState.options.map((s) => [s, agents.filter((a) => a.state === s).length]),
    ),
    approvalRate: totalTasks === 0 ? 0 : round((tasksByStatus.awaiting_approval ?? 0) / totalTasks),
  };
}

export function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
