import { startHarness, type Harness } from '../../support/swarmHarness';

describe('function table, health and OpenAPI', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('declares every HTTP route of the contract once, anonymous behind platform auth', () => {
    const table = h.functions.map((f) => `${f.methods.join(',')} ${f.route} ${f.authLevel}`).sort();
    expect(table).toEqual(
      [
        'GET health anonymous',
        'GET openapi.json anonymous',
        'GET v1/agents anonymous',
        'GET v1/agents/repository anonymous',
        'GET v1/agents/repository/search anonymous',
        'GET v1/deadletters anonymous',
        'GET v1/metrics/cost anonymous',
        'GET v1/metrics/swarm anonymous',
        'GET v1/pheromones anonymous',
        'GET v1/tasks anonymous',
        'GET v1/tasks/{taskId} anonymous',
        'POST v1/agents/deploy anonymous',
        'POST v1/agents/wake anonymous',
        'POST v1/agents/{agentId}/sleep anonymous',
        'POST v1/deadletters/{taskId}/resubmit anonymous',
        'POST v1/pheromones anonymous',
        'POST v1/tasks anonymous',
        'POST v1/tasks/{taskId}/cancel anonymous',
      ].sort(),
    );
    expect(new Set(h.functions.map((f) => f.name)).size).toBe(h.functions.length);
  });

  it('reports health with a check per dependency', async () => {
    const res = await h.call('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.checks.cosmos.status).toBe('ok');
  });

  it('answers 503 when a dependency is down', async () => {
    h.swarm.probes.push({ name: 'broken', check: () => Promise.reject(new Error('connection refused')) });
    try {
      const res = await h.call('GET', '/api/health');
      expect(res.status).toBe(503);
      expect(res.body.checks.broken).toMatchObject({ status: 'down', error: 'connection refused' });
    } finally {
      h.swarm.probes.pop();
    }
  });

  it('serves an OpenAPI 3.1 document covering every route and method', async () => {
    const res = await h.call('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    for (const fn of h.functions) {
      const path = `/api/${fn.route}`;
      for (const method of fn.methods) expect(res.body.paths[path]?.[method.toLowerCase()]).toBeDefined();
    }
    const submit = res.body.paths['/api/v1/tasks'].post;
    expect(submit.requestBody.content['application/json'].schema).toBeDefined();
    expect(Object.keys(submit.responses)).toEqual(expect.arrayContaining(['202', '413', '415', '422']));
  });
});
