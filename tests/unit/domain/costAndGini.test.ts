import { accrue, computeUsd, monthToDateUsd, ratePerHour } from '../../../shared/domain/agentCost';
import { transitionAgent } from '../../../shared/domain/agentStateMachine';
import { msUntilCalm } from '../../../shared/domain/danger';
import { gini } from '../../../shared/domain/gini';
import { budgetOf } from '../../../shared/services/metrics/costMetrics';
import { anAgent, aTrail, at, T0 } from '../../support/builders';

describe('gini', () => {
  it('is 0 for an even spread, empty or all-zero input', () => {
    expect(gini([5, 5, 5, 5])).toBe(0);
    expect(gini([])).toBe(0);
    expect(gini([0, 0])).toBe(0);
  });

  it('approaches 1 when one holds everything and matches a worked example', () => {
    expect(gini([0, 0, 0, 100])).toBeCloseTo(0.75, 10);
    expect(gini([1, 2, 3, 4])).toBeCloseTo(0.25, 10);
  });
});

describe('cost accrual', () => {
  it('bills awake states at the active rate, sleeping at the sleeping rate and cold at nothing', () => {
    expect(ratePerHour('idle')).toBe(0.21);
    expect(ratePerHour('warming')).toBe(0.21);
    expect(ratePerHour('sleeping')).toBe(0.01);
    expect(ratePerHour('cold')).toBe(0);
    expect(computeUsd('active', 2 * 3_600_000)).toBeCloseTo(0.42, 10);
  });

  it('charges the time spent in a state on leaving it, into the month to date', () => {
    const agent = anAgent({ state: 'idle', stateSince: T0 });
    const slept = transitionAgent(agent, 'sleeping', at(3600), 'idle too long');
    expect(slept.cost.monthToDate).toEqual({ month: '2025-01', usd: expect.closeTo(0.21, 10) });
  });

  it('adds tokens per model and rolls the month over at the first charge of a new month', () => {
    const january = accrue(anAgent().cost, new Date('2025-01-31T23:00:00Z'), {
      usd: 1,
      tokens: 100,
      model: 'gpt-4o',
    });
    expect(january.byModel).toEqual({ 'gpt-4o': { tokens: 100, usd: 1 } });
    const february = accrue(january, new Date('2025-02-01T01:00:00Z'), {
      usd: 2,
      tokens: 50,
      model: 'gpt-4o',
    });
    expect(february.monthToDate).toEqual({ month: '2025-02', usd: 2 });
    expect(february.byModel?.['gpt-4o']).toEqual({ tokens: 150, usd: 3 });
    expect(february.tokenCostUsd).toBe(3);
  });

  it('counts the current stay from the start of the month only', () => {
    const agent = anAgent({ state: 'idle', stateSince: '2025-01-31T00:00:00.000Z' });
    expect(monthToDateUsd(agent, new Date('2025-02-01T10:00:00Z'))).toBeCloseTo(2.1, 10);
  });

  it('raises budget alerts at 80, 90 and 100 percent of the month', () => {
    const spent = (usd: number) => [
      anAgent({ state: 'cold', cost: { ...anAgent().cost, monthToDate: { month: '2025-01', usd } } }),
    ];
    const now = at(0);
    expect(budgetOf(spent(70), 100, now)?.alert).toBeNull();
    expect(budgetOf(spent(85), 100, now)?.alert).toBe(0.8);
    expect(budgetOf(spent(95), 100, now)?.alert).toBe(0.9);
    expect(budgetOf(spent(120), 100, now)).toMatchObject({ alert: 1, ratio: 1.2 });
    expect(budgetOf(spent(120), undefined, now)).toBeNull();
  });
});

describe('msUntilCalm', () => {
  it('is the time until the covering danger falls below the threshold, by linear evaporation', () => {
    const trail = aTrail({
      type: 'danger',
      location: 'integrations.stripe',
      strength: 1,
      depositedAt: T0,
      expiresAt: at(100).toISOString(),
    });
    expect(msUntilCalm([trail], 'integrations.stripe.payments', 0.5, at(10))).toBe(40_000);
    expect(msUntilCalm([trail], 'finance.ap', 0.5, at(10))).toBe(0);
    expect(msUntilCalm([trail], 'integrations.stripe', 0.5, at(60))).toBe(0);
  });
});
