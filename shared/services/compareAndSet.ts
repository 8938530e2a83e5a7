import { ConcurrencyConflict, type Versioned } from '../ports';

/** What a decision returns: the new document, or `undefined` when nothing needs to change. */
export type Decision<T, R> = { next: T; result: R } | { next?: undefined; result: R };

/**
 * Read → decide (pure) → replace with IfMatch; on a conflict, read again and decide again. This is the
 * only way state changes in ANTS, so a timer firing twice or a redelivered message is harmless: the
 * second decision sees the first one's write.
 */
export async function compareAndSet<T, R>(
  load: () => Promise<Versioned<T> | undefined>,
  decide: (current: T) => Decision<T, R>,
  save: (next: T, etag: string) => Promise<Versioned<T>>,
  onMissing: () => R,
  maxAttempts = 8,
): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    const current = await load();
    if (!current) return onMissing();
    const decision = decide(current.doc);
    if (decision.next === undefined) return decision.result;
    try {
      await save(decision.next, current.etag);
      return decision.result;
    } catch (error) {
      if (!(error instanceof ConcurrencyConflict) || attempt >= maxAttempts) throw error;
    }
  }
}

/** The two calls of a store that `updateDocument` needs. */
export interface VersionedStore<T> {
  get(tenantId: string, id: string): Promise<Versioned<T> | undefined>;
  replace(doc: T, etag: string): Promise<Versioned<T>>;
}

/**
 * Applies `change` to one stored document with compare-and-set; `change` returns `undefined` when the
 * current state needs no write (the idempotent path), and the current document is returned as it is.
 */
export function updateDocument<T>(
  store: VersionedStore<T>,
  ref: { tenantId: string; id: string },
  change: (current: T) => T | undefined,
  whenMissing: () => Error,
): Promise<T> {
  return compareAndSet(
    () => store.get(ref.tenantId, ref.id),
    (current) => {
      const next = change(current);
      return next ? { next, result: next } : { result: current };
    },
    (next, etag) => store.replace(next, etag),
    () => {
      throw whenMissing();
    },
  );
}
