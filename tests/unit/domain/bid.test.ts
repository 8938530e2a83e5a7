import { bid, chooseAgent } from '../../../shared/domain/bid';
import { seededRandom } from '../../../shared/domain/random';
import { shouldRecruit } from '../../../shared/domain/recruit';
import { responseProbability } from '../../../shared/domain/threshold';
import { AgentState } from '../../../shared/schemas/lifecycle';
import { T0, aTask, anAgent, at } from '../../support/builders';

const task = aTask({ requiredCapabilities: ['reconciliation'], priority: 5, attempts: 0, createdAt: T0 });
const now = at(0);

describe('bid', () => {
  it('combines threshold response, load, success and specialisation with the documented weights', () => {
    const agent = anAgent({
      capabilities: ['reconciliation', 'fraud_detection'],
      activeTaskIds: ['x'],
      maxConcurrency: 4,
      stats: { 'finance.reconciliation': { successes: 3, failures: 1, threshold: 0.3 } },
    });
    const offer = bid(agent, task, { now })!;
    expect(offer.stimulus).toBe(0.5);
    expect(offer.probability).toBeCloseTo(responseProbability(0.5, 0.3), 10);
    expect(offer.successRate).toBeCloseTo(4 / 6, 10);
    expect(offer.loadFactor).toBe(0.75);
    expect(offer.capabilityMatch).toBe(0.5);
    expect(offer.score).toBeCloseTo(offer.probability * (0.45 * 0.75 + 0.35 * (4 / 6) + 0.2 * 0.5), 10);
    expect(offer.agentId).toBe(agent.id);
  });

  it('takes the stronger of task strength and the sensed pheromone as the stimulus', () => {
    expect(bid(anAgent(), task, { now, pheromoneStrength: 0.9 })!.stimulus).toBe(0.9);
    expect(bid(anAgent(), task, { now, pheromoneStrength: 0.1 })!.stimulus).toBe(0.5);
  });

  it('is not made by an agent lacking a required capability', () => {
    const needsTwo = { ...task, requiredCapabilities: ['reconciliation', 'fraud_detection'] };
    expect(bid(anAgent({ capabilities: ['reconciliation'] }), needsTwo, { now })).toBeUndefined();
  });

  it('is not made by an agent at or over its concurrency limit', () => {
    expect(bid(anAgent({ maxConcurrency: 2, activeTaskIds: ['a', 'b'] }), task, { now })).toBeUndefined();
    expect(bid(anAgent({ maxConcurrency: 1, activeTaskIds: ['a', 'b'] }), task, { now })).toBeUndefined();
  });

  it.each(AgentState.options.filter((s) => s !== 'idle' && s !== 'active'))(
    'is not made by a %s agent',
    (state) => {
      expect(bid(anAgent({ state }), task, { now })).toBeUndefined();
    },
  );

  it('favours the specialist over the generalist', () => {
    const specialist = bid(anAgent({ capabilities: ['reconciliation'] }), task, { now })!;
    const generalist = bid(anAgent({ capabilities: ['reconciliation', 'a', 'b', 'c'] }), task, { now })!;
    expect(specialist.capabilityMatch).toBe(1);
    expect(generalist.capabilityMatch).toBe(0.25);
    expect(specialist.score).toBeGreaterThan(generalist.score);
  });

  it('scores capability match 1 for everyone when the task requires nothing', () => {
    const open = { ...task, requiredCapabilities: [] };
    expect(bid(anAgent({ capabilities: [] }), open, { now })!.capabilityMatch).toBe(1);
    expect(bid(anAgent({ capabilities: ['a', 'b'] }), open, { now })!.capabilityMatch).toBe(1);
  });

  it('favours the less loaded agent', () => {
    const busy = bid(anAgent({ activeTaskIds: ['a', 'b', 'c'] }), task, { now })!;
    const free = bid(anAgent(), task, { now })!;
    expect(free.score).toBeGreaterThan(busy.score);
  });

  it('gives an agent with no history a success rate of one half', () => {
    expect(bid(anAgent(), task, { now })!.successRate).toBe(0.5);
  });
});

