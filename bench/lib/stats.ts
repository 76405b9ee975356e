/** Nearest-rank percentile (p in 0..100) of a sample. */
export function percentile(xs: readonly number[], p: number): number {
  if (!xs.length) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export const median = (xs: readonly number[]) => percentile(xs, 50);

export const round = (x: number, digits = 1) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** Milliseconds since `t0` (a performance.now() reading). */
export const since = (t0: number) => performance.now() - t0;
