/**
 * The waterfall of one explained row: from the base value E[f(x)], one step per feature contribution
 * (largest |phi| first, the smallest folded into "N other features"), ending at base + Σphi, which is
 * the prediction f(x) up to the report's local-accuracy gap.
 */
import { byMagnitude, groupOthers, othersLabel } from './topFeatures';

export interface WaterfallStep {
  readonly label: string;
  /** The feature's value in the row (display text); null for the folded group. */
  readonly value: string | null;
  readonly contribution: number;
  /** Where the bar starts and ends on the output's axis: end = start + contribution. */
  readonly start: number;
  readonly end: number;
}

export interface Waterfall {
  readonly base: number;
  readonly steps: readonly WaterfallStep[];
  /** base + Σ contributions: where the last step ends. */
  readonly end: number;
}

/** Features shown one by one before the rest are folded. */
export const WATERFALL_FEATURES = 10;

/** Steps chained from `base`: each starts where the previous ended. Cost O(f log f). */
export function waterfallSteps(
  base: number,
  phi: readonly number[],
  names: readonly string[],
  values: readonly string[],
  keep: number = WATERFALL_FEATURES,
): Waterfall {
  const { shown, others } = groupOthers(byMagnitude(names, phi), keep);
  const steps: WaterfallStep[] = [];
  let at = base;
  const push = (label: string, value: string | null, contribution: number) => {
    steps.push({ label, value, contribution, start: at, end: at + contribution });
    at += contribution;
  };
  for (const f of shown) push(f.name, values[f.index] ?? '', f.value);
  if (others) push(othersLabel(others.count), null, others.value);
  return { base, steps, end: at };
}
