import type { Container, SqlParameter } from '@azure/cosmos';
import type { AgentStore, Versioned } from '../../../ports';
import { AgentInstance } from '../../../schemas/agent';
import { DocumentCollection } from './documents';

export class CosmosAgentStore implements AgentStore {
  private readonly documents: DocumentCollection<AgentInstance>;

  /** `container`: the `agents` container. */
  constructor(private readonly container: Container) {
    this.documents = new DocumentCollection(container, AgentInstance);
  }

  create(agent: AgentInstance): Promise<Versioned<AgentInstance>> {
    return this.documents.create(agent);
  }

  get(tenantId: string, agentId: string): Promise<Versioned<AgentInstance> | undefined> {
    return this.documents.get(tenantId, agentId);
  }

  replace(agent: AgentInstance, etag: string): Promise<Versioned<AgentInstance>> {
    return this.documents.replace(agent, etag);
  }

  /** Every agent of the tenant matching the filter, ordered by id; a tenant has tens to hundreds. */
  list(
    tenantId: string,
    filter: { state?: string; agentType?: string } = {},
  ): Promise<Versioned<AgentInstance>[]> {
    const where: string[] = [];
    const parameters: SqlParameter[] = [];
    if (filter.state !== undefined) {
      where.push('c.state = @state');
      parameters.push({ name: '@state', value: filter.state });
    }
    if (filter.agentType !== undefined) {
      where.push('c.agentType = @agentType');
      parameters.push({ name: '@agentType', value: filter.agentType });
    }
    return this.documents.query(tenantId, { where, orderBy: 'c.id', parameters });
  }

  /**
   * The one cross-partition read in the adapters. DISTINCT is avoided (the local server lacks it), so this
   * reads one small projection per agent and dedupes here: cost grows with the number of agents, a few RU
   * per thousand. Fine for the lifecycle timer at hundreds of tenants; at far larger scale keep a tenant
   * registry document instead.
   */
  async tenants(): Promise<string[]> {
    const tenants = new Set<string>();
    const pages = this.container.items.query<unknown>('SELECT VALUE c.tenantId FROM c').getAsyncIterator();
    for await (const page of pages) {
      for (const tenantId of page.resources) if (typeof tenantId === 'string') tenants.add(tenantId);
    }
    return [...tenants].sort();
  }
}
