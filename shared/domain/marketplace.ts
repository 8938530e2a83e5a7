/** The task marketplace: response thresholds, bids, the winner, and recruiting to meet demand. */
export {
  DEFAULT_THRESHOLD,
  adjustThreshold,
  recordOutcome,
  responseProbability,
  statsFor,
  type Outcome,
} from './threshold';
export { bid, chooseAgent, type Bid, type BiddableTask } from './bid';
export { shouldRecruit } from './recruit';
