import {
  AGENT_TRANSITIONS,
  IllegalAgentTransition,
  canTransitionAgent,
  sleep,
  transitionAgent,
  wake,
} from '../../../shared/domain/agentStateMachine';
import { AgentInstance } from '../../../shared/schemas/agent';
import { AgentState } from '../../../shared/schemas/lifecycle';
import { T0, anAgent, at } from '../../support/builders';

const LEGAL: [AgentState, AgentState][] = [
  ['cold', 'warming'],
  ['sleeping', 'warming'],
  ['warming', 'idle'],
  ['warming', 'sleeping'],
  ['idle', 'active'],
  ['idle', 'sleeping'],
  ['idle', 'cold'],
  ['active', 'idle'],
  ['active', 'active'],
];
const isLegal = (from: AgentState, to: AgentState) => LEGAL.some(([f, t]) => f === from && t === to);
const ALL_PAIRS = AgentState.options.flatMap((from) => AgentState.options.map((to) => [from, to] as const));
const learned = { 'finance.reconciliation': { successes: 4, failures: 1, threshold: 0.3 } };

describe('agent state machine', () => {
  it('has exactly the documented edges', () => {
    const table = Object.entries(AGENT_TRANSITIONS).flatMap(([from, tos]) => tos.map((to) => [from, to]));
    expect(table.sort()).toEqual([...LEGAL].sort());
  });

  it.each(LEGAL)('allows %s → %s', (from, to) => {
    expect(canTransitionAgent(from, to)).toBe(true);
    const moved = transitionAgent(anAgent({ state: from }), to, at(60), 'test');
    expect(moved.state).toBe(to);
    expect(AgentInstance.parse(moved)).toEqual(moved);
  });

  it.each(ALL_PAIRS.filter(([from, to]) => !isLegal(from, to)))('refuses %s → %s', (from, to) => {
    expect(canTransitionAgent(from, to)).toBe(false);
    expect(() => transitionAgent(anAgent({ state: from }), to, at(0), 'test')).toThrow(
      IllegalAgentTransition,
    );
  });

  it('refuses active → sleeping: in-flight tasks finish first', () => {
    expect(() =>
      transitionAgent(anAgent({ state: 'active', activeTaskIds: ['t'] }), 'sleeping', at(0), 'x'),
    ).toThrow(IllegalAgentTransition);
  });

  it('refuses to put an agent holding tasks to sleep even from idle', () => {
    expect(() =>
      transitionAgent(anAgent({ state: 'idle', activeTaskIds: ['t'] }), 'sleeping', at(0), 'x'),
    ).toThrow(/holds 1 task/);
  });

  it('meters the time spent in the state it leaves', () => {
    const agent = anAgent({ state: 'idle', stateSince: T0 });
    const active = transitionAgent(agent, 'active', at(600), 'took a task');
    const idle = transitionAgent(active, 'idle', at(1_500), 'done');
    expect(idle.cost.msByState).toMatchObject({ idle: 600_000, active: 900_000 });
    expect(idle.stateSince).toBe(at(1_500).toISOString());
    expect(idle.lastActiveAt).toBe(at(1_500).toISOString());
  });

  it('returns the same object for active → active', () => {
    const agent = anAgent({ state: 'active', activeTaskIds: ['t'] });
    expect(transitionAgent(agent, 'active', at(60), 'another task')).toBe(agent);
  });

  it('checkpoints learned stats on sleep, keeping the memory, and restores them on wake', () => {
    const agent = anAgent({
      stats: learned,
      checkpoint: { savedAt: T0, memory: { notes: 'kept' }, stats: {} },
    });
    const asleep = transitionAgent(agent, 'sleeping', at(60), 'idle');
    expect(asleep.checkpoint).toEqual({
      savedAt: at(60).toISOString(),
      memory: { notes: 'kept' },
      stats: learned,
    });

    const forgetful = { ...asleep, stats: {} };
    const warming = transitionAgent(forgetful, 'warming', at(120), 'schedule');
    expect(warming.stats).toEqual(learned);
    expect(warming).toMatchObject({ wokeAt: at(120).toISOString(), wakeReason: 'schedule' });
  });

  it('never mutates the agent it is given', () => {
    const agent = anAgent({ stats: learned });
    const snapshot = structuredClone(agent);
    transitionAgent(agent, 'sleeping', at(60), 'idle');
    expect(agent).toEqual(snapshot);
  });
});

