import { CosmosTaskStore } from '../../../shared/adapters/azure/cosmos/tasks';
import { CorruptDocument, InvalidContinuationToken } from '../../../shared/adapters/azure/cosmos/errors';
import { AlreadyExists, ConcurrencyConflict } from '../../../shared/ports';
import type { TaskDocument } from '../../../shared/schemas/task';
import { aTask } from './builders';
import { aTenant, startCosmos, type CosmosHarness } from './harness';

let cosmos: CosmosHarness;
let store: CosmosTaskStore;

beforeAll(async () => {
  cosmos = await startCosmos();
  store = new CosmosTaskStore(cosmos.container('tasks'));
});

afterAll(async () => {
  await cosmos.close();
});

function claimed(task: TaskDocument, agentId: string): TaskDocument {
  const at = '2025-01-01T00:00:01.000Z';
  return {
    ...task,
    status: 'claimed',
    assignedAgentId: agentId,
    updatedAt: at,
    history: [...task.history, { at, from: task.status, to: 'claimed', by: agentId, reason: 'claim' }],
  };
}

/** Every page of a listing, following continuation tokens. */
async function allPages(tenantId: string, limit: number, status?: TaskDocument['status']) {
  const pages: TaskDocument[][] = [];
  let continuationToken: string | undefined;
  do {
    const page = await store.list(tenantId, { status, limit, continuationToken });
    pages.push(page.items);
    continuationToken = page.continuationToken;
  } while (continuationToken !== undefined && pages.length < 50);
  return pages;
}

