import { CosmosPheromoneField } from '../../../shared/adapters/azure/cosmos/pheromones';
import { CorruptDocument } from '../../../shared/adapters/azure/cosmos/errors';
import { AlreadyExists, ConcurrencyConflict } from '../../../shared/ports';
import type { PheromoneTrail } from '../../../shared/schemas/pheromone';
import { aTrail } from './builders';
import { aTenant, startCosmos, type CosmosHarness } from './harness';

let cosmos: CosmosHarness;
let field: CosmosPheromoneField;

const now = new Date('2025-06-01T12:00:00.000Z');
const later = '2025-06-01T13:00:00.000Z';

beforeAll(async () => {
  cosmos = await startCosmos();
  field = new CosmosPheromoneField(cosmos.container('pheromones'));
});

afterAll(async () => {
  await cosmos.close();
});

async function deposit(tenantId: string, trails: Partial<PheromoneTrail>[]): Promise<void> {
  for (const trail of trails) await field.create(aTrail({ tenantId, expiresAt: later, ...trail }));
}

const ids = (trails: PheromoneTrail[]) => trails.map((t) => t.id).sort();

describe('CosmosPheromoneField', () => {
  it('creates, reads and replaces a trail with compare-and-set', async () => {
    const tenantId = aTenant();
    const trail = aTrail({ tenantId });
    const created = await field.create(trail);
    expect(created.doc).toEqual(trail);
    expect(await field.get(tenantId, trail.id)).toEqual(created);

    const reinforced = await field.replace({ ...trail, strength: 0.9, deposits: 2 }, created.etag);
    expect(reinforced.doc.strength).toBe(0.9);
    await expect(field.replace({ ...trail, strength: 0.1 }, created.etag)).rejects.toBeInstanceOf(
      ConcurrencyConflict,
    );
    expect(await field.get(tenantId, trail.id)).toEqual(reinforced);
    await expect(field.create(trail)).rejects.toBeInstanceOf(AlreadyExists);
  });

  it('never returns another tenant’s trail', async () => {
    const tenantId = aTenant();
    const trail = aTrail({ tenantId, expiresAt: later });
    await field.create(trail);
    expect(await field.get(aTenant(), trail.id)).toBeUndefined();
    expect(await field.live(aTenant(), {}, now)).toEqual([]);
    expect(ids(await field.live(tenantId, {}, now))).toEqual([trail.id]);
  });

  it('returns only trails that expire after now, whatever Cosmos TTL has or has not done', async () => {
    const tenantId = aTenant();
    await deposit(tenantId, [
      { id: 'expired', expiresAt: '2025-06-01T11:59:59.999Z' },
      { id: 'expiring-now', expiresAt: '2025-06-01T12:00:00.000Z' },
      { id: 'live', expiresAt: '2025-06-01T12:00:00.001Z' },
      { id: 'live-offset', expiresAt: '2025-06-01T14:30:00+02:00' },
      { id: 'expired-offset', expiresAt: '2025-06-01T13:30:00+02:00' },
    ]);
    expect(ids(await field.live(tenantId, {}, now))).toEqual(['live', 'live-offset']);
    expect((await field.get(tenantId, 'live-offset'))?.doc.expiresAt).toBe('2025-06-01T12:30:00.000Z');
  });

  it('filters by type and by exact location', async () => {
    const tenantId = aTenant();
    await deposit(tenantId, [
      { id: 'task-recon', type: 'task', location: 'finance.reconciliation' },
      { id: 'danger-recon', type: 'danger', location: 'finance.reconciliation' },
      { id: 'task-ap', type: 'task', location: 'finance.ap' },
    ]);
    expect(ids(await field.live(tenantId, { type: 'task' }, now))).toEqual(['task-ap', 'task-recon']);
    expect(ids(await field.live(tenantId, { location: 'finance.reconciliation' }, now))).toEqual([
      'danger-recon',
      'task-recon',
    ]);
    expect(ids(await field.live(tenantId, { type: 'danger', location: 'finance.ap' }, now))).toEqual([]);
    expect(ids(await field.live(tenantId, { location: 'finance' }, now))).toEqual([]);
  });

  it('matches `prefix.*` to every location below the prefix, at any depth, but not the prefix itself', async () => {
    const tenantId = aTenant();
    await deposit(tenantId, [
      { id: 'finance', location: 'finance' },
      { id: 'finance-recon', location: 'finance.reconciliation' },
      { id: 'finance-ap-invoices', location: 'finance.ap.invoices', type: 'danger' },
      { id: 'financex', location: 'financex.reports' },
      { id: 'hr', location: 'hr.onboarding' },
    ]);
    expect(ids(await field.live(tenantId, { location: 'finance.*' }, now))).toEqual([
      'finance-ap-invoices',
      'finance-recon',
    ]);
    expect(ids(await field.live(tenantId, { location: 'finance.ap.*' }, now))).toEqual([
      'finance-ap-invoices',
    ]);
    expect(ids(await field.live(tenantId, { location: 'finance.*', type: 'danger' }, now))).toEqual([
      'finance-ap-invoices',
    ]);
  });

  it('returns the live trails strongest first, with their bookkeeping intact', async () => {
    const tenantId = aTenant();
    await deposit(tenantId, [
      { id: 'weak', strength: 0.1 },
      { id: 'strong', strength: 0.9, recentSignalIds: ['s1', 's2'], ttl: 7260 },
      { id: 'medium', strength: 0.5 },
    ]);
    const live = await field.live(tenantId, {}, now);
    expect(live.map((t) => t.id)).toEqual(['strong', 'medium', 'weak']);
    expect(live[0]).toMatchObject({ recentSignalIds: ['s1', 's2'], ttl: 7260 });
  });

  it('fails loudly, naming the document, when a stored trail is corrupt', async () => {
    const tenantId = aTenant();
    await cosmos
      .container('pheromones')
      .items.create({ ...aTrail({ tenantId, id: 'broken', expiresAt: later }), strength: 7 });
    const error = await field.live(tenantId, {}, now).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptDocument);
    expect((error as Error).message).toMatch(/pheromones document 'broken'.*strength/);
  });
});
