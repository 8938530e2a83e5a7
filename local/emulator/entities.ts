import { durationMs, entities as declared } from '../../shared/entities';
import type { EntityDeclaration } from '../../shared/entities';

/**
 * The entities the emulator serves, in the units it works in (milliseconds). They come from the shared
 * declaration (shared/entities.json), so the emulator has exactly the queues and hubs the Bicep deploys;
 * tests may override single fields (e.g. a 2 s lock) or add entities of their own.
 */
export interface EmulatorQueue {
  name: string;
  requiresSession: boolean;
  maxDeliveryCount: number;
  lockDurationMs: number;
  defaultMessageTimeToLiveMs: number;
  deadLetteringOnMessageExpiration: boolean;
  requiresDuplicateDetection: boolean;
  duplicateDetectionWindowMs: number;
}

export interface EmulatorHub {
  name: string;
  partitionCount: number;
  consumerGroups: string[];
  /** Events older than this are dropped (the hub's messageRetentionInDays). */
  retentionMs: number;
  /** At most this many events are kept per partition; the oldest go first. */
  maxEventsPerPartition: number;
}

export interface EmulatorEntities {
  queues: EmulatorQueue[];
  hubs: EmulatorHub[];
}

/** Changes to the declared entities: an entry whose name is declared is merged into it, any other is added. */
export interface EntityOverrides {
  queues?: Array<Partial<EmulatorQueue> & { name: string }>;
  hubs?: Array<Partial<EmulatorHub> & { name: string }>;
}

/** Azure's defaults, for queues a test adds without declaring every field. */
const queueDefaults: Omit<EmulatorQueue, 'name'> = {
  requiresSession: false,
  maxDeliveryCount: 10,
  lockDurationMs: 60_000,
  defaultMessageTimeToLiveMs: 14 * 24 * 3600_000,
  deadLetteringOnMessageExpiration: false,
  requiresDuplicateDetection: false,
  duplicateDetectionWindowMs: 10 * 60_000,
};

/** 10,000 events per partition bounds memory (a few MB per partition for small events). */
const DEFAULT_MAX_EVENTS_PER_PARTITION = 10_000;

const hubDefaults: Omit<EmulatorHub, 'name'> = {
  partitionCount: 4,
  consumerGroups: ['$Default'],
  retentionMs: 24 * 3600_000,
  maxEventsPerPartition: DEFAULT_MAX_EVENTS_PER_PARTITION,
};

function fromDeclaration(declaration: EntityDeclaration): EmulatorEntities {
  return {
    queues: declaration.serviceBus.queues.map((q) => ({
      name: q.name,
      requiresSession: q.requiresSession,
      maxDeliveryCount: q.maxDeliveryCount,
      lockDurationMs: durationMs(q.lockDuration),
      defaultMessageTimeToLiveMs: durationMs(q.defaultMessageTimeToLive),
      deadLetteringOnMessageExpiration: q.deadLetteringOnMessageExpiration,
      requiresDuplicateDetection: q.requiresDuplicateDetection,
      duplicateDetectionWindowMs: durationMs(q.duplicateDetectionHistoryTimeWindow),
    })),
    hubs: declaration.eventHubs.hubs.map((h) => ({
      name: h.name,
      // Locally fewer partitions than in Azure: enough to exercise partitioning, cheap to pump.
      partitionCount: h.localPartitionCount,
      consumerGroups: [...h.consumerGroups],
      retentionMs: h.messageRetentionInDays * 24 * 3600_000,
      maxEventsPerPartition: DEFAULT_MAX_EVENTS_PER_PARTITION,
    })),
  };
}

function merge<T extends { name: string }>(
  base: T[],
  overrides: Array<Partial<T> & { name: string }>,
  defaults: Omit<T, 'name'>,
): T[] {
  const result = base.map((entity) => ({ ...entity }));
  for (const override of overrides) {
    const existing = result.find((e) => e.name.toLowerCase() === override.name.toLowerCase());
    if (existing) Object.assign(existing, override);
    else result.push({ ...defaults, ...override } as T);
  }
  return result;
}

export function resolveEntities(overrides: EntityOverrides = {}): EmulatorEntities {
  const base = fromDeclaration(declared);
  const resolved = {
    queues: merge(base.queues, overrides.queues ?? [], queueDefaults),
    hubs: merge(base.hubs, overrides.hubs ?? [], hubDefaults),
  };
  const names = [...resolved.queues, ...resolved.hubs].map((e) => e.name.toLowerCase());
  const clash = names.find((name, i) => names.indexOf(name) !== i);
  if (clash) throw new Error(`Entity name '${clash}' is used by both a queue and an event hub`);
  return resolved;
}
