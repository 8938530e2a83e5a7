import { detect } from '../../domain/detection';
import type { SensedTrail, TrailQuery } from '../../schemas/pheromone';
import type { Swarm } from '../swarm';

/** The field as of now: live trails, evaporated, filtered by minimum current strength, strongest first. */
export async function senseTrails(swarm: Swarm, tenantId: string, query: TrailQuery): Promise<SensedTrail[]> {
  const now = swarm.clock.now();
  const live = await swarm.field.live(tenantId, { type: query.type, location: query.location }, now);
  return detect(live, query, now);
}
