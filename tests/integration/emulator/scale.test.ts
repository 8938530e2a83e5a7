import type { Message } from 'rhea';
import { ServiceBusQueue } from '../../../local/emulator/queue';

/**
 * The queue's hot paths must not scan the backlog: receiving (take, lock, complete) from a queue of
 * 100,000 messages costs about what it costs from 1,000. Measured on the queue itself, without AMQP
 * in between, so the comparison is about the data structures and not the network.
 */
const config = {
  name: 'scale',
  requiresSession: false,
  maxDeliveryCount: 3,
  lockDurationMs: 60_000,
  defaultMessageTimeToLiveMs: 3600_000,
  deadLetteringOnMessageExpiration: true,
  requiresDuplicateDetection: true,
  duplicateDetectionWindowMs: 600_000,
};

function filled(count: number): ServiceBusQueue {
  const queue = new ServiceBusQueue(config);
  const now = Date.now();
  for (let i = 0; i < count; i++) queue.accept({ body: `m-${i}`, message_id: `id-${i}` } as Message, now);
  return queue;
}

/** Milliseconds to receive and complete `count` messages. */
function receiveAndComplete(queue: ServiceBusQueue, count: number): number {
  const started = process.hrtime.bigint();
  const now = Date.now();
  for (let i = 0; i < count; i++) {
    const msg = queue.take(undefined, now)!;
    const { lockToken } = queue.deliver(msg, true, now);
    queue.settle(lockToken!, 'completed', {}, now);
  }
  return Number(process.hrtime.bigint() - started) / 1e6;
}

it('receives from 100,000 queued messages about as fast as from 1,000', () => {
  receiveAndComplete(filled(2_000), 2_000); // warm-up
  const small = receiveAndComplete(filled(2_000), 2_000);
  const large = filled(100_000);
  const fromLarge = receiveAndComplete(large, 2_000);
  expect(fromLarge).toBeLessThan(small * 5 + 20);
  expect(large.messageCount).toBe(98_000);
});

it('peeks from a sequence number deep in a large queue without walking the backlog', () => {
  const queue = filled(100_000);
  const started = process.hrtime.bigint();
  for (let i = 0; i < 1_000; i++) queue.peek(90_000 + i, 10, undefined);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  expect(queue.peek(99_995, 10, undefined)).toHaveLength(6);
  expect(ms).toBeLessThan(1_000);
});
