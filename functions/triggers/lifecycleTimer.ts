import type { InvocationContext, Timer } from '@azure/functions';
import { tickLifecycle, type BudgetAlerts } from '../../shared/services/lifecycle/tickLifecycle';
import type { Swarm } from '../../shared/services/swarm';

export interface TimerFunction {
  kind: 'timer';
  name: string;
  /** Six-field NCRONTAB, as the Functions timer trigger takes it. */
  schedule: string;
  handler(timer: Timer, context: InvocationContext): Promise<void>;
}

/** The lifecycle tick, every minute (seed §10.3). The host's record of the last run bounds the lookback. */
export function lifecycleTimerFunction(swarm: () => Promise<Swarm>): TimerFunction {
  const budgetAlerts: BudgetAlerts = new Map();
  return {
    kind: 'timer',
    name: 'lifecycleTick',
    schedule: '0 */1 * * * *',
    async handler(timer, context) {
      const last = timer.scheduleStatus?.last;
      const lastTick = last && !last.startsWith('0001-') ? new Date(last) : null;
      const report = await tickLifecycle(await swarm(), lastTick, budgetAlerts);
      context.log(`lifecycle: ${report.woke} woke, ${report.slept} slept, ${report.skipped} skipped`);
    },
  };
}
