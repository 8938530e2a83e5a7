import { foldSignal } from '../../../shared/domain/trail';
import type { PheromoneSignal } from '../../../shared/schemas/pheromone';
import { startHarness, type Harness } from '../../support/swarmHarness';

describe('pheromone routes', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  async function lay(tenantId: string, overrides: Partial<PheromoneSignal>) {
    const signal: PheromoneSignal = {
      id: `sig-${Math.round(Math.random() * 1e9)}`,
      tenantId,
      emitter: 'test',
      type: 'task',
      location: 'finance.reconciliation',
      trailKey: '',
      strength: 0.5,
      ttlSeconds: 600,
      data: {},
      depositedAt: h.clock.now().toISOString(),
      ...overrides,
    };
    const { trail } = foldSignal(undefined, signal, h.clock.now());
    await h.swarm.field.create(trail);
  }

  it('accepts a deposit onto the bus with 202 and rejects an unknown type with 422', async () => {
    const res = await h.call('POST', '/api/v1/pheromones', {
      body: {
        type: 'danger',
        location: 'integrations.stripe',
        strength: 0.9,
        ttlSeconds: 60,
        data: { retryAfter: 60 },
      },
      headers: { 'x-tenant-id': 'acme' },
    });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ tenantId: 'acme', type: 'danger', emitter: 'api' });
    expect(h.bus.published.map((p) => p.signal.id)).toContain(res.body.id);
    const bad = await h.call('POST', '/api/v1/pheromones', { body: { type: 'smell', location: 'x' } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('body.type');
  });

  it('senses live trails strongest first with evaporated strength, filtered, tenant-scoped', async () => {
    await lay('field', { trailKey: 'a', strength: 0.4 });
    await lay('field', { trailKey: 'b', strength: 0.9 });
    await lay('field', { trailKey: 'c', strength: 0.2, type: 'success' });
    await lay('field', { trailKey: 'gone', strength: 1, ttlSeconds: 1 });
    await lay('other', { trailKey: 'z', strength: 1 });
    h.clock.advance(60_000);
    const res = await h.call('GET', '/api/v1/pheromones?type=task&minStrength=0.1', {
      headers: { 'x-tenant-id': 'field' },
    });
    expect(res.status).toBe(200);
    expect(res.body.trails.map((t: { trailKey: string }) => t.trailKey)).toEqual(['b', 'a']);
    expect(res.body.trails[0].currentStrength).toBeCloseTo(0.9 * (1 - 60 / 600), 6);
    const strong = await h.call('GET', '/api/v1/pheromones?minStrength=0.5', {
      headers: { 'x-tenant-id': 'field' },
    });
    expect(strong.body.trails.map((t: { trailKey: string }) => t.trailKey)).toEqual(['b']);
    const bad = await h.call('GET', '/api/v1/pheromones?minStrength=2');
    expect(bad.status).toBe(400);
  });
});
