import type { PheromoneTrail, PheromoneType, SensedTrail } from '../schemas/pheromone';
import { evaporate } from './evaporation';

export interface DetectionQuery {
  type?: PheromoneType;
  /**
   * `finance.reconciliation` matches that location only; `finance.*` matches every location below
   * `finance` at any depth (`finance.reconciliation`, `finance.ap.invoices`) but not `finance` itself.
   * A bare `finance` is exact: agents in a department should not be drowned by every sub-location's work
   * unless they ask for it.
   */
  location?: string;
  minStrength: number;
}

const WILDCARD = '.*';

/** The prefix (with its trailing dot) of a wildcard query, or undefined for an exact location. */
export function locationPrefix(location: string): string | undefined {
  return location.endsWith(WILDCARD) ? location.slice(0, -1) : undefined;
}

export function matchesLocation(query: string, location: string): boolean {
  const prefix = locationPrefix(query);
  return prefix === undefined ? location === query : location.startsWith(prefix);
}

/** A trail that passed the filters, with the numbers ranking needs parsed once. */
export interface Candidate {
  trail: PheromoneTrail;
  strength: number;
  depositedMs: number;
}

/** Strongest first; among equals the most recently deposited; then by id so the order is total. */
function strongestFirst(a: Candidate, b: Candidate): number {
  return (
    b.strength - a.strength ||
    b.depositedMs - a.depositedMs ||
    (a.trail.id < b.trail.id ? -1 : a.trail.id > b.trail.id ? 1 : 0)
  );
}

/** Ranks candidates and shows them as readers see trails: with their strength now, without bookkeeping. */
export function rank(candidates: Candidate[]): SensedTrail[] {
  return candidates.sort(strongestFirst).map(({ trail, strength }) => {
    const { recentSignalIds: _ids, ttl: _ttl, ...rest } = trail;
    return { ...rest, currentStrength: strength };
  });
}

/** A trail that has evaporated to 0 is never sensed, even with `minStrength` 0. */
export function isSensed(strength: number, minStrength: number): boolean {
  return strength > 0 && strength >= minStrength;
}

/** Seed 002 §14.5 detection: live trails of a type at a location, at least `minStrength` strong now. */
export function detect(trails: Iterable<PheromoneTrail>, query: DetectionQuery, now: Date): SensedTrail[] {
  const nowMs = now.getTime();
  const candidates: Candidate[] = [];
  for (const trail of trails) {
    if (query.type !== undefined && trail.type !== query.type) continue;
    if (query.location !== undefined && !matchesLocation(query.location, trail.location)) continue;
    const depositedMs = Date.parse(trail.depositedAt);
    const strength = evaporate(trail.strength, depositedMs, Date.parse(trail.expiresAt), nowMs);
    if (isSensed(strength, query.minStrength)) candidates.push({ trail, strength, depositedMs });
  }
  return rank(candidates);
}
