import type {
  AgentStore,
  Clock,
  ModelClient,
  PheromoneBus,
  PheromoneField,
  Random,
  TaskQueue,
  TaskStore,
  Telemetry,
} from '../ports';

/** A dependency the health route reports on: a cheap call that throws when the dependency is down. */
export interface HealthProbe {
  name: string;
  check(): Promise<void>;
}

/** Everything a use case may touch, built once per process by `shared/config.ts` (or a test). */
export interface Swarm {
  tasks: TaskStore;
  agents: AgentStore;
  field: PheromoneField;
  queue: TaskQueue;
  bus: PheromoneBus;
  model: ModelClient;
  telemetry: Telemetry;
  clock: Clock;
  random: Random;
  newId(): string;
  probes: HealthProbe[];
  /** Monthly budget in dollars per tenant (`*` for every other tenant); alerts at 80, 90 and 100 %. */
  budgets?: Record<string, number>;
}
