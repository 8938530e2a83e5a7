import type { Message } from 'rhea';

/**
 * Duplicate detection: the message ids a queue has seen within its window, with the sequence number each
 * got. Ids are kept in arrival order (a Map keeps insertion order), so expired ones leave from the front.
 */
export class DuplicateDetection {
  private readonly seen = new Map<string, { at: number; seq: number }>();

  constructor(private readonly windowMs: number) {}

  /** The key of a message with an id; messages without one are never duplicates. */
  keyOf(message: Message): string | undefined {
    const id: unknown = message.message_id;
    if (id === undefined || id === null) return undefined;
    return Buffer.isBuffer(id) ? id.toString('hex') : String(id);
  }

  /** The sequence number of the message this one duplicates, if any within the window. */
  original(key: string, now: number): number | undefined {
    const seen = this.seen.get(key);
    return seen && seen.at + this.windowMs > now ? seen.seq : undefined;
  }

  remember(key: string, seq: number, now: number): void {
    // Re-inserted so that arrival order stays the Map's order.
    this.seen.delete(key);
    this.seen.set(key, { at: now, seq });
  }

  forgetExpired(now: number): void {
    for (const [key, seen] of this.seen) {
      if (seen.at + this.windowMs > now) return;
      this.seen.delete(key);
    }
  }
}
