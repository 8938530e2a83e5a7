import type { AgentInstance } from '../../schemas/agent';
import { compareAndSet } from '../compareAndSet';
import { NotFound } from '../errors';
import type { Swarm } from '../swarm';

/** Compare-and-set on one agent; `change` returns `undefined` when no write is needed. */
export async function updateAgent(
  swarm: Swarm,
  agent: Pick<AgentInstance, 'tenantId' | 'id'>,
  change: (current: AgentInstance) => AgentInstance | undefined,
): Promise<AgentInstance> {
  return compareAndSet(
    () => swarm.agents.get(agent.tenantId, agent.id),
    (current) => {
      const next = change(current);
      return next ? { next, result: next } : { result: current };
    },
    (next, etag) => swarm.agents.replace(next, etag),
    () => {
      throw new NotFound(`Agent ${agent.id}`);
    },
  );
}
