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
