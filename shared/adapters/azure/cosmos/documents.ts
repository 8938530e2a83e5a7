import type { Container, SqlParameter } from '@azure/cosmos';
import type { z } from 'zod';
import { AlreadyExists, ConcurrencyConflict, type Versioned } from '../../../ports';
import { CorruptDocument } from './errors';

/** Every document is a JSON object in its tenant's partition (`/tenantId`). */
type TenantDocument = Record<string, unknown> & { id: string; tenantId: string };

const SYSTEM_PROPERTIES = ['_rid', '_self', '_ts', '_attachments', '_etag'] as const;

/** Cosmos SDK errors carry the HTTP status as a numeric `code`. */
function statusOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** One line per issue, e.g. `status: Invalid option ...; history.0.at: Invalid ISO datetime`. */
function describe(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}

/**
 * Timestamps that queries compare or sort on are stored in one format (UTC, milliseconds, `Z`) so that
 * string comparison in Cosmos SQL is time comparison. Any offset form the schema accepts is converted.
 */
export function canonicalTime(iso: string): string {
  return new Date(iso).toISOString();
}

/**
 * The typed, tenant-scoped view of one container shared by the stores: point reads and compare-and-set
 * writes within the tenant's partition, and queries that always filter on the tenant in SQL as well as in
 * the request options (the local server ignores the partition key option on queries).
 */
export class DocumentCollection<T extends TenantDocument> {
  constructor(
    private readonly container: Container,
    private readonly schema: z.ZodType<T>,
    /** Brings fields that queries compare on into their canonical form before a write. */
    private readonly canonical: (doc: T) => T = (doc) => doc,
  ) {}

  private get name(): string {
    return this.container.id;
  }

  async get(tenantId: string, id: string): Promise<Versioned<T> | undefined> {
    const response = await this.container.item(id, tenantId).read<Record<string, unknown>>();
    if (response.statusCode === 404) {
      // A missing document has sub-status 0; anything else (e.g. 1003, no such container) is a fault.
      if (response.substatus) {
        throw new Error(`Reading ${this.name} '${id}' failed: 404 sub-status ${response.substatus}`);
      }
      return undefined;
    }
    if (!response.resource) throw new Error(`Reading ${this.name} '${id}' returned no document`);
    return this.versioned(response.resource);
  }

  async create(doc: T): Promise<Versioned<T>> {
    const body = this.forWrite(doc);
    try {
      const response = await this.container.items.create<Record<string, unknown>>(body);
      return this.written(response.resource, doc);
    } catch (error) {
      if (statusOf(error) === 409) throw new AlreadyExists(`${this.name} '${doc.id}'`);
      throw error;
    }
  }

  async replace(doc: T, etag: string): Promise<Versioned<T>> {
    const body = this.forWrite(doc);
    try {
      const response = await this.container
        .item(doc.id, doc.tenantId)
        .replace<Record<string, unknown>>(body, { accessCondition: { type: 'IfMatch', condition: etag } });
      return this.written(response.resource, doc);
    } catch (error) {
      if (statusOf(error) === 412) throw new ConcurrencyConflict(`${this.name} '${doc.id}'`);
      throw error;
    }
  }

  /**
   * Runs `SELECT ... FROM c WHERE c.tenantId = @tenantId AND <where> <orderBy>` in the tenant's partition
   * and returns every result (callers bound the size with TOP).
   */
  async query(
    tenantId: string,
    clauses: { top?: number; where?: string[]; orderBy?: string; parameters?: SqlParameter[] },
  ): Promise<Versioned<T>[]> {
    const top = clauses.top === undefined ? '' : 'TOP @top ';
    const where = ['c.tenantId = @tenantId', ...(clauses.where ?? [])].join(' AND ');
    const orderBy = clauses.orderBy ? ` ORDER BY ${clauses.orderBy}` : '';
    const parameters: SqlParameter[] = [
      { name: '@tenantId', value: tenantId },
      ...(clauses.parameters ?? []),
    ];
    if (clauses.top !== undefined) parameters.push({ name: '@top', value: clauses.top });
    const { resources } = await this.container.items
      .query<Record<string, unknown>>(
        { query: `SELECT ${top}* FROM c WHERE ${where}${orderBy}`, parameters },
        { partitionKey: tenantId, ...(clauses.top === undefined ? {} : { maxItemCount: clauses.top }) },
      )
      .fetchAll();
    return resources.map((resource) => this.versioned(resource));
  }

  /** `SELECT VALUE COUNT(1)` in the tenant's partition: an aggregate, so no document crosses the wire. */
  async count(tenantId: string, clauses: { where?: string[]; parameters?: SqlParameter[] }): Promise<number> {
    const where = ['c.tenantId = @tenantId', ...(clauses.where ?? [])].join(' AND ');
    const { resources } = await this.container.items
      .query<number>(
        {
          query: `SELECT VALUE COUNT(1) FROM c WHERE ${where}`,
          parameters: [{ name: '@tenantId', value: tenantId }, ...(clauses.parameters ?? [])],
        },
        { partitionKey: tenantId },
      )
      .fetchAll();
    return resources.reduce((sum, n) => sum + n, 0);
  }

  /** Validated (nothing invalid is ever written) and canonical, as the plain JSON object the SDK sends. */
  private forWrite(doc: T): Record<string, unknown> {
    const parsed = this.schema.safeParse(doc);
    if (!parsed.success) {
      throw new CorruptDocument(this.name, doc.id, doc.tenantId, 'write', describe(parsed.error));
    }
    return this.canonical(parsed.data);
  }

  private written(resource: Record<string, unknown> | undefined, doc: T): Versioned<T> {
    if (!resource) throw new Error(`Writing ${this.name} '${doc.id}' returned no document`);
    return this.versioned(resource);
  }

  private versioned(resource: Record<string, unknown>): Versioned<T> {
    const etag = resource._etag;
    const body: Record<string, unknown> = { ...resource };
    for (const property of SYSTEM_PROPERTIES) delete body[property];
    const id = typeof body.id === 'string' ? body.id : '(no id)';
    const tenantId = typeof body.tenantId === 'string' ? body.tenantId : '(no tenant)';
    if (typeof etag !== 'string') {
      throw new CorruptDocument(this.name, id, tenantId, 'read', 'no _etag');
    }
    const parsed = this.schema.safeParse(body);
    if (!parsed.success) throw new CorruptDocument(this.name, id, tenantId, 'read', describe(parsed.error));
    return { doc: parsed.data, etag };
  }
}
