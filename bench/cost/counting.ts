import type { Swarm } from '../../shared/services/swarm';

/** Where in a task's life an operation happened. */
export type Phase = 'submit' | 'worker' | 'sensor' | 'lifecycle tick' | 'setup';

export type OperationKind =
  | 'cosmos point read'
  | 'cosmos read miss'
  | 'cosmos insert'
  | 'cosmos replace'
  | 'cosmos query'
  | 'cosmos conflict'
  | 'service bus'
  | 'event hubs publish';

export interface Operation {
  phase: Phase;
  port: string;
  method: string;
  kind: OperationKind;
  /** JSON bytes of each document written, read or returned (none for messaging). */
  bytes: number[];
  /** Event Hubs: events in the batch; Service Bus: 1. */
  count: number;
}

/**
 * Counting decorators around a swarm's ports: every call is passed through unchanged and recorded with
 * the JSON size of what it wrote or read. Methods are classified by name, so a port that grows a method
 * is still counted (as a query when it returns a list).
 */
export class OperationLog {
  phase: Phase = 'setup';
  readonly operations: Operation[] = [];
  /** Every batch published on the pheromone bus, as the sensor would receive it. */
  readonly published: unknown[][] = [];

  record(op: Omit<Operation, 'phase'>): void {
    this.operations.push({ ...op, phase: this.phase });
  }

  /** Operations recorded while `work` runs under `phase`. */
  async during<T>(phase: Phase, work: () => Promise<T>): Promise<T> {
    const previous = this.phase;
    this.phase = phase;
    try {
      return await work();
    } finally {
      this.phase = previous;
    }
  }

  clear(): void {
    this.operations.length = 0;
    this.published.length = 0;
  }
}

const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

function docOf(value: unknown): unknown {
  return value && typeof value === 'object' && 'doc' in value ? (value as { doc: unknown }).doc : value;
}

function isConflict(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === 'ConcurrencyConflict' || name === 'AlreadyExists';
}

function store<T extends object>(target: T, port: string, log: OperationLog): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (typeof value !== 'function') return value;
      const method = String(property);
      return async (...args: unknown[]) => {
        try {
          const result = await value.apply(object, args);
          if (method === 'get') {
            if (result === undefined)
              log.record({ port, method, kind: 'cosmos read miss', bytes: [], count: 1 });
            else
              log.record({ port, method, kind: 'cosmos point read', bytes: [size(docOf(result))], count: 1 });
          } else if (method === 'create') {
            log.record({ port, method, kind: 'cosmos insert', bytes: [size(args[0])], count: 1 });
          } else if (method === 'replace') {
            log.record({ port, method, kind: 'cosmos replace', bytes: [size(args[0])], count: 1 });
          } else {
            const items: unknown[] = Array.isArray(result)
              ? result
              : Array.isArray((result as { items?: unknown[] })?.items)
                ? (result as { items: unknown[] }).items
                : [result];
            log.record({
              port,
              method,
              kind: 'cosmos query',
              bytes: items.map((i) => size(docOf(i))),
              count: 1,
            });
          }
          return result;
        } catch (error) {
          if (isConflict(error)) log.record({ port, method, kind: 'cosmos conflict', bytes: [], count: 1 });
          throw error;
        }
      };
    },
  });
}

function messaging<T extends object>(target: T, port: string, log: OperationLog): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (typeof value !== 'function') return value;
      const method = String(property);
      return async (...args: unknown[]) => {
        const result = await value.apply(object, args);
        if (port === 'bus') {
          const events = Array.isArray(args[0]) ? args[0].length : 1;
          if (Array.isArray(args[0])) log.published.push(args[0]);
          log.record({ port, method, kind: 'event hubs publish', bytes: [], count: events });
        } else {
          log.record({ port, method, kind: 'service bus', bytes: [], count: 1 });
        }
        return result;
      };
    },
  });
}

/** The same swarm with every Cosmos, Service Bus and Event Hubs port counted into `log`. */
export function countingSwarm(swarm: Swarm, log: OperationLog): Swarm {
  return {
    ...swarm,
    tasks: store(swarm.tasks, 'tasks', log),
    agents: store(swarm.agents, 'agents', log),
    field: store(swarm.field, 'pheromones', log),
    queue: messaging(swarm.queue, 'queue', log),
    bus: messaging(swarm.bus, 'bus', log),
  };
}
