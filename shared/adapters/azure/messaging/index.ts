import type { PheromoneBus, TaskQueue } from '../../../ports';
import type { MessagingClients } from './clients';
import { EventHubsPheromoneBus } from './eventHubsPheromoneBus';
import { ServiceBusTaskQueue } from './serviceBusTaskQueue';

export {
  messagingClients,
  messagingConfigFromSettings,
  messagingConnectionFromSettings,
  QueueSenders,
  type MessagingClients,
  type MessagingConfig,
  type MessagingConnection,
} from './clients';
export { InvalidPheromoneSignal, MessagingOperationFailed, PheromoneSignalTooLarge } from './errors';
export { EventHubsPheromoneBus, pheromoneEvent, pheromonePartitionKey } from './eventHubsPheromoneBus';
export {
  DEAD_LETTER_SCAN_LIMIT,
  ServiceBusTaskQueue,
  taskMessageId,
  taskServiceBusMessage,
} from './serviceBusTaskQueue';

/** The two messaging ports over one set of clients. */
export function messagingPorts(clients: MessagingClients): { queue: TaskQueue; pheromones: PheromoneBus } {
  return {
    queue: new ServiceBusTaskQueue(clients.serviceBus, clients.senders),
    pheromones: new EventHubsPheromoneBus(clients.pheromoneProducer),
  };
}
