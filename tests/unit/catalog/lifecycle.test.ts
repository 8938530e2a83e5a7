import { Cron } from 'croner';
import { catalog, catalogEntry } from '../../../shared/catalog';
import type { CatalogEntry } from '../../../shared/schemas/catalog';

const entry = (agentType: string): CatalogEntry => {
  const found = catalogEntry(agentType);
  if (!found) throw new Error(`${agentType} is not in the catalogue`);
  return found;
};

const localParts = (date: Date, timeZone: string) =>
  Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );

describe('§10.3.C scheduled activation', () => {
  it.each([
    ['finance.reconciliation', '0 9 * * 1', 'America/New_York', 60],
    ['finance.month_end_close', '0 8 L * *', 'UTC', 240],
    ['hr.performance_review', '0 7 1 */3 *', 'UTC', 480],
  ])('%s wakes on %s (%s) and sleeps after %i minutes', (type, cron, timezone, minutes) => {
    expect(entry(type).lifecycle.schedule).toEqual({ cron, timezone, autoSleepAfterMinutes: minutes });
  });

  it('schedules no other agent', () => {
    expect(catalog.filter((e) => e.lifecycle.schedule).map((e) => e.agentType)).toEqual([
      'finance.month_end_close',
      'finance.reconciliation',
      'hr.performance_review',
    ]);
  });

  it('gives every schedule a cron expression croner can run', () => {
    for (const { agentType, lifecycle } of catalog) {
      if (!lifecycle.schedule) continue;
      const { cron, timezone } = lifecycle.schedule;
      const next = new Cron(cron, { timezone, paused: true }).nextRun();
      expect({ agentType, next: next instanceof Date }).toEqual({ agentType, next: true });
    }
  });

  const runsOf = (agentType: string, count: number, from: string): Date[] => {
    const { cron, timezone } = entry(agentType).lifecycle.schedule!;
    return new Cron(cron, { timezone, paused: true }).nextRuns(count, new Date(from));
  };

  it.each([
    // New York leaves daylight time on 2 November 2025: 13:00Z before, 14:00Z after.
    [
      'reconciles on Mondays at 9:00 New York time across a DST change',
      'finance.reconciliation',
      '2025-10-25',
      ['2025-10-27T13:00:00.000Z', '2025-11-03T14:00:00.000Z', '2025-11-10T14:00:00.000Z'],
    ],
    [
      'closes the month on its last day, February included',
      'finance.month_end_close',
      '2026-01-15',
      ['2026-01-31T08:00:00.000Z', '2026-02-28T08:00:00.000Z', '2026-03-31T08:00:00.000Z'],
    ],
    [
      'reviews performance on the first day of each quarter',
      'hr.performance_review',
      '2026-01-02',
      [
        '2026-04-01T07:00:00.000Z',
        '2026-07-01T07:00:00.000Z',
        '2026-10-01T07:00:00.000Z',
        '2027-01-01T07:00:00.000Z',
      ],
    ],
  ])('%s', (_title, agentType, from, expected) => {
    expect(runsOf(agentType, expected.length, `${from}T00:00:00Z`).map((r) => r.toISOString())).toEqual(
      expected,
    );
  });

  it('reconciles at 9:00 on a Monday in New York, whatever the season', () => {
    for (const run of runsOf('finance.reconciliation', 52, '2026-01-01T00:00:00Z'))
      expect(localParts(run, 'America/New_York')).toMatchObject({ weekday: 'Mon', hour: '09', minute: '00' });
  });
});

describe('§10.3.C event-driven activation', () => {
  it.each([
    [
      'finance.fraud_detection',
      ['transaction.high_value', 'transaction.unusual_pattern'],
      ['task', 'danger'],
      ['finance'],
      15,
    ],
    [
      'supply_chain.urgent_reorder',
      ['inventory.critical_low'],
      ['resource', 'task'],
      ['supply_chain', 'retail.inventory'],
      30,
    ],
    [
      'cybersecurity.defender',
      ['security.alert.high', 'security.alert.critical'],
      ['danger'],
      ['security', 'cybersecurity'],
      5,
    ],
  ])(
    '%s wakes on %j, as %j pheromones at %j, and sleeps after %i idle minutes',
    (type, events, kinds, locations, idle) => {
      const { lifecycle } = entry(type);
      expect(lifecycle.eventTrigger).toEqual({
        events,
        pheromoneTypes: kinds,
        locations,
        wakeThreshold: 1,
        sleepAfterIdleMinutes: idle,
      });
      expect(lifecycle.sleepAfterIdleMinutes).toBe(idle);
    },
  );

  it('gives no other agent an event trigger', () => {
    expect(catalog.filter((e) => e.lifecycle.eventTrigger).map((e) => e.agentType)).toEqual([
      'cybersecurity.defender',
      'finance.fraud_detection',
      'supply_chain.urgent_reorder',
    ]);
  });
});

