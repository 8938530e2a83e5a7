import { chooseAgent } from '../../domain/bid';
import { deferBackoffMs } from '../../domain/backoff';
import { isLocationAvoided, msUntilCalm } from '../../domain/danger';
import { currentStrength } from '../../domain/evaporation';
import { isFinalTask } from '../../domain/taskStateMachine';
import { TaskMessage, type TaskDocument } from '../../schemas/task';
import { TelemetryEvents } from '../../telemetry/names';
import type { Swarm } from '../swarm';
import { claimTask, releaseSlot, takeSlot, unclaim } from './claim';
import { deadLetterTask } from './deadLetterTask';
import { deferTask } from './defer';
import { DEFAULT_WORKER_POLICY, type WorkerPolicy } from './policy';
import { recruitFor } from './recruit';
import { runTask } from './run';
import { complete, deadLetter, type Delivery, type Settlement } from './settlement';
import type { SwarmView } from '../swarmView';

/**
 * The task worker (seed §15.4): one Service Bus message in, one settlement out. Every step is idempotent
 * against the task document, so a redelivered or duplicated message never completes a task twice and
 * never holds two slots on an agent.
 */
export async function processTask(
  swarm: Swarm,
  view: SwarmView,
  body: unknown,
  delivery: Delivery,
  policy: WorkerPolicy = DEFAULT_WORKER_POLICY,
): Promise<Settlement> {
  const parsed = TaskMessage.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
    return deadLetter('InvalidMessage', `the message is not a task message: ${issues}`);
  }
  const message = parsed.data;
  try {
    return await handle(swarm, view, message, delivery, policy);
  } catch (error) {
    // A dependency failed mid-way. Redelivery retries it; on the last delivery the reason goes on the
    // task (when the store answers) and the message to the dead-letter queue, never silently away.
    const description = error instanceof Error ? error.message : String(error);
    if (delivery.deliveryCount < delivery.maxDeliveryCount) {
      return { action: 'abandon', reason: description };
    }
    return deadLetterTask(
      swarm,
      { tenantId: message.tenantId, id: message.taskId },
      'ProcessingFailed',
      description,
    ).catch(() => deadLetter('ProcessingFailed', description));
  }
}

async function handle(
  swarm: Swarm,
  view: SwarmView,
  message: TaskMessage,
  delivery: Delivery,
  policy: WorkerPolicy,
): Promise<Settlement> {
  const found = await swarm.tasks.get(message.tenantId, message.taskId);
  if (!found) {
    return deadLetter('TaskNotFound', `no task ${message.taskId} in tenant ${message.tenantId}`);
  }
  let task = found.doc;
  if (task.taskType !== message.taskType) {
    return deadLetter('MessageMismatch', `message says ${message.taskType}, the task is ${task.taskType}`);
  }
  if (task.status === 'dead_lettered' && task.claimMessageId === delivery.messageId && task.error) {
    return deadLetter(task.error.code, task.error.message);
  }
  if (isFinalTask(task.status) || task.status === 'awaiting_approval') {
    return complete(`task is already ${task.status}`);
  }
  if (task.status === 'claimed' || task.status === 'running') {
    // Only the message that made the claim may take the task back (its lock expired mid-run); any other
    // copy backs off and leaves the task to its holder.
    if (task.claimMessageId !== delivery.messageId) return complete('another delivery holds this task');
    if (task.assignedAgentId) {
      view.remember(await releaseSlot(swarm, { tenantId: task.tenantId, id: task.assignedAgentId }, task.id));
    }
    task = await unclaim(
      swarm,
      task,
      `delivery ${delivery.deliveryCount} found the previous attempt interrupted`,
    );
  }
  return dispatch(swarm, view, task, delivery, policy);
}

async function dispatch(
  swarm: Swarm,
  view: SwarmView,
  task: TaskDocument,
  delivery: Delivery,
  policy: WorkerPolicy,
): Promise<Settlement> {
  const now = swarm.clock.now();
  const danger = await view.dangerTrails(task.tenantId);
  const strongDanger = danger.filter((t) => currentStrength(t, now) >= policy.avoidDangerAtStrength);
  if (isLocationAvoided(strongDanger, task.location, now).avoided) {
    // Come back when the danger has faded below the avoidance threshold, not when it has vanished.
    const calmMs = msUntilCalm(strongDanger, task.location, policy.avoidDangerAtStrength, now);
    const delayMs = Math.min(policy.maxDangerDeferralMs, Math.max(250, calmMs));
    return deferTask(
      swarm,
      task,
      `location ${task.location} is avoided while its danger trail is live`,
      delayMs,
      policy,
      delivery,
    );
  }

  let choice = chooseAgent(await view.awakeAgents(task.tenantId), task, { now, random: swarm.random });
  if (!choice) {
    const recruit = await recruitFor(swarm, view, task);
    // Ordered work must not lose its place in the session: use the recruit at once when there is one.
    if (recruit && task.sessionId) {
      choice = chooseAgent([recruit], task, { now: swarm.clock.now(), random: swarm.random });
    }
    if (!choice) {
      if (task.sessionId) return { action: 'abandon', reason: 'no awake capable agent for ordered work yet' };
      const why = recruit ? `recruited ${recruit.id}; waiting for it to wake` : 'no awake capable agent';
      return deferTask(swarm, task, why, deferBackoffMs(task.deferrals, swarm.random), policy, delivery);
    }
  }

  const claimed = await claimTask(swarm, task, choice.agent.id, delivery.messageId);
  if (!claimed) return complete('the task was no longer claimable');
  const agent = await takeSlot(swarm, choice.agent, claimed.id);
  if (!agent) {
    view.forgetAgents(task.tenantId);
    const released = await unclaim(swarm, claimed, `${choice.agent.id} had no free slot when claiming`);
    return deferTask(
      swarm,
      released,
      'the chosen agent filled up',
      deferBackoffMs(0, swarm.random),
      policy,
      delivery,
    );
  }
  view.remember(agent);
  swarm.telemetry.event({
    name: TelemetryEvents.TaskClaimed,
    properties: {
      tenantId: claimed.tenantId,
      taskId: claimed.id,
      taskType: claimed.taskType,
      agentId: agent.id,
      agentType: agent.agentType,
      location: claimed.location,
    },
    measurements: { score: choice.bid.score, attempt: claimed.attempts },
    traceparent: claimed.traceparent ?? undefined,
  });
  return runTask(swarm, view, claimed, agent, delivery, policy);
}
