import { createHash } from 'node:crypto';
import {
  PheromoneStrength,
  type PheromoneSignal,
  type PheromoneTrail,
  type PheromoneType,
} from '../schemas/pheromone';
import { evaporate, isExpired } from './evaporation';

/**
 * How many folded signal ids a trail remembers. A redelivery after a sensor restart replays from the last
 * checkpoint: at most one batch of a few hundred events per partition, spread over many trails, so the
 * same trail sees far fewer than this between checkpoints. Bounded so a busy trail's document stays small.
 */
export const RECENT_SIGNAL_IDS = 128;

/** Cosmos keeps a trail a minute past its expiry; reads filter on `expiresAt`, so this is housekeeping. */
const HOUSEKEEPING_GRACE_SECONDS = 60;

/**
 * One trail per tenant + type + location + key. The readable prefix helps when browsing the container;
 * the hash makes the id unique across tenants and free of the characters Cosmos forbids in ids (/ \ ? #),
 * whatever the trail key contains.
 */
export function trailId(tenantId: string, type: PheromoneType, location: string, trailKey: string): string {
  const hash = createHash('sha256')
    .update([tenantId, type, location, trailKey].join('\u0000'))
    .digest('hex')
    .slice(0, 24);
  return `${type}:${location.replace(/[/\\?#]/g, '_')}:${hash}`;
}

/** Seed 002 §14.6: a task's priority sets the strength of the pheromone that advertises it. */
export function strengthForPriority(priority: number): number {
  if (priority >= 10) return PheromoneStrength.CRITICAL;
  if (priority >= 7) return PheromoneStrength.HIGH;
  if (priority >= 5) return PheromoneStrength.MEDIUM;
  if (priority >= 3) return PheromoneStrength.LOW;
  return PheromoneStrength.TRACE;
}

export interface Fold {
  trail: PheromoneTrail;
  /** False when there is nothing to write: a redelivered signal, or one that evaporated in transit. */
  changed: boolean;
}

/**
 * Folds one signal into its trail (reinforcement, seed 002 §14). The signal counts from its own
 * `depositedAt` (never later than `now`), so a signal folded the moment it was emitted adds its full
 * strength and TTL, while one replayed late adds only what is left of it. A live trail is reinforced:
 * strength now = min(1, what is left + the signal's strength), re-stamped at `now`, lasting as long as the
 * longer-lived of the two. An expired trail is replaced as if new.
 */
/**
 * What a trail remembers of a signal id: 11 base64url characters of its SHA-256 (66 bits) instead of a
 * 36-character UUID. A busy trail remembers 128 of them, and every fold rewrites the trail document, so
 * this cuts the trail's size — and the request units of each write — by about two thirds; a collision
 * among 128 marks has odds of about 1 in 10^17.
 */
export function signalMark(signalId: string): string {
  return createHash('sha256').update(signalId).digest('base64url').slice(0, 11);
}

export function foldSignal(existing: PheromoneTrail | undefined, signal: PheromoneSignal, now: Date): Fold {
  const mark = signalMark(signal.id);
  if (existing?.recentSignalIds.includes(mark)) return { trail: existing, changed: false };

  const nowMs = now.getTime();
  const emittedMs = Math.min(Date.parse(signal.depositedAt), nowMs);
  const signalExpiresMs = emittedMs + signal.ttlSeconds * 1000;
  if (existing === undefined || isExpired(existing, now)) {
    const trail: PheromoneTrail = {
      id: trailId(signal.tenantId, signal.type, signal.location, signal.trailKey),
      tenantId: signal.tenantId,
      type: signal.type,
      location: signal.location,
      trailKey: signal.trailKey,
      strength: signal.strength,
      depositedAt: new Date(emittedMs).toISOString(),
      expiresAt: new Date(signalExpiresMs).toISOString(),
      lastEmitter: signal.emitter,
      deposits: 1,
      data: { ...signal.data },
      recentSignalIds: [mark],
      ttl: housekeepingTtl(signalExpiresMs, nowMs),
    };
    return { trail, changed: signalExpiresMs > nowMs };
  }

  const signalLeft = evaporate(signal.strength, emittedMs, signalExpiresMs, nowMs);
  if (signalLeft === 0) return { trail: existing, changed: false };
  const existingLeft = evaporate(
    existing.strength,
    Date.parse(existing.depositedAt),
    Date.parse(existing.expiresAt),
    nowMs,
  );
  const expiresMs = Math.max(Date.parse(existing.expiresAt), signalExpiresMs);
  return {
    trail: {
      ...existing,
      strength: Math.min(1, existingLeft + signalLeft),
      depositedAt: now.toISOString(),
      expiresAt: new Date(expiresMs).toISOString(),
      lastEmitter: signal.emitter,
      deposits: existing.deposits + 1,
      data: { ...existing.data, ...signal.data },
      recentSignalIds: [...existing.recentSignalIds, mark].slice(-RECENT_SIGNAL_IDS),
      ttl: housekeepingTtl(expiresMs, nowMs),
    },
    changed: true,
  };
}

/** Remaining lifetime in whole seconds plus a grace minute; always a positive integer as Cosmos requires. */
function housekeepingTtl(expiresMs: number, nowMs: number): number {
  return Math.max(0, Math.ceil((expiresMs - nowMs) / 1000)) + HOUSEKEEPING_GRACE_SECONDS;
}
