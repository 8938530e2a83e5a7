/**
 * The Gini coefficient of a distribution (0 = perfectly even, → 1 = one holds everything): how unevenly
 * work is spread over agents. Mean absolute difference over twice the mean, computed on sorted values in
 * O(n log n). Empty or all-zero distributions are perfectly even.
 */
export function gini(values: readonly number[]): number {
  const n = values.length;
  if (n === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const total = sorted.reduce((sum, v) => sum + v, 0);
  if (total <= 0) return 0;
  let weighted = 0;
  sorted.forEach((v, i) => {
    weighted += (2 * (i + 1) - n - 1) * v;
  });
  return weighted / (n * total);
}
