import { PheromoneStrength } from '../../schemas/pheromone';

/**
 * The worker's tunables. Defaults follow the seed (3 attempts as the queue's max delivery count; danger
 * evaporating after 30 s as in §14.6's rate-limit example); tests and benches tighten them.
 */
export interface WorkerPolicy {
  /** Attempts before a failing task is dead-lettered (the queue's max delivery count). */
  maxAttempts: number;
  /** Deferrals for lack of an awake capable agent before the task is dead-lettered as unservable. */
  maxDeferrals: number;
  /**
   * A location is avoided while its DANGER trail is at least this strong. One failure deposits LOW (0.3),
   * below it; a second failure reinforces the trail over it: one flaky call does not close a location,
   * a pattern of failures does.
   */
  avoidDangerAtStrength: number;
  dangerStrength: number;
  dangerTtlSeconds: number;
  successStrength: number;
  successTtlSeconds: number;
  /** Longest a task is deferred because of danger, whatever the trail's expiry says. */
  maxDangerDeferralMs: number;
}

export const DEFAULT_WORKER_POLICY: WorkerPolicy = {
  maxAttempts: 3,
  maxDeferrals: 12,
  avoidDangerAtStrength: PheromoneStrength.MEDIUM,
  dangerStrength: PheromoneStrength.LOW,
  dangerTtlSeconds: 30,
  successStrength: PheromoneStrength.MEDIUM,
  successTtlSeconds: 3600,
  maxDangerDeferralMs: 5 * 60_000,
};
