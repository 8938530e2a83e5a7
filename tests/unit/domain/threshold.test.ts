import {
  DEFAULT_THRESHOLD,
  adjustThreshold,
  recordOutcome,
  responseProbability,
} from '../../../shared/domain/threshold';
import { anAgent } from '../../support/builders';

describe('responseProbability', () => {
  it('is s² / (s² + θ²)', () => {
    expect(responseProbability(0.5, 0.5)).toBe(0.5);
    expect(responseProbability(0.6, 0.3)).toBeCloseTo(0.36 / 0.45, 10);
  });

  it('is 0 for 0/0 and for no stimulus', () => {
    expect(responseProbability(0, 0)).toBe(0);
    expect(responseProbability(0, 0.5)).toBe(0);
  });

  it('rises as the threshold drops', () => {
    const probabilities = [0.9, 0.7, 0.5, 0.3, 0.1].map((theta) => responseProbability(0.4, theta));
    expect([...probabilities].sort((a, b) => a - b)).toEqual(probabilities);
    expect(new Set(probabilities).size).toBe(5);
  });
});

describe('adjustThreshold', () => {
  it('lowers θ by 0.05 on success, down to 0.05', () => {
    expect(adjustThreshold(0.5, 'success')).toBe(0.45);
    expect(adjustThreshold(0.08, 'success')).toBe(0.05);
    expect(adjustThreshold(0.05, 'success')).toBe(0.05);
  });

  it('raises θ by 0.1 on failure, up to 0.95', () => {
    expect(adjustThreshold(0.5, 'failure')).toBe(0.6);
    expect(adjustThreshold(0.9, 'failure')).toBe(0.95);
    expect(adjustThreshold(0.95, 'failure')).toBe(0.95);
  });

  it('keeps stored values free of float noise', () => {
    let theta = DEFAULT_THRESHOLD;
    for (let i = 0; i < 4; i++) theta = adjustThreshold(theta, 'success');
    expect(theta).toBe(0.3);
  });
});

describe('recordOutcome', () => {
  it('creates the task type stats at the default threshold and learns from the outcome', () => {
    const agent = recordOutcome(anAgent(), 'finance.reconciliation', 'success');
    expect(agent.stats['finance.reconciliation']).toEqual({ successes: 1, failures: 0, threshold: 0.45 });
  });

  it('specialises: θ drops with success and rises with failure, so P follows', () => {
    let agent = anAgent();
    const probability = () => responseProbability(0.4, agent.stats['t']?.threshold ?? DEFAULT_THRESHOLD);
    const start = probability();
    agent = recordOutcome(recordOutcome(agent, 't', 'success'), 't', 'success');
    const afterSuccess = probability();
    expect(afterSuccess).toBeGreaterThan(start);
    agent = recordOutcome(agent, 't', 'failure');
    expect(probability()).toBeLessThan(afterSuccess);
    expect(agent.stats['t']).toEqual({ successes: 2, failures: 1, threshold: 0.5 });
  });

  it('leaves other task types and the input agent alone', () => {
    const agent = anAgent({ stats: { other: { successes: 3, failures: 1, threshold: 0.2 } } });
    const snapshot = structuredClone(agent);
    const learned = recordOutcome(agent, 't', 'failure');
    expect(agent).toEqual(snapshot);
    expect(learned.stats['other']).toEqual(agent.stats['other']);
  });
});
