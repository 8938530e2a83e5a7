import { transitionAgent } from '../../domain/agentStateMachine';
import { transitionTask } from '../../domain/taskStateMachine';
import type { AgentInstance } from '../../schemas/agent';
import type { TaskDocument } from '../../schemas/task';
import { updateAgent } from '../agents/updateAgent';
import type { Swarm } from '../swarm';
import { updateTask } from '../tasks/updateTask';

const CLAIMABLE = new Set(['queued', 'deferred']);

/**
 * Claims the task for `agentId` and starts it, with one compare-and-set: the history records both steps
 * (claimed, then running), but the document is written once, since nothing happens between them that
 * another reader could act on. Undefined when the task is no longer claimable (taken, cancelled). Two
 * deliveries racing for one task: exactly one write succeeds; the other re-reads, sees the claim and
 * backs off.
 */
export async function claimTask(
  swarm: Swarm,
  task: TaskDocument,
  agentId: string,
  messageId: string,
): Promise<TaskDocument | undefined> {
  const at = swarm.clock.now();
  const result = await updateTask(swarm, task, (current) => {
    if (!CLAIMABLE.has(current.status)) return undefined;
    const claimed = transitionTask(current, 'claimed', {
      at,
      by: agentId,
      reason: 'won the marketplace bid',
      patch: {
        assignedAgentId: agentId,
        attempts: current.attempts + 1,
        claimMessageId: messageId,
        error: null,
      },
    });
    return transitionTask(claimed, 'running', { at, by: agentId, reason: 'started' });
  });
  return result.status === 'running' &&
    result.claimMessageId === messageId &&
    result.assignedAgentId === agentId
    ? result
    : undefined;
}

/**
 * Takes a concurrency slot on the agent. Holding the task id (not a counter) is what makes a redelivered
 * message harmless: the same task cannot occupy two slots. Undefined when the agent is no longer awake or
 * has no free slot.
 */
export async function takeSlot(
  swarm: Swarm,
  agent: AgentInstance,
  taskId: string,
): Promise<AgentInstance | undefined> {
  let taken = false;
  const result = await updateAgent(swarm, agent, (current) => {
    taken = false;
    if (current.activeTaskIds.includes(taskId)) {
      taken = true;
      return undefined;
    }
    const awake = current.state === 'idle' || current.state === 'active';
    if (!awake || current.activeTaskIds.length >= current.maxConcurrency) return undefined;
    taken = true;
    const now = swarm.clock.now();
    const active =
      current.state === 'active' ? current : transitionAgent(current, 'active', now, `took task ${taskId}`);
    return { ...active, activeTaskIds: [...current.activeTaskIds, taskId], lastActiveAt: now.toISOString() };
  });
  return taken ? result : undefined;
}

/**
 * Gives the slot back and applies what the attempt taught the agent (`learn`). Idempotent: a task id the
 * agent no longer holds changes nothing, so a redelivery cannot release twice or learn twice.
 */
export async function releaseSlot(
  swarm: Swarm,
  agent: Pick<AgentInstance, 'tenantId' | 'id'>,
  taskId: string,
  learn: (agent: AgentInstance) => AgentInstance = (a) => a,
): Promise<AgentInstance> {
  return updateAgent(swarm, agent, (current) => {
    if (!current.activeTaskIds.includes(taskId)) return undefined;
    const now = swarm.clock.now();
    const remaining = current.activeTaskIds.filter((id) => id !== taskId);
    const released = learn({ ...current, activeTaskIds: remaining, lastActiveAt: now.toISOString() });
    return remaining.length === 0 && released.state === 'active'
      ? transitionAgent(released, 'idle', now, `finished task ${taskId}`)
      : { ...released, updatedAt: now.toISOString() };
  });
}

/** Puts a claimed task back to `queued` (its agent could not take it after all). */
export function unclaim(swarm: Swarm, task: TaskDocument, reason: string): Promise<TaskDocument> {
  return updateTask(swarm, task, (current) =>
    current.status === 'claimed' || current.status === 'running'
      ? transitionTask(current, 'queued', {
          at: swarm.clock.now(),
          by: 'worker',
          reason,
          patch: { assignedAgentId: null, claimMessageId: null },
        })
      : undefined,
  );
}
