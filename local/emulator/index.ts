import { emulatorConnectionString } from './connectionString';
import { resolveEntities } from './entities';
import type { EntityOverrides } from './entities';
import { EmulatorServer } from './server';

export { DEFAULT_AMQP_PORT, emulatorConnectionString } from './connectionString';
export type { EmulatorHub, EmulatorQueue, EntityOverrides } from './entities';

export interface EmulatorOptions {
  /** Interface to listen on; default 127.0.0.1 (loopback only: the emulator checks no credentials). */
  host?: string;
  /** TCP port; 0 picks a free one. Default 5672, the port the SDKs use with UseDevelopmentEmulator=true. */
  port?: number;
  /** Changes to the entities of shared/entities.json, e.g. a 2 s lock duration for a test queue. */
  entities?: EntityOverrides;
  log?: (line: string) => void;
}

export interface RunningEmulator {
  host: string;
  port: number;
  /** For ServiceBusClient and EventHubProducerClient/EventHubConsumerClient (with the hub name). */
  connectionString: string;
  close(): Promise<void>;
}

/** Starts the local Service Bus + Event Hubs emulator (AMQP 1.0 over TCP) with the declared entities. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  const server = new EmulatorServer(resolveEntities(options.entities), options.log ?? (() => undefined));
  const port = await server.listen(host, options.port ?? 5672);
  return { host, port, connectionString: emulatorConnectionString(host, port), close: () => server.close() };
}
