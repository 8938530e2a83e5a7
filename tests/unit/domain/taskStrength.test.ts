import { deferBackoffMs, retryBackoffMs } from '../../../shared/domain/backoff';
import { taskStrength } from '../../../shared/domain/taskStrength';
import { T0, at } from '../../support/builders';

describe('taskStrength', () => {
  const fresh = { priority: 5, attempts: 0, createdAt: T0 };

  it('is priority / 10 for a fresh task on its first attempt', () => {
    expect(taskStrength(fresh, at(0))).toBe(0.5);
    expect(taskStrength({ ...fresh, attempts: 1 }, at(0))).toBe(0.5);
  });

  it('ages: urgency grows to double over ten minutes, then stops', () => {
    expect(taskStrength({ ...fresh, priority: 3 }, at(300))).toBeCloseTo(0.45, 10);
    expect(taskStrength({ ...fresh, priority: 3 }, at(600))).toBeCloseTo(0.6, 10);
    expect(taskStrength({ ...fresh, priority: 3 }, at(6_000))).toBeCloseTo(0.6, 10);
  });

  it('lets a waiting low-priority task overtake a fresh higher-priority one', () => {
    const waiting = { priority: 3, attempts: 0, createdAt: T0 };
    const arriving = { priority: 5, attempts: 0, createdAt: at(540).toISOString() };
    expect(taskStrength(waiting, at(540))).toBeGreaterThan(taskStrength(arriving, at(540)));
  });

  it('weakens with every attempt', () => {
    expect(taskStrength({ ...fresh, attempts: 2 }, at(0))).toBe(0.25);
    expect(taskStrength({ ...fresh, attempts: 4 }, at(0))).toBe(0.125);
  });

  it('never exceeds 1', () => {
    expect(taskStrength({ priority: 10, attempts: 0, createdAt: T0 }, at(600))).toBe(1);
  });

  it('does not grow for a task created in the future (clock skew)', () => {
    expect(taskStrength({ ...fresh, createdAt: at(60).toISOString() }, at(0))).toBe(0.5);
  });
});

describe('backoff', () => {
  const lowest = () => 0;
  const highest = () => 0.999999;

  it('retries after 2 s doubling, between half and all of the step', () => {
    expect(retryBackoffMs(1, lowest)).toBe(1_000);
    expect(retryBackoffMs(1, highest)).toBe(2_000);
    expect(retryBackoffMs(2, lowest)).toBe(2_000);
    expect(retryBackoffMs(3, highest)).toBe(8_000);
  });

  it('caps retries at five minutes', () => {
    expect(retryBackoffMs(50, highest)).toBe(300_000);
    expect(retryBackoffMs(5_000, lowest)).toBe(150_000);
  });

  it('defers for 1 s doubling, capped at a minute', () => {
    expect(deferBackoffMs(1, highest)).toBe(1_000);
    expect(deferBackoffMs(3, highest)).toBe(4_000);
    expect(deferBackoffMs(30, highest)).toBe(60_000);
    expect(deferBackoffMs(0, lowest)).toBe(500);
  });

  it('spreads retries that failed together', () => {
    const waits = [0.1, 0.5, 0.9].map((r) => retryBackoffMs(4, () => r));
    expect(new Set(waits).size).toBe(3);
  });
});
