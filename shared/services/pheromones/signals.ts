import { strengthForPriority } from '../../domain/trail';
import type { AgentInstance } from '../../schemas/agent';
import type { PheromoneSignal, PheromoneType } from '../../schemas/pheromone';
import type { TaskDocument } from '../../schemas/task';
import { publishSignals } from './depositPheromone';
import type { Swarm } from '../swarm';

/** The signals the worker leaves in the field (seed §15.4): TASK to recruit, SUCCESS and DANGER after work. */
export function taskSignal(swarm: Swarm, task: TaskDocument, emitter: string): PheromoneSignal {
  return signal(swarm, task, emitter, 'task', strengthForPriority(task.priority), 3600, task.taskType, {
    taskId: task.id,
    taskType: task.taskType,
    priority: task.priority,
    requiredCapabilities: task.requiredCapabilities,
  });
}

export function outcomeSignal(
  swarm: Swarm,
  task: TaskDocument,
  agent: AgentInstance,
  type: Extract<PheromoneType, 'success' | 'danger'>,
  strength: number,
  ttlSeconds: number,
  data: Record<string, unknown>,
): PheromoneSignal {
  // Danger is one trail per location so failures of any task type there reinforce each other.
  const trailKey = type === 'danger' ? '' : task.taskType;
  return signal(swarm, task, agent.id, type, strength, ttlSeconds, trailKey, {
    taskId: task.id,
    taskType: task.taskType,
    agentType: agent.agentType,
    ...data,
  });
}

function signal(
  swarm: Swarm,
  task: TaskDocument,
  emitter: string,
  type: PheromoneType,
  strength: number,
  ttlSeconds: number,
  trailKey: string,
  data: Record<string, unknown>,
): PheromoneSignal {
  return {
    id: swarm.newId(),
    tenantId: task.tenantId,
    emitter,
    type,
    location: task.location,
    trailKey,
    strength,
    ttlSeconds,
    data,
    depositedAt: swarm.clock.now().toISOString(),
  };
}

export function emit(swarm: Swarm, signals: PheromoneSignal[], task: TaskDocument): Promise<void> {
  return publishSignals(swarm, signals, task.traceparent ?? undefined, { bestEffort: true });
}
