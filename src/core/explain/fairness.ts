/**
 * Group fairness of a model's predictions: per sensitive column, per group, the rates that group
 * fairness criteria compare (selection rate, true- and false-positive rates, accuracy; error and mean
 * prediction for regression), the gaps between groups, and plain-language warnings when a gap is large.
 *
 * Definitions follow fairlearn (metrics.demographic_parity_difference / _ratio and
 * equalized_odds_difference, "between_groups"): a gap is max − min over groups, and the equalized-odds
 * difference is the larger of the TPR gap and the FPR gap. Written here rather than taken from a library
 * because there is no maintained JS equivalent and the arithmetic is counting.
 *
 * Groups too small to give stable rates, and rows with no value, are reported but left out of the gaps,
 * and a note says so. A rate that is undefined for a group (no true positives to find, say) is null, and
 * the gap is taken over the groups where it is defined. These are descriptive statistics of one split: a
 * large gap is a reason to look closer, not a verdict, and a small one does not prove fairness.
 */
import type { Task } from '../pipeline/document';

export interface SensitiveColumn {
  readonly column: string;
  /** Group label of each row; '' = missing. */
  readonly groupOf: readonly string[];
}

export interface FairnessArgs {
  readonly sensitive: readonly SensitiveColumn[];
  readonly task: Task;
  /** Class index (classification) or target value (regression) per row. */
  readonly y: Float32Array;
  /** Predicted class index or value per row. */
  readonly pred: Float32Array;
  /**
   * Class index of the favourable ("positive") outcome. Default 1 for binary; for multiclass without it
   * only accuracy is compared (one-vs-rest rates need a class). Ignored for regression.
   */
  readonly positive?: number;
  /** Class names, for messages (and to check indices); default "class i". */
  readonly classes?: readonly string[];
  /** Groups with fewer rows are reported but left out of the gaps. Default 10. */
  readonly minGroupSize?: number;
}

/** Statistics of one group (or of all rows). Fields that do not apply to the task are null. */
export interface GroupStats {
  /** The group's label; '' for the rows with no value. */
  readonly group: string;
  readonly missing: boolean;
  readonly count: number;
  /** Fewer than minGroupSize rows: left out of the gaps. */
  readonly small: boolean;
  /** Classification: share of rows predicted right. */
  readonly accuracy: number | null;
  /** Share of rows predicted positive. */
  readonly selectionRate: number | null;
  /** Share of truly positive rows predicted positive; null when the group has no truly positive row. */
  readonly tpr: number | null;
  /** Share of truly negative rows predicted positive; null when the group has no truly negative row. */
  readonly fpr: number | null;
  /** Regression: mean absolute error, mean prediction, mean target. */
  readonly mae: number | null;
  readonly meanPrediction: number | null;
  readonly meanTarget: number | null;
}

export interface ColumnFairness {
  readonly column: string;
  /** Most rows first; the missing group, if any, last. */
  readonly groups: readonly GroupStats[];
  /** max − min selection rate over the compared groups (demographic-parity difference). */
  readonly demographicParityDifference: number | null;
  /** min / max selection rate (demographic-parity ratio; the four-fifths rule wants ≥ 0.8); null when max is 0. */
  readonly selectionRateRatio: number | null;
  readonly tprDifference: number | null;
  readonly fprDifference: number | null;
  /** max(tprDifference, fprDifference) over the defined ones (fairlearn's equalized-odds difference). */
  readonly equalizedOddsDifference: number | null;
  readonly accuracyDifference: number | null;
  readonly maeDifference: number | null;
  readonly meanPredictionDifference: number | null;
  /** What was left out or undefined, in plain words. */
  readonly notes: readonly string[];
  /** Large gaps, in plain words. */
  readonly warnings: readonly string[];
}

export interface FairnessReport {
  readonly task: Task;
  /** Class index of the favourable outcome, and its name; null for regression (and multiclass without one). */
  readonly positive: number | null;
  readonly positiveLabel: string | null;
  readonly minGroupSize: number;
  /** The same statistics over all rows (its `group` is '' and `missing` false). */
  readonly overall: GroupStats;
  readonly columns: readonly ColumnFairness[];
  readonly notes: readonly string[];
}

