import { startHarness, type Harness } from '../../support/swarmHarness';

const submission = {
  taskType: 'finance.reconciliation',
  requiredCapabilities: ['reconciliation'],
  priority: 8,
  payload: { account: '4711' },
};

describe('task routes', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('accepts a task with 202, a Location header, a queue message and a TASK pheromone', async () => {
    const res = await h.call('POST', '/api/v1/tasks', {
      body: submission,
      headers: { 'x-tenant-id': 'acme' },
    });
    expect(res.status).toBe(202);
    expect(res.headers.Location).toBe(`/api/v1/tasks/${res.body.taskId}`);
    expect(res.body).toMatchObject({
      status: 'queued',
      tenantId: 'acme',
      location: 'finance.reconciliation',
    });
    const sent = h.queue.sent.find((s) => s.message.taskId === res.body.taskId);
    expect(sent?.message).toEqual({
      taskId: res.body.taskId,
      tenantId: 'acme',
      taskType: 'finance.reconciliation',
      priority: 8,
      attempt: 0,
    });
    const trail = h.bus.published.find((p) => p.signal.data.taskId === res.body.taskId);
    expect(trail?.signal).toMatchObject({ type: 'task', location: 'finance.reconciliation', strength: 0.7 });
    const read = await h.call('GET', `/api/v1/tasks/${res.body.taskId}`, {
      headers: { 'x-tenant-id': 'acme' },
    });
    expect(read.status).toBe(200);
    expect(read.body.history).toEqual([expect.objectContaining({ from: null, to: 'queued', by: 'api' })]);
  });

  it('returns the same task for the same Idempotency-Key and enqueues it once', async () => {
    const headers = { 'idempotency-key': 'order-77' };
    const first = await h.call('POST', '/api/v1/tasks', { body: submission, headers });
    const sentBefore = h.queue.sent.length;
    const second = await h.call('POST', '/api/v1/tasks', { body: submission, headers });
    expect(second.status).toBe(202);
    expect(second.body.taskId).toBe(first.body.taskId);
    expect(second.headers['Idempotent-Replayed']).toBe('true');
    expect(h.queue.sent.length).toBe(sentBefore);
  });

  it('rejects the same Idempotency-Key with a different request as a 409', async () => {
    const headers = { 'idempotency-key': 'order-78' };
    await h.call('POST', '/api/v1/tasks', { body: submission, headers });
    const res = await h.call('POST', '/api/v1/tasks', { body: { ...submission, priority: 2 }, headers });
    expect(res.status).toBe(409);
    expect(res.headers['Content-Type']).toBe('application/problem+json');
  });

  it('rejects a schema-invalid body with 422 and field paths, writing nothing', async () => {
    const before = h.queue.sent.length;
    const listBefore = await h.call('GET', '/api/v1/tasks?limit=100', {
      headers: { 'x-tenant-id': 'strict' },
    });
    const res = await h.call('POST', '/api/v1/tasks', {
      body: { priority: 11, requiredCapabilities: ['Not Valid'] },
      headers: { 'x-tenant-id': 'strict' },
    });
    expect(res.status).toBe(422);
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(['body.taskType', 'body.priority', 'body.requiredCapabilities.0']),
    );
    expect(h.queue.sent.length).toBe(before);
    const listAfter = await h.call('GET', '/api/v1/tasks?limit=100', {
      headers: { 'x-tenant-id': 'strict' },
    });
    expect(listAfter.body.items).toHaveLength(listBefore.body.items.length);
  });

  it('answers 400 for malformed JSON, 415 for a non-JSON body and 413 above 1 MiB', async () => {
    expect((await h.call('POST', '/api/v1/tasks', { rawBody: '{"taskType":' })).status).toBe(400);
    const text = await h.call('POST', '/api/v1/tasks', {
      rawBody: 'taskType=x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    const huge = { ...submission, payload: { blob: 'x'.repeat(1024 * 1024) } };
    const big = await h.call('POST', '/api/v1/tasks', { body: huge });
    expect(big.status).toBe(413);
    expect(big.body.detail).toMatch(/limit is 1048576 bytes/);
  });

  it("never shows one tenant another tenant's task", async () => {
    const created = await h.call('POST', '/api/v1/tasks', {
      body: submission,
      headers: { 'x-tenant-id': 'alpha' },
    });
    const other = await h.call('GET', `/api/v1/tasks/${created.body.taskId}`, {
      headers: { 'x-tenant-id': 'beta' },
    });
    expect(other.status).toBe(404);
    const list = await h.call('GET', '/api/v1/tasks', { headers: { 'x-tenant-id': 'beta' } });
    expect(list.body.items.map((t: { id: string }) => t.id)).not.toContain(created.body.taskId);
    const cancel = await h.call('POST', `/api/v1/tasks/${created.body.taskId}/cancel`, {
      headers: { 'x-tenant-id': 'beta' },
    });
    expect(cancel.status).toBe(404);
  });

  it('lists newest first in pages with a continuation token, without gaps or repeats', async () => {
    const tenant = { 'x-tenant-id': 'pager' };
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      h.clock.advance(1000);
      ids.push((await h.call('POST', '/api/v1/tasks', { body: submission, headers: tenant })).body.taskId);
    }
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const query = `limit=2${token ? `&continuationToken=${encodeURIComponent(token)}` : ''}`;
      const page = await h.call('GET', `/api/v1/tasks?${query}`, { headers: tenant });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((t: { id: string }) => t.id));
      token = page.body.continuationToken;
    } while (token);
    expect(seen).toEqual([...ids].reverse());
  });

  it('filters the list by status and rejects a bad query with 400', async () => {
    const tenant = { 'x-tenant-id': 'filter' };
    const a = await h.call('POST', '/api/v1/tasks', { body: submission, headers: tenant });
    await h.call('POST', '/api/v1/tasks', { body: submission, headers: tenant });
    await h.call('POST', `/api/v1/tasks/${a.body.taskId}/cancel`, { headers: tenant });
    const cancelled = await h.call('GET', '/api/v1/tasks?status=cancelled', { headers: tenant });
    expect(cancelled.body.items.map((t: { id: string }) => t.id)).toEqual([a.body.taskId]);
    const bad = await h.call('GET', '/api/v1/tasks?status=sleepy&limit=0', { headers: tenant });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'query.limit',
      'query.status',
    ]);
    const token = await h.call('GET', '/api/v1/tasks?continuationToken=not-a-token', { headers: tenant });
    expect(token.status).toBe(400);
  });

  it('cancels an unfinished task, is idempotent, and refuses a finished one with 409', async () => {
    const created = await h.call('POST', '/api/v1/tasks', { body: submission });
    const first = await h.call('POST', `/api/v1/tasks/${created.body.taskId}/cancel`);
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('cancelled');
    const again = await h.call('POST', `/api/v1/tasks/${created.body.taskId}/cancel`);
    expect(again.status).toBe(200);
    expect(again.body.history).toHaveLength(first.body.history.length);

    const done = await h.call('POST', '/api/v1/tasks', { body: submission });
    const stored = (await h.swarm.tasks.get('default', done.body.taskId))!;
    await h.swarm.tasks.replace({ ...stored.doc, status: 'completed' }, stored.etag);
    const refused = await h.call('POST', `/api/v1/tasks/${done.body.taskId}/cancel`);
    expect(refused.status).toBe(409);
  });

  it('schedules a future task without advertising it, and withdraws the message on cancel', async () => {
    const scheduledFor = new Date(h.clock.now().getTime() + 3_600_000).toISOString();
    const advertised = h.bus.published.length;
    const res = await h.call('POST', '/api/v1/tasks', { body: { ...submission, scheduledFor } });
    expect(res.status).toBe(202);
    expect(res.body.scheduledSequenceNumber).toBeTruthy();
    expect(h.queue.sent.at(-1)?.options.scheduledFor?.toISOString()).toBe(scheduledFor);
    expect(h.bus.published.length).toBe(advertised);
    await h.call('POST', `/api/v1/tasks/${res.body.taskId}/cancel`);
    expect(h.queue.cancelled).toContain(res.body.scheduledSequenceNumber);
  });

  it('marks the task failed with the reason when the queue refuses, and a retry with the key recovers', async () => {
    h.queue.failNext = new Error('namespace throttled');
    const headers = { 'idempotency-key': 'flaky-1' };
    const refused = await h.call('POST', '/api/v1/tasks', { body: submission, headers });
    expect(refused.status).toBe(503);
    expect(refused.headers['Retry-After']).toBe('5');
    const list = await h.call('GET', '/api/v1/tasks?status=failed');
    const failed = list.body.items.find((t: { idempotencyKey: string }) => t.idempotencyKey === 'flaky-1');
    expect(failed.error).toEqual({ code: 'enqueue_failed', message: 'namespace throttled' });
    const retried = await h.call('POST', '/api/v1/tasks', { body: submission, headers });
    expect(retried.status).toBe(202);
    expect(retried.body.status).toBe('queued');
    expect(retried.body.taskId).toBe(failed.id);
  });

  it('joins an incoming trace (or starts one) and carries it onto the task and the queue message', async () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const res = await h.call('POST', '/api/v1/tasks', { body: submission, headers: { traceparent } });
    const traceId = traceparent.split('-')[1];
    expect(res.body.traceparent.split('-')[1]).toBe(traceId);
    expect(res.body.traceparent).not.toBe(traceparent);
    expect(h.queue.sent.at(-1)?.options.traceparent).toBe(res.body.traceparent);
    const untraced = await h.call('POST', '/api/v1/tasks', { body: submission });
    expect(untraced.body.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it('rejects an invalid tenant id with 400', async () => {
    const res = await h.call('GET', '/api/v1/tasks', { headers: { 'x-tenant-id': '../etc' } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('tenant');
  });
});
