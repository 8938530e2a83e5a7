import { CosmosAgentStore } from '../../../shared/adapters/azure/cosmos/agents';
import { CorruptDocument } from '../../../shared/adapters/azure/cosmos/errors';
import { AlreadyExists, ConcurrencyConflict } from '../../../shared/ports';
import { anAgent } from './builders';
import { aTenant, startCosmos, type CosmosHarness } from './harness';

let cosmos: CosmosHarness;
let store: CosmosAgentStore;

beforeAll(async () => {
  cosmos = await startCosmos();
  store = new CosmosAgentStore(cosmos.container('agents'));
});

afterAll(async () => {
  await cosmos.close();
});

describe('CosmosAgentStore', () => {
  it('creates, reads and replaces an agent with compare-and-set', async () => {
    const tenantId = aTenant();
    const agent = anAgent({ tenantId });
    const created = await store.create(agent);
    expect(created.doc).toEqual(agent);
    expect(await store.get(tenantId, agent.id)).toEqual(created);

    const woken = await store.replace({ ...agent, state: 'active', wakeReason: 'task' }, created.etag);
    expect(woken.doc.state).toBe('active');
    expect(woken.etag).not.toEqual(created.etag);

    await expect(store.replace({ ...agent, state: 'sleeping' }, created.etag)).rejects.toBeInstanceOf(
      ConcurrencyConflict,
    );
    expect(await store.get(tenantId, agent.id)).toEqual(woken);
  });

  it('refuses a duplicate with AlreadyExists', async () => {
    const agent = anAgent({ tenantId: aTenant() });
    await store.create(agent);
    await expect(store.create(agent)).rejects.toBeInstanceOf(AlreadyExists);
  });

  it('never returns another tenant’s agent', async () => {
    const agent = anAgent({ tenantId: aTenant() });
    await store.create(agent);
    expect(await store.get(aTenant(), agent.id)).toBeUndefined();
    expect(await store.list(aTenant())).toEqual([]);
  });

  it('lists a tenant’s agents by state and type, each with an etag usable for replace', async () => {
    const tenantId = aTenant();
    const agents = [
      anAgent({ tenantId, id: 'a1', agentType: 'finance.reconciler', state: 'idle' }),
      anAgent({ tenantId, id: 'a2', agentType: 'finance.reconciler', state: 'sleeping' }),
      anAgent({ tenantId, id: 'a3', agentType: 'hr.onboarding', state: 'idle' }),
      anAgent({ tenantId, id: 'a4', agentType: 'hr.onboarding', state: 'active' }),
    ];
    for (const agent of agents) await store.create(agent);
    await store.create(anAgent({ tenantId: aTenant(), id: 'elsewhere', state: 'idle' }));

    const ids = async (filter?: { state?: string; agentType?: string }) =>
      (await store.list(tenantId, filter)).map((v) => v.doc.id);
    expect(await ids()).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(await ids({ state: 'idle' })).toEqual(['a1', 'a3']);
    expect(await ids({ agentType: 'hr.onboarding' })).toEqual(['a3', 'a4']);
    expect(await ids({ state: 'idle', agentType: 'hr.onboarding' })).toEqual(['a3']);
    expect(await ids({ state: 'warming' })).toEqual([]);

    const [listed] = await store.list(tenantId, { state: 'sleeping' });
    if (!listed) throw new Error('no sleeping agent listed');
    expect(listed).toEqual(await store.get(tenantId, 'a2'));
    await expect(store.replace({ ...listed.doc, state: 'warming' }, listed.etag)).resolves.toBeDefined();
  });

  it('names every tenant that has agents, once each', async () => {
    const tenants = [aTenant(), aTenant(), aTenant()];
    for (const tenantId of tenants) {
      await store.create(anAgent({ tenantId }));
      await store.create(anAgent({ tenantId }));
    }
    const found = await store.tenants();
    expect(found).toEqual(expect.arrayContaining(tenants));
    expect(new Set(found).size).toBe(found.length);
  });

  it('fails loudly, naming the document, when a stored agent is corrupt', async () => {
    const tenantId = aTenant();
    await cosmos
      .container('agents')
      .items.create({ ...anAgent({ tenantId, id: 'broken' }), maxConcurrency: 0 });
    const error = await store.get(tenantId, 'broken').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptDocument);
    expect((error as Error).message).toMatch(/agents document 'broken'.*maxConcurrency/);
    await expect(store.list(tenantId)).rejects.toBeInstanceOf(CorruptDocument);
  });
});
