/** Numbers as the benchmarks report them: percentiles, rounding, formatting. */

export const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** `value` with `digits` decimals, or "n/a" when there is no figure (no samples, a missing phase). */
export const fmt = (value: number | undefined, digits: number) => (value !== undefined && Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

/** Nearest rank: the smallest sample with at least p% of samples at or below it. */
export const percentile = (sorted: Float64Array, p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

export interface LatencySummary {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** Percentiles, max and mean of every sample (not a histogram's buckets), in ms to 0.01. */
export function summarize(samples: ArrayLike<number>): LatencySummary {
  if (samples.length === 0) return { p50: NaN, p90: NaN, p99: NaN, max: NaN, mean: NaN };
  const sorted = Float64Array.from(samples).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    p50: round(percentile(sorted, 50), 2),
    p90: round(percentile(sorted, 90), 2),
    p99: round(percentile(sorted, 99), 2),
    max: round(sorted[sorted.length - 1]!, 2),
    mean: round(sum / sorted.length, 2),
  };
}
