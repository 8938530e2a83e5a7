import { Cron } from 'croner';
import type { Schedule } from '../schemas/lifecycle';

/** The planner asks about a window of a few minutes; a handful of fires is all it can use. */
const MAX_FIRES = 8;

/**
 * Croner evaluates the expression in the schedule's zone (so `0 9 * * 1` in New York is 13:00 or 14:00
 * UTC depending on daylight saving) and understands `L` (last day of the month). Five fields only, as the
 * seed writes them. A Cron built without a callback never starts a timer: this is pure date arithmetic.
 */
function cronOf(schedule: Pick<Schedule, 'cron' | 'timezone'>): Cron {
  return new Cron(schedule.cron, { timezone: schedule.timezone, mode: '5-part' });
}

/** Why a schedule cannot be used (croner's message), or undefined when it can. */
export function scheduleProblem(schedule: Pick<Schedule, 'cron' | 'timezone'>): string | undefined {
  try {
    cronOf(schedule);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Fire times in (from, to], earliest first, at most a few. */
export function scheduleFires(schedule: Pick<Schedule, 'cron' | 'timezone'>, from: Date, to: Date): Date[] {
  const fires: Date[] = [];
  for (const fire of cronOf(schedule).enumerate(from)) {
    if (fire.getTime() > to.getTime() || fires.length === MAX_FIRES) break;
    fires.push(fire);
  }
  return fires;
}

/** The latest fire time in (from, to], or null: what a late or catching-up timer must act on. */
export function lastFire(schedule: Pick<Schedule, 'cron' | 'timezone'>, from: Date, to: Date): Date | null {
  // previousRuns looks strictly before its reference; one millisecond on makes `to` itself count.
  const [fire] = cronOf(schedule).previousRuns(1, new Date(to.getTime() + 1));
  return fire !== undefined && fire.getTime() > from.getTime() ? fire : null;
}

/** The first fire strictly after `after`, or null when the expression never fires again. */
export function nextFire(schedule: Pick<Schedule, 'cron' | 'timezone'>, after: Date): Date | null {
  return cronOf(schedule).nextRun(after);
}
