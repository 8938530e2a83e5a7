import { seededRandom } from '../../shared/domain/random';
import { foldSignal, trailId } from '../../shared/domain/trail';
import type { PheromoneSignal, PheromoneTrail } from '../../shared/schemas/pheromone';
import { BENCH_NOW, liveTrail, locations, PHEROMONE_TYPES, signal, TENANT } from '../support/builders';
import { measure, ratio } from './harness';

const BATCH = 100;

/**
 * Folding a batch of 100 signals into the field, as the sensor does per Event Hubs batch minus the Cosmos
 * round trips: trail id (sha256), lookup, foldSignal (dedup by signal id, evaporation, reinforcement capped
 * at 1, bounded id memory). The mix: 85 % reinforce a live trail, 10 % open a new trail, 5 % are
 * redeliveries of a signal already folded. Baseline in the same run: a bare additive fold (string key,
 * strength + s capped at 1) with no hashing, evaporation or dedup.
 */
export function benchFold(quick: boolean) {
  const random = seededRandom(37);
  const places = locations(10);
  const field = new Map<string, PheromoneTrail>();
  const existing: { location: string; type: PheromoneSignal['type']; key: string }[] = [];
  for (let i = 0; i < 10_000; i++) {
    const location = places[i % places.length]!;
    const type = PHEROMONE_TYPES[Math.floor(i / places.length) % PHEROMONE_TYPES.length]!;
    const key = `key-${Math.floor(i / (places.length * PHEROMONE_TYPES.length))}`;
    const trail = liveTrail(random, location, type, key);
    field.set(trail.id, trail);
    existing.push({ location, type, key });
  }
  const iterations = quick ? 400 : 2_000;
  const warmup = quick ? 100 : 400;
  let fresh = 0;
  const batches: PheromoneSignal[][] = [];
  let previous: PheromoneSignal[] = [];
  for (let b = 0; b < iterations + warmup; b++) {
    const batch: PheromoneSignal[] = [];
    for (let i = 0; i < BATCH; i++) {
      const u = random();
      if (u < 0.05 && previous.length > 0) {
        batch.push(previous[Math.floor(random() * previous.length)]!);
      } else if (u < 0.15) {
        batch.push(
          signal(`s-${b}-${i}`, places[Math.floor(random() * places.length)]!, 'task', `new-${fresh++}`, 0.5),
        );
      } else {
        const t = existing[Math.floor(random() * existing.length)]!;
        batch.push(signal(`s-${b}-${i}`, t.location, t.type, t.key, 0.3));
      }
    }
    batches.push(batch);
    previous = batch;
  }
  let duplicates = 0;
  const subject = measure(
    'fold a batch of 100 signals (trailId + foldSignal)',
    (i) => {
      for (const s of batches[i]!) {
        const id = trailId(s.tenantId, s.type, s.location, s.trailKey);
        const fold = foldSignal(field.get(id), s, BENCH_NOW);
        if (fold.changed) field.set(id, fold.trail);
        else duplicates++;
      }
      return field.size;
    },
    { iterations, warmup },
  );
  const naiveField = new Map<string, { strength: number }>();
  const baseline = measure(
    'naive additive fold of the same batches',
    (i) => {
      for (const s of batches[i]!) {
        const key = `${TENANT}|${s.type}|${s.location}|${s.trailKey}`;
        const t = naiveField.get(key);
        naiveField.set(key, { strength: Math.min(1, (t?.strength ?? 0) + s.strength) });
      }
      return naiveField.size;
    },
    { iterations, warmup },
  );
  const perSignalUs = Math.round((subject.p50Us / BATCH) * 100) / 100;
  return {
    batch: BATCH,
    trailsAtStart: 10_000,
    trailsAtEnd: field.size,
    redeliveriesRecognised: duplicates,
    subject,
    baseline,
    perSignalP50Us: perSignalUs,
    slowdownVsBaseline: ratio(subject, baseline),
  };
}
