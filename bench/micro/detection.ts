import { detect, type DetectionQuery } from '../../shared/domain/detection';
import { FieldCache } from '../../shared/domain/fieldCache';
import { seededRandom } from '../../shared/domain/random';
import type { PheromoneTrail } from '../../shared/schemas/pheromone';
import { BENCH_NOW, liveTrail, locations, PHEROMONE_TYPES, TENANT } from '../support/builders';
import { round } from '../support/stats';
import { measure, ratio } from './harness';

const TRAILS = 100_000;

/**
 * Pheromone detection over 100,000 live trails (one tenant, 1,950 locations, 7 types): FieldCache.detect
 * (indexed by location and type) against the naive linear `detect` over the same array, in the same run.
 * Two query shapes: an exact location with a type (what an agent senses for its work), and a department
 * wildcard (`finance.*`, every location below finance).
 */
export function benchDetection(quick: boolean) {
  const random = seededRandom(23);
  const places = locations(30);
  const trails: PheromoneTrail[] = [];
  for (let i = 0; i < TRAILS; i++) {
    const location = places[i % places.length]!;
    const type = PHEROMONE_TYPES[Math.floor(i / places.length) % PHEROMONE_TYPES.length]!;
    const key = `key-${Math.floor(i / (places.length * PHEROMONE_TYPES.length))}`;
    trails.push(liveTrail(random, location, type, key));
  }
  const cache = new FieldCache();
  const built = process.hrtime.bigint();
  for (const trail of trails) cache.upsert(trail);
  const buildMs = Number(process.hrtime.bigint() - built) / 1e6;
  if (cache.size !== TRAILS)
    throw new Error(`expected ${TRAILS} distinct trails, the cache holds ${cache.size}`);

  const exact: DetectionQuery[] = Array.from({ length: 512 }, () => ({
    type: PHEROMONE_TYPES[Math.floor(random() * PHEROMONE_TYPES.length)]!,
    location: places[Math.floor(random() * places.length)]!,
    minStrength: 0.2,
  }));
  const departments = [...new Set(places.map((p) => p.split('.')[0]!))];
  const wildcard: DetectionQuery[] = departments.map((d) => ({
    type: 'task',
    location: `${d}.*`,
    minStrength: 0.2,
  }));

  // The cache must answer exactly what the linear scan answers.
  for (const query of [...exact.slice(0, 32), ...wildcard]) {
    const a = cache.detect(TENANT, query, BENCH_NOW).map((t) => t.id);
    const b = detect(trails, query, BENCH_NOW).map((t) => t.id);
    if (a.join() !== b.join()) throw new Error(`FieldCache and detect disagree on ${JSON.stringify(query)}`);
  }

  const fast = { iterations: quick ? 5_000 : 20_000, warmup: quick ? 1_000 : 5_000 };
  const slow = { iterations: quick ? 60 : 300, warmup: quick ? 10 : 30 };
  const cacheExact = measure(
    'FieldCache.detect, exact location + type',
    (i) => cache.detect(TENANT, exact[i % exact.length]!, BENCH_NOW),
    fast,
  );
  const naiveExact = measure(
    'detect (linear scan), exact location + type',
    (i) => detect(trails, exact[i % exact.length]!, BENCH_NOW),
    slow,
  );
  const cacheWildcard = measure(
    'FieldCache.detect, department wildcard',
    (i) => cache.detect(TENANT, wildcard[i % wildcard.length]!, BENCH_NOW),
    fast,
  );
  const naiveWildcard = measure(
    'detect (linear scan), department wildcard',
    (i) => detect(trails, wildcard[i % wildcard.length]!, BENCH_NOW),
    slow,
  );
  const matches = (queries: DetectionQuery[]) =>
    round(queries.reduce((s, q) => s + cache.detect(TENANT, q, BENCH_NOW).length, 0) / queries.length, 1);
  return {
    trails: TRAILS,
    locations: places.length,
    cacheBuildMs: round(buildMs, 1),
    exact: {
      cache: cacheExact,
      naive: naiveExact,
      speedupVsNaive: ratio(naiveExact, cacheExact),
      meanMatches: matches(exact),
    },
    wildcard: {
      cache: cacheWildcard,
      naive: naiveWildcard,
      speedupVsNaive: ratio(naiveWildcard, cacheWildcard),
      meanMatches: matches(wildcard),
    },
  };
}
