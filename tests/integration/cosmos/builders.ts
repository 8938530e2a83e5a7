import type { AgentInstance } from '../../../shared/schemas/agent';
import type { PheromoneTrail } from '../../../shared/schemas/pheromone';
import type { TaskDocument } from '../../../shared/schemas/task';
import * as shared from '../../support/builders';

/**
 * The shared builders with a fresh id each time and a tenant always named: the store tests put many
 * documents into one server and check isolation between tenants.
 */
const freshId = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 10)}`;

export function aTask(overrides: Partial<TaskDocument> & Pick<TaskDocument, 'tenantId'>): TaskDocument {
  const at = overrides.createdAt ?? '2025-01-01T00:00:00.000Z';
  return shared.aTask({
    id: freshId('task'),
    createdAt: at,
    updatedAt: at,
    history: [{ at, from: null, to: 'queued', by: 'api', reason: 'submitted' }],
    ...overrides,
  });
}

export function anAgent(overrides: Partial<AgentInstance> & Pick<AgentInstance, 'tenantId'>): AgentInstance {
  return shared.anAgent({ id: freshId('agent'), ...overrides });
}

export function aTrail(
  overrides: Partial<PheromoneTrail> & Pick<PheromoneTrail, 'tenantId'>,
): PheromoneTrail {
  return shared.aTrail({
    id: freshId('trail'),
    depositedAt: '2025-01-01T00:00:00.000Z',
    expiresAt: '2025-01-01T01:00:00.000Z',
    ...overrides,
  });
}
