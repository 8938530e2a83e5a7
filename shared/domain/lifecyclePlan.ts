import type { AgentInstance } from '../schemas/agent';
import type { Schedule } from '../schemas/lifecycle';
import { isAwake, sleep, wake } from './agentStateMachine';
import { inBusinessHours } from './businessHours';
import { lastFire, scheduleProblem } from './schedule';

export interface LifecycleAction {
  agentId: string;
  action: 'wake' | 'sleep';
  reason: string;
  keepAliveUntil?: string;
  /** Wake as a member of its type's warm pool: exempt from idle sleep while the pool needs it. */
  warm?: boolean;
}

/** Without a record of the last tick, look back two ticks so one missed minute loses no schedule fire. */
const DEFAULT_LOOKBACK_MS = 2 * 60_000;

type WarmRole = 'member' | 'recruit';

/**
 * Seed 002 §10.3 lifecycle, decided for one tenant's agents at `now` (the every-minute timer). Pure, and
 * a fixed point: applying the plan and planning again at the same moment gives no actions, so a timer
 * that fires twice, or late, does no harm. The rules, per agent:
 * - wake: `always_on` agents; `business_hours` agents inside business hours; a schedule fire since the
 *   last tick (keep-alive until fire + `autoSleepAfterMinutes`); warm-pool recruits.
 * - stay awake: anything holding tasks, kept alive, `always_on`, inside business hours, or a warm-pool
 *   member.
 * - otherwise sleep: keep-alive over; `business_hours` outside business hours; idle longer than
 *   `sleepAfterIdleMinutes` (the event trigger's, when it has one).
 */
export function planLifecycle(agents: AgentInstance[], now: Date, lastTick: Date | null): LifecycleAction[] {
  const assessed = agents.map((agent) => ({ agent, assessment: assess(agent, now, lastTick) }));
  const wokenByPolicy = new Set(
    assessed.filter(({ assessment }) => assessment.wake).map(({ agent }) => agent.id),
  );
  // The warm pool counts the agents awake once this plan is applied, or the plan would not be a fixed point.
  const roles = warmPoolRoles(agents, (agent) => isAwake(agent) || wokenByPolicy.has(agent.id));
  return assessed.flatMap(
    ({ agent, assessment }) => decide(agent, now, assessment, roles.get(agent.id)) ?? [],
  );
}

interface Assessment {
  officeOpen: boolean;
  /** Why the agent's own policy wants it awake now, and until when; undefined when it does not. */
  wake?: { reasons: string[]; keepAliveUntil?: string };
}

function assess(agent: AgentInstance, now: Date, lastTick: Date | null): Assessment {
  const policy = agent.lifecycle;
  const awake = isAwake(agent);
  const officeOpen = policy.tier === 'business_hours' && inBusinessHours(policy, now);
  const reasons: string[] = [];
  let keepAliveUntil: string | undefined;
  const scheduled = policy.schedule && scheduledKeepAlive(policy.schedule, now, lastTick);
  if (
    scheduled !== undefined &&
    (!awake || agent.keepAliveUntil === null || Date.parse(agent.keepAliveUntil) < scheduled.getTime())
  ) {
    reasons.push(`schedule ${policy.schedule?.cron}`);
    keepAliveUntil = scheduled.toISOString();
  }
  if (!awake && policy.tier === 'always_on') reasons.push('always on');
  if (!awake && officeOpen) reasons.push('business hours');
  if (reasons.length === 0) return { officeOpen };
  return { officeOpen, wake: { reasons, ...(keepAliveUntil && { keepAliveUntil }) } };
}

