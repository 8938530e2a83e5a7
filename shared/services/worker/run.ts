import { transitionTask } from '../../domain/taskStateMachine';
import { recordOutcome } from '../../domain/threshold';
import { accrue } from '../../domain/agentCost';
import { buildPrompt } from '../../guardrails/prompt';
import { redactPii } from '../../guardrails/redact';
import { validateModelOutput } from '../../guardrails/output';
import { costUsd } from '../../models/registry';
import type { ModelResponse } from '../../ports';
import type { AgentInstance } from '../../schemas/agent';
import type { TaskDocument } from '../../schemas/task';
import { TelemetryEvents, TelemetryMetrics } from '../../telemetry/names';
import type { Swarm } from '../swarm';
import { taskMessage } from '../tasks/submitTask';
import { updateTask } from '../tasks/updateTask';
import { releaseSlot } from './claim';
import { deadLetterTask } from './deadLetterTask';
import type { WorkerPolicy } from './policy';
import { complete, type Delivery, type Settlement } from './settlement';
import { emit, outcomeSignal } from '../pheromones/signals';
import type { SwarmView } from '../swarmView';
import { retryBackoffMs } from '../../domain/backoff';

/** A failure that retrying cannot fix: the task is dead-lettered at once. */
class PermanentFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Runs a claimed (and started) task on its agent through the model port. PII is redacted before the model sees
 * anything; a prompt-injection tripwire or an invalid output is a permanent failure. Success stores the
 * result, teaches the agent (its threshold for this task type drops) and lays SUCCESS; failure teaches the
 * opposite, lays DANGER at the location and retries with backoff until the attempts run out.
 */
export async function runTask(
  swarm: Swarm,
  view: SwarmView,
  running: TaskDocument,
  agent: AgentInstance,
  delivery: Delivery,
  policy: WorkerPolicy,
): Promise<Settlement> {
  const startedAt = swarm.clock.now();
  swarm.telemetry.metric(
    TelemetryMetrics.TaskQueueWaitMs,
    startedAt.getTime() - Date.parse(running.createdAt),
    { tenantId: running.tenantId, taskType: running.taskType },
    running.traceparent ?? undefined,
  );
  try {
    const response = await think(swarm, running, agent);
    return await succeed(swarm, view, running, agent, response, startedAt, policy);
  } catch (error) {
    return await fail(swarm, view, running, agent, error, delivery, policy);
  }
}

/** A model's answer, validated and redacted, with what it cost. */
type Thought = ModelResponse & { costUsd: number };

async function think(swarm: Swarm, task: TaskDocument, agent: AgentInstance): Promise<Thought> {
  const built = buildPrompt({ agentType: agent.agentType, taskType: task.taskType, payload: task.payload });
  if (built.injection.suspicious) {
    throw new PermanentFailure(
      'PromptInjectionSuspected',
      `tripwires: ${built.injection.signals.join(', ')}`,
    );
  }
  const started = Date.now();
  const response = await swarm.model.complete({
    agentType: agent.agentType,
    models: agent.modelPreference,
    taskType: task.taskType,
    prompt: built.prompt,
    payload: redactPii(task.payload).value as Record<string, unknown>,
    attempt: task.attempts,
  });
  const usd = costUsd(response.model, response.promptTokens, response.completionTokens);
  swarm.telemetry.event({
    name: TelemetryEvents.ModelCalled,
    properties: {
      tenantId: task.tenantId,
      taskId: task.id,
      agentType: agent.agentType,
      model: response.model,
      redactions: built.redactions,
    },
    measurements: {
      durationMs: Date.now() - started,
      promptTokens: response.promptTokens,
      completionTokens: response.completionTokens,
      costUsd: usd,
    },
    traceparent: task.traceparent ?? undefined,
  });
  const dimensions = { tenantId: task.tenantId, agentType: agent.agentType, model: response.model };
  swarm.telemetry.metric(
    TelemetryMetrics.ModelTokens,
    response.promptTokens + response.completionTokens,
    dimensions,
  );
  swarm.telemetry.metric(TelemetryMetrics.ModelCostUsd, usd, dimensions);
  try {
    // The stored result is the validated answer with any PII the model produced redacted.
    return {
      ...response,
      content: validateModelOutput(response.content, undefined, { model: response.model }).value,
      costUsd: usd,
    };
  } catch (error) {
    throw new PermanentFailure('ModelOutputInvalid', (error as Error).message);
  }
}

