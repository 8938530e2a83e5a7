import { EventHubProducerClient } from '@azure/event-hubs';
import type { TokenCredential } from '@azure/identity';
import { ServiceBusClient, type ServiceBusSender } from '@azure/service-bus';
import { entities, pheromoneHub } from '../../../entities';

/**
 * How to reach a Service Bus or Event Hubs namespace: a connection string (the local AMQP emulator's, an
 * official emulator's, or a SAS policy's), or the namespace's host name with an Entra ID credential — in
 * Azure the Functions identity-based setting `<Connection>__fullyQualifiedNamespace` with a
 * ManagedIdentityCredential (or DefaultAzureCredential) for the app's user-assigned identity.
 */
export type MessagingConnection =
  { connectionString: string } | { fullyQualifiedNamespace: string; credential: TokenCredential };

export interface MessagingConfig {
  serviceBus: MessagingConnection;
  eventHubs: MessagingConnection;
}

/**
 * The senders of one ServiceBusClient, one per queue: a sender owns an AMQP link, slow to open per send.
 * A sender found closed is replaced.
 */
export class QueueSenders {
  private readonly senders = new Map<string, ServiceBusSender>();

  constructor(private readonly client: ServiceBusClient) {}

  sender(queue: string): ServiceBusSender {
    let sender = this.senders.get(queue);
    if (!sender || sender.isClosed) {
      sender = this.client.createSender(queue);
      this.senders.set(queue, sender);
    }
    return sender;
  }

  async close(): Promise<void> {
    const senders = [...this.senders.values()];
    this.senders.clear();
    await Promise.all(senders.map((sender) => sender.close()));
  }
}

export interface MessagingClients {
  serviceBus: ServiceBusClient;
  senders: QueueSenders;
  /** Producer for the pheromone hub (`ants-pheromones`). */
  pheromoneProducer: EventHubProducerClient;
  /** Closes the senders, then both clients (and with them their AMQP connections). */
  close(): Promise<void>;
}

export function messagingClients(config: MessagingConfig): MessagingClients {
  const serviceBus =
    'connectionString' in config.serviceBus
      ? new ServiceBusClient(config.serviceBus.connectionString)
      : new ServiceBusClient(config.serviceBus.fullyQualifiedNamespace, config.serviceBus.credential);
  const pheromoneProducer =
    'connectionString' in config.eventHubs
      ? new EventHubProducerClient(config.eventHubs.connectionString, pheromoneHub.name)
      : new EventHubProducerClient(
          config.eventHubs.fullyQualifiedNamespace,
          pheromoneHub.name,
          config.eventHubs.credential,
        );
  const senders = new QueueSenders(serviceBus);
  return {
    serviceBus,
    senders,
    pheromoneProducer,
    async close() {
      await senders.close();
      await Promise.all([serviceBus.close(), pheromoneProducer.close()]);
    },
  };
}

/**
 * Reads the connection of one namespace from app settings, the way the Functions host reads its
 * triggers' connections: `<name>` holds a connection string (local runs), otherwise
 * `<name>__fullyQualifiedNamespace` names the namespace and `credential` authenticates.
 */
export function messagingConnectionFromSettings(
  name: string,
  settings: Readonly<Record<string, string | undefined>>,
  credential?: TokenCredential,
): MessagingConnection {
  const connectionString = settings[name];
  if (connectionString) return { connectionString };
  const namespaceSetting = `${name}__fullyQualifiedNamespace`;
  const fullyQualifiedNamespace = settings[namespaceSetting];
  if (!fullyQualifiedNamespace) {
    throw new Error(`Neither '${name}' nor '${namespaceSetting}' is set`);
  }
  if (!credential) {
    throw new Error(`'${namespaceSetting}' is set but no credential was given to authenticate with`);
  }
  return { fullyQualifiedNamespace, credential };
}

/** Both namespaces from app settings (`ServiceBusConnection`, `EventHubConnection`, see entities.json). */
export function messagingConfigFromSettings(
  settings: Readonly<Record<string, string | undefined>>,
  credential?: TokenCredential,
): MessagingConfig {
  return {
    serviceBus: messagingConnectionFromSettings(entities.serviceBus.connectionSetting, settings, credential),
    eventHubs: messagingConnectionFromSettings(entities.eventHubs.connectionSetting, settings, credential),
  };
}
