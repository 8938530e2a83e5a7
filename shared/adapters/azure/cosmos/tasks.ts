import type { Container, SqlParameter } from '@azure/cosmos';
import { z } from 'zod';
import type { Page, TaskStore, Versioned } from '../../../ports';
import { TaskDocument, type TaskStatus } from '../../../schemas/task';
import { canonicalTime, DocumentCollection } from './documents';
import { InvalidContinuationToken } from './errors';

/** Far above the HTTP limit (100); a guard against a caller asking for a whole partition at once. */
const MAX_PAGE_SIZE = 1000;

/**
 * Keyset pagination: the token is the (createdAt, id) of the last task of the page, base64url JSON.
 * Cosmos continuation tokens differ in shape between the service and the local server, and the local
 * server's tokens for ORDER BY queries are its own; a keyset cursor behaves identically on both, never
 * expires, and lets us answer "more?" exactly by reading one item past the page.
 */
const Cursor = z.object({ c: z.string(), i: z.string().min(1) }).strict();
type Cursor = z.infer<typeof Cursor>;

function encodeCursor(task: TaskDocument): string {
  const cursor: Cursor = { c: task.createdAt, i: task.id };
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(token: string): Cursor {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) throw new InvalidContinuationToken('not base64url');
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidContinuationToken('not a task list cursor');
  }
  const cursor = Cursor.safeParse(value);
  if (!cursor.success) throw new InvalidContinuationToken('not a task list cursor');
  const time = Date.parse(cursor.data.c);
  if (Number.isNaN(time) || new Date(time).toISOString() !== cursor.data.c) {
    throw new InvalidContinuationToken('cursor time is not a canonical UTC timestamp');
  }
  return cursor.data;
}

export class CosmosTaskStore implements TaskStore {
  private readonly documents: DocumentCollection<TaskDocument>;

  /** `container`: the `tasks` container, with the composite index of `indexingPolicies.tasks`. */
  constructor(container: Container) {
    this.documents = new DocumentCollection(container, TaskDocument, (task) => ({
      ...task,
      createdAt: canonicalTime(task.createdAt),
    }));
  }

  create(task: TaskDocument): Promise<Versioned<TaskDocument>> {
    return this.documents.create(task);
  }

  get(tenantId: string, taskId: string): Promise<Versioned<TaskDocument> | undefined> {
    return this.documents.get(tenantId, taskId);
  }

  replace(task: TaskDocument, etag: string): Promise<Versioned<TaskDocument>> {
    return this.documents.replace(task, etag);
  }

  /** Newest first, ordered by (createdAt DESC, id DESC); a token is returned only when more tasks exist. */
  async list(
    tenantId: string,
    query: { status?: TaskStatus; limit: number; continuationToken?: string },
  ): Promise<Page<TaskDocument>> {
    const { status, limit, continuationToken } = query;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
      throw new RangeError(`Task list limit must be an integer in 1..${MAX_PAGE_SIZE}, got ${limit}`);
    }
    const after = continuationToken === undefined ? undefined : decodeCursor(continuationToken);
    const where: string[] = [];
    const parameters: SqlParameter[] = [];
    if (status) {
      where.push('c.status = @status');
      parameters.push({ name: '@status', value: status });
    }
    if (after) {
      where.push('(c.createdAt < @afterCreatedAt OR (c.createdAt = @afterCreatedAt AND c.id < @afterId))');
      parameters.push({ name: '@afterCreatedAt', value: after.c }, { name: '@afterId', value: after.i });
    }
    const rows = await this.documents.query(tenantId, {
      top: limit + 1,
      where,
      orderBy: 'c.createdAt DESC, c.id DESC',
      parameters,
    });
    const items = rows.slice(0, limit).map((row) => row.doc);
    const last = items[items.length - 1];
    return rows.length > limit && last ? { items, continuationToken: encodeCursor(last) } : { items };
  }

  /** Tasks of the tenant with a status, or completed at or after a time: aggregates for the metrics routes. */
  count(tenantId: string, filter: { status?: TaskStatus; completedSince?: string }): Promise<number> {
    const where: string[] = [];
    const parameters: SqlParameter[] = [];
    if (filter.status) {
      where.push('c.status = @status');
      parameters.push({ name: '@status', value: filter.status });
    }
    if (filter.completedSince) {
      where.push("c.status = 'completed' AND c.completedAt >= @since");
      parameters.push({ name: '@since', value: canonicalTime(filter.completedSince) });
    }
    return this.documents.count(tenantId, { where, parameters });
  }
}