describe('chooseAgent', () => {
  it('draws the winner in proportion to the bids, so the best bid wins most often but not always', () => {
    const agents = [
      anAgent({ id: 'busy', activeTaskIds: ['a', 'b', 'c'] }),
      anAgent({
        id: 'expert',
        stats: { 'finance.reconciliation': { successes: 9, failures: 0, threshold: 0.1 } },
      }),
      anAgent({ id: 'novice' }),
    ];
    const scores = new Map(agents.map((a) => [a.id, bid(a, task, { now })!.score]));
    const total = [...scores.values()].reduce((s, v) => s + v, 0);
    const random = seededRandom(1);
    const wins = new Map<string, number>();
    const draws = 20_000;
    for (let i = 0; i < draws; i++) {
      const id = chooseAgent(agents, task, { now, random })!.agent.id;
      wins.set(id, (wins.get(id) ?? 0) + 1);
    }
    for (const [id, score] of scores) expect((wins.get(id) ?? 0) / draws).toBeCloseTo(score / total, 1);
    expect(Math.max(...wins.values())).toBe(wins.get('expert'));
    expect(wins.get('busy')).toBeGreaterThan(0);
  });

  it('never chooses an agent that could not bid, and returns nothing when none can', () => {
    const agents = [
      anAgent({ id: 'unskilled', capabilities: ['payroll'] }),
      anAgent({ id: 'full', maxConcurrency: 1, activeTaskIds: ['a'] }),
      anAgent({ id: 'asleep', state: 'sleeping' }),
    ];
    expect(chooseAgent(agents, task, { now, random: seededRandom(1) })).toBeUndefined();
    const withOne = [...agents, anAgent({ id: 'able', activeTaskIds: ['a', 'b', 'c'] })];
    expect(chooseAgent(withOne, task, { now, random: seededRandom(1) })?.agent.id).toBe('able');
  });

  it('never assigns an ineligible agent over a random population', () => {
    const random = seededRandom(2024);
    const states = AgentState.options;
    let assigned = 0;
    for (let round = 0; round < 200; round++) {
      const agents = Array.from({ length: 8 }, (_, i) => {
        const maxConcurrency = 1 + Math.floor(random() * 3);
        return anAgent({
          id: `a${i}`,
          state: states[Math.floor(random() * states.length)],
          maxConcurrency,
          activeTaskIds: Array.from(
            { length: Math.floor(random() * (maxConcurrency + 1)) },
            (_, j) => `t${j}`,
          ),
          capabilities: ['reconciliation', 'fraud_detection', 'payroll'].filter(() => random() < 0.6),
        });
      });
      const wanted = { ...task, requiredCapabilities: ['reconciliation', 'fraud_detection'] };
      const chosen = chooseAgent(agents, wanted, { now, random })?.agent;
      if (!chosen) continue;
      assigned++;
      expect(['idle', 'active']).toContain(chosen.state);
      expect(chosen.activeTaskIds.length).toBeLessThan(chosen.maxConcurrency);
      expect(chosen.capabilities).toEqual(expect.arrayContaining(wanted.requiredCapabilities));
    }
    expect(assigned).toBeGreaterThan(20);
  });

  it('draws with the injected randomness, reproducibly', () => {
    const twins = ['a', 'b', 'c', 'd'].map((id) => anAgent({ id }));
    const pick = (seed: number) => {
      const random = seededRandom(seed);
      return Array.from({ length: 40 }, () => chooseAgent(twins, task, { now, random })!.agent.id);
    };
    expect(pick(7)).toEqual(pick(7));
    expect(new Set(pick(7))).toEqual(new Set(['a', 'b', 'c', 'd']));
    expect(chooseAgent(twins, task, { now, random: () => 0 })!.agent.id).toBe('a');
    expect(chooseAgent(twins, task, { now, random: () => 0.99 })!.agent.id).toBe('d');
  });
});

describe('shouldRecruit', () => {
  const pool = { maxInstances: 5 };

  it('wakes nobody while awake agents have free slots for the queue', () => {
    const agents = [anAgent({ maxConcurrency: 4, activeTaskIds: ['a'] })];
    expect(shouldRecruit(agents, { queuedTasks: 3 }, pool)).toBe(0);
  });

  it('wakes enough agents for the work beyond the free slots', () => {
    const agents = [
      anAgent({ id: 'a', maxConcurrency: 2, activeTaskIds: ['x', 'y'] }),
      anAgent({ id: 'b', state: 'sleeping', maxConcurrency: 2 }),
    ];
    expect(shouldRecruit(agents, { queuedTasks: 5 }, pool)).toBe(3);
  });

  it('never goes beyond maxInstances awake', () => {
    const agents = [1, 2, 3, 4].map((i) => anAgent({ id: `a${i}`, maxConcurrency: 1, activeTaskIds: ['x'] }));
    expect(shouldRecruit(agents, { queuedTasks: 100 }, pool)).toBe(1);
    expect(shouldRecruit(agents, { queuedTasks: 100 }, { maxInstances: 3 })).toBe(0);
  });

  it('counts one slot per new agent when there are no agents of the type yet', () => {
    expect(shouldRecruit([], { queuedTasks: 2 }, pool)).toBe(2);
  });
});
