import type { AgentInstance } from '../../schemas/agent';
import { updateDocument } from '../compareAndSet';
import { NotFound } from '../errors';
import type { Swarm } from '../swarm';

/** Compare-and-set on one agent; `change` returns `undefined` when no write is needed. */
export function updateAgent(
  swarm: Swarm,
  agent: Pick<AgentInstance, 'tenantId' | 'id'>,
  change: (current: AgentInstance) => AgentInstance | undefined,
): Promise<AgentInstance> {
  return updateDocument(swarm.agents, agent, change, () => new NotFound(`Agent ${agent.id}`));
}
