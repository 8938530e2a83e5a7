import type { InvocationContext } from '@azure/functions';
import { entities, pheromoneHub } from '../../shared/entities';
import { foldSignals } from '../../shared/services/sensor/foldSignals';
import { reactToSignals } from '../../shared/services/sensor/react';
import type { Swarm } from '../../shared/services/swarm';
import { SwarmView } from '../../shared/services/swarmView';

export interface EventHubFunction {
  kind: 'eventHub';
  name: string;
  eventHubName: string;
  consumerGroup: string;
  connection: string;
  cardinality: 'many';
  handler(events: unknown[], context: InvocationContext): Promise<void>;
}

/** The first W3C trace context among the batch's event properties, so reactions join the signal's trace. */
function traceparentOf(context: InvocationContext): string | undefined {
  const properties = (context.triggerMetadata?.propertiesArray ?? []) as Record<string, unknown>[];
  const found = properties.map((p) => p?.traceparent).find((t): t is string => typeof t === 'string');
  return found;
}

/**
 * The pheromone sensor: many events per call, folded into the field idempotently, then the swarm's
 * reactions. A throw makes the host retry the batch from the last checkpoint; folding again is harmless.
 */
export function pheromoneSensorFunction(swarm: () => Promise<Swarm>): EventHubFunction {
  let view: SwarmView | undefined;
  return {
    kind: 'eventHub',
    name: 'pheromoneSensor',
    eventHubName: pheromoneHub.name,
    consumerGroup: pheromoneHub.sensorConsumerGroup,
    connection: entities.eventHubs.connectionSetting,
    cardinality: 'many',
    async handler(events, context) {
      const current = await swarm();
      view ??= new SwarmView(current);
      const report = await foldSignals(current, events);
      await reactToSignals(current, report.folded, traceparentOf(context), view);
      if (report.rejected > 0) context.warn(`rejected ${report.rejected} invalid pheromone event(s)`);
    },
  };
}
