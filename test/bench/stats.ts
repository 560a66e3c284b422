/**
 * Small statistics helpers for the benchmark: medians over repetitions and percentiles of frame
 * times. Kept here (not a library) because they are three lines each.
 */

/** Median of the numbers (NaN for none). Infinite values sort last, so "never" stays visible. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile `p` (0..100) of the numbers (NaN for none). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Run `fn` `times` times (sequentially) and return every result. */
export async function repeat<T>(times: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < times; i++) out.push(await fn(i));
  return out;
}

/** High-resolution milliseconds since an arbitrary origin. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
