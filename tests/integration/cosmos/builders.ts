import type { AgentInstance } from '../../../shared/schemas/agent';
import type { PheromoneTrail } from '../../../shared/schemas/pheromone';
import type { TaskDocument } from '../../../shared/schemas/task';

/** Minimal valid documents for the store tests; override what a test is about. */

export function aTask(overrides: Partial<TaskDocument> & Pick<TaskDocument, 'tenantId'>): TaskDocument {
  const at = overrides.createdAt ?? '2025-01-01T00:00:00.000Z';
  return {
    id: `task-${Math.random().toString(36).slice(2, 10)}`,
    taskType: 'finance.reconciliation',
    requiredCapabilities: ['reconcile'],
    payload: { invoice: 42 },
    priority: 5,
    impact: 'low',
    status: 'queued',
    location: 'finance.reconciliation',
    assignedAgentId: null,
    attempts: 0,
    deferrals: 0,
    history: [{ at, from: null, to: 'queued', by: 'api', reason: 'submitted' }],
    result: null,
    error: null,
    idempotencyKey: null,
    traceparent: null,
    createdAt: at,
    updatedAt: at,
    completedAt: null,
    ...overrides,
  };
}

export function anAgent(overrides: Partial<AgentInstance> & Pick<AgentInstance, 'tenantId'>): AgentInstance {
  const at = '2025-01-01T00:00:00.000Z';
  return {
    id: `agent-${Math.random().toString(36).slice(2, 10)}`,
    agentType: 'finance.reconciler',
    state: 'idle',
    stateSince: at,
    capabilities: ['reconcile'],
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
    lastActiveAt: null,
    wokeAt: null,
    wakeReason: null,
    checkpoint: null,
    cost: { msByState: {}, tokens: 0, tokenCostUsd: 0 },
    modelPreference: [],
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

export function aTrail(
  overrides: Partial<PheromoneTrail> & Pick<PheromoneTrail, 'tenantId'>,
): PheromoneTrail {
  return {
    id: `trail-${Math.random().toString(36).slice(2, 10)}`,
    type: 'task',
    location: 'finance.reconciliation',
    trailKey: '',
    strength: 0.5,
    depositedAt: '2025-01-01T00:00:00.000Z',
    expiresAt: '2025-01-01T01:00:00.000Z',
    lastEmitter: 'agent-1',
    deposits: 1,
    data: {},
    recentSignalIds: ['signal-1'],
    ttl: 3660,
    ...overrides,
  };
}
