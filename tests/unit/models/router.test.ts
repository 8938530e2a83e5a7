import { findModel } from '../../../shared/models/registry';
import { modelScore, routeModels } from '../../../shared/models/router';

const AZURE = ['gpt-4o', 'gpt-4o-mini', 'gpt-4-turbo', 'gpt-35-turbo'];

describe('routeModels', () => {
  it('without a preference, orders by the capability/cost/latency score', () => {
    expect(routeModels([], { available: AZURE })).toEqual([
      'gpt-35-turbo',
      'gpt-4o-mini',
      'gpt-4o',
      'gpt-4-turbo',
    ]);
  });

  it("puts the agent's preference first, in its order, then the rest by score", () => {
    expect(routeModels(['gpt-4-turbo', 'gpt-4o'], { available: AZURE })).toEqual([
      'gpt-4-turbo',
      'gpt-4o',
      'gpt-35-turbo',
      'gpt-4o-mini',
    ]);
  });

  it('skips preferred models that are not deployed', () => {
    expect(routeModels(['gpt-4-turbo', 'gpt-4o', 'gpt-4o-mini'], { available: ['gpt-4o-mini'] })).toEqual([
      'gpt-4o-mini',
    ]);
    expect(routeModels(['gpt-4-turbo'], { available: ['gpt-4o-mini', 'gpt-4o'] })).toEqual([
      'gpt-4o-mini',
      'gpt-4o',
    ]);
  });

  it('keeps only models with every required capability, preferred or not', () => {
    expect(routeModels(['gpt-35-turbo'], { available: AZURE, capabilities: ['reasoning'] })).toEqual([
      'gpt-4o',
      'gpt-4-turbo',
    ]);
    expect(routeModels([], { available: AZURE, capabilities: ['long_context', 'code_generation'] })).toEqual([
      'gpt-4o-mini',
      'gpt-4o',
      'gpt-4-turbo',
    ]);
    expect(routeModels([], { available: AZURE, capabilities: ['vision'] })).toEqual([]);
  });

  it('enforces a cost ceiling as a hard filter, and scores cost against the ceiling', () => {
    expect(routeModels(['gpt-4o'], { available: AZURE, maxCostPer1kTokens: 0.001 })).toEqual([
      'gpt-4o-mini',
      'gpt-35-turbo',
    ]);
  });

  it('maps a preferred model to versioned deployments of it, exact names first', () => {
    const available = ['gpt-4o-mini-2024-07-18', 'gpt-4o-2024-08-06', 'gpt-4o-2024-05-13'];
    expect(routeModels(['gpt-4o'], { available })).toEqual([
      'gpt-4o-2024-05-13',
      'gpt-4o-2024-08-06',
      'gpt-4o-mini-2024-07-18',
    ]);
    expect(routeModels(['gpt-4o-2024-08-06'], { available })[0]).toBe('gpt-4o-2024-08-06');
  });

  it('deduplicates', () => {
    expect(
      routeModels(['gpt-4o', 'gpt-4o', 'gpt-4o-2024-08-06'], { available: ['gpt-4o', 'gpt-4o'] }),
    ).toEqual(['gpt-4o']);
  });

  it('ranks an unregistered deployment last, and drops it when capabilities or a ceiling are asked for', () => {
    expect(routeModels([], { available: ['custom-chat', 'gpt-4o'] })).toEqual(['gpt-4o', 'custom-chat']);
    expect(routeModels(['custom-chat'], { available: ['custom-chat', 'gpt-4o'] })).toEqual([
      'custom-chat',
      'gpt-4o',
    ]);
    expect(routeModels([], { available: ['custom-chat', 'gpt-4o'], capabilities: ['chat'] })).toEqual([
      'gpt-4o',
    ]);
    expect(routeModels([], { available: ['custom-chat', 'gpt-4o'], maxCostPer1kTokens: 1 })).toEqual([
      'gpt-4o',
    ]);
  });

  it('lets observed success rate and load reorder the fallbacks', () => {
    expect(
      routeModels([], {
        available: ['gpt-35-turbo', 'gpt-4o-mini'],
        observed: { 'gpt-35-turbo': { successRate: 0.5 } },
      }),
    ).toEqual(['gpt-4o-mini', 'gpt-35-turbo']);
    expect(
      routeModels([], {
        available: ['gpt-35-turbo', 'gpt-4o-mini'],
        observed: { 'gpt-35-turbo': { load: 0.95 } },
      }),
    ).toEqual(['gpt-4o-mini', 'gpt-35-turbo']);
  });

  it('routes the offline model when it is all there is', () => {
    expect(routeModels(['gpt-4o'], { available: ['offline-deterministic'] })).toEqual([
      'offline-deterministic',
    ]);
  });
});

describe('modelScore (seed §17.2)', () => {
  const scale = { maxCost: 0.01, maxLatencyMs: 3_000 };

  it('adds 40 capability, up to 30 cost, up to 20 latency and 10 × success rate', () => {
    const free = { ...findModel('offline-deterministic')!, typicalLatencyMs: 0 };
    expect(modelScore(free, scale)).toBe(100);
    const turbo = findModel('gpt-4-turbo')!;
    expect(modelScore(turbo, scale)).toBeCloseTo(40 + 0 + 0 + 10, 10);
    const mini = findModel('gpt-4o-mini')!;
    expect(modelScore(mini, scale)).toBeCloseTo(
      40 + 30 * (1 - 0.0003 / 0.01) + 20 * (1 - 900 / 3_000) + 10,
      10,
    );
  });

  it('applies the load penalty and bonus', () => {
    const mini = findModel('gpt-4o-mini')!;
    const base = modelScore(mini, scale);
    expect(modelScore(mini, scale, { load: 0.9 })).toBeCloseTo(base - 10, 10);
    expect(modelScore(mini, scale, { load: 0.1 })).toBeCloseTo(base + 5, 10);
    expect(modelScore(mini, scale, { load: 0.5 })).toBeCloseTo(base, 10);
    expect(modelScore(mini, scale, { successRate: 0 })).toBeCloseTo(base - 10, 10);
  });
});