describe('wake', () => {
  it('wakes a sleeping agent to idle in one call, restoring its checkpoint', () => {
    const asleep = sleep(anAgent({ stats: learned }), at(0), 'idle');
    const { agent, coldStart } = wake({ ...asleep, stats: {} }, at(3_600), 'schedule');
    expect(coldStart).toBe(false);
    expect(agent).toMatchObject({ state: 'idle', wakeReason: 'schedule', wokeAt: at(3_600).toISOString() });
    expect(agent.stats).toEqual(learned);
    expect(agent.cost.msByState.sleeping).toBe(3_600_000);
  });

  it('reports a cold start for a cold agent', () => {
    const { agent, coldStart } = wake(anAgent({ state: 'cold' }), at(0), 'demand');
    expect(coldStart).toBe(true);
    expect(agent.state).toBe('idle');
  });

  it('finishes a warm-up in progress', () => {
    expect(wake(anAgent({ state: 'warming' }), at(0), 'demand').agent.state).toBe('idle');
  });

  it.each(['idle', 'active'] as const)('returns a %s agent unchanged', (state) => {
    const agent = anAgent({ state, activeTaskIds: state === 'active' ? ['t'] : [] });
    const woken = wake(agent, at(60), 'again');
    expect(woken.agent).toBe(agent);
    expect(woken.coldStart).toBe(false);
  });

  it('sets the keep-alive, and only ever extends it', () => {
    const { agent } = wake(anAgent({ state: 'sleeping' }), at(0), 'api', at(3_600));
    expect(agent.keepAliveUntil).toBe(at(3_600).toISOString());
    expect(wake(agent, at(60), 'api', at(1_800).toISOString()).agent).toBe(agent);
    expect(wake(agent, at(60), 'api', at(7_200)).agent.keepAliveUntil).toBe(at(7_200).toISOString());
  });

  it('is idempotent: waking twice equals waking once', () => {
    const once = wake(anAgent({ state: 'sleeping' }), at(0), 'api', at(600)).agent;
    expect(wake(once, at(0), 'api', at(600)).agent).toBe(once);
  });
});

describe('sleep', () => {
  it('puts an idle agent to sleep and drops its keep-alive', () => {
    const asleep = sleep(anAgent({ keepAliveUntil: at(60).toISOString() }), at(120), 'keep-alive over');
    expect(asleep.state).toBe('sleeping');
    expect(asleep.keepAliveUntil).toBeNull();
  });

  it.each(['sleeping', 'cold'] as const)('returns a %s agent unchanged', (state) => {
    const agent = anAgent({ state });
    expect(sleep(agent, at(0), 'again')).toBe(agent);
  });

  it('refuses while the agent holds tasks', () => {
    expect(() => sleep(anAgent({ state: 'active', activeTaskIds: ['t'] }), at(0), 'x')).toThrow(
      IllegalAgentTransition,
    );
  });

  it('passes an active agent with no tasks left through idle', () => {
    const asleep = sleep(anAgent({ state: 'active', stateSince: T0 }), at(60), 'x');
    expect(asleep.state).toBe('sleeping');
    expect(asleep.cost.msByState.active).toBe(60_000);
  });

  it('sends a failed warm-up back to sleep', () => {
    expect(sleep(anAgent({ state: 'warming' }), at(0), 'warm-up failed').state).toBe('sleeping');
  });
});
