import { join } from 'node:path';
import { ensureContainers, createCosmosClient } from '../shared/adapters/azure/cosmos';
import { buildSwarm, readSettings } from '../shared/config';
import { entities } from '../shared/entities';
import type { Clock } from '../shared/ports';
import type { Swarm } from '../shared/services/swarm';
import { DEFAULT_WORKER_POLICY, type WorkerPolicy } from '../shared/services/worker/policy';
import { functionTable } from '../functions/table';
import { startAzurite } from './azurite';
import { startLocalCosmos } from './cosmos';
import { startEmulator, type EntityOverrides } from './emulator';
import { startHost, type RunningHost } from './host';
import { hostLog } from './host/log';
import { seedDefaultSwarm } from './seed';

export interface StackOptions {
  /** Functions HTTP port: 7071 like `func start`; 0 for any free port (tests). */
  httpPort?: number;
  /** AMQP port of the emulator: 5672 like the official emulators; 0 for any free port. */
  amqpPort?: number;
  cosmosPort?: number;
  quiet?: boolean;
  clock?: Clock;
  workerPolicy?: Partial<WorkerPolicy>;
  emulatorEntities?: EntityOverrides;
  seed?: boolean;
  autoStartTimers?: boolean;
  telemetryFile?: string;
}

export interface RunningStack {
  url: string;
  settings: Record<string, string>;
  swarm: Swarm;
  host: RunningHost;
  startupMs: number;
  close(): Promise<void>;
}

/**
 * The embedded local stack: Azurite, the Cosmos DB API server, the AMQP emulator and the local Functions
 * host serving the function table — all on loopback, with nothing but Node. The swarm is built by the same
 * `buildSwarm` as in Azure, from settings that point at these local servers.
 */
export interface LocalDependencies {
  settings: Record<string, string>;
  azurite: Awaited<ReturnType<typeof startAzurite>>;
  emulator: Awaited<ReturnType<typeof startEmulator>>;
  close(): Promise<void>;
}

/**
 * Everything the functions depend on, without the host: Azurite, the Cosmos DB API server (containers
 * created) and the AMQP emulator. `npm run deps` runs this alone so `func start` can use it.
 */
export async function startDependencies(
  options: Pick<StackOptions, 'amqpPort' | 'cosmosPort' | 'emulatorEntities' | 'telemetryFile'> & {
    azuritePorts?: { blobPort: number; queuePort: number; tablePort: number };
  } = {},
): Promise<LocalDependencies> {
  const [azurite, cosmos, emulator] = await Promise.all([
    startAzurite(options.azuritePorts),
    startLocalCosmos({ port: options.cosmosPort ?? 0 }),
    startEmulator({ port: options.amqpPort ?? 5672, entities: options.emulatorEntities }),
  ]);
  const settings: Record<string, string> = {
    ANTS_ENV: 'local',
    COSMOS__accountEndpoint: cosmos.endpoint,
    COSMOS__key: cosmos.key,
    COSMOS__database: entities.cosmos.database,
    ServiceBusConnection: emulator.connectionString,
    EventHubConnection: emulator.connectionString,
    AzureWebJobsStorage: azurite.connectionString,
    ANTS_TELEMETRY_FILE: options.telemetryFile ?? join(process.cwd(), '.ants', 'telemetry.jsonl'),
  };
  const admin = createCosmosClient({ endpoint: cosmos.endpoint, key: cosmos.key });
  await ensureContainers(admin, entities.cosmos);
  admin.dispose();
  return {
    settings,
    azurite,
    emulator,
    close: async () => {
      await Promise.allSettled([emulator.close(), cosmos.close(), azurite.close()]);
    },
  };
}

export async function startStack(options: StackOptions = {}): Promise<RunningStack> {
  const started = Date.now();
  const log = hostLog({ quiet: options.quiet });
  const deps = await startDependencies(options);
  const { settings, azurite, emulator } = deps;
  const swarm = buildSwarm(readSettings(settings), { clock: options.clock });
  if (options.seed !== false) await seedDefaultSwarm(swarm);
  const table = functionTable({
    swarm: async () => swarm,
    tenantSource: 'header',
    workerPolicy: { ...DEFAULT_WORKER_POLICY, ...options.workerPolicy },
  });
  const host = await startHost({
    table,
    port: options.httpPort ?? 7071,
    serviceBusConnectionString: emulator.connectionString,
    eventHubConnectionString: emulator.connectionString,
    storageConnectionString: azurite.connectionString,
    log,
    autoStartTimers: options.autoStartTimers,
  });
  return {
    url: host.url,
    settings,
    swarm,
    host,
    startupMs: Date.now() - started,
    close: async () => {
      await host.close();
      await swarm.close();
      await deps.close();
    },
  };
}
