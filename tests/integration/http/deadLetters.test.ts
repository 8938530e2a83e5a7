import { startHarness, type Harness } from '../../support/swarmHarness';

describe('dead-letter routes', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it("lists the tenant's dead letters and resubmits one, putting its task back to queued", async () => {
    const created = await h.call('POST', '/api/v1/tasks', {
      body: { taskType: 'it.incident_management', payload: {} },
      headers: { 'x-tenant-id': 'ops' },
    });
    const stored = (await h.swarm.tasks.get('ops', created.body.taskId))!;
    await h.swarm.tasks.replace(
      {
        ...stored.doc,
        status: 'dead_lettered',
        error: { code: 'MaxDeliveryCountExceeded', message: 'boom' },
      },
      stored.etag,
    );
    h.queue.dead.push({
      taskId: created.body.taskId,
      tenantId: 'ops',
      queue: 'ants-tasks',
      reason: 'MaxDeliveryCountExceeded',
      description: 'boom',
      deadLetteredAt: h.clock.now().toISOString(),
      sequenceNumber: '7',
    });
    const list = await h.call('GET', '/api/v1/deadletters', { headers: { 'x-tenant-id': 'ops' } });
    expect(list.body.items).toEqual([
      expect.objectContaining({ taskId: created.body.taskId, reason: 'MaxDeliveryCountExceeded' }),
    ]);
    expect(
      (await h.call('GET', '/api/v1/deadletters', { headers: { 'x-tenant-id': 'other' } })).body.items,
    ).toEqual([]);

    const res = await h.call('POST', `/api/v1/deadletters/${created.body.taskId}/resubmit`, {
      headers: { 'x-tenant-id': 'ops' },
    });
    expect(res.status).toBe(202);
    const task = await h.call('GET', `/api/v1/tasks/${created.body.taskId}`, {
      headers: { 'x-tenant-id': 'ops' },
    });
    expect(task.body).toMatchObject({ status: 'queued', error: null, attempts: 0 });
    expect(task.body.history.at(-1)).toMatchObject({ from: 'dead_lettered', to: 'queued' });
  });

  it('answers 404 for a task with no dead letter or of another tenant', async () => {
    expect((await h.call('POST', '/api/v1/deadletters/nope/resubmit')).status).toBe(404);
  });
});
