import { detect, matchesLocation } from '../../../shared/domain/detection';
import { T0, aTrail, at } from '../../support/builders';

describe('matchesLocation', () => {
  it.each([
    ['finance.reconciliation', 'finance.reconciliation', true],
    ['finance.reconciliation', 'finance.reconciliation.daily', false],
    ['finance', 'finance.reconciliation', false],
    ['finance.*', 'finance.reconciliation', true],
    ['finance.*', 'finance.ap.invoices', true],
    ['finance.*', 'finance', false],
    ['finance.*', 'financial.audit', false],
  ])('query %s against %s: %s', (query, location, expected) => {
    expect(matchesLocation(query, location)).toBe(expected);
  });
});

describe('detect', () => {
  const expiring = (seconds: number) => at(seconds).toISOString();
  const field = [
    aTrail({ id: 'weak', strength: 0.2, expiresAt: expiring(100) }),
    aTrail({ id: 'strong', strength: 0.9, expiresAt: expiring(100) }),
    aTrail({ id: 'danger', type: 'danger', strength: 0.8, expiresAt: expiring(100) }),
    aTrail({ id: 'elsewhere', location: 'hr.onboarding', strength: 0.7, expiresAt: expiring(100) }),
    aTrail({
      id: 'below',
      location: 'finance.reconciliation.daily',
      strength: 0.6,
      expiresAt: expiring(100),
    }),
    aTrail({ id: 'expired', strength: 1, expiresAt: expiring(10) }),
  ];

  it('filters by type and exact location, strongest first', () => {
    const sensed = detect(
      field,
      { type: 'task', location: 'finance.reconciliation', minStrength: 0 },
      at(50),
    );
    expect(sensed.map((t) => t.id)).toEqual(['strong', 'weak']);
    expect(sensed[0]!.currentStrength).toBeCloseTo(0.45, 10);
  });

  it('filters by the current (evaporated) strength, not the deposited one', () => {
    const sensed = detect(
      field,
      { type: 'task', location: 'finance.reconciliation', minStrength: 0.3 },
      at(50),
    );
    expect(sensed.map((t) => t.id)).toEqual(['strong']);
  });

  it('never returns an evaporated trail, even with minStrength 0', () => {
    expect(detect(field, { minStrength: 0 }, at(50)).map((t) => t.id)).not.toContain('expired');
    expect(detect(field, { minStrength: 0 }, at(100))).toEqual([]);
  });

  it('matches below a location with prefix.*', () => {
    const sensed = detect(field, { type: 'task', location: 'finance.*', minStrength: 0 }, at(50));
    expect(sensed.map((t) => t.id)).toEqual(['strong', 'below', 'weak']);
  });

  it('without filters senses every live trail', () => {
    expect(detect(field, { minStrength: 0 }, at(50)).map((t) => t.id)).toEqual([
      'strong',
      'danger',
      'elsewhere',
      'below',
      'weak',
    ]);
  });

  it('breaks ties by the most recent deposit', () => {
    const older = aTrail({ id: 'older', strength: 0.5, depositedAt: T0, expiresAt: expiring(100) });
    const newer = aTrail({
      id: 'newer',
      strength: 0.25,
      depositedAt: expiring(50),
      expiresAt: expiring(150),
    });
    const sensed = detect([older, newer], { minStrength: 0 }, at(50));
    expect(sensed.map((t) => t.currentStrength)).toEqual([0.25, 0.25]);
    expect(sensed.map((t) => t.id)).toEqual(['newer', 'older']);
  });

  it('shows trails without their bookkeeping and with their current strength', () => {
    const [sensed] = detect([aTrail()], { minStrength: 0 }, at(0));
    expect(sensed).not.toHaveProperty('recentSignalIds');
    expect(sensed).not.toHaveProperty('ttl');
    expect(sensed).toHaveProperty('currentStrength', 0.5);
  });
});
