import {
  AzureOpenAiModel,
  type AzureOpenAiModelOptions,
} from '../../../shared/adapters/azure/openai/azureOpenAiModel';
import { buildPrompt } from '../../../shared/guardrails/prompt';
import { ModelCallFailed, ModelOutputInvalid } from '../../../shared/models/errors';
import type { ModelRequest } from '../../../shared/ports';
import { OpenAiServer } from '../../support/openAiServer';

/**
 * The adapter through the real `openai` SDK against a loopback server speaking the Azure OpenAI REST API.
 */

const TOKEN = 'loopback-entra-token';
const API_VERSION = '2024-10-21';
const ANSWER = { summary: 'Matched 12 of 12 lines.', decision: 'reconciled', confidence: 0.73 };

let server: OpenAiServer;

beforeAll(async () => {
  server = await new OpenAiServer({ token: TOKEN, apiVersion: API_VERSION }).start();
});
afterAll(async () => {
  await server.stop();
});
beforeEach(() => server.reset());

function model(overrides: Partial<AzureOpenAiModelOptions> = {}) {
  return new AzureOpenAiModel({
    endpoint: server.endpoint,
    deployments: ['gpt-4o', 'gpt-4o-mini'],
    apiVersion: API_VERSION,
    tokenProvider: async () => TOKEN,
    timeoutMs: 2_000,
    ...overrides,
  });
}

