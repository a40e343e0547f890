/**
 * Classification, regression and anomaly-detection metrics, defined to agree with scikit-learn 1.2 (checked against
 * fixtures it generated: fixtures/sklearn-metrics.json, scripts/make-metric-fixtures.py).
 *
 * Written by hand rather than taken from a library: no maintained JS package computes this set with
 * sklearn's conventions (zero_division, tie handling in ROC, log-loss clipping), and the code is short.
 * Sums run in float64 with Neumaier compensation, so results do not depend on the inputs' precision.
 * Inputs with NaN or infinite values are rejected with a RangeError: a metric of a diverged model
 * would only hide the problem.
 */
import type { AnomalyMetrics, ClassificationMetrics, PerClassMetrics, RegressionMetrics } from './types';

/**
 * Probabilities are clipped to [LOG_LOSS_EPS, 1 - LOG_LOSS_EPS] before the logarithm. sklearn 1.2's
 * default (`eps="auto"`) is the machine epsilon of the input's dtype, which would make the loss
 * depend on whether probabilities are stored as float32 or float64; 1e-15 is its historical default
 * and the fixtures pass it explicitly.
 */
export const LOG_LOSS_EPS = 1e-15;

/** Compensated (Neumaier) float64 sum: exact to within one rounding for any realistic input. */
class Sum {
  private s = 0;
  private c = 0;
  add(x: number): void {
    const t = this.s + x;
    this.c += Math.abs(this.s) >= Math.abs(x) ? this.s - t + x : x - t + this.s;
    this.s = t;
  }
  get value(): number {
    return this.s + this.c;
  }
}

function assertFinite(values: ArrayLike<number>, what: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) {
      throw new RangeError(`${what} contains a non-finite value (${values[i]}) at index ${i}.`);
    }
  }
}

/**
 * Metrics of a k-class classifier from its predicted probabilities.
 *
 * - `yTrue[i]` is the class index of row i, an integer in [0, k);
 * - `proba` is row-major n×k, row i holding the probabilities of `classes` (rows sum to ~1);
 * - `classes` names the k >= 2 classes; every class is reported, also those absent from `yTrue`.
 *
 * Predicted class = argmax of the row, ties going to the lowest index (as numpy's argmax).
 * Precision (recall) of a class never predicted (never present) is 0, as sklearn's default
 * `zero_division` gives; F1 is 0 when precision + recall is 0. Macro averages are unweighted means
 * over all k classes. Log loss clips (see LOG_LOSS_EPS) and renormalizes each row like sklearn 1.2.
 * ROC-AUC: binary, of class 1's probability; multiclass, macro one-vs-rest; null when undefined
 * (sklearn raises there): y_true holds a single class, or (multiclass) any class is absent.
 * Cost: O(n·k) plus one O(n log n) sort per class for ROC-AUC (one for binary): about 0.5 s per
 * class per million rows on the 2-core CI machine.
 * Throws RangeError on shape mismatch, invalid labels, non-finite probabilities or n = 0.
 */
export function classificationMetrics(
  yTrue: Int32Array | Float32Array,
  proba: Float32Array,
  classes: readonly string[],
): ClassificationMetrics {
  const k = classes.length;
  const n = yTrue.length;
  if (k < 2) throw new RangeError(`Classification needs at least 2 classes, got ${k}.`);
  if (n === 0) throw new RangeError('No rows to evaluate.');
  if (proba.length !== n * k) {
    throw new RangeError(`proba has ${proba.length} values; expected ${n} rows × ${k} classes = ${n * k}.`);
  }
  assertFinite(proba, 'proba');
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = yTrue[i]!;
    if (!Number.isInteger(c) || c < 0 || c >= k) {
      throw new RangeError(`yTrue[${i}] = ${c} is not a class index in [0, ${k}).`);
    }
    y[i] = c;
  }

  const cm: number[][] = classes.map(() => new Array<number>(k).fill(0));
  const loss = new Sum();
  for (let i = 0; i < n; i++) {
    const row = i * k;
    let best = 0;
    let bestP = proba[row]!;
    let rowSum = 0;
    for (let j = 0; j < k; j++) {
      const p = proba[row + j]!;
      if (p > bestP) {
        best = j;
        bestP = p;
      }
      rowSum += clipProbability(p);
    }
    cm[y[i]!]![best]! += 1;
    loss.add(-Math.log(clipProbability(proba[row + y[i]!]!) / rowSum));
  }

  const perClass: PerClassMetrics[] = [];
  let correct = 0;
  const macro = { precision: new Sum(), recall: new Sum(), f1: new Sum() };
  for (let j = 0; j < k; j++) {
    const tp = cm[j]![j]!;
    let predicted = 0;
    let support = 0;
    for (let t = 0; t < k; t++) {
      predicted += cm[t]![j]!;
      support += cm[j]![t]!;
    }
    const precision = predicted > 0 ? tp / predicted : 0;
    const recall = support > 0 ? tp / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    correct += tp;
    macro.precision.add(precision);
    macro.recall.add(recall);
    macro.f1.add(f1);
    perClass.push({ class: classes[j]!, precision, recall, f1, support });
  }

  return {
    kind: 'classification',
    n,
    accuracy: correct / n,
    precision_macro: macro.precision.value / k,
    recall_macro: macro.recall.value / k,
    f1_macro: macro.f1.value / k,
    roc_auc: classificationRocAuc(y, proba, k),
    log_loss: loss.value / n,
    per_class: perClass,
    confusion_matrix: cm,
    classes: [...classes],
  };
}

