import {
  IllegalTransition,
  MAX_TASK_HISTORY,
  TASK_TRANSITIONS,
  canTransitionTask,
  isFinalTask,
  transitionTask,
} from '../../../shared/domain/taskStateMachine';
import { TaskDocument, TaskStatus } from '../../../shared/schemas/task';
import { T0, aTask, at } from '../../support/builders';

const LEGAL: [TaskStatus, TaskStatus][] = [
  ['queued', 'claimed'],
  ['queued', 'deferred'],
  ['queued', 'cancelled'],
  ['queued', 'dead_lettered'],
  ['queued', 'failed'],
  ['deferred', 'queued'],
  ['deferred', 'claimed'],
  ['deferred', 'cancelled'],
  ['deferred', 'dead_lettered'],
  ['deferred', 'failed'],
  ['deferred', 'deferred'],
  ['claimed', 'running'],
  ['claimed', 'queued'],
  ['claimed', 'failed'],
  ['claimed', 'dead_lettered'],
  ['claimed', 'cancelled'],
  ['running', 'completed'],
  ['running', 'failed'],
  ['running', 'queued'],
  ['running', 'awaiting_approval'],
  ['running', 'dead_lettered'],
  ['awaiting_approval', 'completed'],
  ['awaiting_approval', 'failed'],
  ['awaiting_approval', 'cancelled'],
  ['awaiting_approval', 'queued'],
  ['failed', 'queued'],
  ['dead_lettered', 'queued'],
];

const ALL_PAIRS = TaskStatus.options.flatMap((from) => TaskStatus.options.map((to) => [from, to] as const));
const isLegal = (from: TaskStatus, to: TaskStatus) => LEGAL.some(([f, t]) => f === from && t === to);

describe('task state machine', () => {
  it('has exactly the documented edges', () => {
    const table = Object.entries(TASK_TRANSITIONS).flatMap(([from, tos]) => tos.map((to) => [from, to]));
    expect(table.sort()).toEqual([...LEGAL].sort());
  });

  it.each(LEGAL)('allows %s → %s and records it', (from, to) => {
    expect(canTransitionTask(from, to)).toBe(true);
    const task = aTask({ status: from });
    const moved = transitionTask(task, to, { at: at(60), by: 'agent-1', reason: 'because' });
    expect(moved.status).toBe(to);
    expect(moved.history.at(-1)).toEqual({
      at: at(60).toISOString(),
      from,
      to,
      by: 'agent-1',
      reason: 'because',
    });
    expect(moved.updatedAt).toBe(at(60).toISOString());
    expect(TaskDocument.parse(moved)).toEqual(moved);
  });

  it.each(ALL_PAIRS.filter(([from, to]) => !isLegal(from, to)))('refuses %s → %s', (from, to) => {
    expect(canTransitionTask(from, to)).toBe(false);
    expect(() => transitionTask(aTask({ status: from }), to, { at: at(0), by: 'x', reason: 'y' })).toThrow(
      IllegalTransition,
    );
  });

  it('says which move was illegal', () => {
    try {
      transitionTask(aTask({ status: 'completed' }), 'queued', { at: at(0), by: 'x', reason: 'y' });
      throw new Error('expected IllegalTransition');
    } catch (error) {
      expect(error).toBeInstanceOf(IllegalTransition);
      expect(error).toMatchObject({ from: 'completed', to: 'queued' });
    }
  });

  it('leaves completed and cancelled with no way out', () => {
    expect(TASK_TRANSITIONS.completed).toEqual([]);
    expect(TASK_TRANSITIONS.cancelled).toEqual([]);
  });

  it('never mutates the task it is given', () => {
    const task = aTask();
    const snapshot = structuredClone(task);
    transitionTask(task, 'claimed', { at: at(1), by: 'agent-1', reason: 'won the bid' });
    expect(task).toEqual(snapshot);
  });

  it('applies the patch but keeps the fields the move owns', () => {
    const moved = transitionTask(aTask({ status: 'claimed' }), 'running', {
      at: at(5),
      by: 'agent-1',
      reason: 'started',
      patch: { assignedAgentId: 'agent-1', attempts: 1, status: 'completed', history: [], updatedAt: T0 },
    });
    expect(moved).toMatchObject({ assignedAgentId: 'agent-1', attempts: 1, status: 'running' });
    expect(moved.history).toHaveLength(2);
    expect(moved.updatedAt).toBe(at(5).toISOString());
  });

  it.each(['completed', 'failed', 'dead_lettered', 'cancelled'] as const)(
    'stamps completedAt when a task becomes %s',
    (to) => {
      const from: TaskStatus = to === 'cancelled' ? 'claimed' : 'running';
      expect(
        transitionTask(aTask({ status: from }), to, { at: at(9), by: 'x', reason: 'y' }).completedAt,
      ).toBe(at(9).toISOString());
    },
  );

  it('clears completedAt when a failed task is resubmitted', () => {
    const failed = aTask({ status: 'failed', completedAt: T0 });
    expect(
      transitionTask(failed, 'queued', { at: at(9), by: 'operator', reason: 'resubmit' }).completedAt,
    ).toBeNull();
  });

  it('keeps the first history entry and the last ones, 100 in all', () => {
    let task = aTask({ status: 'deferred' });
    for (let i = 1; i <= 150; i++) {
      task = transitionTask(task, 'deferred', { at: at(i), by: 'worker', reason: `deferral ${i}` });
    }
    expect(task.history).toHaveLength(MAX_TASK_HISTORY);
    expect(task.history[0]).toEqual(aTask().history[0]);
    expect(task.history.at(-1)?.reason).toBe('deferral 150');
    expect(task.history[1]?.reason).toBe('deferral 52');
  });
});

describe('isFinalTask', () => {
  it.each([
    ['completed', true],
    ['failed', true],
    ['dead_lettered', true],
    ['cancelled', true],
    ['queued', false],
    ['deferred', false],
    ['claimed', false],
    ['running', false],
    ['awaiting_approval', false],
  ] as const)('%s is final for the worker: %s', (status, final) => {
    expect(isFinalTask(status)).toBe(final);
  });
});
