import { DEFAULT_OFFLINE_CONFIDENCE, OfflineModel } from '../../../shared/adapters/offline/offlineModel';
import { buildPrompt } from '../../../shared/guardrails/prompt';
import { ModelCallFailed } from '../../../shared/models/errors';
import type { ModelRequest } from '../../../shared/ports';

function request(overrides: Partial<ModelRequest> = {}): ModelRequest {
  const payload = overrides.payload ?? { statement: 'ST-2024-11', lines: 12 };
  return {
    agentType: 'finance.reconciliation',
    taskType: 'finance.reconcile',
    models: ['gpt-4-turbo', 'gpt-4o'],
    prompt: buildPrompt({ agentType: 'finance.reconciliation', taskType: 'finance.reconcile', payload })
      .prompt,
    payload,
    attempt: 1,
    ...overrides,
  };
}

/** Records requested sleeps instead of waiting. */
function recordingSleep() {
  const slept: number[] = [];
  return { slept, sleep: async (ms: number) => void slept.push(ms) };
}

async function failure(promise: Promise<unknown>): Promise<ModelCallFailed> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ModelCallFailed) return error;
    throw error;
  }
  throw new Error('expected ModelCallFailed');
}

describe('OfflineModel', () => {
  const { sleep } = recordingSleep();
  const model = new OfflineModel({ sleep });

  it('answers deterministically with a structured result for the agent type', async () => {
    const first = await model.complete(request());
    const again = await new OfflineModel({ sleep }).complete(request());

    expect(again).toEqual(first);
    expect(first.model).toBe('gpt-4-turbo');
    expect(first.confidence).toBe(DEFAULT_OFFLINE_CONFIDENCE);
    expect(first.content).toEqual({
      summary: expect.stringContaining('finance.reconciliation handled finance.reconcile'),
      decision: expect.stringMatching(/^(reconciled|approved|flagged_for_review)$/),
      confidence: 0.92,
      digest: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
  });

  it('answers differently for a different prompt, agent type or task type', async () => {
    const base = (await model.complete(request())).content.digest;
    const other = request({ payload: { statement: 'ST-2024-12', lines: 3 } });
    expect((await model.complete(other)).content.digest).not.toBe(base);
    expect((await model.complete(request({ agentType: 'hr.onboarding' }))).content.digest).not.toBe(base);
    expect((await model.complete(request({ taskType: 'finance.audit' }))).content.digest).not.toBe(base);
  });

  it('depends only on the redacted prompt, so PII values never shape the answer', async () => {
    const a = await model.complete(request({ prompt: 'customer jane@contoso.com, card 4111111111111111' }));
    const b = await model.complete(request({ prompt: 'customer bob@fabrikam.org, card 5555555555554444' }));
    expect(a.content).toEqual(b.content);
  });

  it('uses the vocabulary of the department', async () => {
    const decisions = new Set<unknown>();
    for (let i = 0; i < 12; i++) {
      const r = await model.complete(request({ agentType: 'it.incident_response', prompt: `incident ${i}` }));
      decisions.add(r.content.decision);
    }
    expect(
      [...decisions].every((d) => ['resolved', 'mitigated', 'ticket_escalated'].includes(String(d))),
    ).toBe(true);
    expect(decisions.size).toBeGreaterThan(1);
  });

  it('names the first requested model, or itself when none was requested', async () => {
    expect((await model.complete(request({ models: ['gpt-4o-mini'] }))).model).toBe('gpt-4o-mini');
    expect((await model.complete(request({ models: [] }))).model).toBe('offline-deterministic');
  });

  it('estimates tokens so cost tracking works offline', async () => {
    const r = await model.complete(request({ prompt: 'x'.repeat(4_000) }));
    expect(r.promptTokens).toBe(1_000);
    expect(r.completionTokens).toBe(Math.ceil(JSON.stringify(r.content).length / 4));
    expect(r.completionTokens).toBeGreaterThan(10);
  });

  describe('payload.simulate', () => {
    it('latencyMs: waits that long through the injected sleep', async () => {
      const recorder = recordingSleep();
      const slow = new OfflineModel({ sleep: recorder.sleep });
      await slow.complete(request({ payload: { simulate: { latencyMs: 1_500 } } }));
      await slow.complete(request());
      expect(recorder.slept).toEqual([1_500]);
    });

    it('failAttempts: fails attempts 1..N with a retryable ModelCallFailed, then succeeds', async () => {
      const payload = { simulate: { failAttempts: 2 } };
      for (const attempt of [1, 2]) {
        const error = await failure(model.complete(request({ payload, attempt })));
        expect(error.retryable).toBe(true);
        expect(error.model).toBe('gpt-4-turbo');
        expect(error.message).toContain(`attempt ${attempt}`);
      }
      const third = await model.complete(request({ payload, attempt: 3 }));
      expect(third.content.decision).toBeDefined();
    });

    it('confidence: is reported as the confidence of the answer', async () => {
      const r = await model.complete(request({ payload: { simulate: { confidence: 0.41 } } }));
      expect(r.confidence).toBe(0.41);
      expect(r.content.confidence).toBe(0.41);
      expect((await model.complete(request({ payload: { simulate: { confidence: 0 } } }))).confidence).toBe(
        0,
      );
    });

    it('outcome "error": always fails, on every attempt, not retryable', async () => {
      for (const attempt of [1, 5]) {
        const error = await failure(
          model.complete(request({ payload: { simulate: { outcome: 'error' } }, attempt })),
        );
        expect(error.retryable).toBe(false);
      }
      const ok = await model.complete(request({ payload: { simulate: { outcome: 'success' } } }));
      expect(ok.confidence).toBe(DEFAULT_OFFLINE_CONFIDENCE);
    });

    it('latency applies before a scripted failure', async () => {
      const recorder = recordingSleep();
      const slow = new OfflineModel({ sleep: recorder.sleep });
      await failure(slow.complete(request({ payload: { simulate: { latencyMs: 20, outcome: 'error' } } })));
      expect(recorder.slept).toEqual([20]);
    });

    it.each([
      [{ confidence: 1.5 }, /simulate\.confidence/],
      [{ latencyMs: -1 }, /simulate\.latencyMs/],
      [{ failAttempts: 1.5 }, /simulate\.failAttempts/],
      [{ outcome: 'explode' }, /simulate\.outcome/],
      ['fast', /payload\.simulate is invalid/],
    ])('rejects an invalid script %p with a clear, non-retryable error', async (simulate, message) => {
      const error = await failure(model.complete(request({ payload: { simulate } })));
      expect(error.retryable).toBe(false);
      expect(error.message).toMatch(/^payload\.simulate is invalid: /);
      expect(error.message).toMatch(message);
    });
  });
});
