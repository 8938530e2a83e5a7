import { z } from 'zod';
import { DottedName, IsoDateTime, TenantId } from './common';

export const PheromoneType = z.enum([
  'task',
  'resource',
  'danger',
  'success',
  'capability',
  'load_balancing',
  'coordination',
]);
export type PheromoneType = z.infer<typeof PheromoneType>;

/** Named strengths of seed 002 §14. */
export const PheromoneStrength = { TRACE: 0.1, LOW: 0.3, MEDIUM: 0.5, HIGH: 0.7, CRITICAL: 1.0 } as const;

export const Strength = z.number().min(0).max(1);

/** One hour, as in the seed's examples; one day at most so a trail never outlives its meaning. */
export const DEFAULT_TTL_SECONDS = 3600;
export const MAX_TTL_SECONDS = 86_400;

/** What a caller deposits (HTTP or an agent); the id and times are added by the deposit use case. */
export const PheromoneDeposit = z.object({
  type: PheromoneType,
  location: DottedName,
  strength: Strength.default(PheromoneStrength.MEDIUM),
  ttlSeconds: z.number().int().min(1).max(MAX_TTL_SECONDS).default(DEFAULT_TTL_SECONDS),
  /** Distinguishes trails of one type at one location (e.g. a task type); empty for the location itself. */
  trailKey: z.string().max(128).default(''),
  data: z.record(z.string(), z.unknown()).default({}),
});
export type PheromoneDeposit = z.infer<typeof PheromoneDeposit>;

/** The event that travels on Event Hubs. `id` makes folding idempotent under at-least-once delivery. */
export const PheromoneSignal = PheromoneDeposit.extend({
  id: z.string().min(1).max(128),
  tenantId: TenantId,
  emitter: z.string().min(1).max(128),
  depositedAt: IsoDateTime,
});
export type PheromoneSignal = z.infer<typeof PheromoneSignal>;

/** One document per trail (tenant + type + location + trail key) in the `pheromones` container. */
export const PheromoneTrail = z.object({
  id: z.string(),
  tenantId: TenantId,
  type: PheromoneType,
  location: DottedName,
  trailKey: z.string(),
  /** Strength at `depositedAt`; the current strength evaporates linearly to 0 at `expiresAt`. */
  strength: Strength,
  depositedAt: IsoDateTime,
  expiresAt: IsoDateTime,
  lastEmitter: z.string(),
  deposits: z.number().int().min(1),
  data: z.record(z.string(), z.unknown()),
  /** The most recent signal ids folded into this trail: a redelivered signal is recognised and ignored. */
  recentSignalIds: z.array(z.string()),
  /** Cosmos TTL in seconds: housekeeping only; every read filters on `expiresAt` too. */
  ttl: z.number().int().positive(),
});
export type PheromoneTrail = z.infer<typeof PheromoneTrail>;

/** A trail as a reader sees it: with its strength now. */
export const SensedTrail = PheromoneTrail.omit({ recentSignalIds: true, ttl: true }).extend({
  currentStrength: Strength,
});
export type SensedTrail = z.infer<typeof SensedTrail>;

export const TrailQuery = z.object({
  type: PheromoneType.optional(),
  location: DottedName.optional(),
  minStrength: z.coerce.number().min(0).max(1).default(0),
});
export type TrailQuery = z.infer<typeof TrailQuery>;
