import type { Container, CosmosClient } from '@azure/cosmos';
import { createCosmosClient, ensureContainers } from '../../../shared/adapters/azure/cosmos/client';
import { entities } from '../../../shared/entities';
import { startCosmosServer } from '../../support/cosmosServer';

export interface CosmosHarness {
  client: CosmosClient;
  container(name: string): Container;
  close(): Promise<void>;
}

/** One local server per test file, reached through the real SDK client, with every container created. */
export async function startCosmos(): Promise<CosmosHarness> {
  const server = await startCosmosServer();
  const client = createCosmosClient({ endpoint: server.endpoint, key: server.key });
  await ensureContainers(client, entities.cosmos);
  const database = client.database(entities.cosmos.database);
  return {
    client,
    container: (name) => database.container(name),
    close: async () => {
      client.dispose();
      await server.close();
    },
  };
}

let counter = 0;

/** A fresh tenant per test keeps tests in one file independent while they share a server. */
export function aTenant(): string {
  counter += 1;
  return `tenant-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}
