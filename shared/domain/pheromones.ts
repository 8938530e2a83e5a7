/** The pheromone field: evaporation, trails and reinforcement, detection, the in-memory field, danger. */
export { currentStrength, evaporate, isExpired } from './evaporation';
export { RECENT_SIGNAL_IDS, foldSignal, strengthForPriority, trailId, type Fold } from './trail';
export { detect, matchesLocation, type DetectionQuery } from './detection';
export { FieldCache } from './fieldCache';
export { isLocationAvoided, type Avoidance } from './danger';
