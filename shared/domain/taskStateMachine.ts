import type { TaskDocument, TaskHistoryEntry, TaskStatus } from '../schemas/task';

/**
 * Every legal move of a task, and why it exists. Anything not listed is a bug in the caller.
 */
export const TASK_TRANSITIONS: Readonly<Record<TaskStatus, readonly TaskStatus[]>> = {
  queued: [
    'claimed', // an agent won the bid and took it with a compare-and-set
    'deferred', // no awake capable agent: put back with backoff while one wakes
    'cancelled', // the submitter withdrew it before anyone started
    'dead_lettered', // Service Bus gave up delivering it (poison message, max deliveries, expiry)
    'failed', // it could not even be queued, or is invalid for every agent
  ],
  deferred: [
    'queued', // the deferral elapsed and the message is back for bidding
    'claimed', // a capable agent woke and took it directly
    'cancelled',
    'dead_lettered',
    'failed', // deferred too often: give up with a reason rather than loop forever
    'deferred', // still nobody awake: defer again, with a longer backoff
  ],
  claimed: [
    'running', // the owner started work
    'queued', // released: the owner could not start (went to sleep, lost its lock) and gave it back
    'failed',
    'dead_lettered',
    'cancelled', // cancelled before work began: nothing has happened yet
  ],
  running: [
    'completed', // done, with a result
    'failed', // out of attempts, or a non-retryable error
    'queued', // retry: a transient failure puts it back with an incremented attempt
    'awaiting_approval', // a human must look at it (low confidence, high impact, policy)
    'dead_lettered', // the message dead-lettered mid-flight (lock lost past max deliveries)
  ],
  awaiting_approval: [
    'completed', // approved
    'failed', // rejected
    'cancelled', // withdrawn while waiting
    'queued', // sent back for rework with the reviewer's feedback
  ],
  failed: ['queued'], // resubmitted by an operator, or by a retried submission
  dead_lettered: ['queued'], // resubmitted from the dead-letter queue
  completed: [], // terminal: a result was delivered
  cancelled: [], // terminal: someone decided it should not happen
};

export class IllegalTransition extends Error {
  constructor(
    readonly from: TaskStatus,
    readonly to: TaskStatus,
  ) {
    super(`A task cannot go from ${from} to ${to}`);
    this.name = 'IllegalTransition';
  }
}

export function canTransitionTask(from: TaskStatus, to: TaskStatus): boolean {
  return TASK_TRANSITIONS[from].includes(to);
}

/**
 * Final for the worker: it settles the message and stops. `failed` and `dead_lettered` can still be
 * resubmitted by an operator, which starts a new life at `queued`.
 */
export function isFinalTask(status: TaskStatus): boolean {
  return (
    status === 'completed' || status === 'failed' || status === 'dead_lettered' || status === 'cancelled'
  );
}

/** Enough history to explain a task; a task retried forever must not grow its document without bound. */
export const MAX_TASK_HISTORY = 100;

export interface TaskChange {
  at: Date;
  by: string;
  reason: string;
  /** Fields that change with the move (assignee, attempts, result, error). */
  patch?: Partial<TaskDocument>;
}

/**
 * The one way a task changes status: a new document (the input is never mutated) with a history entry.
 * The patch cannot override what the move itself owns: status, history, updatedAt and completedAt.
 */
export function transitionTask(task: TaskDocument, to: TaskStatus, change: TaskChange): TaskDocument {
  if (!canTransitionTask(task.status, to)) throw new IllegalTransition(task.status, to);
  const at = change.at.toISOString();
  const entry: TaskHistoryEntry = { at, from: task.status, to, by: change.by, reason: change.reason };
  return {
    ...task,
    ...change.patch,
    status: to,
    history: boundHistory([...task.history, entry]),
    updatedAt: at,
    // A resubmitted task is no longer complete; a final one records when it became final.
    completedAt: isFinalTask(to) ? at : null,
  };
}

/** Keeps the first entry (how the task was born) and the most recent ones. */
function boundHistory(history: TaskHistoryEntry[]): TaskHistoryEntry[] {
  if (history.length <= MAX_TASK_HISTORY) return history;
  return [history[0]!, ...history.slice(history.length - (MAX_TASK_HISTORY - 1))];
}
