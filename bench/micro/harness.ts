import { round } from '../support/stats';

/**
 * Per-operation timing with process.hrtime.bigint(): a warm-up (so the JIT has compiled the hot path),
 * then every call timed on its own. ops/s is derived from the mean of the timed calls, so the harness's
 * own loop is not counted; p50 and p99 are nearest-rank over the timed calls.
 */
export interface MicroResult {
  name: string;
  iterations: number;
  warmup: number;
  opsPerSec: number;
  meanUs: number;
  p50Us: number;
  p99Us: number;
  maxUs: number;
}

/** Results are kept here so the optimiser cannot drop a call whose value nobody reads. */
let sink: unknown;

export function measure(
  name: string,
  operation: (i: number) => unknown,
  options: { iterations: number; warmup: number },
): MicroResult {
  for (let i = 0; i < options.warmup; i++) sink = operation(i);
  const samples = new Float64Array(options.iterations);
  for (let i = 0; i < options.iterations; i++) {
    const start = process.hrtime.bigint();
    sink = operation(options.warmup + i);
    samples[i] = Number(process.hrtime.bigint() - start);
  }
  void sink;
  samples.sort();
  const at = (p: number) => samples[Math.min(samples.length - 1, Math.ceil((p / 100) * samples.length) - 1)]!;
  const meanNs = samples.reduce((sum, v) => sum + v, 0) / samples.length;
  return {
    name,
    iterations: options.iterations,
    warmup: options.warmup,
    opsPerSec: round(1e9 / meanNs, 1),
    meanUs: round(meanNs / 1000, 2),
    p50Us: round(at(50) / 1000, 2),
    p99Us: round(at(99) / 1000, 2),
    maxUs: round(samples[samples.length - 1]! / 1000, 2),
  };
}

/** How many times slower `subject` is than `baseline` (p50 over p50; < 1 means faster). */
export function ratio(subject: MicroResult, baseline: MicroResult): { p50: number; p99: number } {
  return { p50: round(subject.p50Us / baseline.p50Us, 3), p99: round(subject.p99Us / baseline.p99Us, 3) };
}
