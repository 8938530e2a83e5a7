import {
  applyLifecycleAction,
  planLifecycle,
  type LifecycleAction,
} from '../../../shared/domain/lifecyclePlan';
import { seededRandom } from '../../../shared/domain/random';
import type { AgentInstance } from '../../../shared/schemas/agent';
import { AgentState, type LifecyclePolicy } from '../../../shared/schemas/lifecycle';
import { anAgent } from '../../support/builders';

const MONDAY_9 = new Date('2025-01-06T09:00:00Z');
const SATURDAY_9 = new Date('2025-01-11T09:00:00Z');
const minutes = (n: number, from: Date = MONDAY_9) => new Date(from.getTime() + n * 60_000);
const iso = (date: Date) => date.toISOString();

function policy(overrides: Partial<LifecyclePolicy> = {}): LifecyclePolicy {
  return {
    tier: 'on_demand',
    warmPool: { warmInstances: 0, maxInstances: 10, scaleUpTimeSeconds: 60 },
    sleepAfterIdleMinutes: 30,
    ...overrides,
  };
}

/** An agent that has been in its state, untouched, since an hour before `now`. */
function agent(overrides: Partial<AgentInstance> = {}, now: Date = MONDAY_9): AgentInstance {
  const hourAgo = iso(minutes(-60, now));
  return anAgent({ stateSince: hourAgo, lastActiveAt: hourAgo, lifecycle: policy(), ...overrides });
}

function apply(agents: AgentInstance[], actions: LifecycleAction[], now: Date): AgentInstance[] {
  return agents.map((a) =>
    actions.filter((x) => x.agentId === a.id).reduce((b, x) => applyLifecycleAction(b, x, now), a),
  );
}

