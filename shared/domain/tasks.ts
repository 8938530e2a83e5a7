/** Tasks: the state machine, how strongly a task calls for an agent, and how long to wait between tries. */
export {
  IllegalTransition,
  MAX_TASK_HISTORY,
  TASK_TRANSITIONS,
  canTransitionTask,
  isFinalTask,
  transitionTask,
  type TaskChange,
} from './taskStateMachine';
export { AGING_WINDOW_MS, taskStrength } from './taskStrength';
export { deferBackoffMs, retryBackoffMs } from './backoff';
