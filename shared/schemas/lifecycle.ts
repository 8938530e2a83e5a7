import { z } from 'zod';
import { DottedName } from './common';
import { PheromoneType } from './pheromone';

export const AgentState = z.enum(['cold', 'sleeping', 'warming', 'idle', 'active']);
export type AgentState = z.infer<typeof AgentState>;

export const LifecycleTier = z.enum(['always_on', 'business_hours', 'on_demand']);
export type LifecycleTier = z.infer<typeof LifecycleTier>;

/** IANA zone names; validated for real by Intl so a typo is a 400, not a silent UTC. */
export const TimeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'an IANA time zone such as America/New_York');

/** Seed 002 §10.3.C: wake on a cron schedule (five fields, `L` allowed) in a time zone. */
export const Schedule = z.object({
  cron: z.string().min(9).max(100),
  timezone: TimeZone.default('UTC'),
  autoSleepAfterMinutes: z.number().int().min(1).max(10_080).default(60),
});
export type Schedule = z.infer<typeof Schedule>;

/** Seed 002 §10.3.C event-driven activation, expressed as pheromones the agent listens for. */
export const EventTrigger = z.object({
  /** Business event names from the seed (e.g. `security.alert.high`); matched against signal data.event. */
  events: z.array(z.string().min(1)).default([]),
  pheromoneTypes: z.array(PheromoneType).default([]),
  /** Location prefixes, e.g. `finance` matches `finance.reconciliation`. */
  locations: z.array(DottedName).default([]),
  wakeThreshold: z.number().int().min(1).default(1),
  sleepAfterIdleMinutes: z.number().int().min(1).max(1440).default(15),
});
export type EventTrigger = z.infer<typeof EventTrigger>;

/** Seed 002 §10.3.D warm pool strategy. */
export const WarmPool = z.object({
  warmInstances: z.number().int().min(0).max(100).default(0),
  maxInstances: z.number().int().min(1).max(1000).default(10),
  scaleUpTimeSeconds: z.number().int().min(0).default(60),
});
export type WarmPool = z.infer<typeof WarmPool>;

export const LifecyclePolicy = z.object({
  tier: LifecycleTier,
  schedule: Schedule.optional(),
  eventTrigger: EventTrigger.optional(),
  warmPool: WarmPool.default({ warmInstances: 0, maxInstances: 10, scaleUpTimeSeconds: 60 }),
  sleepAfterIdleMinutes: z.number().int().min(1).max(1440).default(30),
  /** Business hours for the `business_hours` tier (local time in the schedule's zone, or UTC). */
  businessHours: z
    .object({
      startHour: z.number().int().min(0).max(23).default(8),
      endHour: z.number().int().min(1).max(24).default(18),
      weekdays: z.array(z.number().int().min(0).max(6)).default([1, 2, 3, 4, 5]),
      timezone: TimeZone.default('UTC'),
    })
    .optional(),
});
export type LifecyclePolicy = z.infer<typeof LifecyclePolicy>;
