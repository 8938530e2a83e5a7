import { sleep } from '../../domain/agentStateMachine';
import type { AgentInstance } from '../../schemas/agent';
import { TelemetryEvents } from '../../telemetry/names';
import { Conflict } from '../errors';
import type { Swarm } from '../swarm';
import { updateAgent } from './updateAgent';

/** Puts an agent to sleep, checkpointing its state; an agent still holding tasks must finish them first. */
export async function sleepAgent(
  swarm: Swarm,
  tenantId: string,
  agentId: string,
  reason: string,
): Promise<AgentInstance> {
  let slept = false;
  const agent = await updateAgent(swarm, { tenantId, id: agentId }, (current) => {
    if (current.state === 'sleeping') return undefined;
    if (current.activeTaskIds.length > 0) {
      throw new Conflict(
        `Agent ${agentId} is working on ${current.activeTaskIds.length} task(s); try again later`,
      );
    }
    slept = true;
    return sleep(current, swarm.clock.now(), reason);
  });
  if (slept) {
    swarm.telemetry.event({
      name: TelemetryEvents.AgentSlept,
      properties: { tenantId, agentId, agentType: agent.agentType, reason },
    });
  }
  return agent;
}
