import type { LifecyclePolicy } from '../schemas/lifecycle';

const DEFAULT_HOURS = { startHour: 8, endHour: 18, weekdays: [1, 2, 3, 4, 5] };
const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** Building an Intl formatter is costly and the planner asks for every agent every minute. */
const clocks = new Map<string, Intl.DateTimeFormat>();

function wallClock(timeZone: string, now: Date): { weekday: number; hour: number } {
  let clock = clocks.get(timeZone);
  if (!clock) {
    clock = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: 'numeric',
      hourCycle: 'h23',
    });
    clocks.set(timeZone, clock);
  }
  const parts = clock.formatToParts(now);
  const weekday = WEEKDAYS[parts.find((part) => part.type === 'weekday')?.value ?? ''] ?? -1;
  const hour = Number(parts.find((part) => part.type === 'hour')?.value);
  return { weekday, hour };
}

/**
 * Whether `now` falls in the policy's business hours, read on the wall clock of its zone (the business
 * hours' own zone, else the schedule's, else UTC; 08:00–18:00 Monday to Friday unless configured).
 * An end hour before the start hour describes a shift across midnight.
 */
export function inBusinessHours(policy: LifecyclePolicy, now: Date): boolean {
  const hours = policy.businessHours ?? { ...DEFAULT_HOURS, timezone: policy.schedule?.timezone ?? 'UTC' };
  const { weekday, hour } = wallClock(hours.timezone, now);
  if (!hours.weekdays.includes(weekday)) return false;
  return hours.startHour < hours.endHour
    ? hour >= hours.startHour && hour < hours.endHour
    : hour >= hours.startHour || hour < hours.endHour;
}
