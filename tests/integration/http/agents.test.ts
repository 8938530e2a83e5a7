import { startHarness, type Harness } from '../../support/swarmHarness';

describe('agent and repository routes', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('browses the repository by department, industry and capability', async () => {
    const finance = await h.call('GET', '/api/v1/agents/repository?department=finance');
    expect(finance.status).toBe(200);
    expect(finance.body.items.length).toBeGreaterThanOrEqual(6);
    expect(finance.body.items.every((e: { department: string }) => e.department === 'finance')).toBe(true);
    const retail = await h.call('GET', '/api/v1/agents/repository?industry=retail');
    expect(retail.body.items.map((e: { agentType: string }) => e.agentType)).toContain('retail.inventory');
    const forecasting = await h.call('GET', '/api/v1/agents/repository?capability=demand_forecasting');
    const types = forecasting.body.items.map((e: { agentType: string }) => e.agentType);
    expect(types).toEqual(
      expect.arrayContaining(['supply_chain.demand_forecasting', 'retail.demand_forecasting']),
    );
  });

  it('ranks free-text search results and requires q', async () => {
    const res = await h.call('GET', '/api/v1/agents/repository/search?q=inventory%20optimization');
    expect(res.status).toBe(200);
    expect(res.body.items[0].agentType).toMatch(/inventory/);
    const scores = res.body.items.map((e: { score: number }) => e.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect((await h.call('GET', '/api/v1/agents/repository/search')).status).toBe(400);
  });

  it('deploys catalogue agents into the tenant and rejects an unknown type with 422', async () => {
    const res = await h.call('POST', '/api/v1/agents/deploy', {
      body: { agentType: 'finance.reconciliation', instances: 2 },
      headers: { 'x-tenant-id': 'deployer' },
    });
    expect(res.status).toBe(201);
    expect(res.body.agents).toHaveLength(2);
    expect(res.body.agents[0]).toMatchObject({ tenantId: 'deployer', agentType: 'finance.reconciliation' });
    const list = await h.call('GET', '/api/v1/agents?agentType=finance.reconciliation', {
      headers: { 'x-tenant-id': 'deployer' },
    });
    expect(list.body.items).toHaveLength(2);
    const unknown = await h.call('POST', '/api/v1/agents/deploy', { body: { agentType: 'finance.nope' } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].path).toBe('body.agentType');
  });

  it('wakes a sleeping agent from its checkpoint and puts it back to sleep', async () => {
    const tenant = { 'x-tenant-id': 'sleeper' };
    await h.call('POST', '/api/v1/agents/deploy', { body: { agentType: 'hr.onboarding' }, headers: tenant });
    const woke = await h.call('POST', '/api/v1/agents/wake', {
      body: { agentType: 'hr.onboarding', reason: 'user_request', keepAliveMinutes: 60 },
      headers: tenant,
    });
    expect(woke.status).toBe(200);
    expect(woke.body.agent.state).toBe('idle');
    expect(woke.body.agent.keepAliveUntil).toBe(new Date(h.clock.now().getTime() + 3_600_000).toISOString());
    const slept = await h.call('POST', `/api/v1/agents/${woke.body.agentId}/sleep`, { headers: tenant });
    expect(slept.status).toBe(200);
    expect(slept.body.state).toBe('sleeping');
    expect(slept.body.checkpoint).not.toBeNull();
    const again = await h.call('POST', '/api/v1/agents/wake', {
      body: { agentType: 'hr.onboarding', reason: 'user_request' },
      headers: tenant,
    });
    expect(again.body).toMatchObject({ agentId: woke.body.agentId, coldStart: false });
  });

  it('creates an instance on a wake for a type never deployed (a cold start)', async () => {
    const res = await h.call('POST', '/api/v1/agents/wake', {
      body: { agentType: 'retail.inventory', reason: 'user_request' },
      headers: { 'x-tenant-id': 'fresh' },
    });
    expect(res.status).toBe(200);
    expect(res.body.coldStart).toBe(true);
    expect(res.body.agent.state).toBe('idle');
  });

  it("refuses to put a working agent to sleep (409) and hides other tenants' agents (404)", async () => {
    const tenant = { 'x-tenant-id': 'busy' };
    const woke = await h.call('POST', '/api/v1/agents/wake', {
      body: { agentType: 'crm.customer_support', reason: 'test' },
      headers: tenant,
    });
    const stored = (await h.swarm.agents.get('busy', woke.body.agentId))!;
    await h.swarm.agents.replace({ ...stored.doc, state: 'active', activeTaskIds: ['t-1'] }, stored.etag);
    expect(
      (await h.call('POST', `/api/v1/agents/${woke.body.agentId}/sleep`, { headers: tenant })).status,
    ).toBe(409);
    const foreign = await h.call('POST', `/api/v1/agents/${woke.body.agentId}/sleep`, {
      headers: { 'x-tenant-id': 'intruder' },
    });
    expect(foreign.status).toBe(404);
    const list = await h.call('GET', '/api/v1/agents', { headers: { 'x-tenant-id': 'intruder' } });
    expect(list.body.items).toEqual([]);
  });

  it('validates agent queries and bodies with field paths', async () => {
    const badState = await h.call('GET', '/api/v1/agents?state=dreaming');
    expect(badState.status).toBe(400);
    expect(badState.body.errors[0].path).toBe('query.state');
    const badWake = await h.call('POST', '/api/v1/agents/wake', { body: { agentType: 'hr.onboarding' } });
    expect(badWake.status).toBe(422);
    expect(badWake.body.errors[0].path).toBe('body.reason');
  });
});
