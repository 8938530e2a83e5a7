import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DefaultAzureCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import { z } from 'zod';
import { cosmosStores, createCosmosClient, type CosmosConnection } from './adapters/azure/cosmos';
import { messagingClients } from './adapters/azure/messaging/clients';
import { messagingPorts } from './adapters/azure/messaging';
import { AppInsightsTelemetry } from './adapters/azure/appInsights/appInsightsTelemetry';
import { AzureOpenAiModel } from './adapters/azure/openai/azureOpenAiModel';
import { JsonlTelemetry } from './adapters/local/jsonlTelemetry';
import { OfflineModel } from './adapters/offline/offlineModel';
import { entities, taskQueues } from './entities';
import type { Swarm } from './services/swarm';
import type { TenantSource } from '../functions/http/tenant';

/**
 * The one place that reads the environment. Setting names are the Functions identity-based connection
 * names (`<Connection>__fullyQualifiedNamespace`, `COSMOS__accountEndpoint`) so the same code runs in
 * Azure (managed identity), under `func start` and in the embedded local stack (emulator connection
 * strings and the local Cosmos key, both public well-known values).
 */
const optional = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== '' ? v.trim() : undefined));

export const Settings = z
  .object({
    ANTS_ENV: z.enum(['local', 'azure']).default('local'),
    ANTS_TENANT_SOURCE: z.enum(['header', 'principal']).optional(),
    ANTS_TELEMETRY_FILE: optional,
    APPLICATIONINSIGHTS_CONNECTION_STRING: optional,
    AZURE_CLIENT_ID: optional,
    COSMOS__accountEndpoint: z.url(),
    COSMOS__database: z.string().default(entities.cosmos.database),
    COSMOS__key: optional,
    COSMOS__clientId: optional,
    ServiceBusConnection: optional,
    ServiceBusConnection__fullyQualifiedNamespace: optional,
    ServiceBusConnection__clientId: optional,
    EventHubConnection: optional,
    EventHubConnection__fullyQualifiedNamespace: optional,
    EventHubConnection__clientId: optional,
    AZURE_OPENAI_ENDPOINT: optional,
    AZURE_OPENAI_DEPLOYMENTS: optional,
    AZURE_OPENAI_API_VERSION: z.string().default('2024-10-21'),
    /** Monthly budgets in dollars, as JSON: `{"acme": 500, "*": 100}` (`*` covers every other tenant). */
    ANTS_MONTHLY_BUDGETS_USD: z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (!v || v.trim() === '') return undefined;
        const parsed = z.record(z.string(), z.number().positive()).safeParse(safeJson(v));
        if (!parsed.success) {
          ctx.addIssue({ code: 'custom', message: 'a JSON object of tenant → positive dollars' });
          return z.NEVER;
        }
        return parsed.data;
      }),
  })
  .superRefine((s, ctx) => {
    const need = (ok: boolean, path: string, message: string) => {
      if (!ok) ctx.addIssue({ code: 'custom', path: [path], message });
    };
    need(
      Boolean(s.ServiceBusConnection || s.ServiceBusConnection__fullyQualifiedNamespace),
      'ServiceBusConnection__fullyQualifiedNamespace',
      'set the Service Bus namespace (or, locally, ServiceBusConnection)',
    );
    need(
      Boolean(s.EventHubConnection || s.EventHubConnection__fullyQualifiedNamespace),
      'EventHubConnection__fullyQualifiedNamespace',
      'set the Event Hubs namespace (or, locally, EventHubConnection)',
    );
    if (s.ANTS_ENV === 'azure') {
      // Security by default: in Azure every connection is a managed identity; a key here is a mistake.
      for (const key of ['COSMOS__key', 'ServiceBusConnection', 'EventHubConnection'] as const) {
        need(!s[key], key, 'keys and connection strings are refused in Azure: use managed identity');
      }
    } else {
      need(
        Boolean(s.COSMOS__key),
        'COSMOS__key',
        'the local Cosmos server needs its (public, well-known) key',
      );
    }
  });
