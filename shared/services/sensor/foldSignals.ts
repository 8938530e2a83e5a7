import { foldSignal, trailId } from '../../domain/trail';
import { AlreadyExists } from '../../ports';
import { PheromoneSignal, type PheromoneTrail } from '../../schemas/pheromone';
import { TelemetryEvents, TelemetryMetrics } from '../../telemetry/names';
import { currentStrength } from '../../domain/evaporation';
import { compareAndSet } from '../compareAndSet';
import type { Swarm } from '../swarm';

export interface FoldReport {
  folded: { signal: PheromoneSignal; trail: PheromoneTrail }[];
  duplicates: number;
  rejected: number;
}

/**
 * Folds a batch of pheromone events into the field (seed §14: reinforcement, capped at 1.0). Each trail
 * is one document, written with compare-and-set; a signal already folded (its id is in the trail's recent
 * ids) changes nothing, so Event Hubs' at-least-once redelivery is harmless. An event that is not a valid
 * signal is recorded in telemetry and skipped: a poison event must not stall its partition.
 */
export async function foldSignals(swarm: Swarm, events: unknown[]): Promise<FoldReport> {
  const report: FoldReport = { folded: [], duplicates: 0, rejected: 0 };
  for (const event of events) {
    const parsed = PheromoneSignal.safeParse(event);
    if (!parsed.success) {
      report.rejected++;
      swarm.telemetry.event({
        name: TelemetryEvents.PheromoneRejected,
        properties: {
          reason: parsed.error.issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`).join('; '),
        },
      });
      continue;
    }
    const signal = parsed.data;
    const trail = await foldOne(swarm, signal);
    if (!trail) {
      report.duplicates++;
      continue;
    }
    report.folded.push({ signal, trail });
    swarm.telemetry.metric(TelemetryMetrics.PheromoneStrength, currentStrength(trail, swarm.clock.now()), {
      tenantId: signal.tenantId,
      type: signal.type,
      location: signal.location,
    });
  }
  return report;
}

async function foldOne(swarm: Swarm, signal: PheromoneSignal): Promise<PheromoneTrail | undefined> {
  const id = trailId(signal.tenantId, signal.type, signal.location, signal.trailKey);
  for (;;) {
    const existing = await swarm.field.get(signal.tenantId, id);
    if (!existing) {
      const fold = foldSignal(undefined, signal, swarm.clock.now());
      // A signal replayed after it would have evaporated leaves nothing to write.
      if (!fold.changed) return undefined;
      try {
        return (await swarm.field.create(fold.trail)).doc;
      } catch (error) {
        if (error instanceof AlreadyExists) continue; // another sensor created it first: fold into theirs
        throw error;
      }
    }
    return compareAndSet<PheromoneTrail, PheromoneTrail | undefined>(
      () => swarm.field.get(signal.tenantId, id),
      (current) => {
        const fold = foldSignal(current, signal, swarm.clock.now());
        return fold.changed ? { next: fold.trail, result: fold.trail } : { result: undefined };
      },
      (next, etag) => swarm.field.replace(next, etag),
      () => undefined,
    );
  }
}
