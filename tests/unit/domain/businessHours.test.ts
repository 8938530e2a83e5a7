import { inBusinessHours } from '../../../shared/domain/businessHours';
import type { LifecyclePolicy } from '../../../shared/schemas/lifecycle';

const policy = (businessHours?: LifecyclePolicy['businessHours'], timezone?: string): LifecyclePolicy => ({
  tier: 'business_hours',
  warmPool: { warmInstances: 0, maxInstances: 10, scaleUpTimeSeconds: 60 },
  sleepAfterIdleMinutes: 30,
  ...(businessHours && { businessHours }),
  ...(timezone && { schedule: { cron: '0 9 * * 1', timezone, autoSleepAfterMinutes: 60 } }),
});

describe('inBusinessHours', () => {
  const newYork = policy({
    startHour: 8,
    endHour: 18,
    weekdays: [1, 2, 3, 4, 5],
    timezone: 'America/New_York',
  });

  it('reads the wall clock of the business-hours zone', () => {
    expect(inBusinessHours(newYork, new Date('2025-01-06T12:59:00Z'))).toBe(false); // 07:59 Monday
    expect(inBusinessHours(newYork, new Date('2025-01-06T13:00:00Z'))).toBe(true); // 08:00
    expect(inBusinessHours(newYork, new Date('2025-01-06T22:59:00Z'))).toBe(true); // 17:59
    expect(inBusinessHours(newYork, new Date('2025-01-06T23:00:00Z'))).toBe(false); // 18:00
    expect(inBusinessHours(newYork, new Date('2025-07-07T12:00:00Z'))).toBe(true); // 08:00 in summer time
  });

  it('is closed on days not listed, judged by the local date', () => {
    expect(inBusinessHours(newYork, new Date('2025-01-11T15:00:00Z'))).toBe(false); // Saturday
    expect(inBusinessHours(newYork, new Date('2025-01-11T02:00:00Z'))).toBe(false); // Friday 21:00 locally
  });

  it('defaults to 08:00–18:00 Monday to Friday in the schedule zone, else UTC', () => {
    expect(inBusinessHours(policy(), new Date('2025-01-06T08:00:00Z'))).toBe(true);
    expect(inBusinessHours(policy(), new Date('2025-01-06T18:00:00Z'))).toBe(false);
    expect(inBusinessHours(policy(undefined, 'Asia/Tokyo'), new Date('2025-01-06T00:00:00Z'))).toBe(true); // 09:00
  });

  it('handles a shift across midnight', () => {
    const night = policy({ startHour: 22, endHour: 6, weekdays: [0, 1, 2, 3, 4, 5, 6], timezone: 'UTC' });
    expect(inBusinessHours(night, new Date('2025-01-06T23:00:00Z'))).toBe(true);
    expect(inBusinessHours(night, new Date('2025-01-06T05:59:00Z'))).toBe(true);
    expect(inBusinessHours(night, new Date('2025-01-06T12:00:00Z'))).toBe(false);
  });
});