export type Settings = z.infer<typeof Settings>;

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const parsed = Settings.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`ANTS configuration is invalid:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

export function tenantSource(env: NodeJS.ProcessEnv = process.env): TenantSource {
  if (env.ANTS_TENANT_SOURCE === 'header' || env.ANTS_TENANT_SOURCE === 'principal')
    return env.ANTS_TENANT_SOURCE;
  return env.ANTS_ENV === 'azure' ? 'principal' : 'header';
}

function credentialFor(clientId: string | undefined): TokenCredential {
  // A user-assigned identity is named by its client id; DefaultAzureCredential covers developer logins.
  return clientId ? new ManagedIdentityCredential({ clientId }) : new DefaultAzureCredential();
}

/** Builds every adapter from settings. Called once per process (see `loadSwarm`). */
export function buildSwarm(
  settings: Settings,
  overrides: Partial<Pick<Swarm, 'clock' | 'random' | 'newId'>> = {},
): Swarm & { close(): Promise<void> } {
  const cosmosConnection: CosmosConnection = settings.COSMOS__key
    ? { endpoint: settings.COSMOS__accountEndpoint, key: settings.COSMOS__key }
    : {
        endpoint: settings.COSMOS__accountEndpoint,
        credential: credentialFor(settings.COSMOS__clientId ?? settings.AZURE_CLIENT_ID),
      };
  const cosmos = createCosmosClient(cosmosConnection);
  const stores = cosmosStores(cosmos, settings.COSMOS__database);
  const messaging = messagingClients({
    serviceBus: settings.ServiceBusConnection
      ? { connectionString: settings.ServiceBusConnection }
      : {
          fullyQualifiedNamespace: settings.ServiceBusConnection__fullyQualifiedNamespace!,
          credential: credentialFor(settings.ServiceBusConnection__clientId ?? settings.AZURE_CLIENT_ID),
        },
    eventHubs: settings.EventHubConnection
      ? { connectionString: settings.EventHubConnection }
      : {
          fullyQualifiedNamespace: settings.EventHubConnection__fullyQualifiedNamespace!,
          credential: credentialFor(settings.EventHubConnection__clientId ?? settings.AZURE_CLIENT_ID),
        },
  });
  const deployments = (settings.AZURE_OPENAI_DEPLOYMENTS ?? '')
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean);
  const model =
    settings.AZURE_OPENAI_ENDPOINT && deployments.length > 0
      ? new AzureOpenAiModel({
          endpoint: settings.AZURE_OPENAI_ENDPOINT,
          deployments,
          apiVersion: settings.AZURE_OPENAI_API_VERSION,
          credential: credentialFor(settings.AZURE_CLIENT_ID),
        })
      : new OfflineModel();
  const ports = messagingPorts(messaging);
  // Application Insights (Entra ID, set up once per process) when the app has a connection string, else
  // the local JSONL file.
  const telemetry = settings.APPLICATIONINSIGHTS_CONNECTION_STRING
    ? AppInsightsTelemetry.start({
        connectionString: settings.APPLICATIONINSIGHTS_CONNECTION_STRING,
        credential: credentialFor(settings.AZURE_CLIENT_ID),
      })
    : new JsonlTelemetry(settings.ANTS_TELEMETRY_FILE ?? join(process.cwd(), '.ants', 'telemetry.jsonl'));
  return {
    tasks: stores.tasks,
    agents: stores.agents,
    field: stores.pheromones,
    queue: ports.queue,
    bus: ports.pheromones,
    model,
    telemetry,
    clock: overrides.clock ?? { now: () => new Date() },
    random: overrides.random ?? Math.random,
    newId: overrides.newId ?? randomUUID,
    budgets: settings.ANTS_MONTHLY_BUDGETS_USD,
    probes: [
      { name: 'cosmos', check: async () => void (await cosmos.database(settings.COSMOS__database).read()) },
      {
        name: 'eventHubs',
        check: async () => void (await messaging.pheromoneProducer.getEventHubProperties()),
      },
      {
        // Peeking one message proves the namespace answers and the identity may receive, without taking work.
        name: 'serviceBus',
        check: async () => {
          const receiver = messaging.serviceBus.createReceiver(taskQueues[0]!.name);
          try {
            await receiver.peekMessages(1);
          } finally {
            await receiver.close();
          }
        },
      },
    ],
    close: async () => {
      if (telemetry instanceof AppInsightsTelemetry) await telemetry.flush();
      await messaging.close();
      cosmos.dispose();
    },
  };
}

let loaded: Promise<Swarm> | undefined;

/** The process-wide swarm, built lazily on first use so a bad setting fails the first call loudly. */
export function loadSwarm(): Promise<Swarm> {
  loaded ??= Promise.resolve().then(() => buildSwarm(readSettings()));
  return loaded;
}
