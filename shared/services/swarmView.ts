import { isAwake } from '../domain/agentStateMachine';
import type { AgentInstance } from '../schemas/agent';
import type { PheromoneTrail } from '../schemas/pheromone';
import type { Swarm } from './swarm';

/**
 * A worker's or sensor's short-lived view of a tenant: its agents and live danger trails. Reading all of
 * a tenant's agents for every task would cost far more request units than the task itself; a view a
 * couple of seconds old is safe because every claim and every wake is still a compare-and-set on the
 * agent and the task.
 */
export class SwarmView {
  private readonly agents = new Map<string, { at: number; value: Promise<AgentInstance[]> }>();
  private readonly danger = new Map<string, { at: number; value: Promise<PheromoneTrail[]> }>();

  constructor(
    private readonly swarm: Swarm,
    private readonly maxAgeMs = 2000,
  ) {}

  allAgents(tenantId: string): Promise<AgentInstance[]> {
    return this.cached(this.agents, tenantId, async () =>
      (await this.swarm.agents.list(tenantId)).map((v) => v.doc),
    );
  }

  async awakeAgents(tenantId: string): Promise<AgentInstance[]> {
    return (await this.allAgents(tenantId)).filter(isAwake);
  }

  dangerTrails(tenantId: string): Promise<PheromoneTrail[]> {
    return this.cached(this.danger, tenantId, () =>
      this.swarm.field.live(tenantId, { type: 'danger' }, this.swarm.clock.now()),
    );
  }

  /** After this worker changed an agent, the next decision must see it. */
  forgetAgents(tenantId: string): void {
    this.agents.delete(tenantId);
  }

  /**
   * Puts an agent this worker has just written into the cached view instead of dropping the view: the
   * next decision sees the write without reading the whole tenant again (a list of every agent is the
   * costliest read a task causes).
   */
  remember(agent: AgentInstance): void {
    const hit = this.agents.get(agent.tenantId);
    if (!hit) return;
    const value = hit.value.then((agents) => [...agents.filter((a) => a.id !== agent.id), agent]);
    value.catch(() => this.agents.delete(agent.tenantId));
    this.agents.set(agent.tenantId, { at: hit.at, value });
  }

  forgetDanger(tenantId: string): void {
    this.danger.delete(tenantId);
  }

  private cached<T>(
    map: Map<string, { at: number; value: Promise<T> }>,
    tenantId: string,
    load: () => Promise<T>,
  ): Promise<T> {
    const now = Date.now();
    const hit = map.get(tenantId);
    if (hit && now - hit.at < this.maxAgeMs) return hit.value;
    const value = load();
    map.set(tenantId, { at: now, value });
    value.catch(() => map.delete(tenantId));
    return value;
  }
}
