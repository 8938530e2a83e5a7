import { anAgent, aTask } from '../../support/builders';
import { startHarness, type Harness } from '../../support/swarmHarness';

describe('metrics routes, computed from stored state', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('reports load Gini, idle ratio, throughput, tasks and agents by state for the tenant only', async () => {
    const now = h.clock.now();
    const hourAgo = new Date(now.getTime() - 3_600_000).toISOString();
    const stats = (n: number) => ({
      'finance.reconciliation': { successes: n, failures: 0, threshold: 0.5 },
    });
    const cost = (idleMs: number, activeMs: number) => ({
      ...anAgent().cost,
      msByState: { idle: idleMs, active: activeMs },
    });
    await h.swarm.agents.create(
      anAgent({
        id: 'a1',
        tenantId: 'm',
        state: 'active',
        stateSince: now.toISOString(),
        stats: stats(10),
        cost: cost(1000, 9000),
      }),
    );
    await h.swarm.agents.create(
      anAgent({
        id: 'a2',
        tenantId: 'm',
        state: 'sleeping',
        stateSince: now.toISOString(),
        stats: stats(10),
        cost: cost(1000, 9000),
      }),
    );
    await h.swarm.agents.create(anAgent({ id: 'a3', tenantId: 'other', stats: stats(99) }));
    const completedAt = new Date(now.getTime() - 60_000).toISOString();
    for (let i = 0; i < 3; i++) {
      await h.swarm.tasks.create(
        aTask({ id: `c${i}`, tenantId: 'm', status: 'completed', createdAt: hourAgo, completedAt }),
      );
    }
    await h.swarm.tasks.create(
      aTask({ id: 'old', tenantId: 'm', status: 'completed', createdAt: hourAgo, completedAt: hourAgo }),
    );
    await h.swarm.tasks.create(aTask({ id: 'q', tenantId: 'm', status: 'queued', createdAt: hourAgo }));
    await h.swarm.tasks.create(
      aTask({ id: 'x', tenantId: 'other', status: 'completed', createdAt: hourAgo, completedAt }),
    );

    const res = await h.call('GET', '/api/v1/metrics/swarm', { headers: { 'x-tenant-id': 'm' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      gini: 0,
      idleRatio: 0.1,
      throughputPerMinute: 0.2,
      approvalRate: 0,
      agentsByState: { active: 1, sleeping: 1, idle: 0, cold: 0, warming: 0 },
    });
    expect(res.body.tasksByStatus).toMatchObject({ completed: 4, queued: 1, failed: 0 });
  });

  it('reports cost by agent type and model, the budget and the sleep/wake saving', async () => {
    h.swarm.budgets = { c: 1 };
    const created = new Date(h.clock.now().getTime() - 10 * 3_600_000).toISOString();
    const base = anAgent().cost;
    await h.swarm.agents.create(
      anAgent({
        id: 'c1',
        tenantId: 'c',
        agentType: 'finance.reconciliation',
        state: 'sleeping',
        stateSince: h.clock.now().toISOString(),
        createdAt: created,
        cost: {
          ...base,
          msByState: { idle: 3_600_000, sleeping: 9 * 3_600_000 },
          tokens: 1000,
          tokenCostUsd: 0.5,
          byModel: { 'gpt-4o': { tokens: 1000, usd: 0.5 } },
          monthToDate: { month: h.clock.now().toISOString().slice(0, 7), usd: 0.8 },
        },
      }),
    );
    const res = await h.call('GET', '/api/v1/metrics/cost', { headers: { 'x-tenant-id': 'c' } });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.byTenant)).toEqual(['c']);
    expect(res.body.byTenant.c).toMatchObject({
      computeUsd: 0.3,
      tokenUsd: 0.5,
      totalUsd: 0.8,
      tokens: 1000,
    });
    expect(res.body.byTenant.c.budget).toMatchObject({ monthlyUsd: 1, spentUsd: 0.8, alert: 0.8 });
    expect(res.body.byAgentType['finance.reconciliation'].totalUsd).toBe(0.8);
    expect(res.body.byModel).toEqual({ 'gpt-4o': { tokens: 1000, usd: 0.5 } });
    // Always on for 10 h would have cost 2.10; it cost 0.21 + 0.09 = 0.30.
    expect(res.body.sleepWakeSavingRatio).toBeCloseTo(1 - 0.3 / 2.1, 3);
  });
});