describe('CosmosTaskStore', () => {
  it('creates a task and reads it back by point read, without Cosmos system properties', async () => {
    const tenantId = aTenant();
    const task = aTask({ tenantId });
    const created = await store.create(task);
    expect(created.doc).toEqual(task);
    expect(created.etag).toEqual(expect.any(String));

    const read = await store.get(tenantId, task.id);
    expect(read).toEqual(created);
    for (const property of ['_rid', '_self', '_ts', '_attachments', '_etag']) {
      expect(read?.doc).not.toHaveProperty(property);
    }
  });

  it('answers undefined for a task that does not exist', async () => {
    expect(await store.get(aTenant(), 'no-such-task')).toBeUndefined();
  });

  it('never returns another tenant’s task, even by its exact id', async () => {
    const owner = aTenant();
    const task = aTask({ tenantId: owner });
    await store.create(task);
    expect(await store.get(aTenant(), task.id)).toBeUndefined();
    expect((await store.list(aTenant(), { limit: 10 })).items).toEqual([]);
  });

  it('keeps ids unique per tenant only: two tenants may hold the same task id', async () => {
    const [a, b] = [aTenant(), aTenant()];
    await store.create(aTask({ tenantId: a, id: 'shared-id', payload: { who: 'a' } }));
    await store.create(aTask({ tenantId: b, id: 'shared-id', payload: { who: 'b' } }));
    expect((await store.get(a, 'shared-id'))?.doc.payload).toEqual({ who: 'a' });
    expect((await store.get(b, 'shared-id'))?.doc.payload).toEqual({ who: 'b' });
  });

  it('refuses to create a task twice with AlreadyExists and keeps the first', async () => {
    const tenantId = aTenant();
    const task = aTask({ tenantId });
    const first = await store.create(task);
    await expect(store.create({ ...task, priority: 9 })).rejects.toBeInstanceOf(AlreadyExists);
    expect(await store.get(tenantId, task.id)).toEqual(first);
  });

  it('replaces with a matching etag and returns the new etag', async () => {
    const tenantId = aTenant();
    const { doc, etag } = await store.create(aTask({ tenantId }));
    const replaced = await store.replace(claimed(doc, 'agent-1'), etag);
    expect(replaced.etag).not.toEqual(etag);
    expect(replaced.doc.status).toBe('claimed');
    expect(await store.get(tenantId, doc.id)).toEqual(replaced);
  });

  it('rejects a stale etag with ConcurrencyConflict and writes nothing', async () => {
    const tenantId = aTenant();
    const { doc, etag: stale } = await store.create(aTask({ tenantId }));
    const current = await store.replace({ ...doc, attempts: 1 }, stale);

    await expect(store.replace({ ...doc, attempts: 99 }, stale)).rejects.toBeInstanceOf(ConcurrencyConflict);
    expect(await store.get(tenantId, doc.id)).toEqual(current);
  });

  it('lets exactly one of two concurrent claims win; the loser re-reads and sees the task claimed', async () => {
    const tenantId = aTenant();
    await store.create(aTask({ tenantId, id: 'contested' }));
    const [seenByA, seenByB] = await Promise.all([
      store.get(tenantId, 'contested'),
      store.get(tenantId, 'contested'),
    ]);
    if (!seenByA || !seenByB) throw new Error('task not found');
    expect(seenByA.etag).toEqual(seenByB.etag);

    const outcomes = await Promise.allSettled([
      store.replace(claimed(seenByA.doc, 'agent-a'), seenByA.etag),
      store.replace(claimed(seenByB.doc, 'agent-b'), seenByB.etag),
    ]);
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o) => o.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyConflict);

    const winner = outcomes[0]!.status === 'fulfilled' ? 'agent-a' : 'agent-b';
    const reread = await store.get(tenantId, 'contested');
    expect(reread?.doc.status).toBe('claimed');
    expect(reread?.doc.assignedAgentId).toBe(winner);
    expect(reread?.doc.history.filter((h) => h.to === 'claimed')).toHaveLength(1);
  });

  it('lists newest first across pages with no duplicates or gaps, ties broken by id', async () => {
    const tenantId = aTenant();
    const times = [
      '2025-01-01',
      '2025-01-03',
      '2025-01-02',
      '2025-01-03',
      '2025-01-02',
      '2025-01-03',
      '2025-01-01',
    ];
    const tasks = times.map((day, i) => aTask({ tenantId, id: `t${i}`, createdAt: `${day}T00:00:00.000Z` }));
    for (const task of tasks) await store.create(task);
    const expected = [...tasks]
      .sort((x, y) =>
        x.createdAt === y.createdAt ? y.id.localeCompare(x.id) : y.createdAt.localeCompare(x.createdAt),
      )
      .map((t) => t.id);

    const pages = await allPages(tenantId, 3);
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pages.flat().map((t) => t.id)).toEqual(expected);
  });

  it('returns a continuation token only when more tasks exist', async () => {
    const tenantId = aTenant();
    for (let i = 0; i < 4; i += 1) {
      await store.create(aTask({ tenantId, id: `t${i}`, createdAt: `2025-01-0${i + 1}T00:00:00.000Z` }));
    }
    const first = await store.list(tenantId, { limit: 2 });
    expect(first.continuationToken).toEqual(expect.any(String));
    const second = await store.list(tenantId, { limit: 2, continuationToken: first.continuationToken });
    expect(second.items.map((t) => t.id)).toEqual(['t1', 't0']);
    expect(second.continuationToken).toBeUndefined();
    expect(await store.list(tenantId, { limit: 4 })).not.toHaveProperty('continuationToken');
    expect(await store.list(aTenant(), { limit: 4 })).toEqual({ items: [] });
  });

  it('filters by status, also across pages', async () => {
    const tenantId = aTenant();
    const statuses = ['queued', 'completed', 'queued', 'failed', 'queued', 'completed', 'queued'] as const;
    for (const [i, status] of statuses.entries()) {
      await store.create(
        aTask({ tenantId, id: `t${i}`, status, createdAt: `2025-02-0${i + 1}T00:00:00.000Z` }),
      );
    }
    const queued = (await allPages(tenantId, 2, 'queued')).flat();
    expect(queued.map((t) => t.id)).toEqual(['t6', 't4', 't2', 't0']);
    expect((await store.list(tenantId, { status: 'completed', limit: 10 })).items.map((t) => t.id)).toEqual([
      't5',
      't1',
    ]);
    expect((await store.list(tenantId, { status: 'running', limit: 10 })).items).toEqual([]);
  });

  it('stores createdAt as canonical UTC so an offset timestamp sorts by its instant', async () => {
    const tenantId = aTenant();
    await store.create(aTask({ tenantId, id: 'late-utc', createdAt: '2025-03-01T01:30:00.000Z' }));
    const early = await store.create(
      aTask({ tenantId, id: 'early-offset', createdAt: '2025-03-01T02:00:00+02:00' }),
    );
    expect(early.doc.createdAt).toBe('2025-03-01T00:00:00.000Z');
    const { items } = await store.list(tenantId, { limit: 10 });
    expect(items.map((t) => t.id)).toEqual(['late-utc', 'early-offset']);
  });

  it.each([
    ['not base64url', '***'],
    ['not JSON', Buffer.from('hello').toString('base64url')],
    ['the wrong shape', Buffer.from(JSON.stringify({ offset: 10 })).toString('base64url')],
    ['a non-canonical time', Buffer.from(JSON.stringify({ c: '2025-01-01', i: 'x' })).toString('base64url')],
  ])('rejects a continuation token that is %s with InvalidContinuationToken', async (_what, token) => {
    const error = await store
      .list(aTenant(), { limit: 5, continuationToken: token })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidContinuationToken);
    expect((error as Error).name).toBe('InvalidContinuationToken');
  });

  it('rejects a limit outside 1..1000', async () => {
    await expect(store.list(aTenant(), { limit: 0 })).rejects.toBeInstanceOf(RangeError);
    await expect(store.list(aTenant(), { limit: 2.5 })).rejects.toBeInstanceOf(RangeError);
  });

  it('fails loudly, naming the document, when a stored task is corrupt', async () => {
    const tenantId = aTenant();
    await cosmos
      .container('tasks')
      .items.create({ ...aTask({ tenantId, id: 'broken' }), status: 'exploded' });

    const error = await store.get(tenantId, 'broken').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptDocument);
    expect((error as Error).message).toContain("'broken'");
    expect((error as Error).message).toContain('status');
    await expect(store.list(tenantId, { limit: 10 })).rejects.toThrow(/'broken'/);
  });

  it('refuses to write an invalid task and writes nothing', async () => {
    const tenantId = aTenant();
    const invalid = { ...aTask({ tenantId, id: 'invalid' }), attempts: -1 };
    await expect(store.create(invalid)).rejects.toBeInstanceOf(CorruptDocument);
    expect(await store.get(tenantId, 'invalid')).toBeUndefined();
  });
});
