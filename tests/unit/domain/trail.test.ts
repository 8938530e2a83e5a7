import {
  RECENT_SIGNAL_IDS,
  foldSignal,
  strengthForPriority,
  trailId,
  signalMark,
} from '../../../shared/domain/trail';
import { PheromoneStrength, PheromoneTrail } from '../../../shared/schemas/pheromone';
import { T0, aSignal, at } from '../../support/builders';

describe('trailId', () => {
  it('is deterministic and differs in each of its parts', () => {
    const id = trailId('tenant-a', 'task', 'finance.reconciliation', 'invoice');
    expect(trailId('tenant-a', 'task', 'finance.reconciliation', 'invoice')).toBe(id);
    expect(trailId('tenant-b', 'task', 'finance.reconciliation', 'invoice')).not.toBe(id);
    expect(trailId('tenant-a', 'danger', 'finance.reconciliation', 'invoice')).not.toBe(id);
    expect(trailId('tenant-a', 'task', 'finance.close', 'invoice')).not.toBe(id);
    expect(trailId('tenant-a', 'task', 'finance.reconciliation', '')).not.toBe(id);
  });

  it('is readable and safe as a Cosmos id whatever the key holds', () => {
    const id = trailId('tenant-a', 'task', 'finance.reconciliation', 'a/b\\c?d#e');
    expect(id.startsWith('task:finance.reconciliation:')).toBe(true);
    expect(id).not.toMatch(/[/\\?#]/);
    expect(id.length).toBeLessThanOrEqual(255);
  });
});

describe('strengthForPriority', () => {
  it.each([
    [10, PheromoneStrength.CRITICAL],
    [9, PheromoneStrength.HIGH],
    [7, PheromoneStrength.HIGH],
    [6, PheromoneStrength.MEDIUM],
    [5, PheromoneStrength.MEDIUM],
    [4, PheromoneStrength.LOW],
    [3, PheromoneStrength.LOW],
    [2, PheromoneStrength.TRACE],
    [1, PheromoneStrength.TRACE],
  ])('maps priority %i to %d', (priority, strength) => {
    expect(strengthForPriority(priority)).toBe(strength);
  });
});

describe('foldSignal', () => {
  it('makes a new trail from a signal, valid by the schema', () => {
    const signal = aSignal({ strength: 0.7, ttlSeconds: 300, data: { taskId: 't1' } });
    const { trail, changed } = foldSignal(undefined, signal, at(0));
    expect(changed).toBe(true);
    expect(PheromoneTrail.parse(trail)).toEqual(trail);
    expect(trail).toMatchObject({
      id: trailId('tenant-a', 'task', 'finance.reconciliation', ''),
      strength: 0.7,
      depositedAt: T0,
      expiresAt: at(300).toISOString(),
      deposits: 1,
      lastEmitter: 'agent-1',
      data: { taskId: 't1' },
      recentSignalIds: [signalMark('signal-1')],
      ttl: 360,
    });
  });

  it('reinforces a live trail: what is left plus the new strength, re-stamped now, longest lifetime', () => {
    const first = foldSignal(undefined, aSignal({ id: 's1', strength: 0.5, ttlSeconds: 300 }), at(0)).trail;
    const { trail, changed } = foldSignal(
      first,
      aSignal({
        id: 's2',
        strength: 0.3,
        ttlSeconds: 100,
        emitter: 'agent-2',
        depositedAt: at(150).toISOString(),
        data: { more: 1 },
      }),
      at(150),
    );
    expect(changed).toBe(true);
    expect(trail.strength).toBeCloseTo(0.25 + 0.3, 10);
    expect(trail.depositedAt).toBe(at(150).toISOString());
    expect(trail.expiresAt).toBe(at(300).toISOString());
    expect(trail.ttl).toBe(150 + 60);
    expect(trail.deposits).toBe(2);
    expect(trail.lastEmitter).toBe('agent-2');
    expect(trail.recentSignalIds).toEqual([signalMark('s1'), signalMark('s2')]);
    expect(trail.data).toEqual({ more: 1 });
  });

  it('extends the lifetime when the new signal outlives the trail', () => {
    const first = foldSignal(undefined, aSignal({ id: 's1', ttlSeconds: 300 }), at(0)).trail;
    const { trail } = foldSignal(
      first,
      aSignal({ id: 's2', ttlSeconds: 600, depositedAt: at(200).toISOString() }),
      at(200),
    );
    expect(trail.expiresAt).toBe(at(800).toISOString());
  });

  it('merges data, the newer value winning', () => {
    const first = foldSignal(undefined, aSignal({ id: 's1', data: { a: 1, b: 1 } }), at(0)).trail;
    const { trail } = foldSignal(first, aSignal({ id: 's2', data: { b: 2 } }), at(0));
    expect(trail.data).toEqual({ a: 1, b: 2 });
  });

  it('caps reinforcement at 1.0', () => {
    let trail = foldSignal(undefined, aSignal({ id: 's0', strength: 0.9 }), at(0)).trail;
    for (let i = 1; i <= 5; i++)
      trail = foldSignal(trail, aSignal({ id: `s${i}`, strength: 0.9 }), at(0)).trail;
    expect(trail.strength).toBe(1);
    expect(trail.deposits).toBe(6);
  });

  it('changes nothing when the same signal is folded twice', () => {
    const signal = aSignal({ id: 's1' });
    const once = foldSignal(undefined, signal, at(0)).trail;
    const twice = foldSignal(once, signal, at(10));
    expect(twice.changed).toBe(false);
    expect(twice.trail).toBe(once);
  });

  it('recognises a redelivery even after the trail expired', () => {
    const once = foldSignal(undefined, aSignal({ id: 's1', ttlSeconds: 60 }), at(0)).trail;
    expect(foldSignal(once, aSignal({ id: 's1', ttlSeconds: 60 }), at(120)).changed).toBe(false);
  });

  it('replaces an expired trail as if new', () => {
    const old = foldSignal(
      undefined,
      aSignal({ id: 's1', ttlSeconds: 60, data: { old: true } }),
      at(0),
    ).trail;
    const { trail, changed } = foldSignal(
      old,
      aSignal({
        id: 's2',
        strength: 0.3,
        ttlSeconds: 60,
        depositedAt: at(120).toISOString(),
        data: { fresh: true },
      }),
      at(120),
    );
    expect(changed).toBe(true);
    expect(trail).toMatchObject({
      strength: 0.3,
      deposits: 1,
      data: { fresh: true },
      recentSignalIds: [signalMark('s2')],
    });
    expect(trail.expiresAt).toBe(at(180).toISOString());
  });

  it('remembers only the last RECENT_SIGNAL_IDS signal ids', () => {
    let trail = foldSignal(undefined, aSignal({ id: 's0', strength: 0.1 }), at(0)).trail;
    for (let i = 1; i <= RECENT_SIGNAL_IDS + 10; i++) {
      trail = foldSignal(trail, aSignal({ id: `s${i}`, strength: 0.1 }), at(0)).trail;
    }
    expect(trail.recentSignalIds).toHaveLength(RECENT_SIGNAL_IDS);
    expect(trail.recentSignalIds.at(-1)).toBe(signalMark(`s${RECENT_SIGNAL_IDS + 10}`));
    expect(trail.recentSignalIds).not.toContain(signalMark('s0'));
  });

  it('counts a late signal from when it was emitted: a replay adds only what is left of it', () => {
    const late = aSignal({ id: 's1', strength: 1, ttlSeconds: 300, depositedAt: T0 });
    const { trail, changed } = foldSignal(undefined, late, at(150));
    expect(changed).toBe(true);
    expect(trail.depositedAt).toBe(T0);
    expect(trail.expiresAt).toBe(at(300).toISOString());
    expect(trail.ttl).toBe(150 + 60);

    const live = foldSignal(
      undefined,
      aSignal({ id: 's0', strength: 0.2, depositedAt: at(150).toISOString() }),
      at(150),
    );
    expect(foldSignal(live.trail, late, at(150)).trail.strength).toBeCloseTo(0.2 + 0.5, 10);
  });

  it('writes nothing for a signal that evaporated before it was folded', () => {
    const stale = aSignal({ id: 's1', ttlSeconds: 60, depositedAt: T0 });
    expect(foldSignal(undefined, stale, at(61)).changed).toBe(false);
    const live = foldSignal(
      undefined,
      aSignal({ id: 's0', depositedAt: at(61).toISOString() }),
      at(61),
    ).trail;
    const folded = foldSignal(live, stale, at(61));
    expect(folded.changed).toBe(false);
    expect(folded.trail).toBe(live);
  });

  it('treats a signal stamped in the future (emitter clock ahead) as emitted now', () => {
    const { trail } = foldSignal(
      undefined,
      aSignal({ ttlSeconds: 300, depositedAt: at(30).toISOString() }),
      at(0),
    );
    expect(trail.depositedAt).toBe(T0);
    expect(trail.expiresAt).toBe(at(300).toISOString());
  });

  it('never mutates the existing trail', () => {
    const first = foldSignal(undefined, aSignal({ id: 's1' }), at(0)).trail;
    const snapshot = structuredClone(first);
    foldSignal(first, aSignal({ id: 's2' }), at(10));
    expect(first).toEqual(snapshot);
  });
});

describe('signalMark', () => {
  it('is short, stable, and differs between ids', () => {
    expect(signalMark('4f5e9b0c-1d2e-4f3a-9b8c-7d6e5f4a3b2c')).toHaveLength(11);
    expect(signalMark('a')).toBe(signalMark('a'));
    expect(new Set(Array.from({ length: 10_000 }, (_, i) => signalMark(`s${i}`))).size).toBe(10_000);
  });
});
