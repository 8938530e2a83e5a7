import type { Container, SqlParameter } from '@azure/cosmos';
import type { PheromoneField, Versioned } from '../../../ports';
import { PheromoneTrail, type TrailQuery } from '../../../schemas/pheromone';
import { canonicalTime, DocumentCollection } from './documents';

/**
 * A tenant's live field is normally tens to hundreds of trails (one per type, location and key, each
 * expiring within a day). The cap keeps one sensing read bounded in RU and memory if a runaway emitter
 * floods a tenant; the strongest deposits are the ones kept.
 */
export const MAX_LIVE_TRAILS = 5000;

/**
 * `finance.reconciliation` matches that location only; `finance.*` matches every location below `finance`
 * at any depth but not `finance` itself (the same rule as the domain's detection).
 */
function locationClause(pattern: string): { where: string; parameter: SqlParameter } {
  if (pattern.endsWith('.*')) {
    return {
      where: 'STARTSWITH(c.location, @locationPrefix)',
      parameter: { name: '@locationPrefix', value: pattern.slice(0, -1) },
    };
  }
  return { where: 'c.location = @location', parameter: { name: '@location', value: pattern } };
}

export class CosmosPheromoneField implements PheromoneField {
  private readonly documents: DocumentCollection<PheromoneTrail>;

  /** `container`: the `pheromones` container (TTL on, `defaultTtl: -1`: each trail carries its `ttl`). */
  constructor(container: Container) {
    this.documents = new DocumentCollection(container, PheromoneTrail, (trail) => ({
      ...trail,
      depositedAt: canonicalTime(trail.depositedAt),
      expiresAt: canonicalTime(trail.expiresAt),
    }));
  }

  get(tenantId: string, trailId: string): Promise<Versioned<PheromoneTrail> | undefined> {
    return this.documents.get(tenantId, trailId);
  }

  create(trail: PheromoneTrail): Promise<Versioned<PheromoneTrail>> {
    return this.documents.create(trail);
  }

  replace(trail: PheromoneTrail, etag: string): Promise<Versioned<PheromoneTrail>> {
    return this.documents.replace(trail, etag);
  }

  /**
   * Filters on `expiresAt` itself: Cosmos TTL deletes dead trails lazily (and the local server never),
   * so correctness never waits on it. Both sides are canonical UTC ISO strings, so `>` is time order.
   */
  async live(tenantId: string, query: Omit<TrailQuery, 'minStrength'>, now: Date): Promise<PheromoneTrail[]> {
    const where = ['c.expiresAt > @now'];
    const parameters: SqlParameter[] = [{ name: '@now', value: now.toISOString() }];
    if (query.type !== undefined) {
      where.push('c.type = @type');
      parameters.push({ name: '@type', value: query.type });
    }
    if (query.location !== undefined) {
      const location = locationClause(query.location);
      where.push(location.where);
      parameters.push(location.parameter);
    }
    const rows = await this.documents.query(tenantId, {
      top: MAX_LIVE_TRAILS,
      where,
      orderBy: 'c.strength DESC',
      parameters,
    });
    return rows.map((row) => row.doc);
  }
}