describe('planLifecycle', () => {
  describe('always_on', () => {
    it('wakes a sleeping or cold always-on agent', () => {
      const agents = [
        agent({ id: 'a', state: 'sleeping', lifecycle: policy({ tier: 'always_on' }) }),
        agent({ id: 'b', state: 'cold', lifecycle: policy({ tier: 'always_on' }) }),
      ];
      expect(planLifecycle(agents, MONDAY_9, null)).toEqual([
        { agentId: 'a', action: 'wake', reason: 'always on' },
        { agentId: 'b', action: 'wake', reason: 'always on' },
      ]);
    });

    it('never puts an always-on agent to sleep, however long idle or past its keep-alive', () => {
      const idle = agent({
        lifecycle: policy({ tier: 'always_on' }),
        lastActiveAt: iso(minutes(-600)),
        keepAliveUntil: iso(minutes(-5)),
      });
      expect(planLifecycle([idle], MONDAY_9, null)).toEqual([]);
    });
  });

  describe('business_hours', () => {
    const office = policy({ tier: 'business_hours' });

    it('wakes inside business hours', () => {
      expect(planLifecycle([agent({ state: 'sleeping', lifecycle: office })], MONDAY_9, null)).toEqual([
        { agentId: 'agent-1', action: 'wake', reason: 'business hours' },
      ]);
    });

    it('keeps an idle agent awake inside business hours', () => {
      expect(
        planLifecycle([agent({ lifecycle: office, lastActiveAt: iso(minutes(-300)) })], MONDAY_9, null),
      ).toEqual([]);
    });

    it('sleeps outside business hours at once, without waiting for the idle timeout', () => {
      const recent = agent({ lifecycle: office, lastActiveAt: iso(minutes(-1, SATURDAY_9)) }, SATURDAY_9);
      expect(planLifecycle([recent], SATURDAY_9, null)).toEqual([
        { agentId: 'agent-1', action: 'sleep', reason: 'outside business hours' },
      ]);
    });

    it('outside business hours lets a busy or kept-alive agent be', () => {
      const busy = agent(
        { id: 'busy', state: 'active', activeTaskIds: ['t'], lifecycle: office },
        SATURDAY_9,
      );
      const kept = agent(
        { id: 'kept', lifecycle: office, keepAliveUntil: iso(minutes(10, SATURDAY_9)) },
        SATURDAY_9,
      );
      expect(planLifecycle([busy, kept], SATURDAY_9, null)).toEqual([]);
    });

    it('does not wake anyone outside business hours', () => {
      expect(
        planLifecycle([agent({ state: 'sleeping', lifecycle: office }, SATURDAY_9)], SATURDAY_9, null),
      ).toEqual([]);
    });
  });

  describe('schedules', () => {
    const weekly = policy({
      schedule: { cron: '0 9 * * 1', timezone: 'UTC', autoSleepAfterMinutes: 60 },
    });

    it('wakes on a fire since the last tick, kept alive for autoSleepAfterMinutes from the fire', () => {
      const sleeping = agent({ state: 'sleeping', lifecycle: weekly });
      expect(planLifecycle([sleeping], minutes(0.5), minutes(-0.5))).toEqual([
        {
          agentId: 'agent-1',
          action: 'wake',
          reason: 'schedule 0 9 * * 1',
          keepAliveUntil: iso(minutes(60)),
        },
      ]);
    });

    it('catches a fire when the timer runs late', () => {
      const sleeping = agent({ state: 'sleeping', lifecycle: weekly });
      const [action] = planLifecycle([sleeping], minutes(7), minutes(-1));
      expect(action).toMatchObject({ action: 'wake', keepAliveUntil: iso(minutes(60)) });
    });

    it('looks back two minutes when there is no record of the last tick', () => {
      const sleeping = agent({ state: 'sleeping', lifecycle: weekly });
      expect(planLifecycle([sleeping], minutes(1.5), null)).toHaveLength(1);
      expect(planLifecycle([sleeping], minutes(2.5), null)).toEqual([]);
    });

    it('ignores a fire at or before the last tick', () => {
      const sleeping = agent({ state: 'sleeping', lifecycle: weekly });
      expect(planLifecycle([sleeping], minutes(1), MONDAY_9)).toEqual([]);
    });

    it('skips a fire whose keep-alive is already over when the timer catches up', () => {
      const sleeping = agent({ state: 'sleeping', lifecycle: weekly });
      expect(planLifecycle([sleeping], minutes(61), minutes(-120))).toEqual([]);
    });

    it('extends the keep-alive of an agent already awake', () => {
      const awake = agent({ lifecycle: weekly, keepAliveUntil: iso(minutes(10)) });
      expect(planLifecycle([awake], minutes(0.5), minutes(-0.5))).toEqual([
        {
          agentId: 'agent-1',
          action: 'wake',
          reason: 'schedule 0 9 * * 1',
          keepAliveUntil: iso(minutes(60)),
        },
      ]);
    });

    it('does not stop the tick for a stored expression it cannot parse', () => {
      const broken = agent({
        state: 'sleeping',
        lifecycle: policy({ schedule: { cron: 'every monday', timezone: 'UTC', autoSleepAfterMinutes: 60 } }),
      });
      expect(planLifecycle([broken], MONDAY_9, null)).toEqual([]);
    });
  });

  describe('sleeping idle agents', () => {
    it('sleeps an agent whose keep-alive is over', () => {
      const kept = agent({ keepAliveUntil: iso(minutes(-1)), lastActiveAt: iso(minutes(-2)) });
      expect(planLifecycle([kept], MONDAY_9, null)).toEqual([
        { agentId: 'agent-1', action: 'sleep', reason: 'keep-alive over' },
      ]);
    });

    it('keeps an agent until its keep-alive is over, even when idle long', () => {
      const kept = agent({ keepAliveUntil: iso(minutes(1)), lastActiveAt: iso(minutes(-300)) });
      expect(planLifecycle([kept], MONDAY_9, null)).toEqual([]);
    });

    it('sleeps an agent idle longer than sleepAfterIdleMinutes, not before', () => {
      expect(planLifecycle([agent({ lastActiveAt: iso(minutes(-29)) })], MONDAY_9, null)).toEqual([]);
      expect(planLifecycle([agent({ lastActiveAt: iso(minutes(-30)) })], MONDAY_9, null)).toEqual([
        { agentId: 'agent-1', action: 'sleep', reason: 'idle for 30 minutes' },
      ]);
    });

    it('counts idleness from the later of the last activity and the last state change', () => {
      const justWoken = agent({ stateSince: iso(minutes(-1)), lastActiveAt: iso(minutes(-600)) });
      expect(planLifecycle([justWoken], MONDAY_9, null)).toEqual([]);
    });

    it("uses the event trigger's sleepAfterIdleMinutes when it has one", () => {
      const vigilant = agent({
        lastActiveAt: iso(minutes(-5)),
        lifecycle: policy({
          eventTrigger: {
            events: ['security.alert.high'],
            pheromoneTypes: [],
            locations: [],
            wakeThreshold: 1,
            sleepAfterIdleMinutes: 5,
          },
        }),
      });
      expect(planLifecycle([vigilant], MONDAY_9, null)).toEqual([
        { agentId: 'agent-1', action: 'sleep', reason: 'idle for 5 minutes' },
      ]);
    });

    it('never plans to sleep an agent holding tasks', () => {
      const busy = agent({
        state: 'active',
        activeTaskIds: ['t'],
        lastActiveAt: iso(minutes(-600)),
        keepAliveUntil: iso(minutes(-60)),
      });
      expect(planLifecycle([busy], SATURDAY_9, null)).toEqual([]);
    });
  });

  describe('warm pools', () => {
    const pooled = (warmInstances: number, maxInstances = 10) =>
      policy({ warmPool: { warmInstances, maxInstances, scaleUpTimeSeconds: 10 } });

    it('wakes sleeping agents before cold ones, and marks them warm', () => {
      const agents = [
        agent({ id: 'a-cold', state: 'cold', lifecycle: pooled(2) }),
        agent({ id: 'b-sleeping', state: 'sleeping', lifecycle: pooled(2) }),
        agent({ id: 'c-sleeping', state: 'sleeping', lifecycle: pooled(2) }),
      ];
      expect(planLifecycle(agents, MONDAY_9, null)).toEqual([
        { agentId: 'b-sleeping', action: 'wake', reason: 'warm pool', warm: true },
        { agentId: 'c-sleeping', action: 'wake', reason: 'warm pool', warm: true },
      ]);
    });

    it('marks an awake agent rather than waking another', () => {
      const agents = [
        agent({ id: 'awake', lifecycle: pooled(1), lastActiveAt: iso(minutes(-600)) }),
        agent({ id: 'sleeping', state: 'sleeping', lifecycle: pooled(1) }),
      ];
      expect(planLifecycle(agents, MONDAY_9, null)).toEqual([
        { agentId: 'awake', action: 'wake', reason: 'warm pool', warm: true },
      ]);
    });

    it('keeps warm members awake however long idle', () => {
      const member = agent({ warm: true, lifecycle: pooled(1), lastActiveAt: iso(minutes(-600)) });
      expect(planLifecycle([member], MONDAY_9, null)).toEqual([]);
    });

    it('lets warm agents beyond the pool size sleep like any other', () => {
      const agents = ['a', 'b'].map((id) =>
        agent({ id, warm: true, lifecycle: pooled(1), lastActiveAt: iso(minutes(-600)) }),
      );
      expect(planLifecycle(agents, MONDAY_9, null)).toEqual([
        { agentId: 'b', action: 'sleep', reason: 'idle for 30 minutes' },
      ]);
    });

    it('never wakes more than maxInstances of a type', () => {
      const agents = [
        agent({ id: 'busy', state: 'active', activeTaskIds: ['t'], warm: false, lifecycle: pooled(3, 2) }),
        ...['s1', 's2', 's3'].map((id) => agent({ id, state: 'sleeping', lifecycle: pooled(3, 2) })),
      ];
      const actions = planLifecycle(agents, MONDAY_9, null);
      expect(actions.map((a) => a.agentId)).toEqual(['busy', 's1']);
    });

    it('keeps the pools of different types apart', () => {
      const agents = [
        agent({ id: 'a', agentType: 'retail.inventory', state: 'sleeping', lifecycle: pooled(1) }),
        agent({ id: 'b', agentType: 'finance.reconciliation', state: 'sleeping', lifecycle: pooled(1) }),
      ];
      expect(planLifecycle(agents, MONDAY_9, null).map((a) => a.agentId)).toEqual(['a', 'b']);
    });
  });

  describe('is a fixed point: applying the plan and planning again does nothing', () => {
    const STATES = AgentState.options;
    const TIERS = ['always_on', 'business_hours', 'on_demand'] as const;
    const CRONS = ['0 9 * * 1', '*/5 * * * *', '0 8 L * *', '58 8 * * *'];

    function population(random: () => number, now: Date): AgentInstance[] {
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
      return Array.from({ length: 40 }, (_, i) => {
        const state = pick(STATES);
        const warmInstances = Math.floor(random() * 4);
        return agent(
          {
            id: `agent-${String(i).padStart(2, '0')}`,
            agentType: pick(['retail.inventory', 'finance.reconciliation', 'hr.recruitment']),
            state,
            warm: random() < 0.3,
            activeTaskIds: state === 'active' && random() < 0.7 ? ['t'] : [],
            lastActiveAt: iso(minutes(-Math.floor(random() * 120), now)),
            stateSince: iso(minutes(-Math.floor(random() * 120), now)),
            keepAliveUntil: random() < 0.3 ? iso(minutes(Math.floor(random() * 60) - 30, now)) : null,
            lifecycle: policy({
              tier: pick(TIERS),
              warmPool: {
                warmInstances,
                maxInstances: warmInstances + Math.floor(random() * 3),
                scaleUpTimeSeconds: 60,
              },
              sleepAfterIdleMinutes: 1 + Math.floor(random() * 60),
              ...(random() < 0.5 && {
                schedule: {
                  cron: pick(CRONS),
                  timezone: 'UTC',
                  autoSleepAfterMinutes: 1 + Math.floor(random() * 90),
                },
              }),
            }),
          },
          now,
        );
      });
    }

    it.each([
      ['Monday morning', MONDAY_9],
      ['Saturday morning', SATURDAY_9],
      ['a month end', new Date('2025-01-31T08:01:00Z')],
    ])('on a random population, %s', (_, now) => {
      const random = seededRandom(now.getTime() % 10_000);
      let acted = 0;
      for (let round = 0; round < 25; round++) {
        const agents = population(random, now);
        const lastTick = minutes(-1 - Math.floor(random() * 5), now);
        const plan = planLifecycle(agents, now, lastTick);
        acted += plan.length;
        const after = apply(agents, plan, now);
        expect(planLifecycle(after, now, lastTick)).toEqual([]);
        // The timer firing again a moment later, with the first run recorded as the last tick.
        expect(planLifecycle(after, minutes(0.1, now), now)).toEqual([]);
      }
      expect(acted).toBeGreaterThan(25);
    });

    it('never sleeps an agent with tasks nor wakes beyond maxInstances by the warm pool', () => {
      const random = seededRandom(77);
      for (let round = 0; round < 50; round++) {
        const agents = population(random, MONDAY_9).map((a) => ({
          ...a,
          lifecycle: { ...a.lifecycle, tier: 'on_demand' as const, schedule: undefined },
        }));
        const plan = planLifecycle(agents, MONDAY_9, null);
        const byId = new Map(agents.map((a) => [a.id, a]));
        for (const action of plan.filter((a) => a.action === 'sleep')) {
          expect(byId.get(action.agentId)!.activeTaskIds).toEqual([]);
        }
        const after = apply(agents, plan, MONDAY_9);
        for (const type of new Set(agents.map((a) => a.agentType))) {
          const ofType = agents.filter((a) => a.agentType === type);
          const { maxInstances } = ofType[0]!.lifecycle.warmPool;
          const awakeBefore = ofType.filter((a) => ['warming', 'idle', 'active'].includes(a.state)).length;
          const awakeAfter = after.filter(
            (a) => a.agentType === type && ['warming', 'idle', 'active'].includes(a.state),
          ).length;
          expect(awakeAfter).toBeLessThanOrEqual(Math.max(awakeBefore, maxInstances));
        }
      }
    });
  });
});

describe('applyLifecycleAction', () => {
  it('wakes with the keep-alive and the warm mark', () => {
    const woken = applyLifecycleAction(
      agent({ state: 'sleeping' }),
      {
        agentId: 'agent-1',
        action: 'wake',
        reason: 'warm pool',
        warm: true,
        keepAliveUntil: iso(minutes(60)),
      },
      MONDAY_9,
    );
    expect(woken).toMatchObject({
      state: 'idle',
      warm: true,
      keepAliveUntil: iso(minutes(60)),
      wakeReason: 'warm pool',
    });
  });

  it('clears the warm mark on sleep, so the planner refills the pool', () => {
    const slept = applyLifecycleAction(
      agent({ warm: true }),
      { agentId: 'agent-1', action: 'sleep', reason: 'x' },
      MONDAY_9,
    );
    expect(slept).toMatchObject({ state: 'sleeping', warm: false });
  });
});
