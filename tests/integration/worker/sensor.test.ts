import { foldSignals } from '../../../shared/services/sensor/foldSignals';
import { reactToSignals } from '../../../shared/services/sensor/react';
import { anAgent, aSignal } from '../../support/builders';
import { startHarness, type Harness } from '../../support/swarmHarness';

describe('pheromone sensor', () => {
  let h: Harness;
  let n = 0;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const tenant = () => `s${++n}`;
  const signal = (tenantId: string, overrides = {}) =>
    aSignal({
      id: `sig-${tenantId}-${Math.random()}`,
      tenantId,
      depositedAt: h.clock.now().toISOString(),
      ...overrides,
    });
  async function sense(events: unknown[]) {
    const report = await foldSignals(h.swarm, events);
    await reactToSignals(h.swarm, report.folded);
    return report;
  }

  it('folds a batch into trails, reinforcing, and ignores a redelivered signal', async () => {
    const tenantId = tenant();
    const first = signal(tenantId, { type: 'success', strength: 0.4 });
    const second = signal(tenantId, { type: 'success', strength: 0.4 });
    const report = await sense([first, second, first]);
    expect(report).toMatchObject({ duplicates: 1, rejected: 0 });
    const trails = await h.swarm.field.live(tenantId, { type: 'success' }, h.clock.now());
    expect(trails).toHaveLength(1);
    expect(trails[0]).toMatchObject({ strength: 0.8, deposits: 2 });
    expect((await sense([second])).duplicates).toBe(1);
  });

  it('records an invalid event and goes on with the batch', async () => {
    const tenantId = tenant();
    const report = await sense([{ type: 'smell' }, signal(tenantId)]);
    expect(report).toMatchObject({ rejected: 1, duplicates: 0 });
    expect(report.folded).toHaveLength(1);
    expect(h.telemetry.named('PheromoneRejected').at(-1)?.properties?.reason).toMatch(/type/);
  });

  it('recruits a capable agent for a strong TASK trail when none is awake, and only then', async () => {
    const tenantId = tenant();
    await h.swarm.agents.create(
      anAgent({ id: `${tenantId}-a`, tenantId, state: 'sleeping', capabilities: ['reconciliation'] }),
    );
    await sense([
      signal(tenantId, { type: 'task', strength: 0.3, data: { requiredCapabilities: ['reconciliation'] } }),
    ]);
    expect((await h.swarm.agents.get(tenantId, `${tenantId}-a`))!.doc.state).toBe('sleeping');
    await sense([
      signal(tenantId, {
        type: 'task',
        strength: 0.7,
        trailKey: 'x',
        data: { requiredCapabilities: ['reconciliation'] },
      }),
    ]);
    expect((await h.swarm.agents.get(tenantId, `${tenantId}-a`))!.doc.state).toBe('idle');
  });

  it('wakes more agents of a type on LOAD_BALANCING, within maxInstances', async () => {
    const tenantId = tenant();
    const pool = { warmInstances: 0, maxInstances: 2, scaleUpTimeSeconds: 10 };
    for (const id of ['a', 'b', 'c']) {
      await h.swarm.agents.create(
        anAgent({
          id: `${tenantId}-${id}`,
          tenantId,
          agentType: 'retail.inventory',
          state: 'cold',
          lifecycle: { ...anAgent().lifecycle, warmPool: pool },
        }),
      );
    }
    await sense([
      signal(tenantId, { type: 'load_balancing', data: { agentType: 'retail.inventory', count: 5 } }),
    ]);
    const states = (await h.swarm.agents.list(tenantId)).map((v) => v.doc.state).sort();
    expect(states).toEqual(['cold', 'idle', 'idle']);
  });

  it('wakes an agent whose event trigger matches (danger at security wakes the defender)', async () => {
    const tenantId = tenant();
    await h.swarm.agents.create(
      anAgent({
        id: `${tenantId}-defender`,
        tenantId,
        agentType: 'cybersecurity.defender',
        state: 'sleeping',
        lifecycle: {
          ...anAgent().lifecycle,
          eventTrigger: {
            events: [],
            pheromoneTypes: ['danger'],
            locations: ['security'],
            wakeThreshold: 1,
            sleepAfterIdleMinutes: 5,
          },
        },
      }),
    );
    await sense([signal(tenantId, { type: 'danger', location: 'finance.ap' })]);
    expect((await h.swarm.agents.get(tenantId, `${tenantId}-defender`))!.doc.state).toBe('sleeping');
    await sense([signal(tenantId, { type: 'danger', location: 'security.alert' })]);
    expect((await h.swarm.agents.get(tenantId, `${tenantId}-defender`))!.doc.state).toBe('idle');
  });

  it('turns a CAPABILITY request into one integration task on ants-integrations', async () => {
    const tenantId = tenant();
    const request = signal(tenantId, {
      type: 'capability',
      location: 'integrations.stripe',
      data: { capability: 'stripe payments' },
    });
    await sense([request]);
    await foldSignals(h.swarm, [request]).then((r) => reactToSignals(h.swarm, r.folded));
    const integration = h.queue.sent.filter((s) => s.message.tenantId === tenantId);
    expect(integration).toHaveLength(1);
    expect(integration[0]!.options.queue).toBe('integrations');
    expect(integration[0]!.message.taskType).toBe('meta.integration_build');
  });
});
