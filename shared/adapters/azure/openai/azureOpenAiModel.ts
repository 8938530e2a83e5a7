import { DefaultAzureCredential, getBearerTokenProvider, type TokenCredential } from '@azure/identity';
import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import { APIConnectionError, APIError, AzureOpenAI } from 'openai';
import { validateModelOutput } from '../../../guardrails/output';
import { systemPrompt } from '../../../guardrails/prompt';
import { redactText } from '../../../guardrails/redact';
import { ModelCallFailed, ModelOutputInvalid } from '../../../models/errors';
import { estimateTokens } from '../../../models/registry';
import { routeModels } from '../../../models/router';
import type { ModelClient, ModelRequest, ModelResponse } from '../../../ports';

export const COGNITIVE_SERVICES_SCOPE = 'https://cognitiveservices.azure.com/.default';
export const DEFAULT_CONFIDENCE = 0.8;

export interface AzureOpenAiModelOptions {
  /** `https://<account>.openai.azure.com/` */
  endpoint: string;
  /** Deployment names on that account; routing picks among them. */
  deployments: string[];
  apiVersion: string;
  /** Entra ID credential (managed identity in Azure); DefaultAzureCredential when omitted. */
  credential?: TokenCredential;
  /** Supplies the bearer token directly; tests use it because there is no Entra ID on loopback. */
  tokenProvider?: () => Promise<string>;
  /** A custom fetch for the SDK (proxies, tests). */
  fetch?: typeof fetch;
  /** Per call to one deployment; a timeout falls back to the next deployment. Default 30 s. */
  timeoutMs?: number;
  /** Completion budget per call. Default 800 tokens. */
  maxOutputTokens?: number;
  /** A deployment that fails this many calls in a row is skipped for `halfOpenAfterMs`. Defaults 5 and 30 s. */
  breaker?: { consecutiveFailures?: number; halfOpenAfterMs?: number };
}

interface Failure {
  deployment: string;
  reason: string;
  retryable: boolean;
  invalidOutput: boolean;
  retryAfterSeconds?: number;
  /** The request itself is at fault (400, 413, 422): another deployment would refuse it too. */
  stop: boolean;
}