function clipProbability(p: number): number {
  return Math.min(Math.max(p, LOG_LOSS_EPS), 1 - LOG_LOSS_EPS);
}

function classificationRocAuc(y: Int32Array, proba: Float32Array, k: number): number | null {
  const n = y.length;
  const positives = new Uint8Array(n);
  const score = new Float64Array(n);
  const column = (j: number): void => {
    for (let i = 0; i < n; i++) {
      positives[i] = y[i] === j ? 1 : 0;
      score[i] = proba[i * k + j]!;
    }
  };
  if (k === 2) {
    column(1);
    return rocAuc(positives, score);
  }
  const total = new Sum();
  for (let j = 0; j < k; j++) {
    column(j);
    const auc = rocAuc(positives, score);
    if (auc === null) return null;
    total.add(auc);
  }
  return total.value / k;
}

/**
 * Cumulative counts at each distinct score threshold, highest first: after step s, `fp[s]`
 * negatives and `tp[s]` positives score >= `thresholds[s]`. Step 0 is the empty prefix.
 */
interface ThresholdCounts {
  readonly thresholds: Float64Array;
  readonly fp: Float64Array;
  readonly tp: Float64Array;
  readonly positives: number;
  readonly negatives: number;
}

function thresholdCounts(yBinary: ArrayLike<number>, score: ArrayLike<number>): ThresholdCounts {
  const n = yBinary.length;
  if (score.length !== n) {
    throw new RangeError(`score has ${score.length} values but yBinary has ${n}.`);
  }
  assertFinite(score, 'score');
  let positives = 0;
  for (let i = 0; i < n; i++) {
    const label = yBinary[i]!;
    if (label !== 0 && label !== 1) throw new RangeError(`yBinary[${i}] = ${label} is not 0 or 1.`);
    positives += label;
  }
  // Each label's scores sorted natively (much faster than sorting indices with a comparator), then
  // merged from the top. Equal scores are consumed together from both sides.
  const pos = new Float64Array(positives);
  const neg = new Float64Array(n - positives);
  for (let i = 0, a = 0, b = 0; i < n; i++) {
    if (yBinary[i] === 1) pos[a++] = score[i]!;
    else neg[b++] = score[i]!;
  }
  pos.sort();
  neg.sort();

  // One entry per distinct score; tied scores move FP and TP together (a diagonal segment), which is
  // what gives tied scores half credit in the area, as sklearn's roc_curve does.
  const thresholds = [Infinity];
  const fp = [0];
  const tp = [0];
  let a = pos.length - 1;
  let b = neg.length - 1;
  while (a >= 0 || b >= 0) {
    const v = Math.max(a >= 0 ? pos[a]! : -Infinity, b >= 0 ? neg[b]! : -Infinity);
    while (a >= 0 && pos[a] === v) a--;
    while (b >= 0 && neg[b] === v) b--;
    thresholds.push(v);
    tp.push(pos.length - 1 - a);
    fp.push(neg.length - 1 - b);
  }
  return {
    thresholds: Float64Array.from(thresholds),
    fp: Float64Array.from(fp),
    tp: Float64Array.from(tp),
    positives,
    negatives: neg.length,
  };
}

