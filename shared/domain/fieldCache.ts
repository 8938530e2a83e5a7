import type { PheromoneTrail, PheromoneType, SensedTrail } from '../schemas/pheromone';
import {
  type Candidate,
  type DetectionQuery,
  isSensed,
  locationPrefix,
  matchesLocation,
  rank,
} from './detection';
import { evaporate } from './evaporation';

interface Entry {
  trail: PheromoneTrail;
  depositedMs: number;
  expiresMs: number;
}

type Bucket = Map<string, Entry>;

interface TenantField {
  all: Bucket;
  byLocation: Map<string, Bucket>;
  byType: Map<PheromoneType, Bucket>;
}

/**
 * The live pheromone field held in memory, so detection costs microseconds rather than a Cosmos query
 * (seed 002 §14.4 local cache; target < 10 ms, ours < 1 ms at p99 over 100,000 trails). Trails are indexed
 * by tenant + location and tenant + type so a query reads only its own corner of the field; `detect` gives
 * exactly the answers of the free `detect` function. Ids are global (`trailId` hashes the tenant in).
 * Last write wins: feed it trails in the order they were folded.
 */
export class FieldCache {
  private readonly byId = new Map<string, Entry>();
  private readonly tenants = new Map<string, TenantField>();

  get size(): number {
    return this.byId.size;
  }

  upsert(trail: PheromoneTrail): void {
    this.remove(trail.id);
    const entry: Entry = {
      trail,
      depositedMs: Date.parse(trail.depositedAt),
      expiresMs: Date.parse(trail.expiresAt),
    };
    this.byId.set(trail.id, entry);
    const field = this.fieldOf(trail.tenantId);
    field.all.set(trail.id, entry);
    bucketIn(field.byLocation, trail.location).set(trail.id, entry);
    bucketIn(field.byType, trail.type).set(trail.id, entry);
  }

  remove(id: string): boolean {
    const entry = this.byId.get(id);
    if (!entry) return false;
    this.byId.delete(id);
    const { tenantId, location, type } = entry.trail;
    const field = this.tenants.get(tenantId);
    if (!field) return true;
    field.all.delete(id);
    dropFrom(field.byLocation, location, id);
    dropFrom(field.byType, type, id);
    if (field.all.size === 0) this.tenants.delete(tenantId);
    return true;
  }

  detect(tenantId: string, query: DetectionQuery, now: Date): SensedTrail[] {
    const field = this.tenants.get(tenantId);
    if (!field) return [];
    const nowMs = now.getTime();
    const candidates: Candidate[] = [];
    for (const bucket of bucketsFor(field, query)) {
      for (const { trail, depositedMs, expiresMs } of bucket.values()) {
        if (query.type !== undefined && trail.type !== query.type) continue;
        if (query.location !== undefined && !matchesLocation(query.location, trail.location)) continue;
        const strength = evaporate(trail.strength, depositedMs, expiresMs, nowMs);
        if (isSensed(strength, query.minStrength)) candidates.push({ trail, strength, depositedMs });
      }
    }
    return rank(candidates);
  }

  /** Drops trails that have evaporated; detection ignores them anyway, this only bounds memory. */
  evictExpired(now: Date): number {
    const nowMs = now.getTime();
    let evicted = 0;
    for (const [id, entry] of this.byId) {
      if (entry.expiresMs <= nowMs) {
        this.remove(id);
        evicted++;
      }
    }
    return evicted;
  }

  private fieldOf(tenantId: string): TenantField {
    let field = this.tenants.get(tenantId);
    if (!field) {
      field = { all: new Map(), byLocation: new Map(), byType: new Map() };
      this.tenants.set(tenantId, field);
    }
    return field;
  }
}

/** The smallest set of buckets that holds every trail the query can match. */
function bucketsFor(field: TenantField, query: DetectionQuery): Bucket[] {
  const ofType = query.type === undefined ? undefined : (field.byType.get(query.type) ?? new Map());
  if (query.location === undefined) return [ofType ?? field.all];
  const prefix = locationPrefix(query.location);
  const atLocation =
    prefix === undefined
      ? [field.byLocation.get(query.location) ?? new Map()]
      : [...field.byLocation].filter(([location]) => location.startsWith(prefix)).map(([, bucket]) => bucket);
  const atLocationSize = atLocation.reduce((sum, bucket) => sum + bucket.size, 0);
  return ofType !== undefined && ofType.size < atLocationSize ? [ofType] : atLocation;
}

function bucketIn<K>(buckets: Map<K, Bucket>, key: K): Bucket {
  let bucket = buckets.get(key);
  if (!bucket) {
    bucket = new Map();
    buckets.set(key, bucket);
  }
  return bucket;
}

function dropFrom<K>(buckets: Map<K, Bucket>, key: K, id: string): void {
  const bucket = buckets.get(key);
  if (!bucket) return;
  bucket.delete(id);
  if (bucket.size === 0) buckets.delete(key);
}
