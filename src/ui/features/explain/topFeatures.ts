/**
 * Ordering features by the size of a number (mean |SHAP|, one row's SHAP value) and folding the
 * smallest into one "N other features" entry, as SHAP's own bar and waterfall plots do.
 */

export interface FeatureValue {
  /** Index in the report's features. */
  readonly index: number;
  readonly name: string;
  readonly value: number;
}

/** Features sorted by |value|, largest first; ties keep feature order (stable). */
export function byMagnitude(names: readonly string[], values: readonly number[]): FeatureValue[] {
  return names.map((name, index) => ({ index, name, value: values[index] ?? 0 })).sort((a, b) => Math.abs(b.value) - Math.abs(a.value) || a.index - b.index);
}

export interface Grouped {
  readonly shown: readonly FeatureValue[];
  /** The rest, summed; null when nothing was folded. */
  readonly others: { readonly count: number; readonly value: number } | null;
}

/**
 * The first `keep` of `sorted`, and the rest summed into one entry. Folding a single feature would
 * hide a name to save nothing, so `keep + 1` features are all shown.
 */
export function groupOthers(sorted: readonly FeatureValue[], keep: number): Grouped {
  if (sorted.length <= keep + 1) return { shown: sorted, others: null };
  const rest = sorted.slice(keep);
  return { shown: sorted.slice(0, keep), others: { count: rest.length, value: rest.reduce((s, f) => s + f.value, 0) } };
}

/** "1 other feature" / "12 other features". */
export function othersLabel(count: number): string {
  return `${count} other feature${count === 1 ? '' : 's'}`;
}
