// Small statistics for noisy timings on a shared machine: medians, not means.

export function median(xs) {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function percentile(xs, p) {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

export const round = (x, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Median of round-by-round ratios: each round's figure over the baseline timed next to it. */
export function pairedRatio(figures, baselines) {
  return median(figures.map((x, i) => x / baselines[i]));
}
