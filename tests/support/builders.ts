import type { AgentInstance } from '../../shared/schemas/agent';
import type { PheromoneSignal, PheromoneTrail } from '../../shared/schemas/pheromone';
import type { TaskDocument } from '../../shared/schemas/task';

/**
 * Valid documents (by the zod schemas) with every field filled in, so a test states only what it is
 * about. Times default to Monday 6 January 2025, 09:00 UTC.
 */
export const T0 = '2025-01-06T09:00:00.000Z';

/** `T0` moved by `seconds`, as a Date: the injected clock of a test. */
export function at(seconds: number, from: string = T0): Date {
  return new Date(Date.parse(from) + seconds * 1000);
}

export function anAgent(overrides: Partial<AgentInstance> = {}): AgentInstance {
  return {
    id: 'agent-1',
    tenantId: 'tenant-a',
    agentType: 'finance.reconciliation',
    state: 'idle',
    stateSince: T0,
    capabilities: ['reconciliation'],
    activeTaskIds: [],
    maxConcurrency: 4,
    stats: {},
    lifecycle: {
      tier: 'on_demand',
      warmPool: { warmInstances: 0, maxInstances: 10, scaleUpTimeSeconds: 60 },
      sleepAfterIdleMinutes: 30,
    },
    warm: false,
    keepAliveUntil: null,
    lastActiveAt: T0,
    wokeAt: T0,
    wakeReason: 'deployed',
    checkpoint: null,
    cost: {
      msByState: { cold: 0, sleeping: 0, warming: 0, idle: 0, active: 0 },
      tokens: 0,
      tokenCostUsd: 0,
    },
    modelPreference: ['gpt-4o-mini'],
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

export function aTask(overrides: Partial<TaskDocument> = {}): TaskDocument {
  return {
    id: 'task-1',
    tenantId: 'tenant-a',
    taskType: 'finance.reconciliation',
    requiredCapabilities: ['reconciliation'],
    payload: {},
    priority: 5,
    impact: 'low',
    status: 'queued',
    location: 'finance.reconciliation',
    assignedAgentId: null,
    attempts: 0,
    deferrals: 0,
    history: [{ at: T0, from: null, to: 'queued', by: 'api', reason: 'submitted' }],
    result: null,
    error: null,
    idempotencyKey: null,
    traceparent: null,
    createdAt: T0,
    updatedAt: T0,
    completedAt: null,
    ...overrides,
  };
}

export function aSignal(overrides: Partial<PheromoneSignal> = {}): PheromoneSignal {
  return {
    id: 'signal-1',
    tenantId: 'tenant-a',
    emitter: 'agent-1',
    type: 'task',
    location: 'finance.reconciliation',
    strength: 0.5,
    ttlSeconds: 300,
    trailKey: '',
    data: {},
    depositedAt: T0,
    ...overrides,
  };
}

export function aTrail(overrides: Partial<PheromoneTrail> = {}): PheromoneTrail {
  return {
    id: 'trail-1',
    tenantId: 'tenant-a',
    type: 'task',
    location: 'finance.reconciliation',
    trailKey: '',
    strength: 0.5,
    depositedAt: T0,
    expiresAt: at(300).toISOString(),
    lastEmitter: 'agent-1',
    deposits: 1,
    data: {},
    recentSignalIds: ['signal-0'],
    ttl: 360,
    ...overrides,
  };
}