async function succeed(
  swarm: Swarm,
  view: SwarmView,
  task: TaskDocument,
  agent: AgentInstance,
  response: Thought,
  startedAt: Date,
  policy: WorkerPolicy,
): Promise<Settlement> {
  const usd = response.costUsd;
  const tokens = response.promptTokens + response.completionTokens;
  const completed = await updateTask(swarm, task, (current) =>
    current.status === 'running'
      ? transitionTask(current, 'completed', {
          at: swarm.clock.now(),
          by: agent.id,
          reason: `completed by ${agent.agentType}`,
          patch: {
            result: {
              output: response.content,
              model: response.model,
              confidence: response.confidence,
              tokens,
              costUsd: usd,
            },
            claimMessageId: null,
          },
        })
      : undefined,
  );
  view.remember(
    await releaseSlot(swarm, agent, task.id, (a) => ({
      ...recordOutcome(a, task.taskType, 'success'),
      cost: accrue(a.cost, swarm.clock.now(), { usd, tokens, model: response.model }),
    })),
  );
  const runMs = swarm.clock.now().getTime() - startedAt.getTime();
  swarm.telemetry.event({
    name: TelemetryEvents.TaskCompleted,
    properties: {
      tenantId: task.tenantId,
      taskId: task.id,
      taskType: task.taskType,
      agentId: agent.id,
      agentType: agent.agentType,
      model: response.model,
      location: task.location,
    },
    measurements: { runMs, attempts: completed.attempts, tokens, costUsd: usd },
    traceparent: task.traceparent ?? undefined,
  });
  swarm.telemetry.metric(TelemetryMetrics.TaskRunMs, runMs, {
    tenantId: task.tenantId,
    taskType: task.taskType,
  });
  await emit(
    swarm,
    [
      outcomeSignal(swarm, task, agent, 'success', policy.successStrength, policy.successTtlSeconds, {
        agentId: agent.id,
      }),
    ],
    task,
  );
  return complete('completed');
}

async function fail(
  swarm: Swarm,
  view: SwarmView,
  task: TaskDocument,
  agent: AgentInstance,
  error: unknown,
  delivery: Delivery,
  policy: WorkerPolicy,
): Promise<Settlement> {
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof PermanentFailure ? error.code : ((error as Error)?.name ?? 'Error');
  const retryAfterSeconds = (error as { retryAfterSeconds?: number }).retryAfterSeconds;
  view.remember(await releaseSlot(swarm, agent, task.id, (a) => recordOutcome(a, task.taskType, 'failure')));
  view.forgetDanger(task.tenantId);
  await emit(
    swarm,
    [
      outcomeSignal(
        swarm,
        task,
        agent,
        'danger',
        policy.dangerStrength,
        retryAfterSeconds ?? policy.dangerTtlSeconds,
        {
          error: code,
          retryAfter: retryAfterSeconds ?? null,
        },
      ),
    ],
    task,
  );
  swarm.telemetry.event({
    name: TelemetryEvents.TaskFailed,
    properties: {
      tenantId: task.tenantId,
      taskId: task.id,
      taskType: task.taskType,
      agentType: agent.agentType,
      error: code,
      location: task.location,
    },
    measurements: { attempt: task.attempts },
    traceparent: task.traceparent ?? undefined,
  });
  // A failure the model client says retrying cannot fix (a bad request, a scripted error) is permanent.
  const permanent =
    error instanceof PermanentFailure || (error as { retryable?: boolean }).retryable === false;
  if (permanent || task.attempts >= policy.maxAttempts) {
    const why = permanent ? code : 'MaxAttemptsExceeded';
    return deadLetterTask(swarm, task, why, `attempt ${task.attempts}: ${message}`, delivery.messageId);
  }
  const delayMs = Math.max(retryBackoffMs(task.attempts, swarm.random), (retryAfterSeconds ?? 0) * 1000);
  await updateTask(swarm, task, (current) =>
    current.status === 'running'
      ? transitionTask(current, 'queued', {
          at: swarm.clock.now(),
          by: agent.id,
          reason: `attempt ${task.attempts} failed: ${message}`,
          patch: {
            assignedAgentId: null,
            claimMessageId: null,
            error: { code, message, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) },
          },
        })
      : undefined,
  );
  // Ordered work keeps its place in the session: the broker redelivers the same message instead.
  if (task.sessionId) return { action: 'abandon', reason: `attempt ${task.attempts} failed: ${message}` };
  await swarm.queue.enqueue(taskMessage(task), {
    scheduledFor: new Date(swarm.clock.now().getTime() + delayMs),
    traceparent: task.traceparent ?? undefined,
    messageId: `${task.id}:retry:${task.attempts}`,
  });
  return complete(`attempt ${task.attempts} failed; retry scheduled`);
}