function request(overrides: Partial<ModelRequest> = {}): ModelRequest {
  const payload = { statement: 'ST-2024-11', lines: 12 };
  return {
    agentType: 'finance.reconciliation',
    taskType: 'finance.reconcile',
    models: ['gpt-4o', 'gpt-4o-mini'],
    prompt: buildPrompt({ agentType: 'finance.reconciliation', taskType: 'finance.reconcile', payload })
      .prompt,
    payload,
    attempt: 1,
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('AzureOpenAiModel against a loopback Azure OpenAI', () => {
  it('answers from the preferred deployment with Entra auth, api-version, JSON mode and usage', async () => {
    server.script('gpt-4o', { reply: ANSWER, usage: { prompt_tokens: 321, completion_tokens: 45 } });

    const response = await model().complete(request());

    expect(response).toEqual({
      model: 'gpt-4o',
      content: ANSWER,
      confidence: 0.73,
      promptTokens: 321,
      completionTokens: 45,
    });
    expect(server.requests).toHaveLength(1);
    const [sent] = server.requests;
    expect(sent?.deployment).toBe('gpt-4o');
    expect(sent?.authorization).toBe(`Bearer ${TOKEN}`);
    expect(sent?.apiVersion).toBe(API_VERSION);
    expect(sent?.body.response_format).toEqual({ type: 'json_object' });
    expect(sent?.body.messages?.map((m) => m.role)).toEqual(['system', 'user']);
    expect(sent?.body.messages?.[0]?.content).toContain('finance.reconciliation');
    expect(sent?.body.messages?.[1]?.content).toContain('ST-2024-11');
  });

  it('is rejected by the server without the right bearer token (the auth check is real)', async () => {
    server.script('gpt-4o', { reply: ANSWER });
    server.script('gpt-4o-mini', { reply: ANSWER });

    const error = await failure(model({ tokenProvider: async () => 'wrong' }).complete(request()));

    expect(error).toBeInstanceOf(ModelCallFailed);
    expect((error as ModelCallFailed).retryable).toBe(false);
    expect((error as Error).message).toContain('HTTP 401');
  });

  it('falls back to the next deployment on 429', async () => {
    server.script('gpt-4o', { status: 429, headers: { 'retry-after': '12' } });
    server.script('gpt-4o-mini', { reply: ANSWER });

    const response = await model().complete(request());

    expect(response.model).toBe('gpt-4o-mini');
    expect(server.requests.map((r) => r.deployment)).toEqual(['gpt-4o', 'gpt-4o-mini']);
  });

  it('falls back to the next deployment on 500', async () => {
    server.script('gpt-4o', { status: 500, code: 'InternalServerError' });
    server.script('gpt-4o-mini', { reply: ANSWER });

    const response = await model().complete(request());

    expect(response.model).toBe('gpt-4o-mini');
    expect(server.requests.map((r) => r.deployment)).toEqual(['gpt-4o', 'gpt-4o-mini']);
  });

  it('falls back when the content is not a JSON object, and fails with ModelOutputInvalid when none is', async () => {
    server.script('gpt-4o', { reply: 'Sure! Here is the result: reconciled.' });
    server.script('gpt-4o-mini', { reply: ANSWER });
    expect((await model().complete(request())).model).toBe('gpt-4o-mini');

    server.reset();
    server.script('gpt-4o', { reply: '["an", "array"]' });
    server.script('gpt-4o-mini', { reply: '{"truncated": ' });
    const error = await failure(model().complete(request()));
    expect(error).toBeInstanceOf(ModelOutputInvalid);
    expect(server.requests).toHaveLength(2);
  });

  it('falls back when a deployment is slower than the timeout', async () => {
    server.script('gpt-4o', { delayMs: 1_000, then: { reply: ANSWER } });
    server.script('gpt-4o-mini', { reply: { ...ANSWER, decision: 'fast' } });

    const started = Date.now();
    const response = await model({ timeoutMs: 150 }).complete(request());

    expect(response.model).toBe('gpt-4o-mini');
    expect(response.content.decision).toBe('fast');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('uses 0.8 when the answer has no confidence, and clamps one out of range', async () => {
    server.script(
      'gpt-4o',
      { reply: { summary: 's', decision: 'd' } },
      { reply: { ...ANSWER, confidence: 1.7 } },
    );
    const client = model();

    expect((await client.complete(request())).confidence).toBe(0.8);
    expect((await client.complete(request())).confidence).toBe(1);
  });

  it('throws a retryable ModelCallFailed with the 429 retry-after when every deployment fails', async () => {
    server.script('gpt-4o', { status: 503 });
    server.script('gpt-4o-mini', {
      status: 429,
      headers: { 'retry-after': '7' },
      message: 'Rate limit is exceeded.',
    });

    const error = await failure(model().complete(request()));

    expect(error).toBeInstanceOf(ModelCallFailed);
    const failed = error as ModelCallFailed;
    expect(failed.retryable).toBe(true);
    expect(failed.retryAfterSeconds).toBe(7);
    expect(failed.model).toBe('gpt-4o-mini');
    expect(failed.message).toMatch(/gpt-4o: HTTP 503.*gpt-4o-mini: HTTP 429/);
  });

  it('prefers retry-after-ms, and has no retryAfterSeconds when no deployment said when', async () => {
    server.script('gpt-4o', { status: 429, headers: { 'retry-after-ms': '2500', 'retry-after': '9' } });
    server.script('gpt-4o-mini', { status: 500 });
    expect(((await failure(model().complete(request()))) as ModelCallFailed).retryAfterSeconds).toBe(3);

    server.reset();
    server.script('gpt-4o', { status: 500 });
    server.script('gpt-4o-mini', { status: 502 });
    const failed = (await failure(model().complete(request()))) as ModelCallFailed;
    expect(failed.retryable).toBe(true);
    expect(failed.retryAfterSeconds).toBeUndefined();
  });

  it('does not try another deployment when the request itself is rejected (400)', async () => {
    server.script('gpt-4o', { status: 400, code: 'content_filter', message: 'The prompt was filtered.' });
    server.script('gpt-4o-mini', { reply: ANSWER });

    const error = await failure(model().complete(request()));

    expect(error).toBeInstanceOf(ModelCallFailed);
    expect((error as ModelCallFailed).retryable).toBe(false);
    expect(server.requests.map((r) => r.deployment)).toEqual(['gpt-4o']);
  });

  it('opens the circuit of a failing deployment: it is skipped without a request, then retried', async () => {
    server.script('gpt-4o', { status: 500 });
    server.script('gpt-4o-mini', { reply: ANSWER });
    const client = model({ breaker: { consecutiveFailures: 5, halfOpenAfterMs: 300 } });

    for (let i = 0; i < 5; i++) expect((await client.complete(request())).model).toBe('gpt-4o-mini');
    expect(server.requestsTo('gpt-4o')).toHaveLength(5);
    expect(client.circuitState('gpt-4o')).toBe('open');

    expect((await client.complete(request())).model).toBe('gpt-4o-mini');
    expect(server.requestsTo('gpt-4o')).toHaveLength(5);
    expect(server.requestsTo('gpt-4o-mini')).toHaveLength(6);

    // After the break, one trial call goes through; a success closes the circuit again.
    await new Promise((resolve) => setTimeout(resolve, 350));
    server.script('gpt-4o', { reply: ANSWER });
    expect((await client.complete(request())).model).toBe('gpt-4o');
    expect(server.requestsTo('gpt-4o')).toHaveLength(6);
    expect(client.circuitState('gpt-4o')).toBe('closed');
  });

  it('reports when to come back when every circuit is open', async () => {
    server.script('gpt-4o', { status: 500 });
    const client = model({
      deployments: ['gpt-4o'],
      breaker: { consecutiveFailures: 2, halfOpenAfterMs: 20_000 },
    });
    await failure(client.complete(request()));
    await failure(client.complete(request()));

    const error = (await failure(client.complete(request()))) as ModelCallFailed;

    expect(server.requests).toHaveLength(2);
    expect(error).toBeInstanceOf(ModelCallFailed);
    expect(error.retryable).toBe(true);
    expect(error.retryAfterSeconds).toBeGreaterThan(15);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(20);
  });

  it('sends no PII from the payload to the service', async () => {
    server.script('gpt-4o', { reply: ANSWER });
    const payload = {
      customer: { email: 'jane.doe@contoso.com', phone: '+44 20 7946 0958' },
      card: '4111 1111 1111 1111',
      iban: 'DE89 3704 0044 0532 0130 00',
      ssn: '123-45-6789',
      note: 'Call me at (555) 123-4567 from 10.20.30.40',
      secret: 'AccountKey=c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seQ==',
    };
    const built = buildPrompt({ agentType: 'crm.customer_service', taskType: 'crm.case', payload });
    const client = model();

    await client.complete(request({ prompt: built.prompt, payload }));
    // A caller that forgot buildPrompt still sends nothing raw: the adapter redacts its input again.
    await client.complete(request({ prompt: JSON.stringify(payload), payload }));

    expect(server.requests).toHaveLength(2);
    const leaks = [
      'jane.doe@contoso.com',
      '7946',
      '4111',
      'DE89',
      '123-45-6789',
      '123-4567',
      '10.20.30.40',
      'c2VjcmV0',
    ];
    for (const sent of server.requests) {
      for (const leak of leaks) expect(sent.raw).not.toContain(leak);
      expect(sent.raw).toContain('[REDACTED:EMAIL]');
      expect(sent.raw).toContain('[REDACTED:CREDIT_CARD]');
    }
  });

  it('uses a configured deployment when none of the preferred models is deployed', async () => {
    const client = model({ deployments: ['my-custom-deployment'] });
    server.script('my-custom-deployment', { reply: ANSWER });

    const response = await client.complete(request({ models: ['gpt-4-turbo'] }));

    expect(response.model).toBe('my-custom-deployment');
  });
});
