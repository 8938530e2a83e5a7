/**
 * How long a task must wait before its urgency doubles. Ageing means a low-priority task keeps gaining
 * strength while it waits, so a steady stream of higher-priority work cannot starve it.
 */
export const AGING_WINDOW_MS = 10 * 60_000;

/**
 * Seed 002 §1.5.B `priority × urgency × (1 / attempts)`, normalised to 0..1: priority/10, urgency growing
 * from 1 to 2 over the ageing window, divided by the attempts made so far (a task that keeps failing
 * stops crowding out fresh work), clamped to 1.
 */
export function taskStrength(
  task: { priority: number; attempts: number; createdAt: string },
  now: Date,
): number {
  const waited = Math.max(0, now.getTime() - Date.parse(task.createdAt));
  const urgency = 1 + Math.min(1, waited / AGING_WINDOW_MS);
  return Math.min(1, ((task.priority / 10) * urgency) / Math.max(1, task.attempts));
}