/** Azure sends `retry-after-ms` and/or `retry-after` (seconds or an HTTP date) with a 429. */
function retryAfterSeconds(headers: Headers | undefined, now: number): number | undefined {
  const ms = Number(headers?.get('retry-after-ms'));
  if (headers?.get('retry-after-ms') && Number.isFinite(ms) && ms >= 0) return Math.ceil(ms / 1000);
  const raw = headers?.get('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

const REQUEST_AT_FAULT = new Set([400, 413, 422]);

/** Whether an error says something about the deployment (and so counts towards opening its circuit). */
function countsAgainstDeployment(error: unknown): boolean {
  return !(error instanceof APIError && error.status !== undefined && REQUEST_AT_FAULT.has(error.status));
}

function clampConfidence(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value)
    ? Math.min(1, Math.max(0, value))
    : DEFAULT_CONFIDENCE;
}

/**
 * Azure OpenAI through the `openai` SDK's AzureOpenAI client, with Entra ID tokens only (no API keys).
 * Each call walks the routed candidates (seed 002 §17.7): a throttled (429), failing (5xx), timed-out or
 * unreachable deployment, one that answers with anything but a JSON object, or one whose circuit is open
 * falls back to the next. The SDK's own retries are off: falling back is faster than waiting, and Service
 * Bus redelivery is the retry of last resort.
 */
export class AzureOpenAiModel implements ModelClient {
  private readonly client: AzureOpenAI;
  private readonly deployments: string[];
  private readonly timeoutMs: number;
  private readonly maxOutputTokens: number;
  private readonly consecutiveFailures: number;
  private readonly halfOpenAfterMs: number;
  private readonly breakers = new Map<string, { policy: CircuitBreakerPolicy; openedAt: number }>();

  constructor(options: AzureOpenAiModelOptions) {
    this.deployments = [...new Set(options.deployments.map((d) => d.trim()).filter(Boolean))];
    if (this.deployments.length === 0) throw new Error('AzureOpenAiModel needs at least one deployment');
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxOutputTokens = options.maxOutputTokens ?? 800;
    this.consecutiveFailures = options.breaker?.consecutiveFailures ?? 5;
    this.halfOpenAfterMs = options.breaker?.halfOpenAfterMs ?? 30_000;
    const azureADTokenProvider =
      options.tokenProvider ??
      getBearerTokenProvider(options.credential ?? new DefaultAzureCredential(), COGNITIVE_SERVICES_SCOPE);
    this.client = new AzureOpenAI({
      endpoint: options.endpoint,
      apiVersion: options.apiVersion,
      azureADTokenProvider,
      timeout: this.timeoutMs,
      maxRetries: 0,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  /** Open, half-open or closed, for health reporting. */
  circuitState(deployment: string): 'closed' | 'open' | 'half_open' {
    const state = this.breakers.get(deployment)?.policy.state;
    if (state === CircuitState.Open || state === CircuitState.Isolated) return 'open';
    return state === CircuitState.HalfOpen ? 'half_open' : 'closed';
  }

  async complete(request: ModelRequest): Promise<ModelResponse> {
    const candidates = routeModels(request.models, { available: this.deployments });
    if (candidates.length === 0) {
      throw new ModelCallFailed(`no configured deployment can serve ${request.agentType}`, {
        model: request.models[0] ?? 'none',
        retryable: false,
      });
    }
    const failures: Failure[] = [];
    for (const deployment of candidates) {
      try {
        return await this.breaker(deployment).policy.execute(() => this.call(deployment, request));
      } catch (error) {
        const failure = this.classify(deployment, error);
        failures.push(failure);
        if (failure.stop) break;
      }
    }
    throw this.summarize(failures);
  }

  private breaker(deployment: string) {
    let entry = this.breakers.get(deployment);
    if (!entry) {
      const policy = circuitBreaker(handleWhen(countsAgainstDeployment), {
        halfOpenAfter: this.halfOpenAfterMs,
        breaker: new ConsecutiveBreaker(this.consecutiveFailures),
      });
      const created = { policy, openedAt: 0 };
      policy.onBreak(() => {
        created.openedAt = Date.now();
      });
      this.breakers.set(deployment, created);
      entry = created;
    }
    return entry;
  }

  private async call(deployment: string, request: ModelRequest): Promise<ModelResponse> {
    // The prompt comes from buildPrompt (already redacted); redacting again guards any other caller.
    const prompt = redactText(request.prompt);
    const completion = await this.client.chat.completions.create(
      {
        model: deployment,
        messages: [
          { role: 'system', content: systemPrompt(request.agentType, request.taskType) },
          { role: 'user', content: prompt },
        ],
        response_format: { type: 'json_object' },
        max_tokens: this.maxOutputTokens,
        temperature: 0.2,
      },
      { timeout: this.timeoutMs, maxRetries: 0 },
    );
    const choice = completion.choices[0];
    if (!choice || choice.finish_reason === 'content_filter') {
      throw new ModelOutputInvalid(
        `${deployment} returned no usable choice (${choice?.finish_reason ?? 'none'})`,
        {
          model: deployment,
        },
      );
    }
    const text = choice.message.content ?? '';
    const { value } = validateModelOutput(text, undefined, { model: deployment });
    return {
      model: deployment,
      content: value,
      confidence: clampConfidence(value.confidence),
      promptTokens: completion.usage?.prompt_tokens ?? estimateTokens(prompt),
      completionTokens: completion.usage?.completion_tokens ?? estimateTokens(text),
    };
  }

  private classify(deployment: string, error: unknown): Failure {
    const base = { deployment, invalidOutput: false, stop: false };
    if (error instanceof BrokenCircuitError) {
      const openedAt = this.breakers.get(deployment)?.openedAt ?? Date.now();
      const remaining = Math.max(1, Math.ceil((openedAt + this.halfOpenAfterMs - Date.now()) / 1000));
      return { ...base, reason: 'circuit open', retryable: true, retryAfterSeconds: remaining };
    }
    if (error instanceof ModelOutputInvalid) {
      return { ...base, reason: error.message, retryable: true, invalidOutput: true };
    }
    if (error instanceof APIConnectionError) {
      // Includes APIConnectionTimeoutError.
      return { ...base, reason: error.message, retryable: true };
    }
    if (error instanceof APIError) {
      const status = error.status ?? 0;
      const reason = `HTTP ${status}: ${error.message}`;
      if (status === 429) {
        return {
          ...base,
          reason,
          retryable: true,
          retryAfterSeconds: retryAfterSeconds(error.headers, Date.now()),
        };
      }
      if (status === 408 || status >= 500) return { ...base, reason, retryable: true };
      return { ...base, reason, retryable: false, stop: REQUEST_AT_FAULT.has(status) };
    }
    return { ...base, reason: error instanceof Error ? error.message : String(error), retryable: false };
  }

  private summarize(failures: Failure[]): Error {
    const last = failures[failures.length - 1];
    const model = last?.deployment ?? 'none';
    const detail = failures.map((f) => `${f.deployment}: ${f.reason}`).join('; ');
    if (failures.every((f) => f.invalidOutput)) {
      return new ModelOutputInvalid(`no deployment returned a valid JSON object (${detail})`, { model });
    }
    const waits = failures.map((f) => f.retryAfterSeconds).filter((s): s is number => s !== undefined);
    return new ModelCallFailed(`every model deployment failed (${detail})`, {
      model,
      retryable: failures.some((f) => f.retryable),
      ...(waits.length > 0 ? { retryAfterSeconds: Math.min(...waits) } : {}),
    });
  }
}