/**
 * Area under the ROC curve of `score` for labels `yBinary` (1 positive, 0 negative), equal to
 * sklearn's roc_auc_score: trapezoids over distinct thresholds, so tied scores count half (the
 * Mann-Whitney statistic with average ranks). null when only one label is present.
 * Computed from integer counts, with a single division at the end. Cost O(n log n).
 */
export function rocAuc(yBinary: ArrayLike<number>, score: ArrayLike<number>): number | null {
  const { fp, tp, positives, negatives } = thresholdCounts(yBinary, score);
  if (positives === 0 || negatives === 0) return null;
  // Twice the area in units of (1 negative × 1 positive); integers below 2^53 for n < ~6e7.
  let twiceArea = 0;
  for (let s = 1; s < fp.length; s++) twiceArea += (fp[s]! - fp[s - 1]!) * (tp[s]! + tp[s - 1]!);
  return twiceArea / (2 * positives * negatives);
}

export interface RocCurve {
  /** False-positive rate at each point, non-decreasing from 0 to 1. */
  readonly fpr: Float64Array;
  /** True-positive rate at each point, non-decreasing from 0 to 1. */
  readonly tpr: Float64Array;
  /** Score threshold of each point (predict positive when score >= threshold); the first is Infinity. */
  readonly thresholds: Float64Array;
}

/**
 * Points of the ROC curve for plotting, as sklearn's roc_curve with drop_intermediate=True: one point
 * per distinct threshold, minus points on a straight segment between their neighbours (they add
 * nothing to the plot or the area). The first point is (0, 0) at threshold Infinity (sklearn 1.2
 * writes max score + 1 there). null when only one label is present.
 */
export function rocCurve(yBinary: ArrayLike<number>, score: ArrayLike<number>): RocCurve | null {
  const { thresholds, fp, tp, positives, negatives } = thresholdCounts(yBinary, score);
  if (positives === 0 || negatives === 0) return null;
  const keep: number[] = [];
  const last = fp.length - 1;
  for (let s = 0; s <= last; s++) {
    // sklearn keeps a point where the second difference of fps or tps is non-zero, and both ends,
    // computed before it prepends the (0, 0) point: so the first threshold's point always stays.
    const inner =
      s > 1 &&
      s < last &&
      fp[s + 1]! - 2 * fp[s]! + fp[s - 1]! === 0 &&
      tp[s + 1]! - 2 * tp[s]! + tp[s - 1]! === 0;
    if (!inner) keep.push(s);
  }
  return {
    fpr: Float64Array.from(keep, (s) => fp[s]! / negatives),
    tpr: Float64Array.from(keep, (s) => tp[s]! / positives),
    thresholds: Float64Array.from(keep, (s) => thresholds[s]!),
  };
}

/**
 * Regression metrics of predictions `yPred` against targets `yTrue` (same length n >= 1, finite).
 * r2 follows sklearn's r2_score with force_finite: 1 - SS_res / SS_tot, and when y_true is constant
 * (SS_tot = 0, also n = 1) 1.0 for perfect predictions, else 0.0. Constancy is tested exactly on
 * the values, not on a rounded SS_tot: numpy's mean of e.g. [0.1, 0.1, 0.1] is not exactly 0.1,
 * so sklearn can divide by a tiny non-zero SS_tot there; we return what sklearn means to return.
 * Throws RangeError on length mismatch, n = 0 or non-finite values. Cost O(n).
 */
export function regressionMetrics(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): RegressionMetrics {
  const n = yTrue.length;
  if (yPred.length !== n) throw new RangeError(`yPred has ${yPred.length} values but yTrue has ${n}.`);
  if (n === 0) throw new RangeError('No rows to evaluate.');
  assertFinite(yTrue, 'yTrue');
  assertFinite(yPred, 'yPred');

  const total = new Sum();
  const squared = new Sum();
  const absolute = new Sum();
  let constant = true;
  for (let i = 0; i < n; i++) {
    const t = yTrue[i]!;
    const e = t - yPred[i]!;
    total.add(t);
    squared.add(e * e);
    absolute.add(Math.abs(e));
    if (t !== yTrue[0]!) constant = false;
  }
  const ssRes = squared.value;
  let r2: number;
  if (constant) {
    r2 = ssRes === 0 ? 1 : 0;
  } else {
    const mean = total.value / n;
    const ssTot = new Sum();
    for (let i = 0; i < n; i++) {
      const d = yTrue[i]! - mean;
      ssTot.add(d * d);
    }
    r2 = ssRes === 0 ? 1 : 1 - ssRes / ssTot.value;
  }
  const mse = ssRes / n;
  return { kind: 'regression', n, mse, rmse: Math.sqrt(mse), mae: absolute.value / n, r2 };
}

