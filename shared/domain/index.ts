/**
 * The pure domain core: no I/O, no SDKs; the clock and randomness are arguments. Use cases in
 * shared/services read, decide here, and write with compare-and-set.
 */
export * from './pheromones';
export * from './tasks';
export * from './marketplace';
export * from './lifecycle';
export { seededRandom } from './random';
