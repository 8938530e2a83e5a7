import { lastFire, nextFire, scheduleFires, scheduleProblem } from '../../../shared/domain/schedule';

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
const utc = (text: string) => new Date(text);

describe('schedules (croner, in the schedule time zone)', () => {
  const weeklyNewYork = { cron: '0 9 * * 1', timezone: 'America/New_York' };

  it('fires Mondays at 09:00 New York: 14:00 UTC in winter, 13:00 UTC in summer', () => {
    expect(nextFire(weeklyNewYork, utc('2025-01-01T00:00:00Z'))?.toISOString()).toBe(
      '2025-01-06T14:00:00.000Z',
    );
    expect(nextFire(weeklyNewYork, utc('2025-07-01T00:00:00Z'))?.toISOString()).toBe(
      '2025-07-07T13:00:00.000Z',
    );
  });

  it('follows New York across the March change to daylight saving', () => {
    expect(
      iso(scheduleFires(weeklyNewYork, utc('2025-03-01T00:00:00Z'), utc('2025-03-18T00:00:00Z'))),
    ).toEqual(['2025-03-03T14:00:00.000Z', '2025-03-10T13:00:00.000Z', '2025-03-17T13:00:00.000Z']);
  });

  it('fires at 08:00 on the last day of every month, February and leap years included', () => {
    const monthEnd = { cron: '0 8 L * *', timezone: 'UTC' };
    expect(iso(scheduleFires(monthEnd, utc('2024-01-15T00:00:00Z'), utc('2024-04-30T23:00:00Z')))).toEqual([
      '2024-01-31T08:00:00.000Z',
      '2024-02-29T08:00:00.000Z',
      '2024-03-31T08:00:00.000Z',
      '2024-04-30T08:00:00.000Z',
    ]);
    expect(nextFire(monthEnd, utc('2025-02-01T00:00:00Z'))?.toISOString()).toBe('2025-02-28T08:00:00.000Z');
    expect(nextFire(monthEnd, utc('2100-02-01T00:00:00Z'))?.toISOString()).toBe('2100-02-28T08:00:00.000Z');
  });

  it('fires on the first day of each quarter at 07:00 London, across both daylight-saving changes', () => {
    const quarterly = { cron: '0 7 1 */3 *', timezone: 'Europe/London' };
    expect(iso(scheduleFires(quarterly, utc('2025-01-01T00:00:00Z'), utc('2026-01-02T00:00:00Z')))).toEqual([
      '2025-01-01T07:00:00.000Z', // GMT
      '2025-04-01T06:00:00.000Z', // BST from 30 March
      '2025-07-01T06:00:00.000Z',
      '2025-10-01T06:00:00.000Z', // still BST until 26 October
      '2026-01-01T07:00:00.000Z',
    ]);
  });

  it('fires on the first day of each quarter at 07:00 New York, across its changes', () => {
    const quarterly = { cron: '0 7 1 */3 *', timezone: 'America/New_York' };
    expect(iso(scheduleFires(quarterly, utc('2024-12-31T00:00:00Z'), utc('2025-12-31T00:00:00Z')))).toEqual([
      '2025-01-01T12:00:00.000Z',
      '2025-04-01T11:00:00.000Z',
      '2025-07-01T11:00:00.000Z',
      '2025-10-01T11:00:00.000Z',
    ]);
  });

  it('counts fires in (from, to]: not at from, but at to', () => {
    const daily = { cron: '0 9 * * *', timezone: 'UTC' };
    const nine = utc('2025-01-06T09:00:00Z');
    expect(scheduleFires(daily, nine, utc('2025-01-06T23:00:00Z'))).toEqual([]);
    expect(iso(scheduleFires(daily, utc('2025-01-06T08:00:00Z'), nine))).toEqual([nine.toISOString()]);
  });

  it('returns at most a few fires', () => {
    const everyMinute = { cron: '* * * * *', timezone: 'UTC' };
    expect(scheduleFires(everyMinute, utc('2025-01-06T00:00:00Z'), utc('2025-01-07T00:00:00Z'))).toHaveLength(
      8,
    );
  });

  it('finds the latest fire in a window', () => {
    const everyFive = { cron: '*/5 * * * *', timezone: 'UTC' };
    const from = utc('2025-01-06T09:00:00Z');
    expect(lastFire(everyFive, from, utc('2025-01-06T09:17:30Z'))?.toISOString()).toBe(
      '2025-01-06T09:15:00.000Z',
    );
    expect(lastFire(everyFive, from, utc('2025-01-06T09:15:00Z'))?.toISOString()).toBe(
      '2025-01-06T09:15:00.000Z',
    );
    expect(lastFire(everyFive, from, utc('2025-01-06T09:04:59Z'))).toBeNull();
  });

  it('explains an expression it cannot use', () => {
    expect(scheduleProblem({ cron: '0 9 * * 1', timezone: 'UTC' })).toBeUndefined();
    expect(scheduleProblem({ cron: '0 0 9 * * 1', timezone: 'UTC' })).toMatch(/5 parts/);
    expect(scheduleProblem({ cron: '0 25 * * *', timezone: 'UTC' })).toBeDefined();
  });
});
