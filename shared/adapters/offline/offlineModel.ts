import { createHash } from 'node:crypto';
import { redactText } from '../../guardrails/redact';
import { ModelCallFailed } from '../../models/errors';
import { OFFLINE_MODEL, estimateTokens } from '../../models/registry';
import type { ModelClient, ModelRequest, ModelResponse } from '../../ports';
import { Simulate } from '../../schemas/task';

export type Sleep = (ms: number) => Promise<void>;

const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export const DEFAULT_OFFLINE_CONFIDENCE = 0.92;

/** Outcomes that read naturally for each department or industry (the first segment of the agent type). */
const DECISIONS: Record<string, readonly string[]> = {
  finance: ['reconciled', 'approved', 'flagged_for_review'],
  finserv: ['cleared', 'flagged_for_review', 'approved'],
  hr: ['processed', 'approved', 'routed_to_hr_partner'],
  crm: ['record_updated', 'follow_up_scheduled', 'escalated_to_owner'],
  sales: ['qualified', 'nurture', 'proposal_drafted'],
  marketing: ['campaign_adjusted', 'segment_created', 'no_change'],
  supply_chain: ['replenishment_planned', 'supplier_alerted', 'no_change'],
  logistics: ['route_optimized', 'carrier_rebooked', 'no_change'],
  distribution: ['allocation_updated', 'transfer_scheduled', 'no_change'],
  retail: ['price_adjusted', 'stock_rebalanced', 'no_change'],
  manufacturing: ['maintenance_scheduled', 'quality_hold', 'no_change'],
  healthcare: ['reviewed', 'routed_to_clinician', 'scheduled'],
  lifesciences: ['reviewed', 'routed_to_specialist', 'documented'],
  it: ['resolved', 'mitigated', 'ticket_escalated'],
  selfops: ['tuned', 'scaled', 'no_change'],
  cybersecurity: ['contained', 'investigating', 'no_threat_found'],
  meta: ['integration_drafted', 'needs_review', 'published'],
};
const DEFAULT_DECISIONS = ['completed', 'recommended_action', 'no_action_needed'] as const;

function readSimulate(payload: Record<string, unknown>, model: string): Simulate {
  if (payload.simulate === undefined) return {};
  const parsed = Simulate.safeParse(payload.simulate);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .map((i) => `${['simulate', ...i.path.map(String)].join('.')}: ${i.message}`)
    .join('; ');
  throw new ModelCallFailed(`payload.simulate is invalid: ${problems}`, { model, retryable: false });
}

/**
 * The model ANTS thinks with when no Azure OpenAI endpoint is configured. Deterministic: the answer is a
 * function of the agent type, the task type and the (redacted) prompt, so runs, tests and benchmarks
 * repeat exactly. A task's `payload.simulate` scripts latency, failures, confidence and errors (API.md).
 */
export class OfflineModel implements ModelClient {
  private readonly sleep: Sleep;

  constructor(options: { sleep?: Sleep } = {}) {
    this.sleep = options.sleep ?? realSleep;
  }

  async complete(request: ModelRequest): Promise<ModelResponse> {
    const model = request.models[0] ?? OFFLINE_MODEL;
    const simulate = readSimulate(request.payload, model);

    if (simulate.latencyMs) await this.sleep(simulate.latencyMs);
    if (simulate.outcome === 'error') {
      throw new ModelCallFailed(`simulated model error for ${request.taskType}`, { model, retryable: false });
    }
    if (simulate.failAttempts !== undefined && request.attempt <= simulate.failAttempts) {
      throw new ModelCallFailed(
        `simulated transient failure on attempt ${request.attempt} of ${simulate.failAttempts} failing`,
        { model, retryable: true },
      );
    }

    // Redacting again is a no-op for prompts from buildPrompt, and keeps raw PII out of the digest otherwise.
    const prompt = redactText(request.prompt);
    const digest = createHash('sha256')
      .update(`${request.agentType}\n${request.taskType}\n${prompt}`)
      .digest('hex');
    const department = request.agentType.split('.')[0] ?? '';
    const choices = DECISIONS[department] ?? DEFAULT_DECISIONS;
    const decision = choices[parseInt(digest.slice(0, 8), 16) % choices.length] ?? DEFAULT_DECISIONS[0];
    const confidence = simulate.confidence ?? DEFAULT_OFFLINE_CONFIDENCE;
    const content = {
      summary: `${request.agentType} handled ${request.taskType}: ${decision.replace(/_/g, ' ')}.`,
      decision,
      confidence,
      digest: digest.slice(0, 16),
    };

    return {
      model,
      content,
      confidence,
      promptTokens: estimateTokens(prompt),
      completionTokens: estimateTokens(JSON.stringify(content)),
    };
  }
}
