import type { PheromoneTrail } from '../schemas/pheromone';
import { currentStrength } from './evaporation';

type DangerEvidence = Pick<PheromoneTrail, 'type' | 'location' | 'strength' | 'depositedAt' | 'expiresAt'>;

export interface Avoidance {
  avoided: boolean;
  /** Seconds until the last live danger here evaporates: when it is worth trying again. */
  retryAfterSeconds?: number;
}

/**
 * Seed 002 §14.6 danger reporting: agents avoid a location while a DANGER trail there is still live.
 * Danger at an enclosing location (`integrations.stripe`) covers everything below it
 * (`integrations.stripe.payments`). The strength is recomputed at `now`, so a sensed trail read a while
 * ago is judged by its expiry, not by the strength it had when read.
 */
export function isLocationAvoided(trails: readonly DangerEvidence[], location: string, now: Date): Avoidance {
  let lastExpiryMs: number | undefined;
  for (const trail of trails) {
    if (trail.type !== 'danger') continue;
    if (trail.location !== location && !location.startsWith(`${trail.location}.`)) continue;
    if (currentStrength(trail, now) <= 0) continue;
    lastExpiryMs = Math.max(lastExpiryMs ?? 0, Date.parse(trail.expiresAt));
  }
  if (lastExpiryMs === undefined) return { avoided: false };
  return { avoided: true, retryAfterSeconds: Math.ceil((lastExpiryMs - now.getTime()) / 1000) };
}

/**
 * How long until every DANGER trail covering `location` has evaporated below `threshold` — when an
 * agent that avoids strong danger may go back. Linear evaporation makes this exact: a trail of strength
 * s falls to θ at depositedAt + (1 − θ/s) × ttl. Zero when nothing covering the location is that strong.
 */
export function msUntilCalm(
  trails: readonly DangerEvidence[],
  location: string,
  threshold: number,
  now: Date,
): number {
  let until = now.getTime();
  for (const trail of trails) {
    if (trail.type !== 'danger') continue;
    if (trail.location !== location && !location.startsWith(`${trail.location}.`)) continue;
    if (currentStrength(trail, now) < threshold || trail.strength <= 0) continue;
    const deposited = Date.parse(trail.depositedAt);
    const calm = deposited + (1 - threshold / trail.strength) * (Date.parse(trail.expiresAt) - deposited);
    until = Math.max(until, Math.ceil(calm));
  }
  return until - now.getTime();
}
