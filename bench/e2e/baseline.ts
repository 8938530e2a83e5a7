import { ServiceBusClient, type ServiceBusReceivedMessage } from '@azure/service-bus';
import { round, summarize } from '../support/stats';
import { roundSummary, type LoopResult } from './closedLoop';

/** A queue the local host does not listen on: the baseline owns both ends of it. */
export const BASELINE_QUEUE = 'bench-baseline';

/**
 * Plain competing consumers through the same emulator: closed-loop clients send a message and wait until a
 * consumer has received and completed it (peek-lock, the SDK's subscribe with `maxConcurrentCalls`
 * consumers, like the worker's). No Cosmos, no marketplace: what the broker round trip alone costs.
 */
export async function brokerBaseline(
  connectionString: string,
  options: { clients: number; durationMs: number; consumers: number },
): Promise<LoopResult> {
  const client = new ServiceBusClient(connectionString);
  const sender = client.createSender(BASELINE_QUEUE);
  const receiver = client.createReceiver(BASELINE_QUEUE, { receiveMode: 'peekLock' });
  const waiting = new Map<string, () => void>();
  const subscription = receiver.subscribe(
    {
      async processMessage(message: ServiceBusReceivedMessage) {
        await receiver.completeMessage(message);
        waiting.get(String(message.messageId))?.();
      },
      async processError() {
        // Transient link errors are retried by the SDK; the loop's timings show any that matter.
      },
    },
    { autoCompleteMessages: false, maxConcurrentCalls: options.consumers },
  );
  const latencies: number[] = [];
  let sequence = 0;
  const started = Date.now();
  const until = started + options.durationMs;
  try {
    await Promise.all(
      Array.from({ length: options.clients }, async (_, c) => {
        while (Date.now() < until) {
          const id = `baseline-${c}-${sequence++}`;
          const done = new Promise<void>((resolve) => waiting.set(id, resolve));
          const sentAt = process.hrtime.bigint();
          await sender.sendMessages({
            messageId: id,
            body: { taskId: id, tenantId: 'default', priority: 5 },
          });
          await done;
          latencies.push(Number(process.hrtime.bigint() - sentAt) / 1e6);
          waiting.delete(id);
        }
      }),
    );
  } finally {
    await subscription.close();
    await receiver.close();
    await sender.close();
    await client.close();
  }
  const elapsed = Date.now() - started;
  const latency = roundSummary(summarize(latencies));
  return {
    clients: options.clients,
    durationMs: elapsed,
    completed: latencies.length,
    failed: 0,
    tasksPerSec: round((latencies.length / elapsed) * 1000, 1),
    latencyMs: latency,
    observedLatencyMs: latency,
    pollIntervalMs: 0,
  };
}
