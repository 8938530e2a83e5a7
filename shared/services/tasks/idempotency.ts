import { createHash } from 'node:crypto';
import type { TaskDocument, TaskSubmission } from '../../schemas/task';

/**
 * A task submitted with an Idempotency-Key gets an id derived from tenant and key, so a retry of the same
 * request lands on the same document (Cosmos rejects the second create) without an extra lookup table.
 */
export function idempotentTaskId(tenantId: string, key: string): string {
  return 'idem-' + createHash('sha256').update(`${tenantId}\u0000${key}`).digest('hex').slice(0, 32);
}

/** The same key with a different request is a client bug worth a 409, not a silent replay. */
export function sameRequest(task: TaskDocument, submission: TaskSubmission): boolean {
  const pick = (t: TaskSubmission) =>
    JSON.stringify([
      t.taskType,
      [...t.requiredCapabilities].sort(),
      t.payload,
      t.priority,
      t.impact,
      t.scheduledFor ?? null,
      t.sessionId ?? null,
    ]);
  return pick(task) === pick(submission);
}
