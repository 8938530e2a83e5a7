import type { AgentInstance, TaskTypeStats } from '../schemas/agent';

/**
 * Response-threshold model of division of labour (Bonabeau, Theraulaz & Deneubourg): each agent has a
 * threshold θ per task type; success lowers it, failure raises it, so agents drift toward the work they
 * do well and specialists emerge without anyone assigning roles.
 */
export const DEFAULT_THRESHOLD = 0.5;
const MIN_THRESHOLD = 0.05;
const MAX_THRESHOLD = 0.95;
const SUCCESS_STEP = 0.05;
/** Failure moves θ twice as far as success: an agent should back off quickly from work it keeps failing. */
const FAILURE_STEP = 0.1;

export type Outcome = 'success' | 'failure';

/** P = s² / (s² + θ²): likely to respond when the stimulus is well above the threshold. 0/0 counts as 0. */
export function responseProbability(stimulus: number, threshold: number): number {
  const s2 = stimulus * stimulus;
  const denominator = s2 + threshold * threshold;
  return denominator === 0 ? 0 : s2 / denominator;
}

export function adjustThreshold(threshold: number, outcome: Outcome): number {
  const next =
    outcome === 'success'
      ? Math.max(MIN_THRESHOLD, threshold - SUCCESS_STEP)
      : Math.min(MAX_THRESHOLD, threshold + FAILURE_STEP);
  // Rounded so repeated steps do not accumulate float noise in the stored document (0.30000000000000004).
  return Math.round(next * 1e6) / 1e6;
}

export function statsFor(agent: AgentInstance, taskType: string): TaskTypeStats {
  return agent.stats[taskType] ?? { successes: 0, failures: 0, threshold: DEFAULT_THRESHOLD };
}

/** Learns from one finished task of `taskType`; returns a new agent. */
export function recordOutcome(agent: AgentInstance, taskType: string, outcome: Outcome): AgentInstance {
  const stats = statsFor(agent, taskType);
  return {
    ...agent,
    stats: {
      ...agent.stats,
      [taskType]: {
        successes: stats.successes + (outcome === 'success' ? 1 : 0),
        failures: stats.failures + (outcome === 'failure' ? 1 : 0),
        threshold: adjustThreshold(stats.threshold, outcome),
      },
    },
  };
}
