import { EventHubConsumerClient, earliestEventPosition, type ReceivedEventData } from '@azure/event-hubs';
import { BlobCheckpointStore } from '@azure/eventhubs-checkpointstore-blob';
import type { ContainerClient } from '@azure/storage-blob';
import type { EventHubFunction } from '../../functions/triggers/pheromoneSensor';
import type { HostLog } from './log';
import { TriggerGroup } from './triggerGroup';

/** Like the Functions host's retry policy for Event Hubs: a failing batch is retried, then skipped loudly. */
const BATCH_ATTEMPTS = 3;

/**
 * The Event Hubs half of the local host: a consumer per function with checkpoints in blob storage
 * (Azurite), batches of up to 100 events (host.json `maxEventBatchSize`), and the binding's metadata.
 * A checkpoint is written only after the function succeeded, so a crash replays the batch — which
 * the sensor folds idempotently.
 */
export class EventHubTriggers extends TriggerGroup {
  constructor(
    private readonly connectionString: string,
    private readonly checkpoints: ContainerClient,
    log: HostLog,
  ) {
    super(log);
  }

  start(fn: EventHubFunction): void {
    const consumer = new EventHubConsumerClient(
      fn.consumerGroup,
      this.connectionString,
      fn.eventHubName,
      new BlobCheckpointStore(this.checkpoints),
      // One local host owns every partition: claim them all at once instead of one per 10 s cycle.
      { loadBalancingOptions: { strategy: 'greedy', updateIntervalInMs: 2000 } },
    );
    const subscription = consumer.subscribe(
      {
        processEvents: async (events, partition) => {
          if (events.length === 0 || this.stopped) return;
          await this.inFlight.track(this.invoke(fn, events, partition.partitionId));
          if (!this.stopped) await partition.updateCheckpoint(events[events.length - 1]!);
        },
        processError: async (error) => this.log.error(`[${fn.name}] ${error.message}`),
      },
      { maxBatchSize: 100, maxWaitTimeInSeconds: 0.2, startPosition: earliestEventPosition },
    );
    this.closers.push(async () => {
      await subscription.close();
      await consumer.close();
    });
  }

  private async invoke(
    fn: EventHubFunction,
    events: ReceivedEventData[],
    partitionId: string,
  ): Promise<void> {
    const context = this.context(fn.name, {
      partitionContext: { partitionId, eventHubName: fn.eventHubName, consumerGroup: fn.consumerGroup },
      propertiesArray: events.map((e) => e.properties ?? {}),
      sequenceNumberArray: events.map((e) => e.sequenceNumber),
      enqueuedTimeUtcArray: events.map((e) => e.enqueuedTimeUtc.toISOString()),
    });
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn.handler(
          events.map((e) => e.body),
          context,
        );
      } catch (error) {
        if (attempt >= BATCH_ATTEMPTS || this.stopped) {
          this.log.error(
            `[${fn.name}] gave up on ${events.length} event(s) of partition ${partitionId} ` +
              `(sequence ${events[0]!.sequenceNumber}-${events[events.length - 1]!.sequenceNumber}): ${(error as Error).message}`,
          );
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
      }
    }
  }
}