describe('§10.3.D tiers', () => {
  const tierOf = (tier: string) => catalog.filter((e) => e.lifecycle.tier === tier).map((e) => e.agentType);

  it('keeps the security and platform-health agents always on', () => {
    expect(tierOf('always_on')).toEqual(['cybersecurity.defender', 'selfops.infraops']);
  });

  it('runs the seed business-hours agents 8:00-18:00 Monday to Friday', () => {
    const businessHours = tierOf('business_hours');
    expect(businessHours).toEqual(
      expect.arrayContaining(['crm.customer_support', 'hr.recruitment', 'sales.lead_nurturing']),
    );
    for (const type of businessHours) {
      expect(entry(type).lifecycle.businessHours).toEqual({
        startHour: 8,
        endHour: 18,
        weekdays: [1, 2, 3, 4, 5],
        timezone: 'UTC',
      });
    }
    expect(businessHours.length).toBeLessThanOrEqual(8);
  });

  it('starts the seed on-demand agents, and most others, only when needed', () => {
    const onDemand = tierOf('on_demand');
    expect(onDemand).toEqual(
      expect.arrayContaining([
        'finance.month_end_close',
        'hr.annual_review',
        'manufacturing.capacity_planning',
      ]),
    );
    expect(onDemand.length).toBeGreaterThan(catalog.length / 2);
  });

  it('states the tier once: cost tier, lifecycle tier and default state agree', () => {
    const stateOf = { always_on: 'active', business_hours: 'sleeping', on_demand: 'cold' };
    for (const e of catalog) {
      expect({ type: e.agentType, costTier: e.costTier, state: e.defaultLifecycle }).toEqual({
        type: e.agentType,
        costTier: e.lifecycle.tier,
        state: stateOf[e.lifecycle.tier],
      });
      expect(e.lifecycle.businessHours !== undefined).toBe(e.lifecycle.tier === 'business_hours');
    }
  });
});

describe('§10.3.D warm pools', () => {
  it('keeps two retail inventory agents warm, scaling to 50 in 10 s', () => {
    expect(entry('retail.inventory').lifecycle.warmPool).toEqual({
      warmInstances: 2,
      maxInstances: 50,
      scaleUpTimeSeconds: 10,
    });
  });

  it('keeps no reconciliation agent warm, scaling to 10 in 60 s', () => {
    expect(entry('finance.reconciliation').lifecycle.warmPool).toEqual({
      warmInstances: 0,
      maxInstances: 10,
      scaleUpTimeSeconds: 60,
    });
  });

  it('keeps nothing warm for on-demand agents and something warm for always-on ones', () => {
    for (const { agentType, lifecycle } of catalog) {
      const { warmInstances, maxInstances } = lifecycle.warmPool;
      expect(warmInstances).toBeLessThanOrEqual(maxInstances);
      if (lifecycle.tier === 'on_demand')
        expect({ agentType, warmInstances }).toEqual({ agentType, warmInstances: 0 });
      if (lifecycle.tier === 'always_on') expect(warmInstances).toBeGreaterThan(0);
    }
  });

  it('scales the defender fastest: a threat response must start within seconds', () => {
    const defender = entry('cybersecurity.defender').lifecycle.warmPool;
    const fastest = Math.min(...catalog.map((e) => e.lifecycle.warmPool.scaleUpTimeSeconds));
    expect(defender.scaleUpTimeSeconds).toBe(fastest);
    expect(defender.scaleUpTimeSeconds).toBeLessThan(30);
  });
});
