import { startE2E, type E2E } from '../support/e2e';

describe('health of the local stack', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E({ seed: false });
  });
  afterAll(() => e.close());

  it('checks Cosmos, Event Hubs and Service Bus for real', async () => {
    const res = await e.api('GET', '/health');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.checks).sort()).toEqual(['cosmos', 'eventHubs', 'serviceBus']);
    expect(Object.values(res.body.checks).every((c: any) => c.status === 'ok')).toBe(true);
  });
});