/** A gap in a rate above this is warned about (the threshold fairlearn's docs use as an example). */
export const RATE_GAP_WARNING = 0.1;
/** The four-fifths rule (US EEOC): a selection-rate ratio below 0.8 suggests adverse impact. */
export const FOUR_FIFTHS = 0.8;
/** Regression: warn when one group's mean absolute error is this many times another's. */
export const MAE_RATIO_WARNING = 1.25;

const DEFAULT_MIN_GROUP_SIZE = 10;

class Counts {
  count = 0;
  correct = 0;
  predictedPositive = 0;
  truePositiveRows = 0;
  truePositives = 0;
  trueNegativeRows = 0;
  falsePositives = 0;
  absError = 0;
  predSum = 0;
  ySum = 0;

  add(y: number, pred: number, task: Task, positive: number | null): void {
    this.count++;
    if (task === 'regression') {
      this.absError += Math.abs(y - pred);
      this.predSum += pred;
      this.ySum += y;
      return;
    }
    if (y === pred) this.correct++;
    if (positive === null) return;
    const predictedPositive = pred === positive;
    if (predictedPositive) this.predictedPositive++;
    if (y === positive) {
      this.truePositiveRows++;
      if (predictedPositive) this.truePositives++;
    } else {
      this.trueNegativeRows++;
      if (predictedPositive) this.falsePositives++;
    }
  }

  stats(group: string, missing: boolean, small: boolean, task: Task, positive: number | null): GroupStats {
    const n = this.count;
    const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);
    const classification = task !== 'regression';
    const rates = classification && positive !== null;
    return {
      group,
      missing,
      count: n,
      small,
      accuracy: classification ? ratio(this.correct, n) : null,
      selectionRate: rates ? ratio(this.predictedPositive, n) : null,
      tpr: rates ? ratio(this.truePositives, this.truePositiveRows) : null,
      fpr: rates ? ratio(this.falsePositives, this.trueNegativeRows) : null,
      mae: classification ? null : ratio(this.absError, n),
      meanPrediction: classification ? null : ratio(this.predSum, n),
      meanTarget: classification ? null : ratio(this.ySum, n),
    };
  }
}

interface Gap {
  readonly diff: number;
  readonly hi: GroupStats;
  readonly lo: GroupStats;
  readonly hiValue: number;
  readonly loValue: number;
}

/** max − min of `rate` over the groups where it is defined; null with fewer than two such groups. */
function gapOf(groups: readonly GroupStats[], rate: (g: GroupStats) => number | null): Gap | null {
  let hi: GroupStats | null = null;
  let lo: GroupStats | null = null;
  for (const g of groups) {
    const v = rate(g);
    if (v === null) continue;
    if (hi === null || v > rate(hi)!) hi = g;
    if (lo === null || v < rate(lo)!) lo = g;
  }
  const defined = groups.filter((g) => rate(g) !== null).length;
  if (hi === null || lo === null || defined < 2) return null;
  return { diff: rate(hi)! - rate(lo)!, hi, lo, hiValue: rate(hi)!, loValue: rate(lo)! };
}

const fixed = (v: number): string => v.toFixed(2);
const percent = (v: number): string => `${Math.round(v * 100)}%`;

/**
 * Group fairness report of predictions `pred` against `y`, for each sensitive column.
 * Cost O(rows × columns) plus a sort of each column's groups. Throws RangeError when lengths differ,
 * a class index is invalid, a regression value is not finite, or minGroupSize < 1.
 */
