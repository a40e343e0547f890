/**
 * Pure parts of the SHAP summary (beeswarm) plot: each dot's colour from its feature value's rank
 * among the explained rows, and a deterministic vertical jitter.
 */

/**
 * Each value's rank among the non-null values, scaled to [0, 1] (0 = lowest, 1 = highest; ties share
 * their mean rank; a single distinct value is 0.5). Nulls (text or missing) stay null. O(n log n).
 */
export function valueRanks(values: readonly (number | null)[]): (number | null)[] {
  const present = values.map((v, i) => ({ v, i })).filter((p): p is { v: number; i: number } => p.v !== null && Number.isFinite(p.v));
  present.sort((a, b) => a.v - b.v);
  const out: (number | null)[] = values.map(() => null);
  const n = present.length;
  for (let lo = 0; lo < n; ) {
    let hi = lo;
    while (hi + 1 < n && present[hi + 1]!.v === present[lo]!.v) hi++;
    const mean = (lo + hi) / 2;
    for (let j = lo; j <= hi; j++) out[present[j]!.i] = n === 1 ? 0.5 : mean / (n - 1);
    lo = hi + 1;
  }
  return out;
}

/** Colour of low values (blue) and high values (red), as in SHAP's own plots; grey for no number. */
export const LOW_COLOR = [30, 136, 229] as const;
export const HIGH_COLOR = [255, 13, 87] as const;
export const NO_VALUE_COLOR = '#9aa5b1';

/** The colour of a rank in [0, 1] (linear in RGB between LOW_COLOR and HIGH_COLOR); grey for null. */
export function rankColor(rank: number | null): string {
  if (rank === null) return NO_VALUE_COLOR;
  const t = Math.max(0, Math.min(1, rank));
  const [r, g, b] = LOW_COLOR.map((lo, c) => Math.round(lo + (HIGH_COLOR[c]! - lo) * t));
  return `rgb(${r}, ${g}, ${b})`;
}

/** A vertical offset in [−half, half] for dot `i`, spread evenly (golden-ratio sequence), the same on every render. */
export function jitter(i: number, half: number): number {
  const u = (i * 0.6180339887498949) % 1;
  return (u - 0.5) * 2 * half;
}
