import { transitionAgent } from '../../../shared/domain/agentStateMachine';
import {
  ACTIVE_COST_PER_HOUR,
  SLEEPING_COST_PER_HOUR,
  agentCostUsd,
  agentHours,
  sleepWakeSaving,
} from '../../../shared/domain/agentCost';
import { T0, anAgent, at } from '../../support/builders';

const HOUR = 3_600_000;

describe('agent cost (seed 002 §10.3.E)', () => {
  it('uses the seed rates', () => {
    expect(ACTIVE_COST_PER_HOUR).toBe(0.21);
    expect(SLEEPING_COST_PER_HOUR).toBe(0.01);
  });

  it('bills warming, idle and active at the active rate, sleeping at the sleeping rate, cold not at all', () => {
    const hours = agentHours({
      msByState: { cold: 5 * HOUR, sleeping: 10 * HOUR, warming: HOUR, idle: 2 * HOUR, active: 3 * HOUR },
    });
    expect(hours).toEqual({ activeHours: 6, sleepingHours: 10 });
  });

  it('adds the time in the current state', () => {
    const hours = agentHours(
      { msByState: { cold: 0, sleeping: HOUR, warming: 0, idle: 0, active: 0 } },
      { state: 'sleeping', ms: HOUR },
    );
    expect(hours.sleepingHours).toBe(2);
  });

  it('costs an agent up to now, tokens included', () => {
    let agent = anAgent({ state: 'idle', stateSince: T0, cost: { ...anAgent().cost, tokenCostUsd: 0.5 } });
    agent = transitionAgent(agent, 'active', at(3_600), 'task');
    agent = transitionAgent(agent, 'idle', at(7_200), 'done');
    agent = transitionAgent(agent, 'sleeping', at(10_800), 'idle');
    const cost = agentCostUsd(agent, at(10_800 + 10 * 3_600));
    expect(cost.activeHours).toBeCloseTo(3, 10);
    expect(cost.sleepingHours).toBeCloseTo(10, 10);
    expect(cost.computeUsd).toBeCloseTo(3 * 0.21 + 10 * 0.01, 10);
    expect(cost.tokenUsd).toBe(0.5);
    expect(cost.totalUsd).toBeCloseTo(0.63 + 0.1 + 0.5, 10);
  });

  it('reproduces the seed example: 500 agents, 2 h a day, 30 days', () => {
    const result = sleepWakeSaving({ agents: 500, activeHoursPerDay: 2, days: 30 });
    expect(result.alwaysOnUsd).toBe(75_600);
    expect(result.sleepWakeUsd).toBe(9_600);
    expect(result.saving).toBeCloseTo(0.873, 3);
  });

  it('saves nothing for an agent busy all day', () => {
    expect(sleepWakeSaving({ agents: 10, activeHoursPerDay: 24, days: 1 }).saving).toBe(0);
  });
});
