import { currentStrength, isExpired } from '../../../shared/domain/evaporation';
import { T0, at } from '../../support/builders';

describe('currentStrength (linear evaporation, seed 002 §14.7)', () => {
  const critical = { strength: 1.0, depositedAt: T0, expiresAt: at(300).toISOString() };

  it.each([
    [0, 1.0],
    [60, 0.8],
    [150, 0.5],
    [240, 0.2],
    [300, 0],
    [301, 0],
  ])('follows the seed timeline: at %i s the strength is %d', (seconds, expected) => {
    expect(currentStrength(critical, at(seconds))).toBeCloseTo(expected, 10);
  });

  it('scales with the deposited strength', () => {
    expect(currentStrength({ ...critical, strength: 0.5 }, at(150))).toBeCloseTo(0.25, 10);
  });

  it('never exceeds the deposit, even when read before the deposit time (clock skew)', () => {
    expect(currentStrength(critical, at(-30))).toBe(1);
  });

  it('is 0, never negative, for a zero-length or inverted lifetime', () => {
    expect(currentStrength({ ...critical, expiresAt: T0 }, at(0))).toBe(0);
    expect(currentStrength({ ...critical, expiresAt: at(-10).toISOString() }, at(-20))).toBe(0);
  });

  it('is never above 1', () => {
    expect(currentStrength({ ...critical, strength: 3 }, at(0))).toBe(1);
  });

  it('isExpired from the expiry instant on', () => {
    expect(isExpired(critical, at(299))).toBe(false);
    expect(isExpired(critical, at(300))).toBe(true);
  });
});
