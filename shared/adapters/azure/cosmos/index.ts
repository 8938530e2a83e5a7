import type { CosmosClient } from '@azure/cosmos';
import { containerNamed, entities } from '../../../entities';
import { CosmosAgentStore } from './agents';
import { CosmosPheromoneField } from './pheromones';
import { CosmosTaskStore } from './tasks';

export { createCosmosClient, ensureContainers, indexingPolicies, type CosmosConnection } from './client';
export { CorruptDocument, InvalidContinuationToken } from './errors';
export { CosmosAgentStore } from './agents';
export { CosmosPheromoneField, MAX_LIVE_TRAILS } from './pheromones';
export { CosmosTaskStore } from './tasks';

export interface CosmosStores {
  tasks: CosmosTaskStore;
  agents: CosmosAgentStore;
  pheromones: CosmosPheromoneField;
}

/** The stores over the declared containers of one database (`COSMOS__database`, default `ants`). */
export function cosmosStores(
  client: CosmosClient,
  databaseId: string = entities.cosmos.database,
): CosmosStores {
  const database = client.database(databaseId);
  const container = (name: string) => database.container(containerNamed(name).name);
  return {
    tasks: new CosmosTaskStore(container('tasks')),
    agents: new CosmosAgentStore(container('agents')),
    pheromones: new CosmosPheromoneField(container('pheromones')),
  };
}
