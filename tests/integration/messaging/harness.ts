import { randomUUID } from 'node:crypto';
import type { ServiceBusReceivedMessage, ServiceBusReceiver } from '@azure/service-bus';
import { startEmulator } from '../../../local/emulator';
import {
  messagingClients,
  type MessagingClients,
  type MessagingConfig,
} from '../../../shared/adapters/azure/messaging';

/**
 * Where the messaging suites run: always against the local AMQP emulator (in-process, free port), and
 * also against a real namespace or an official emulator when its connection string is in the environment.
 * The suites use only the SDKs' public API, so the same tests hold for every target.
 */
export interface MessagingTarget {
  name: string;
  /** `describe`, or `describe.skip` when the target is not configured. */
  describe: jest.Describe;
  start(): Promise<{ clients: MessagingClients; config: MessagingConfig; close(): Promise<void> }>;
}

export function messagingTargets(kind: 'serviceBus' | 'eventHubs'): MessagingTarget[] {
  const variable =
    kind === 'serviceBus'
      ? 'ANTS_TEST_SERVICEBUS_CONNECTION_STRING'
      : 'ANTS_TEST_EVENTHUBS_CONNECTION_STRING';
  const external = process.env[variable];
  return [
    {
      name: 'against the local AMQP emulator',
      describe,
      async start() {
        const emulator = await startEmulator({ port: 0 });
        const config = {
          serviceBus: { connectionString: emulator.connectionString },
          eventHubs: { connectionString: emulator.connectionString },
        };
        const clients = messagingClients(config);
        return {
          clients,
          config,
          async close() {
            await clients.close();
            await emulator.close();
          },
        };
      },
    },
    {
      name: external
        ? `against ${variable}`
        : `against an external namespace (skipped: ${variable} is not set)`,
      describe: external ? describe : describe.skip,
      async start() {
        const other = process.env.ANTS_TEST_SERVICEBUS_CONNECTION_STRING;
        // Each suite uses one of the two namespaces; the other client is created but never connects.
        const config = {
          serviceBus: { connectionString: kind === 'serviceBus' ? external! : (other ?? external!) },
          eventHubs: { connectionString: process.env.ANTS_TEST_EVENTHUBS_CONNECTION_STRING ?? external! },
        };
        const clients = messagingClients(config);
        return { clients, config, close: () => clients.close() };
      },
    },
  ];
}

/** Tenants of one test run start with `it-` and a run id, so runs sharing a namespace never see each other. */
export const RUN = randomUUID().slice(0, 8);
let counter = 0;

export function aTenant(): string {
  return `it-${RUN}-t${++counter}`;
}

export function anId(prefix: string): string {
  return `${prefix}-${RUN}-${++counter}`;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function tenantOf(message: ServiceBusReceivedMessage): string | undefined {
  const tenant = message.applicationProperties?.tenantId;
  return typeof tenant === 'string' ? tenant : undefined;
}

/**
 * Receives under a peek lock for `windowMs` (or until `enough` matches arrived) and completes and returns
 * the messages that match. Leftovers of earlier test runs are completed too; anything else (a shared
 * namespace's real traffic) is abandoned untouched.
 */
export async function receiveMatching(
  receiver: ServiceBusReceiver,
  match: (message: ServiceBusReceivedMessage) => boolean,
  { windowMs, enough = Infinity }: { windowMs: number; enough?: number },
): Promise<ServiceBusReceivedMessage[]> {
  const matched: ServiceBusReceivedMessage[] = [];
  const deadline = Date.now() + windowMs;
  while (matched.length < enough) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    const batch = await receiver.receiveMessages(10, { maxWaitTimeInMs: remaining });
    for (const message of batch) {
      if (match(message)) {
        matched.push(message);
        await receiver.completeMessage(message);
      } else if (tenantOf(message)?.startsWith('it-') && !tenantOf(message)?.startsWith(`it-${RUN}-`)) {
        await receiver.completeMessage(message);
      } else {
        await receiver.abandonMessage(message);
      }
    }
  }
  return matched;
}

export function taskIdOf(message: ServiceBusReceivedMessage): string | undefined {
  const body = message.body as { taskId?: unknown } | undefined;
  return typeof body?.taskId === 'string' ? body.taskId : undefined;
}
