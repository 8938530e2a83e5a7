import type { PheromoneDeposit, PheromoneSignal } from '../../schemas/pheromone';
import { TelemetryEvents } from '../../telemetry/names';
import type { Swarm } from '../swarm';

/** Turns a deposit into a signal with its own id, so folding it twice (at-least-once delivery) is harmless. */
export function signalFrom(
  swarm: Swarm,
  tenantId: string,
  deposit: PheromoneDeposit,
  emitter: string,
): PheromoneSignal {
  return { ...deposit, id: swarm.newId(), tenantId, emitter, depositedAt: swarm.clock.now().toISOString() };
}

/**
 * Publishes to the pheromone bus. `bestEffort` is for advisory signals emitted beside durable work (the
 * task itself is safe in Cosmos and on Service Bus): a failure is recorded in telemetry, not thrown.
 */
export async function publishSignals(
  swarm: Swarm,
  signals: PheromoneSignal[],
  traceparent: string | undefined,
  options: { bestEffort?: boolean } = {},
): Promise<void> {
  if (signals.length === 0) return;
  try {
    await swarm.bus.publish(signals, traceparent);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    for (const signal of signals) {
      swarm.telemetry.event({
        name: TelemetryEvents.PheromoneDepositFailed,
        properties: {
          tenantId: signal.tenantId,
          type: signal.type,
          location: signal.location,
          error: message,
        },
        traceparent,
      });
    }
    if (!options.bestEffort) throw error;
    return;
  }
  for (const signal of signals) {
    swarm.telemetry.event({
      name: TelemetryEvents.PheromoneDeposited,
      properties: {
        tenantId: signal.tenantId,
        type: signal.type,
        location: signal.location,
        emitter: signal.emitter,
      },
      measurements: { strength: signal.strength },
      traceparent,
    });
  }
}

export async function depositPheromone(
  swarm: Swarm,
  tenantId: string,
  deposit: PheromoneDeposit,
  emitter: string,
  traceparent?: string,
): Promise<PheromoneSignal> {
  const signal = signalFrom(swarm, tenantId, deposit, emitter);
  await publishSignals(swarm, [signal], traceparent);
  return signal;
}
