import { z } from 'zod';
import declaration from './entities.json';

/**
 * The shared entity declaration (entities.json), validated once at import so a typo in the JSON fails
 * loudly here rather than as a missing queue at run time. The emulator, the adapters and the Bicep all
 * read the same file.
 */
const isoDuration = z.string().regex(/^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/, 'ISO 8601 duration');

export const QueueDeclaration = z.object({
  name: z.string().min(1),
  purpose: z.enum(['tasks', 'workflows', 'integrations']),
  band: z.enum(['high', 'normal', 'low', 'ordered', 'integration']),
  minPriority: z.number().int().min(1).max(10),
  maxPriority: z.number().int().min(1).max(10),
  requiresSession: z.boolean(),
  maxDeliveryCount: z.number().int().positive(),
  lockDuration: isoDuration,
  defaultMessageTimeToLive: isoDuration,
  deadLetteringOnMessageExpiration: z.boolean(),
  requiresDuplicateDetection: z.boolean(),
  duplicateDetectionHistoryTimeWindow: isoDuration,
  maxConcurrentCalls: z.number().int().positive(),
});
export type QueueDeclaration = z.infer<typeof QueueDeclaration>;

export const HubDeclaration = z.object({
  name: z.string().min(1),
  partitionCount: z.number().int().min(1).max(32),
  localPartitionCount: z.number().int().min(1).max(32),
  messageRetentionInDays: z.number().int().min(1),
  consumerGroups: z.array(z.string().min(1)).min(1),
  sensorConsumerGroup: z.string().min(1),
});
export type HubDeclaration = z.infer<typeof HubDeclaration>;

export const ContainerDeclaration = z.object({
  name: z.string().min(1),
  partitionKey: z.string().startsWith('/'),
  defaultTtl: z.number().int(),
});
export type ContainerDeclaration = z.infer<typeof ContainerDeclaration>;

export const EntityDeclaration = z.object({
  serviceBus: z.object({ connectionSetting: z.string(), queues: z.array(QueueDeclaration).min(1) }),
  eventHubs: z.object({ connectionSetting: z.string(), hubs: z.array(HubDeclaration).min(1) }),
  cosmos: z.object({
    connectionSetting: z.string(),
    database: z.string(),
    containers: z.array(ContainerDeclaration).min(1),
  }),
  storage: z.object({ connectionSetting: z.string(), checkpointContainer: z.string() }),
  settings: z.record(z.string(), z.string()),
});
export type EntityDeclaration = z.infer<typeof EntityDeclaration>;

export const entities: EntityDeclaration = EntityDeclaration.parse(declaration);

export const pheromoneHub: HubDeclaration = entities.eventHubs.hubs[0]!;

export function queueNamed(name: string): QueueDeclaration {
  const queue = entities.serviceBus.queues.find((q) => q.name === name);
  if (!queue) throw new Error(`No queue named '${name}' in shared/entities.json`);
  return queue;
}

/** The task queue that carries a given priority; ordered (session) work goes to the workflows queue. */
export function taskQueueFor(priority: number, sessionId?: string): QueueDeclaration {
  const purpose = sessionId ? 'workflows' : 'tasks';
  const queue = entities.serviceBus.queues.find(
    (q) => q.purpose === purpose && priority >= q.minPriority && priority <= q.maxPriority,
  );
  if (!queue) throw new Error(`No ${purpose} queue covers priority ${priority}`);
  return queue;
}

export const taskQueues: QueueDeclaration[] = entities.serviceBus.queues.filter(
  (q) => q.purpose === 'tasks' || q.purpose === 'workflows',
);

export function containerNamed(name: string): ContainerDeclaration {
  const container = entities.cosmos.containers.find((c) => c.name === name);
  if (!container) throw new Error(`No Cosmos container named '${name}' in shared/entities.json`);
  return container;
}

/** ISO 8601 duration (days, hours, minutes, seconds only) to milliseconds. */
export function durationMs(iso: string): number {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso);
  if (!m) throw new Error(`Unsupported ISO 8601 duration '${iso}'`);
  const [, d = '0', h = '0', min = '0', s = '0'] = m;
  return ((Number(d) * 24 + Number(h)) * 60 + Number(min)) * 60_000 + Number(s) * 1000;
}
