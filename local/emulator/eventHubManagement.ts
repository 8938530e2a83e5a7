import type { Message } from 'rhea';
import { typed } from './amqp';
import { Condition, EmulatorError } from './errors';
import type { EventHub } from './eventHub';
import type { Reply } from './requestResponse';

/**
 * Event Hubs `$management` node: the READ operations behind getEventHubProperties, getPartitionIds and
 * getPartitionProperties. The hub is named in the request's application properties, not in the address.
 */
export function handleHubManagementRequest(
  findHub: (name: string) => EventHub | undefined,
  request: Message,
): Reply {
  const props = request.application_properties ?? {};
  const operation = String(props.operation);
  const type = String(props.type);
  if (operation !== 'READ' || (type !== 'com.microsoft:eventhub' && type !== 'com.microsoft:partition')) {
    throw new EmulatorError(
      Condition.notImplemented,
      `The Event Hubs $management operation '${operation}' on '${type}' is not supported by the ANTS emulator.`,
    );
  }
  const name = String(props.name);
  const hub = findHub(name);
  if (!hub) throw new EmulatorError(Condition.notFound, `The messaging entity '${name}' could not be found.`);
  if (type === 'com.microsoft:eventhub') {
    return {
      status: 200,
      description: 'OK',
      body: {
        name: hub.name,
        type,
        created_at: typed.timestamp(hub.createdAt),
        partition_count: hub.partitions.length,
        partition_ids: hub.partitions.map((p) => p.id),
      },
    };
  }
  const partition = hub.partition(String(props.partition));
  const p = partition.properties();
  return {
    status: 200,
    description: 'OK',
    body: {
      name: hub.name,
      type,
      partition: partition.id,
      begin_sequence_number: typed.long(p.beginSequenceNumber),
      last_enqueued_sequence_number: typed.long(p.lastSequenceNumber),
      last_enqueued_offset: p.lastOffset,
      last_enqueued_time_utc: typed.timestamp(p.lastEnqueuedAt),
      is_partition_empty: p.isEmpty,
    },
  };
}
