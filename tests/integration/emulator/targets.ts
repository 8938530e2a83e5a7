import type { ServiceBusClient } from '@azure/service-bus';
import Long from 'long';
import { pheromoneHub } from '../../../shared/entities';
import { startEmulator } from '../../../local/emulator';
import type { EmulatorQueue, RunningEmulator } from '../../../local/emulator';

/**
 * The messaging suites run against the in-process ANTS emulator always, and against an external target
 * (a real namespace, or the official emulators) when its connection string is in the environment. An
 * external target must have the same entities: the declared ones (shared/entities.json) plus the two test
 * queues below, with the lock duration given in ANTS_TEST_LOCK_DURATION_MS (default 5000, Azure's minimum).
 */

export interface ServiceBusTarget {
  connectionString: string;
  /** peek-lock queue: max delivery count 3, dead-letter on expiry, duplicate detection. */
  queue: string;
  /** The same with sessions required. */
  sessionQueue: string;
  lockDurationMs: number;
  maxDeliveryCount: number;
}

export interface EventHubsTarget {
  connectionString: string;
  hub: string;
  partitionIds: string[];
  consumerGroups: string[];
}

const testQueue = (name: string, requiresSession: boolean, lockDurationMs: number): EmulatorQueue => ({
  name,
  requiresSession,
  maxDeliveryCount: 3,
  lockDurationMs,
  defaultMessageTimeToLiveMs: 3600_000,
  deadLetteringOnMessageExpiration: true,
  requiresDuplicateDetection: true,
  duplicateDetectionWindowMs: 600_000,
});

/** Seconds, not minutes, so lock expiry is testable; the emulator accepts less than Azure's 5 s minimum. */
const EMULATOR_LOCK_MS = 2_000;
const QUEUE = 'ants-test-queue';
const SESSION_QUEUE = 'ants-test-sessions';

/**
 * Runs the body with an emulator started before it and closed after it: the emulator's afterAll is
 * declared last so the body's clients close first (jest runs afterAll hooks in declaration order).
 */
function withEmulator(body: (emulator: () => RunningEmulator) => void): void {
  let emulator: RunningEmulator | undefined;
  beforeAll(async () => {
    emulator = await startEmulator({
      port: 0,
      entities: {
        queues: [testQueue(QUEUE, false, EMULATOR_LOCK_MS), testQueue(SESSION_QUEUE, true, EMULATOR_LOCK_MS)],
      },
    });
  });
  body(() => {
    if (!emulator) throw new Error('The emulator did not start');
    return emulator;
  });
  afterAll(async () => {
    await emulator?.close();
  });
}

function externalSuite(title: string, variable: string, body: () => void): void {
  if (process.env[variable]) describe(`${title} against an external namespace`, body);
  else describe.skip(`${title} against an external namespace (skipped: set ${variable})`, body);
}

export function describeServiceBus(title: string, body: (target: () => ServiceBusTarget) => void): void {
  describe(`${title} against the ANTS emulator`, () =>
    withEmulator((emulator) =>
      body(() => ({
        connectionString: emulator().connectionString,
        queue: QUEUE,
        sessionQueue: SESSION_QUEUE,
        lockDurationMs: EMULATOR_LOCK_MS,
        maxDeliveryCount: 3,
      })),
    ));
  externalSuite(title, 'ANTS_TEST_SERVICEBUS_CONNECTION_STRING', () =>
    body(() => ({
      connectionString: process.env.ANTS_TEST_SERVICEBUS_CONNECTION_STRING!,
      queue: QUEUE,
      sessionQueue: SESSION_QUEUE,
      lockDurationMs: Number(process.env.ANTS_TEST_LOCK_DURATION_MS ?? 5000),
      maxDeliveryCount: 3,
    })),
  );
}

export function describeEventHubs(title: string, body: (target: () => EventHubsTarget) => void): void {
  const hub = {
    hub: pheromoneHub.name,
    consumerGroups: pheromoneHub.consumerGroups,
  };
  describe(`${title} against the ANTS emulator`, () =>
    withEmulator((emulator) =>
      body(() => ({
        ...hub,
        connectionString: emulator().connectionString,
        partitionIds: Array.from({ length: pheromoneHub.localPartitionCount }, (_, i) => String(i)),
      })),
    ));
  externalSuite(title, 'ANTS_TEST_EVENTHUBS_CONNECTION_STRING', () =>
    body(() => ({
      ...hub,
      connectionString: process.env.ANTS_TEST_EVENTHUBS_CONNECTION_STRING!,
      partitionIds: Array.from(
        { length: Number(process.env.ANTS_TEST_PARTITION_COUNT ?? pheromoneHub.partitionCount) },
        (_, i) => String(i),
      ),
    })),
  );
}

/** Empties a queue and its dead-letter queue of receivable messages, so a test starts from nothing. */
export async function purge(client: ServiceBusClient, queue: string): Promise<void> {
  for (const subQueueType of [undefined, 'deadLetter'] as const) {
    const receiver = client.createReceiver(queue, { receiveMode: 'receiveAndDelete', subQueueType });
    try {
      if ((await receiver.peekMessages(1, { fromSequenceNumber: Long.ONE })).length === 0) continue;
      while ((await receiver.receiveMessages(500, { maxWaitTimeInMs: 300 })).length > 0);
    } finally {
      await receiver.close();
    }
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until the check returns a value (not undefined) or the time is up. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await sleep(100);
  }
}
