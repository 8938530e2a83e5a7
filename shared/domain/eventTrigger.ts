import type { EventTrigger } from '../schemas/lifecycle';
import type { PheromoneType } from '../schemas/pheromone';

/**
 * Seed 002 §10.3.C event-driven activation, read from the pheromones an agent listens for. Each list the
 * trigger fills in is a filter that must pass: the signal's type, its location (a prefix: `finance`
 * matches `finance` and `finance.reconciliation`), and its business event name in `data.event`. A trigger
 * with nothing filled in matches nothing, or every heartbeat in the swarm would wake the agent. Counting
 * matches up to `wakeThreshold` is the caller's: it needs memory between signals.
 */
export function matchesEventTrigger(
  trigger: EventTrigger,
  signal: { type: PheromoneType; location: string; data: Record<string, unknown> },
): boolean {
  const { events, pheromoneTypes, locations } = trigger;
  if (events.length === 0 && pheromoneTypes.length === 0 && locations.length === 0) return false;
  if (pheromoneTypes.length > 0 && !pheromoneTypes.includes(signal.type)) return false;
  if (
    locations.length > 0 &&
    !locations.some((at) => signal.location === at || signal.location.startsWith(`${at}.`))
  ) {
    return false;
  }
  const event = signal.data.event;
  return events.length === 0 || (typeof event === 'string' && events.includes(event));
}
