import type { AgentInstance, AgentListQuery } from '../../schemas/agent';
import type { Swarm } from '../swarm';

export async function listAgents(
  swarm: Swarm,
  tenantId: string,
  query: AgentListQuery,
): Promise<AgentInstance[]> {
  const found = await swarm.agents.list(tenantId, query);
  return found.map((v) => v.doc);
}