export function fairnessReport(args: FairnessArgs): FairnessReport {
  const { task, y, pred, classes } = args;
  const n = y.length;
  const minGroupSize = args.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE;
  if (!Number.isInteger(minGroupSize) || minGroupSize < 1) throw new RangeError(`minGroupSize must be a positive integer (got ${minGroupSize}).`);
  if (pred.length !== n) throw new RangeError(`pred has ${pred.length} values but y has ${n}.`);
  if (n === 0) throw new RangeError('No rows to report on.');
  for (const s of args.sensitive) {
    if (s.groupOf.length !== n) throw new RangeError(`Column "${s.column}" has ${s.groupOf.length} values but there are ${n} rows.`);
  }
  const classification = task !== 'regression';
  const k = classes?.length ?? (task === 'binary' ? 2 : Infinity);
  if (classification) {
    const valid = (v: number) => Number.isInteger(v) && v >= 0 && v < k;
    for (let i = 0; i < n; i++) {
      if (!valid(y[i]!) || !valid(pred[i]!)) throw new RangeError(`Row ${i}: y = ${y[i]}, pred = ${pred[i]} is not a pair of class indices.`);
    }
  } else {
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(y[i]!) || !Number.isFinite(pred[i]!)) throw new RangeError(`Row ${i}: y = ${y[i]}, pred = ${pred[i]} is not finite.`);
    }
  }
  const positive = task === 'binary' ? (args.positive ?? 1) : task === 'multiclass' ? (args.positive ?? null) : null;
  if (positive !== null && !(Number.isInteger(positive) && positive >= 0 && positive < k)) {
    throw new RangeError(`positive = ${positive} is not a class index.`);
  }
  const positiveLabel = positive === null ? null : (classes?.[positive] ?? `class ${positive}`);

  const reportNotes: string[] = [];
  if (task === 'multiclass' && positive === null) {
    reportNotes.push('No favourable class chosen: only accuracy is compared. Choose one to compare selection and error rates.');
  }

  const all = new Counts();
  for (let i = 0; i < n; i++) all.add(y[i]!, pred[i]!, task, positive);
  const overall = all.stats('', false, false, task, positive);

  const columns = args.sensitive.map((s): ColumnFairness => {
    const byGroup = new Map<string, Counts>();
    for (let i = 0; i < n; i++) {
      const label = s.groupOf[i]!;
      let c = byGroup.get(label);
      if (!c) byGroup.set(label, (c = new Counts()));
      c.add(y[i]!, pred[i]!, task, positive);
    }
    const groups = [...byGroup]
      .map(([label, c]) => c.stats(label, label === '', c.count < minGroupSize, task, positive))
      .sort((a, b) => Number(a.missing) - Number(b.missing) || b.count - a.count || (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
    return compareGroups(s.column, groups, task, positiveLabel, minGroupSize);
  });

  return { task, positive, positiveLabel, minGroupSize, overall, columns, notes: reportNotes };
}

function compareGroups(
  column: string,
  groups: readonly GroupStats[],
  task: Task,
  positiveLabel: string | null,
  minGroupSize: number,
): ColumnFairness {
  const notes: string[] = [];
  const warnings: string[] = [];
  const name = (g: GroupStats) => `${column}=${g.group}`;
  const missing = groups.find((g) => g.missing);
  if (missing) notes.push(`${missing.count} row(s) have no value for ${column}; they are shown as missing and left out of the gaps.`);
  const small = groups.filter((g) => g.small && !g.missing);
  if (small.length > 0) {
    const list = small.map((g) => `${name(g)} (${g.count} row${g.count === 1 ? '' : 's'})`).join(', ');
    notes.push(`Groups with fewer than ${minGroupSize} rows are shown but left out of the gaps, their rates being too noisy: ${list}.`);
  }
  const compared = groups.filter((g) => !g.small && !g.missing);
  if (compared.length < 2) notes.push(`Fewer than two groups of ${column} have ${minGroupSize} rows or more: there are no gaps to compare.`);

  const selection = gapOf(compared, (g) => g.selectionRate);
  const tpr = gapOf(compared, (g) => g.tpr);
  const fpr = gapOf(compared, (g) => g.fpr);
  const accuracy = gapOf(compared, (g) => g.accuracy);
  const mae = gapOf(compared, (g) => g.mae);
  const meanPrediction = gapOf(compared, (g) => g.meanPrediction);

  if (compared.length >= 2 && positiveLabel !== null) {
    for (const g of compared) {
      if (g.tpr === null) {
        notes.push(`True-positive rate is undefined for ${name(g)}: none of its rows is truly "${positiveLabel}"; the gap uses the other groups.`);
      }
      if (g.fpr === null) {
        notes.push(`False-positive rate is undefined for ${name(g)}: all of its rows are truly "${positiveLabel}"; the gap uses the other groups.`);
      }
    }
  }

  const between = (gap: Gap) => `between ${name(gap.hi)} (${fixed(gap.hiValue)}) and ${name(gap.lo)} (${fixed(gap.loValue)})`;
  let selectionRateRatio: number | null = null;
  if (selection) {
    selectionRateRatio = selection.hiValue > 0 ? selection.loValue / selection.hiValue : null;
    if (selection.diff > RATE_GAP_WARNING) {
      warnings.push(
        `Selection rate differs by ${fixed(selection.diff)} ${between(selection)}: the model predicts "${positiveLabel}" for ` +
          `${percent(selection.hiValue)} of ${name(selection.hi)} rows but ${percent(selection.loValue)} of ${name(selection.lo)} rows.`,
      );
    }
    if (selectionRateRatio !== null && selectionRateRatio < FOUR_FIFTHS) {
      warnings.push(
        `The selection rate of ${name(selection.lo)} is ${percent(selectionRateRatio)} of that of ${name(selection.hi)}, below the ` +
          `four-fifths rule's 80%, a common sign of adverse impact.`,
      );
    }
  }
  if (tpr && tpr.diff > RATE_GAP_WARNING) {
    warnings.push(
      `True-positive rate differs by ${fixed(tpr.diff)} ${between(tpr)}: of the rows that truly are "${positiveLabel}", the model ` +
        `finds ${percent(tpr.hiValue)} in ${name(tpr.hi)} but ${percent(tpr.loValue)} in ${name(tpr.lo)}.`,
    );
  }
  if (fpr && fpr.diff > RATE_GAP_WARNING) {
    warnings.push(
      `False-positive rate differs by ${fixed(fpr.diff)} ${between(fpr)}: of the rows that are not "${positiveLabel}", the model ` +
        `wrongly predicts "${positiveLabel}" for ${percent(fpr.hiValue)} in ${name(fpr.hi)} but ${percent(fpr.loValue)} in ${name(fpr.lo)}.`,
    );
  }
  if (accuracy && accuracy.diff > RATE_GAP_WARNING) {
    warnings.push(`Accuracy differs by ${fixed(accuracy.diff)} ${between(accuracy)}: the model is right less often for ${name(accuracy.lo)}.`);
  }
  if (task === 'regression' && mae && mae.hiValue > 0 && mae.hiValue >= MAE_RATIO_WARNING * mae.loValue) {
    const more = mae.loValue > 0 ? `, ${percent(mae.hiValue / mae.loValue - 1)} more than for ${name(mae.lo)}` : '';
    warnings.push(
      `Mean absolute error differs by ${fixed(mae.diff)} ${between(mae)}: predictions for ${name(mae.hi)} are off by ` +
        `${fixed(mae.hiValue)} on average${more}.`,
    );
  }

  const equalizedOdds = tpr || fpr ? Math.max(tpr?.diff ?? -Infinity, fpr?.diff ?? -Infinity) : null;
  return {
    column,
    groups,
    demographicParityDifference: selection?.diff ?? null,
    selectionRateRatio,
    tprDifference: tpr?.diff ?? null,
    fprDifference: fpr?.diff ?? null,
    equalizedOddsDifference: equalizedOdds,
    accuracyDifference: accuracy?.diff ?? null,
    maeDifference: mae?.diff ?? null,
    meanPredictionDifference: meanPrediction?.diff ?? null,
    notes,
    warnings,
  };
}
