import { ServiceBusClient } from '@azure/service-bus';
import { ContainerClient } from '@azure/storage-blob';
import type { FunctionDeclaration, HttpFunction } from '../../functions/table';
import type { EventHubFunction } from '../../functions/triggers/pheromoneSensor';
import type { ServiceBusFunction } from '../../functions/triggers/taskWorker';
import type { TimerFunction } from '../../functions/triggers/lifecycleTimer';
import { entities } from '../../shared/entities';
import { EventHubTriggers } from './eventHubTriggers';
import { startHttp } from './httpServer';
import type { HostLog } from './log';
import { ServiceBusTriggers } from './serviceBusTriggers';
import { TimerTriggers } from './timers';

export interface HostOptions {
  table: FunctionDeclaration[];
  /** 7071 is the `func start` default; 0 picks a free port (tests). */
  port: number;
  host?: string;
  serviceBusConnectionString: string;
  eventHubConnectionString: string;
  storageConnectionString: string;
  log: HostLog;
  /** Timers fire on their schedule unless false (tests fire them with `runTimer`). */
  autoStartTimers?: boolean;
}

export interface RunningHost {
  url: string;
  runTimer(name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * A local Functions host for the embedded stack: it serves the very function table `functions/index.ts`
 * registers in Azure — HTTP on /api, Service Bus and Event Hubs triggers, timers — against the local
 * emulator and Azurite. Nothing here decides anything about tasks; it only delivers and settles.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const http = await startHttp(
    options.table.filter((f): f is HttpFunction => f.kind === 'http'),
    options.port,
    options.host ?? '127.0.0.1',
    options.log,
  );
  const serviceBusClient = new ServiceBusClient(options.serviceBusConnectionString);
  const serviceBus = new ServiceBusTriggers(serviceBusClient, options.log);
  const checkpoints = new ContainerClient(
    options.storageConnectionString,
    entities.storage.checkpointContainer,
  );
  await checkpoints.createIfNotExists();
  const eventHubs = new EventHubTriggers(options.eventHubConnectionString, checkpoints, options.log);
  const timers = new TimerTriggers(options.log);
  for (const fn of options.table) {
    if (fn.kind === 'serviceBusQueue') serviceBus.start(fn as ServiceBusFunction);
    else if (fn.kind === 'eventHub') eventHubs.start(fn as EventHubFunction);
    else if (fn.kind === 'timer') timers.start(fn as TimerFunction, { autoStart: options.autoStartTimers });
  }
  return {
    url: http.url,
    runTimer: (name) => timers.runNow(name),
    close: async () => {
      timers.close();
      await http.close();
      await serviceBus.close();
      await eventHubs.close();
      await serviceBusClient.close();
    },
  };
}
