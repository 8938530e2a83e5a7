/** Agent lifecycle (seed 002 §10.3): states, wake and sleep, schedules, triggers, the planner, cost. */
export {
  AGENT_TRANSITIONS,
  IllegalAgentTransition,
  canTransitionAgent,
  isAwake,
  sleep,
  transitionAgent,
  wake,
  type Wake,
} from './agentStateMachine';
export { lastFire, nextFire, scheduleFires, scheduleProblem } from './schedule';
export { inBusinessHours } from './businessHours';
export { matchesEventTrigger } from './eventTrigger';
export { applyLifecycleAction, planLifecycle, type LifecycleAction } from './lifecyclePlan';
export {
  ACTIVE_COST_PER_HOUR,
  SLEEPING_COST_PER_HOUR,
  agentCostUsd,
  agentHours,
  sleepWakeSaving,
  type AgentCost,
  type AgentHours,
  type SleepWakeSaving,
} from './agentCost';
