import { log } from '../support/results';
import { benchChooseAgent } from './chooseAgent';
import { benchDetection } from './detection';
import { benchFold } from './fold';

/** The hot-path micro-benchmarks, each against its naive baseline measured in the same run. */
export function runMicro(quick: boolean) {
  const chooseAgent = benchChooseAgent(quick);
  log(
    `  chooseAgent: ${chooseAgent.subject.opsPerSec} ops/s, p50 ${chooseAgent.subject.p50Us} µs, p99 ${chooseAgent.subject.p99Us} µs (×${chooseAgent.slowdownVsBaseline.p50} the least-loaded scan)`,
  );
  const detection = benchDetection(quick);
  log(
    `  detection: cache p50 ${detection.exact.cache.p50Us} µs p99 ${detection.exact.cache.p99Us} µs; naive p50 ${detection.exact.naive.p50Us} µs (cache ×${detection.exact.speedupVsNaive.p50} faster); wildcard cache p99 ${detection.wildcard.cache.p99Us} µs`,
  );
  const fold = benchFold(quick);
  log(
    `  fold 100: ${fold.subject.opsPerSec} batches/s, p50 ${fold.subject.p50Us} µs, p99 ${fold.subject.p99Us} µs (×${fold.slowdownVsBaseline.p50} the naive fold)`,
  );
  const exactMs = detection.exact.cache.p99Us / 1000;
  const wildcardMs = detection.wildcard.cache.p99Us / 1000;
  return {
    note: 'Per-operation timings with process.hrtime.bigint() after a warm-up; ratios compare runs in the same process moments apart, which is what counts on a shared, noisy machine.',
    chooseAgent,
    detection,
    fold,
    targets: {
      detectionP99Under1msExact: {
        target: 'FieldCache.detect p99 < 1 ms over 100,000 trails (exact location + type)',
        valueMs: exactMs,
        met: exactMs < 1,
      },
      detectionP99Under1msWildcard: {
        target: 'FieldCache.detect p99 < 1 ms over 100,000 trails (department wildcard)',
        valueMs: wildcardMs,
        met: wildcardMs < 1,
      },
      seedDetectionUnder10ms: {
        target: 'seed: detection < 10 ms from cache (both query shapes, p99)',
        valueMs: Math.max(exactMs, wildcardMs),
        met: Math.max(exactMs, wildcardMs) < 10,
      },
    },
  };
}
