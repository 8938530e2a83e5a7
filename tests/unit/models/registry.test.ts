import {
  MODEL_REGISTRY,
  OFFLINE_MODEL,
  blendedCostPer1kTokens,
  costUsd,
  estimateTokens,
  findModel,
} from '../../../shared/models/registry';

describe('model registry', () => {
  it('holds the Azure OpenAI models of seed §17.3 at list prices, and the free offline model', () => {
    const prices = Object.fromEntries(MODEL_REGISTRY.map((m) => [m.id, [m.inputPer1M, m.outputPer1M]]));
    expect(prices).toEqual({
      'gpt-4o': [2.5, 10],
      'gpt-4o-mini': [0.15, 0.6],
      'gpt-4-turbo': [10, 30],
      'gpt-35-turbo': [0.5, 1.5],
      [OFFLINE_MODEL]: [0, 0],
    });
    expect(findModel('gpt-35-turbo')?.contextTokens).toBe(16_385);
    expect(findModel('gpt-35-turbo')?.capabilities).not.toContain('long_context');
    expect(findModel('gpt-4-turbo')?.capabilities).toContain('reasoning');
  });

  it.each([
    ['gpt-4o', 'gpt-4o'],
    ['gpt-4o-2024-08-06', 'gpt-4o'],
    ['gpt-4o-mini', 'gpt-4o-mini'],
    ['gpt-4o-mini-2024-07-18', 'gpt-4o-mini'],
    ['GPT-4-Turbo-2024-04-09', 'gpt-4-turbo'],
    ['gpt-35-turbo-0125', 'gpt-35-turbo'],
    ['gpt-3.5-turbo', 'gpt-35-turbo'],
  ])('places %s as %s', (name, id) => {
    expect(findModel(name)?.id).toBe(id);
  });

  it('does not guess at unrelated names', () => {
    expect(findModel('gpt-4')).toBeUndefined();
    expect(findModel('my-chat-deployment')).toBeUndefined();
    expect(findModel('gpt-4oo')).toBeUndefined();
  });

  it('prices calls per 1M input and output tokens (seed §17.3 and §17.9 figures)', () => {
    expect(costUsd('gpt-4-turbo', 1_000, 500)).toBeCloseTo(0.025, 10);
    expect(costUsd('gpt-4-turbo', 2_000, 500)).toBeCloseTo(0.035, 10);
    expect(costUsd('gpt-35-turbo', 1_000, 500)).toBeCloseTo(0.00125, 10);
    expect(costUsd('gpt-4o', 1_000, 500)).toBeCloseTo(0.0075, 10);
    expect(costUsd('gpt-4o-mini-2024-07-18', 1_000_000, 1_000_000)).toBeCloseTo(0.75, 10);
    expect(costUsd(OFFLINE_MODEL, 10_000, 10_000)).toBe(0);
  });

  it('prices an unknown deployment as the dearest model, never as free', () => {
    expect(costUsd('my-chat-deployment', 1_000, 500)).toBeCloseTo(costUsd('gpt-4-turbo', 1_000, 500), 10);
  });

  it('blends per-1k prices for the 2:1 input/output reference request', () => {
    expect(blendedCostPer1kTokens(findModel('gpt-4o')!)).toBeCloseTo(0.005, 10);
    expect(blendedCostPer1kTokens(findModel('gpt-4o-mini')!)).toBeCloseTo(0.0003, 10);
  });

  it('estimates tokens at about four characters each', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcd')).toBe(1);
    expect(estimateTokens('abcde')).toBe(2);
    expect(estimateTokens('x'.repeat(4_000))).toBe(1_000);
  });
});
