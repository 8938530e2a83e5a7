const RETRY_BASE_MS = 2_000;
const RETRY_CAP_MS = 5 * 60_000;
const DEFER_BASE_MS = 1_000;
const DEFER_CAP_MS = 60_000;

/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random. The fixed half keeps a
 * failing dependency from being hammered; the random half spreads out retries that failed together.
 * `step` 0 is the first wait.
 */
function jitteredBackoff(step: number, baseMs: number, capMs: number, random: () => number): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, step));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Wait before retry number `attempt` (1 = the first retry): 2 s doubling to at most 5 minutes. */
export function retryBackoffMs(attempt: number, random: () => number): number {
  return jitteredBackoff(attempt - 1, RETRY_BASE_MS, RETRY_CAP_MS, random);
}

/**
 * Wait before a deferred task is offered again (`deferrals` = how often it has been deferred, counting
 * this one): 1 s doubling to at most a minute, about the time an agent takes to wake.
 */
export function deferBackoffMs(deferrals: number, random: () => number): number {
  return jitteredBackoff(deferrals - 1, DEFER_BASE_MS, DEFER_CAP_MS, random);
}
