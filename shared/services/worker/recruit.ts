import { isAwake, wake } from '../../domain/agentStateMachine';
import type { AgentInstance } from '../../schemas/agent';
import type { TaskDocument } from '../../schemas/task';
import { TelemetryEvents } from '../../telemetry/names';
import { updateAgent } from '../agents/updateAgent';
import type { Swarm } from '../swarm';
import { emit, taskSignal } from './signals';
import type { SwarmView } from './swarmView';

/** Sleeping agents restore from a checkpoint and start faster than cold ones, so they are asked first. */
const WAKE_PREFERENCE: Record<string, number> = { sleeping: 0, cold: 1 };

/**
 * No awake agent can take the task: wake one that can (seed §10.3.C, trigger-based activation), within
 * its type's `maxInstances`, and lay a TASK pheromone at the location so the recruit — and any peer that
 * wakes on its own — senses the work. Returns the recruit, or undefined when no capable agent is deployed
 * (or every capable type is at its instance limit).
 */
export async function recruitFor(
  swarm: Swarm,
  view: SwarmView,
  task: TaskDocument,
): Promise<AgentInstance | undefined> {
  const agents = (await swarm.agents.list(task.tenantId)).map((v) => v.doc);
  const awakeByType = new Map<string, number>();
  for (const agent of agents.filter(isAwake)) {
    awakeByType.set(agent.agentType, (awakeByType.get(agent.agentType) ?? 0) + 1);
  }
  const candidate = agents
    .filter((a) => a.state in WAKE_PREFERENCE)
    .filter((a) => task.requiredCapabilities.every((c) => a.capabilities.includes(c)))
    .filter((a) => (awakeByType.get(a.agentType) ?? 0) < a.lifecycle.warmPool.maxInstances)
    .sort((a, b) => WAKE_PREFERENCE[a.state]! - WAKE_PREFERENCE[b.state]! || a.id.localeCompare(b.id))[0];
  await emit(swarm, [taskSignal(swarm, task, 'worker')], task);
  if (!candidate) return undefined;
  const reason = `recruited for task ${task.id}`;
  const recruit = await updateAgent(swarm, candidate, (current) => {
    const woke = wake(current, swarm.clock.now(), reason);
    return woke.agent === current ? undefined : woke.agent;
  });
  view.forgetAgents(task.tenantId);
  swarm.telemetry.event({
    name: TelemetryEvents.AgentRecruited,
    properties: {
      tenantId: task.tenantId,
      agentId: recruit.id,
      agentType: recruit.agentType,
      taskId: task.id,
      location: task.location,
    },
    traceparent: task.traceparent ?? undefined,
  });
  return recruit;
}
