import type { CatalogEntry } from '../schemas/catalog';
import type {
  AgentState,
  EventTrigger,
  LifecyclePolicy,
  LifecycleTier,
  Schedule,
  WarmPool,
} from '../schemas/lifecycle';
import type { PheromoneType } from '../schemas/pheromone';

/**
 * Model deployments in order of preference (seed 002 §13.4, §17.3-17.4). The router falls back along the list.
 * Names are Azure OpenAI deployment names; the seed's non-Azure models (Claude, Gemini, FunctionGemma) map to
 * the nearest Azure deployment of the same role.
 */
export const MODELS = {
  /** Finance and medical: strongest numerical reasoning first, a cheaper strong model as fallback (§17.4). */
  reasoning: ['gpt-4-turbo', 'gpt-4o'],
  /** General business work: a strong, fast model with a cheap fallback. */
  balanced: ['gpt-4o', 'gpt-4o-mini'],
  /** High-volume monitoring and triage: cheap first, escalate to a strong model. */
  routine: ['gpt-4o-mini', 'gpt-4o'],
  /** Chat and support: fast and cheap first (§17.4 chat agents). */
  fast: ['gpt-35-turbo', 'gpt-4o-mini'],
  /** Code generation and fast high-stakes work: the strongest fast model first (§13.4 integration builder). */
  strong: ['gpt-4o', 'gpt-4-turbo'],
} as const satisfies Record<string, readonly string[]>;

/**
 * Seed 002 §10.3.D resource pools and §10.3.E cost per active hour. The general pool is the seed's figure:
 * compute $0.10 + LLM $0.10 + storage $0.01. The compute-intensive pool (twice the cores and memory, plus a
 * GPU) is estimated at $0.60 of compute, with the same LLM and storage costs.
 */
export const COST_PER_HOUR = { general_purpose: 0.21, compute_intensive: 0.71 } as const;
export type ResourcePool = keyof typeof COST_PER_HOUR;

const DEFAULT_MAX_CONCURRENCY = 4;

/** Per-tier defaults (§10.3.D): what state a fresh deployment starts in, how warm it is kept, when it sleeps. */
const TIERS: Record<
  LifecycleTier,
  {
    state: Extract<AgentState, 'active' | 'sleeping' | 'cold'>;
    warmPool: WarmPool;
    sleepAfterIdleMinutes: number;
  }
> = {
  // Never sleeps; the idle limit is the schema's maximum so a naive timer cannot put it to sleep early.
  always_on: {
    state: 'active',
    warmPool: { warmInstances: 1, maxInstances: 20, scaleUpTimeSeconds: 10 },
    sleepAfterIdleMinutes: 1440,
  },
  business_hours: {
    state: 'sleeping',
    warmPool: { warmInstances: 1, maxInstances: 20, scaleUpTimeSeconds: 30 },
    sleepAfterIdleMinutes: 30,
  },
  on_demand: {
    state: 'cold',
    warmPool: { warmInstances: 0, maxInstances: 10, scaleUpTimeSeconds: 60 },
    sleepAfterIdleMinutes: 30,
  },
};

/** "8 AM - 6 PM" on weekdays (§10.3.D); tenants choose their own zone when they deploy. */
const BUSINESS_HOURS = { startHour: 8, endHour: 18, weekdays: [1, 2, 3, 4, 5], timezone: 'UTC' };

/** A §10.3.C scheduled activation. */
export function cron(expression: string, autoSleepAfterMinutes: number, timezone = 'UTC'): Schedule {
  return { cron: expression, timezone, autoSleepAfterMinutes };
}

/** A §10.3.C event-driven activation, also expressed as the pheromones that carry those events. */
export function trigger(
  events: string[],
  pheromoneTypes: PheromoneType[],
  locations: string[],
  sleepAfterIdleMinutes: number,
): EventTrigger {
  return { events, pheromoneTypes, locations, wakeThreshold: 1, sleepAfterIdleMinutes };
}

export interface GroupDefaults {
  models?: readonly string[];
  /** Tools every agent of the group needs, listed before its own. */
  tools?: readonly string[];
  /** Tags every agent of the group carries, listed after its own. */
  tags?: readonly string[];
}

/** What one agent type states; everything else comes from its group and tier. */
export interface AgentSpec {
  name: string;
  description: string;
  capabilities: readonly string[];
  tools: readonly string[];
  tags: readonly string[];
  tier?: LifecycleTier;
  models?: readonly string[];
  pool?: ResourcePool;
  maxConcurrency?: number;
  schedule?: Schedule;
  trigger?: EventTrigger;
  warmPool?: Partial<WarmPool>;
}

export type AgentBuilder = (name: string, spec: AgentSpec) => CatalogEntry;

const unique = (...lists: (readonly string[] | undefined)[]): string[] => [
  ...new Set(lists.flatMap((l) => l ?? [])),
];

function group(category: CatalogEntry['category'], key: string, defaults: GroupDefaults): AgentBuilder {
  return (name, spec) => {
    const tier = spec.tier ?? 'on_demand';
    const tierDefaults = TIERS[tier];
    const lifecycle: LifecyclePolicy = {
      tier,
      warmPool: { ...tierDefaults.warmPool, ...spec.warmPool },
      // An event-driven agent goes back to sleep on its trigger's idle limit.
      sleepAfterIdleMinutes: spec.trigger?.sleepAfterIdleMinutes ?? tierDefaults.sleepAfterIdleMinutes,
      ...(spec.schedule && { schedule: spec.schedule }),
      ...(spec.trigger && { eventTrigger: spec.trigger }),
      ...(tier === 'business_hours' && { businessHours: { ...BUSINESS_HOURS } }),
    };
    return {
      agentType: `${key}.${name}`,
      name: spec.name,
      description: spec.description,
      category,
      department: category === 'departmental' ? key : null,
      industry: category === 'industry' ? key : null,
      version: '1.0.0',
      capabilities: [...spec.capabilities],
      requiredTools: unique(defaults.tools, spec.tools),
      costTier: tier,
      defaultLifecycle: tierDefaults.state,
      estimatedCostPerHour: COST_PER_HOUR[spec.pool ?? 'general_purpose'],
      tags: unique(spec.tags, defaults.tags),
      modelPreference: [...(spec.models ?? defaults.models ?? MODELS.balanced)],
      lifecycle,
      maxConcurrency: spec.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY,
    };
  };
}

/** Builds the departmental agent types `<dept>.<name>`. */
export const department = (dept: string, defaults: GroupDefaults = {}): AgentBuilder =>
  group('departmental', dept, defaults);

/** Builds the industry vertical agent types `<industry>.<name>`. */
export const industry = (vertical: string, defaults: GroupDefaults = {}): AgentBuilder =>
  group('industry', vertical, defaults);
