import { randomUUID } from 'node:crypto';
import { Cron } from 'croner';
import { InvocationContext, type Timer } from '@azure/functions';
import type { TimerFunction } from '../../functions/triggers/lifecycleTimer';
import type { HostLog } from './log';

/**
 * Timer triggers on six-field NCRONTAB schedules (croner reads the seconds field), with the
 * `scheduleStatus` the Functions host passes: the last run bounds what a late or repeated tick may do.
 * `runNow` lets tests and the stack fire a timer on demand.
 */
export class TimerTriggers {
  private readonly jobs = new Map<
    string,
    { cron: Cron; fn: TimerFunction; last?: Date; running?: Promise<void> }
  >();

  constructor(private readonly log: HostLog) {}

  start(fn: TimerFunction, options: { autoStart?: boolean } = {}): void {
    const cron = new Cron(fn.schedule, { paused: options.autoStart === false, protect: true }, () =>
      this.runNow(fn.name),
    );
    this.jobs.set(fn.name, { cron, fn });
  }

  async runNow(name: string): Promise<void> {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`No timer function named ${name}`);
    if (job.running) return job.running;
    const now = new Date();
    const timer: Timer = {
      isPastDue: false,
      schedule: { adjustForDST: true },
      scheduleStatus: {
        // The Functions host reports a timer that never ran as 0001-01-01; the handler treats it as none.
        last: job.last?.toISOString() ?? '0001-01-01T00:00:00',
        next: job.cron.nextRun()?.toISOString() ?? now.toISOString(),
        lastUpdated: now.toISOString(),
      },
    };
    const context = new InvocationContext({
      invocationId: randomUUID(),
      functionName: name,
      logHandler: (level, ...args) => this.log.fromFunction(name, level, args),
    });
    job.running = job.fn
      .handler(timer, context)
      .then(() => {
        job.last = now;
      })
      .catch((error) => this.log.error(`[${name}] ${(error as Error).stack ?? error}`))
      .finally(() => {
        job.running = undefined;
      });
    return job.running;
  }

  close(): void {
    for (const job of this.jobs.values()) job.cron.stop();
  }
}
