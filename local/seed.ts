import { wake } from '../shared/domain/agentStateMachine';
import { deployAgents } from '../shared/services/agents/deployAgents';
import { updateAgent } from '../shared/services/agents/updateAgent';
import type { Swarm } from '../shared/services/swarm';

/**
 * The small default swarm `npm start` deploys into tenant `default`: a handful of catalogue types, some
 * awake (always-on and warm pools), some asleep, so a first task has someone to do it and a first look at
 * /v1/agents shows the lifecycle at work. Only when the tenant has no agents yet.
 */
export const DEFAULT_SWARM: { agentType: string; instances: number; awake: number }[] = [
  { agentType: 'finance.reconciliation', instances: 2, awake: 1 },
  { agentType: 'finance.fraud_detection', instances: 1, awake: 0 },
  { agentType: 'crm.customer_support', instances: 2, awake: 2 },
  { agentType: 'retail.inventory', instances: 2, awake: 1 },
  { agentType: 'hr.onboarding', instances: 1, awake: 0 },
  { agentType: 'it.incident_management', instances: 1, awake: 1 },
  { agentType: 'cybersecurity.defender', instances: 1, awake: 1 },
  { agentType: 'selfops.infraops', instances: 1, awake: 1 },
];

export async function seedDefaultSwarm(swarm: Swarm, tenantId = 'default'): Promise<number> {
  if ((await swarm.agents.list(tenantId)).length > 0) return 0;
  let deployed = 0;
  for (const { agentType, instances, awake } of DEFAULT_SWARM) {
    const agents = await deployAgents(swarm, tenantId, { agentType, instances });
    deployed += agents.length;
    for (const agent of agents.slice(0, awake)) {
      await updateAgent(swarm, agent, (current) => {
        const woke = wake(current, swarm.clock.now(), 'seeded awake');
        return woke.agent === current ? undefined : woke.agent;
      });
    }
  }
  return deployed;
}