/**
 * Average precision of `score` for labels `yBinary` (1 positive, 0 negative), equal to sklearn's
 * average_precision_score: the sum over distinct thresholds, highest first, of (recall step) × the
 * precision there; no interpolation, tied scores enter together. null when there is no positive (sklearn
 * warns and returns 0 there). Cost O(n log n).
 */
export function averagePrecision(yBinary: ArrayLike<number>, score: ArrayLike<number>): number | null {
  const { fp, tp, positives } = thresholdCounts(yBinary, score);
  if (positives === 0) return null;
  const total = new Sum();
  for (let s = 1; s < tp.length; s++) {
    const gained = tp[s]! - tp[s - 1]!;
    if (gained > 0) total.add((gained / positives) * (tp[s]! / (tp[s]! + fp[s]!)));
  }
  return total.value;
}

/**
 * The q-quantile of `values` (0 ≤ q ≤ 1, n ≥ 1, finite), interpolated linearly between the order
 * statistics as numpy.quantile's default ('linear', Hyndman & Fan type 7): at position (n − 1)·q of the
 * sorted values. Throws RangeError on an empty or non-finite input or q outside [0, 1]. Cost O(n log n).
 */
export function quantile(values: ArrayLike<number>, q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`The quantile must be between 0 and 1, got ${q}.`);
  if (values.length === 0) throw new RangeError('No values to take a quantile of.');
  assertFinite(values, 'values');
  const sorted = Float64Array.from(values).sort();
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const t = h - lo;
  const a = sorted[lo]!;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)]!;
  // numpy's _lerp: from the nearer end, so that t = 1 gives b exactly.
  return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
}

/**
 * Metrics of an anomaly score against a binary label: `yTrue[i]` is 0 (normal) or 1 (anomaly),
 * `score` is higher for rows judged more anomalous, and a row is flagged when its score is strictly
 * above `threshold`. ROC-AUC and average precision rank the scores (as sklearn's roc_auc_score and
 * average_precision_score); precision, recall and F1 of the flags follow sklearn's binary
 * precision_recall_fscore_support with zero_division 0. `classes` names [normal, anomaly].
 * Throws RangeError on length mismatch, labels other than 0/1, non-finite scores, a non-finite
 * threshold or n = 0. Cost O(n log n).
 */
export function anomalyMetrics(
  yTrue: ArrayLike<number>,
  score: ArrayLike<number>,
  threshold: number,
  classes: readonly string[],
): AnomalyMetrics {
  const n = yTrue.length;
  if (n === 0) throw new RangeError('No rows to evaluate.');
  if (classes.length !== 2) throw new RangeError(`Anomaly metrics need 2 classes (normal, anomaly), got ${classes.length}.`);
  if (!Number.isFinite(threshold)) throw new RangeError(`The threshold must be finite, got ${threshold}.`);
  // thresholdCounts checks the lengths, the labels and the scores.
  const roc_auc = rocAuc(yTrue, score);
  const average_precision = averagePrecision(yTrue, score);
  let flagged = 0;
  let hits = 0;
  let anomalies = 0;
  const sums = [new Sum(), new Sum()] as const;
  for (let i = 0; i < n; i++) {
    const label = yTrue[i]!;
    const s = score[i]!;
    anomalies += label;
    sums[label as 0 | 1].add(s);
    if (s > threshold) {
      flagged++;
      hits += label;
    }
  }
  const precision = flagged > 0 ? hits / flagged : 0;
  const recall = anomalies > 0 ? hits / anomalies : 0;
  return {
    kind: 'anomaly',
    n,
    n_anomalies: anomalies,
    roc_auc,
    average_precision,
    threshold,
    flagged,
    precision,
    recall,
    f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
    mean_score_normal: n - anomalies > 0 ? sums[0].value / (n - anomalies) : null,
    mean_score_anomaly: anomalies > 0 ? sums[1].value / anomalies : null,
    classes: [...classes],
  };
}
