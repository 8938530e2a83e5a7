import { CosmosClient, type CosmosClientOptions, type IndexingPolicy } from '@azure/cosmos';
import type { EntityDeclaration } from '../../../entities';

type TokenCredential = NonNullable<CosmosClientOptions['aadCredentials']>;

/**
 * How to reach Cosmos: a key for the local in-process server, or an Entra ID credential in Azure
 * (DefaultAzureCredential / ManagedIdentityCredential, with `COSMOS__accountEndpoint` as the endpoint).
 */
export type CosmosConnection =
  { endpoint: string; key: string } | { endpoint: string; credential: TokenCredential };

/**
 * 429s are retried by the SDK on the server's retry-after hint. Capping the wait at 15 s (SDK default 30 s)
 * lets a throttled call surface inside a function invocation's budget: HTTP answers 503, a queue trigger
 * lets Service Bus redeliver. No retry loops of our own on top of this.
 */
const retryOptions = { maxRetryAttemptCount: 9, maxWaitTimeInSeconds: 15 };

export function createCosmosClient(connection: CosmosConnection): CosmosClient {
  if ('key' in connection) {
    return new CosmosClient({
      endpoint: connection.endpoint,
      key: connection.key,
      userAgentSuffix: 'ants',
      // The local server has no regional endpoints to discover; discovery would only add round trips.
      connectionPolicy: { enableEndpointDiscovery: false, retryOptions },
    });
  }
  return new CosmosClient({
    endpoint: connection.endpoint,
    aadCredentials: connection.credential,
    userAgentSuffix: 'ants',
    connectionPolicy: { retryOptions },
  });
}

/**
 * Indexing beyond Cosmos defaults, per container. The task list pages by (createdAt DESC, id DESC): an
 * ORDER BY on two properties needs this composite index on the real service, and the local server enforces
 * the same rule. The Bicep must declare the same policy on the `tasks` container.
 */
export const indexingPolicies: Readonly<Record<string, IndexingPolicy>> = {
  tasks: {
    compositeIndexes: [
      [
        { path: '/createdAt', order: 'descending' },
        { path: '/id', order: 'descending' },
      ],
    ],
  },
};

/**
 * Creates the database and every declared container if missing. For local runs only: in Azure the Bicep
 * creates them and the app's identity has data-plane rights only, so this is never called implicitly.
 */
export async function ensureContainers(
  client: CosmosClient,
  declaration: EntityDeclaration['cosmos'],
  databaseId: string = declaration.database,
): Promise<void> {
  const { database } = await client.databases.createIfNotExists({ id: databaseId });
  for (const container of declaration.containers) {
    await database.containers.createIfNotExists({
      id: container.name,
      partitionKey: { paths: [container.partitionKey] },
      defaultTtl: container.defaultTtl,
      ...(indexingPolicies[container.name] ? { indexingPolicy: indexingPolicies[container.name] } : {}),
    });
  }
}