function decide(
  agent: AgentInstance,
  now: Date,
  { officeOpen, wake }: Assessment,
  role: WarmRole | undefined,
): LifecycleAction | undefined {
  if (wake || role === 'recruit') {
    return {
      agentId: agent.id,
      action: 'wake',
      reason: [...(wake?.reasons ?? []), ...(role === 'recruit' ? ['warm pool'] : [])].join('; '),
      ...(wake?.keepAliveUntil && { keepAliveUntil: wake.keepAliveUntil }),
      ...(role === 'recruit' && { warm: true }),
    };
  }

  if (!isAwake(agent) || agent.activeTaskIds.length > 0) return undefined;
  const policy = agent.lifecycle;
  if (policy.tier === 'always_on' || officeOpen || role === 'member') return undefined;
  if (agent.keepAliveUntil !== null) {
    if (Date.parse(agent.keepAliveUntil) > now.getTime()) return undefined;
    return { agentId: agent.id, action: 'sleep', reason: 'keep-alive over' };
  }
  if (policy.tier === 'business_hours') {
    return { agentId: agent.id, action: 'sleep', reason: 'outside business hours' };
  }
  const idleMinutes = policy.eventTrigger?.sleepAfterIdleMinutes ?? policy.sleepAfterIdleMinutes;
  const idleSince = Math.max(
    Date.parse(agent.stateSince),
    Date.parse(agent.lastActiveAt ?? agent.stateSince),
  );
  if (now.getTime() - idleSince < idleMinutes * 60_000) return undefined;
  return { agentId: agent.id, action: 'sleep', reason: `idle for ${idleMinutes} minutes` };
}

/**
 * The keep-alive a schedule fire since the last tick asks for. Only fires younger than the keep-alive
 * they grant count: after a long outage, waking an agent whose scheduled window is already over would
 * only put it straight back to sleep.
 */
function scheduledKeepAlive(schedule: Schedule, now: Date, lastTick: Date | null): Date | undefined {
  // Refused at deployment; a stored bad expression must not stop the tick for the whole tenant.
  if (scheduleProblem(schedule) !== undefined) return undefined;
  const keepAliveMs = schedule.autoSleepAfterMinutes * 60_000;
  const from = Math.max(
    lastTick?.getTime() ?? now.getTime() - DEFAULT_LOOKBACK_MS,
    now.getTime() - keepAliveMs,
  );
  const fire = lastFire(schedule, new Date(from), now);
  return fire === null ? undefined : new Date(fire.getTime() + keepAliveMs);
}

/**
 * Seed 002 §10.3.D warm pools, per agent type (its agents share one policy; the first by id is read).
 * Members are the awake agents marked warm, up to `warmInstances`. A shortfall is made up first from awake
 * agents (marking costs nothing), then by waking sleeping agents (they restore a checkpoint) before cold
 * ones, and never so that more than `maxInstances` of the type are awake.
 */
function warmPoolRoles(
  agents: AgentInstance[],
  awakeAfter: (agent: AgentInstance) => boolean,
): Map<string, WarmRole> {
  const roles = new Map<string, WarmRole>();
  const byType = new Map<string, AgentInstance[]>();
  for (const agent of [...agents].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    byType.set(agent.agentType, [...(byType.get(agent.agentType) ?? []), agent]);
  }
  for (const group of byType.values()) {
    const { warmInstances, maxInstances } = group[0]!.lifecycle.warmPool;
    const awake = group.filter(awakeAfter);
    const members = awake.filter((agent) => agent.warm).slice(0, warmInstances);
    for (const member of members) roles.set(member.id, 'member');
    let shortfall = warmInstances - members.length;
    let headroom = maxInstances - awake.length;
    const recruits = [
      ...awake.filter((agent) => !agent.warm),
      ...group.filter((agent) => !awakeAfter(agent) && agent.state === 'sleeping'),
      ...group.filter((agent) => !awakeAfter(agent) && agent.state === 'cold'),
    ];
    for (const recruit of recruits) {
      if (shortfall <= 0) break;
      if (!awakeAfter(recruit)) {
        if (headroom <= 0) break;
        headroom--;
      }
      roles.set(recruit.id, 'recruit');
      shortfall--;
    }
  }
  return roles;
}

/**
 * Carries out one planned action with the idempotent `wake` and `sleep`, marking warm-pool recruits.
 * Leaving the pool by sleeping clears the mark, so the pool is refilled by whoever the planner picks.
 */
export function applyLifecycleAction(agent: AgentInstance, action: LifecycleAction, at: Date): AgentInstance {
  if (action.action === 'wake') {
    const { agent: woken } = wake(agent, at, action.reason, action.keepAliveUntil);
    return action.warm && !woken.warm ? { ...woken, warm: true, updatedAt: at.toISOString() } : woken;
  }
  const slept = sleep(agent, at, action.reason);
  return slept.warm ? { ...slept, warm: false, updatedAt: at.toISOString() } : slept;
}
