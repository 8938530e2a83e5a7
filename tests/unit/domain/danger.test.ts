import { isLocationAvoided } from '../../../shared/domain/danger';
import { detect } from '../../../shared/domain/detection';
import { aTrail, at } from '../../support/builders';

describe('isLocationAvoided', () => {
  const danger = aTrail({ type: 'danger', location: 'integrations.stripe', expiresAt: at(60).toISOString() });

  it('avoids a location while a danger trail there is live, with a retry-after from its expiry', () => {
    expect(isLocationAvoided([danger], 'integrations.stripe', at(15))).toEqual({
      avoided: true,
      retryAfterSeconds: 45,
    });
  });

  it('stops avoiding once the danger has evaporated', () => {
    expect(isLocationAvoided([danger], 'integrations.stripe', at(60))).toEqual({ avoided: false });
  });

  it('covers locations below the dangerous one, not beside it', () => {
    expect(isLocationAvoided([danger], 'integrations.stripe.payments', at(0)).avoided).toBe(true);
    expect(isLocationAvoided([danger], 'integrations.stripey', at(0)).avoided).toBe(false);
    expect(isLocationAvoided([danger], 'integrations', at(0)).avoided).toBe(false);
  });

  it('ignores trails of other types', () => {
    const success = { ...danger, type: 'success' as const };
    expect(isLocationAvoided([success], 'integrations.stripe', at(0)).avoided).toBe(false);
  });

  it('waits for the last of several dangers', () => {
    const later = { ...danger, id: 'later', expiresAt: at(120).toISOString() };
    expect(isLocationAvoided([danger, later], 'integrations.stripe', at(0)).retryAfterSeconds).toBe(120);
  });

  it('judges sensed trails by the time now, not when they were read', () => {
    const sensed = detect([danger], { minStrength: 0 }, at(0));
    expect(isLocationAvoided(sensed, 'integrations.stripe', at(90)).avoided).toBe(false);
  });
});
