import { matchesEventTrigger } from '../../../shared/domain/eventTrigger';
import type { EventTrigger } from '../../../shared/schemas/lifecycle';

const trigger = (overrides: Partial<EventTrigger>): EventTrigger => ({
  events: [],
  pheromoneTypes: [],
  locations: [],
  wakeThreshold: 1,
  sleepAfterIdleMinutes: 15,
  ...overrides,
});
const signal = (type: 'danger' | 'task', location: string, data: Record<string, unknown> = {}) => ({
  type,
  location,
  data,
});

describe('matchesEventTrigger', () => {
  it('matches a business event named in the signal data', () => {
    const defender = trigger({ events: ['security.alert.high', 'security.alert.critical'] });
    expect(
      matchesEventTrigger(defender, signal('danger', 'security', { event: 'security.alert.high' })),
    ).toBe(true);
    expect(matchesEventTrigger(defender, signal('danger', 'security', { event: 'security.alert.low' }))).toBe(
      false,
    );
    expect(matchesEventTrigger(defender, signal('danger', 'security'))).toBe(false);
  });

  it('matches pheromone types', () => {
    const onDanger = trigger({ pheromoneTypes: ['danger'] });
    expect(matchesEventTrigger(onDanger, signal('danger', 'anywhere'))).toBe(true);
    expect(matchesEventTrigger(onDanger, signal('task', 'anywhere'))).toBe(false);
  });

  it('matches locations as prefixes on dot boundaries', () => {
    const finance = trigger({ pheromoneTypes: ['task'], locations: ['finance'] });
    expect(matchesEventTrigger(finance, signal('task', 'finance'))).toBe(true);
    expect(matchesEventTrigger(finance, signal('task', 'finance.reconciliation'))).toBe(true);
    expect(matchesEventTrigger(finance, signal('task', 'financial'))).toBe(false);
  });

  it('requires every list it fills in', () => {
    const both = trigger({ events: ['inventory.critical_low'], pheromoneTypes: ['task'] });
    expect(
      matchesEventTrigger(both, signal('task', 'supply_chain', { event: 'inventory.critical_low' })),
    ).toBe(true);
    expect(
      matchesEventTrigger(both, signal('danger', 'supply_chain', { event: 'inventory.critical_low' })),
    ).toBe(false);
  });

  it('matches nothing when it lists nothing', () => {
    expect(matchesEventTrigger(trigger({}), signal('task', 'finance', { event: 'x' }))).toBe(false);
  });
});
