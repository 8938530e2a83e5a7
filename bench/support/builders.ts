import { catalog } from '../../shared/catalog';
import { trailId } from '../../shared/domain/trail';
import type { AgentInstance } from '../../shared/schemas/agent';
import type { PheromoneSignal, PheromoneTrail, PheromoneType } from '../../shared/schemas/pheromone';
import { PheromoneType as PheromoneTypes } from '../../shared/schemas/pheromone';
import { instantiate } from '../../shared/services/agents/deployAgents';
import type { Swarm } from '../../shared/services/swarm';

/** Monday 6 January 2025, 09:00 UTC: the benches' fixed "now". */
export const BENCH_NOW = new Date('2025-01-06T09:00:00.000Z');
export const TENANT = 'tenant-bench';

/** Just what `instantiate` reads from a swarm: a clock and ids. */
function deployer(at: Date): Swarm {
  let n = 0;
  return {
    clock: { now: () => at },
    newId: () => String(++n).padStart(12, '0'),
  } as unknown as Swarm;
}

/**
 * `count` awake catalogue agents (round-robin over the 65 types), as deployAgents would create them, with
 * a random load below their concurrency and some success history so bids differ as they do in production.
 */
export function awakeAgents(count: number, random: () => number, at = BENCH_NOW): AgentInstance[] {
  const swarm = deployer(at);
  return Array.from({ length: count }, (_, i) => {
    const entry = catalog[i % catalog.length]!;
    const agent = instantiate(swarm, TENANT, entry, {}, true);
    const load = Math.floor(random() * agent.maxConcurrency);
    const successes = Math.floor(random() * 12);
    const failures = Math.floor(random() * 3);
    return {
      ...agent,
      state: load > 0 ? 'active' : 'idle',
      activeTaskIds: Array.from({ length: load }, (_, j) => `held-${i}-${j}`),
      stats: {
        [entry.agentType]: {
          successes,
          failures,
          threshold: Math.max(0.05, Math.min(0.95, 0.5 - 0.05 * successes + 0.1 * failures)),
        },
      },
    };
  });
}

/** Locations like the catalogue's task types, with sub-locations: `finance.reconciliation.eu-3`. */
export function locations(perType: number): string[] {
  return catalog.flatMap((entry) =>
    Array.from({ length: perType }, (_, i) => `${entry.agentType}.region-${i}`),
  );
}

/** A live trail (deposited up to 30 minutes before `at`, expiring up to an hour after). */
export function liveTrail(
  random: () => number,
  location: string,
  type: PheromoneType,
  trailKey: string,
  at = BENCH_NOW,
): PheromoneTrail {
  const depositedMs = at.getTime() - Math.floor(random() * 30 * 60_000);
  const expiresMs = at.getTime() + 60_000 + Math.floor(random() * 60 * 60_000);
  return {
    id: trailId(TENANT, type, location, trailKey),
    tenantId: TENANT,
    type,
    location,
    trailKey,
    strength: Math.round((0.05 + 0.95 * random()) * 1000) / 1000,
    depositedAt: new Date(depositedMs).toISOString(),
    expiresAt: new Date(expiresMs).toISOString(),
    lastEmitter: 'agent-bench',
    deposits: 1 + Math.floor(random() * 20),
    data: { taskType: location },
    recentSignalIds: Array.from({ length: 8 }, (_, i) => `signal-${i}`),
    ttl: 3600,
  };
}

export const PHEROMONE_TYPES: readonly PheromoneType[] = PheromoneTypes.options;

export function signal(
  id: string,
  location: string,
  type: PheromoneType,
  trailKey: string,
  strength: number,
  at = BENCH_NOW,
): PheromoneSignal {
  return {
    id,
    tenantId: TENANT,
    emitter: 'agent-bench',
    type,
    location,
    trailKey,
    strength,
    ttlSeconds: 3600,
    data: { taskId: id },
    depositedAt: at.toISOString(),
  };
}
