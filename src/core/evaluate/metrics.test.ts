import { describe, expect, it } from 'vitest';
import fixtureJson from './fixtures/sklearn-metrics.json';
import { LOG_LOSS_EPS, anomalyMetrics, averagePrecision, classificationMetrics, quantile, regressionMetrics, rocAuc, rocCurve } from './metrics';

interface ClassificationCase {
  name: string;
  y_true: number[];
  proba: number[];
  classes: string[];
  expected: {
    accuracy: number;
    precision: number[];
    recall: number[];
    f1: number[];
    support: number[];
    precision_macro: number;
    recall_macro: number;
    f1_macro: number;
    roc_auc: number | null;
    log_loss: number;
    confusion_matrix: number[][];
    roc_curve: { fpr: number[]; tpr: number[] } | null;
  };
}
interface RegressionCase {
  name: string;
  y_true: number[];
  y_pred: number[];
  expected: { mse: number; rmse: number; mae: number; r2: number };
}
interface AnomalyCase {
  name: string;
  y_true: number[];
  score: number[];
  train_scores: number[];
  quantile: number;
  expected: {
    threshold: number;
    roc_auc: number | null;
    average_precision: number | null;
    flagged: number;
    precision: number;
    recall: number;
    f1: number;
    mean_score_normal: number | null;
    mean_score_anomaly: number | null;
  };
}
const fixtures = fixtureJson as unknown as {
  log_loss_eps: number;
  classification: ClassificationCase[];
  regression: RegressionCase[];
  anomaly: AnomalyCase[];
};

/** Tolerance for fixture values: absolute 1e-9 for |expected| <= 1, relative 1e-9 above. */
function expectClose(actual: number | null, expected: number | null, what: string): void {
  if (expected === null) {
    expect(actual, what).toBeNull();
    return;
  }
  expect(actual, what).not.toBeNull();
  const err = Math.abs(actual! - expected);
  expect(err, `${what}: ${actual} vs sklearn ${expected}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
}

describe('classificationMetrics against scikit-learn 1.2 fixtures', () => {
  it('uses the same log-loss clipping as the fixtures', () => {
    expect(fixtures.log_loss_eps).toBe(LOG_LOSS_EPS);
  });

  it.each(fixtures.classification.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const m = classificationMetrics(Int32Array.from(c.y_true), Float32Array.from(c.proba), c.classes);
    const e = c.expected;
    // Probabilities must survive the float32 round trip unchanged, or the comparison is meaningless.
    expect(Array.from(Float32Array.from(c.proba))).toEqual(c.proba);
    expect(m.n).toBe(c.y_true.length);
    expect(m.classes).toEqual(c.classes);
    expectClose(m.accuracy, e.accuracy, 'accuracy');
    expectClose(m.precision_macro, e.precision_macro, 'precision_macro');
    expectClose(m.recall_macro, e.recall_macro, 'recall_macro');
    expectClose(m.f1_macro, e.f1_macro, 'f1_macro');
    expectClose(m.roc_auc, e.roc_auc, 'roc_auc');
    expectClose(m.log_loss, e.log_loss, 'log_loss');
    expect(m.confusion_matrix).toEqual(e.confusion_matrix);
    m.per_class.forEach((pc, j) => {
      expect(pc.class).toBe(c.classes[j]);
      expectClose(pc.precision, e.precision[j]!, `precision[${j}]`);
      expectClose(pc.recall, e.recall[j]!, `recall[${j}]`);
      expectClose(pc.f1, e.f1[j]!, `f1[${j}]`);
      expect(pc.support).toBe(e.support[j]);
    });
    if (e.roc_curve !== null) {
      const k = c.classes.length;
      const curve = rocCurve(
        c.y_true,
        c.y_true.map((_, i) => c.proba[i * k + 1]!),
      );
      expect(curve).not.toBeNull();
      expect(curve!.fpr.length).toBe(e.roc_curve.fpr.length);
      e.roc_curve.fpr.forEach((v, i) => expectClose(curve!.fpr[i]!, v, `fpr[${i}]`));
      e.roc_curve.tpr.forEach((v, i) => expectClose(curve!.tpr[i]!, v, `tpr[${i}]`));
    }
  });
});

describe('regressionMetrics against scikit-learn 1.2 fixtures', () => {
  it.each(fixtures.regression.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const m = regressionMetrics(Float64Array.from(c.y_true), c.y_pred);
    expect(m.n).toBe(c.y_true.length);
    expectClose(m.mse, c.expected.mse, 'mse');
    expectClose(m.rmse, c.expected.rmse, 'rmse');
    expectClose(m.mae, c.expected.mae, 'mae');
    expectClose(m.r2, c.expected.r2, 'r2');
  });
});

describe('anomalyMetrics and its quantile threshold against scikit-learn 1.2 / numpy fixtures', () => {
  it.each(fixtures.anomaly.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    // Scores are float32 values, as the model's reconstruction errors are.
    const score = Float32Array.from(c.score);
    expect(Array.from(score)).toEqual(c.score);
    const threshold = quantile(Float32Array.from(c.train_scores), c.quantile);
    const e = c.expected;
    expectClose(threshold, e.threshold, 'threshold');
    const m = anomalyMetrics(Float32Array.from(c.y_true), score, e.threshold, ['normal', 'anomaly']);
    expect(m.kind).toBe('anomaly');
    expect(m.n).toBe(c.y_true.length);
    expect(m.n_anomalies).toBe(c.y_true.filter((v) => v === 1).length);
    expect(m.threshold).toBe(e.threshold);
    expect(m.flagged).toBe(e.flagged);
    expectClose(m.roc_auc, e.roc_auc, 'roc_auc');
    expectClose(m.average_precision, e.average_precision, 'average_precision');
    expectClose(m.precision, e.precision, 'precision');
    expectClose(m.recall, e.recall, 'recall');
    expectClose(m.f1, e.f1, 'f1');
    expectClose(m.mean_score_normal, e.mean_score_normal, 'mean_score_normal');
    expectClose(m.mean_score_anomaly, e.mean_score_anomaly, 'mean_score_anomaly');
    expect(m.classes).toEqual(['normal', 'anomaly']);
  });
});

describe('averagePrecision, quantile and anomalyMetrics, hand-computed', () => {
  it('average precision sums precision at each recall step; ties enter together', () => {
    // Ranked: 0.9 (1), 0.8 (0), 0.7 (1), 0.1 (0): recall steps at P = 1 and P = 2/3.
    expect(averagePrecision([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1])).toBeCloseTo(0.5 * 1 + 0.5 * (2 / 3), 15);
    // All tied: one step to recall 1 at the positive share.
    expect(averagePrecision([1, 0, 0, 0], [2, 2, 2, 2])).toBe(0.25);
    expect(averagePrecision([0, 0], [1, 2])).toBeNull();
  });
  it('quantile interpolates between order statistics as numpy does', () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([4, 1, 3, 2], 1)).toBe(4);
    expect(quantile([4, 1, 3, 2], 0)).toBe(1);
    expect(quantile([10, 20], 0.99)).toBeCloseTo(19.9, 12);
    expect(quantile([7], 0.99)).toBe(7);
    expect(() => quantile([], 0.5)).toThrow(/No values/);
    expect(() => quantile([1], 1.5)).toThrow(/between 0 and 1/);
  });
  it('flags scores strictly above the threshold', () => {
    const m = anomalyMetrics([0, 0, 1, 1], [1, 2, 2, 3], 2, ['ok', 'bad']);
    expect(m).toMatchObject({ flagged: 1, precision: 1, recall: 0.5, n_anomalies: 1 + 1, mean_score_normal: 1.5, mean_score_anomaly: 2.5 });
    expect(m.f1).toBeCloseTo(2 / 3, 15);
    // 3 wins and 1 tie out of 4 pairs.
    expect(m.roc_auc).toBe(0.875);
  });
  it('rejects malformed input', () => {
    expect(() => anomalyMetrics([0, 2], [1, 2], 1, ['a', 'b'])).toThrow(/not 0 or 1/);
    expect(() => anomalyMetrics([0, 1], [1], 1, ['a', 'b'])).toThrow(/score has 1 values/);
    expect(() => anomalyMetrics([0, 1], [1, NaN], 1, ['a', 'b'])).toThrow(/non-finite/);
    expect(() => anomalyMetrics([0, 1], [1, 2], NaN, ['a', 'b'])).toThrow(/threshold must be finite/);
    expect(() => anomalyMetrics([], [], 1, ['a', 'b'])).toThrow(/No rows/);
  });
});

describe('classificationMetrics, hand-computed', () => {
  it('binary: counts, zero_division and log loss', () => {
    // y:    0    0    1    1
    // p1:  0.2  0.6  0.6  0.9  -> predicted 0 1 1 1
    const y = Int32Array.from([0, 0, 1, 1]);
    const proba = Float32Array.from([0.8, 0.2, 0.4, 0.6, 0.4, 0.6, 0.1, 0.9]);
    const m = classificationMetrics(y, proba, ['no', 'yes']);
    expect(m.confusion_matrix).toEqual([
      [1, 1],
      [0, 2],
    ]);
    expect(m.accuracy).toBe(0.75);
    expect(m.per_class[0]).toMatchObject({ class: 'no', precision: 1, recall: 0.5, support: 2 });
    expect(m.per_class[1]).toMatchObject({ class: 'yes', precision: 2 / 3, recall: 1, support: 2 });
    expect(m.per_class[0]!.f1).toBeCloseTo(2 / 3, 15);
    expect(m.per_class[1]!.f1).toBeCloseTo(0.8, 15);
    // Positives scored 0.6 and 0.9, negatives 0.2 and 0.6: 3 wins + 1 tie out of 4 pairs.
    expect(m.roc_auc).toBe(0.875);
    const f = (x: number): number => Math.fround(x);
    const expectedLoss = -(Math.log(f(0.8)) + Math.log(f(0.4)) + Math.log(f(0.6)) + Math.log(f(0.9))) / 4;
    expect(m.log_loss).toBeCloseTo(expectedLoss, 6);
  });

  it('a class never predicted has precision 0 and F1 0, and counts in the macro average', () => {
    const y = Int32Array.from([0, 1, 2]);
    const proba = Float32Array.from([0.7, 0.2, 0.1, 0.2, 0.7, 0.1, 0.6, 0.3, 0.1]);
    const m = classificationMetrics(y, proba, ['a', 'b', 'c']);
    expect(m.per_class[2]).toMatchObject({ precision: 0, recall: 0, f1: 0, support: 1 });
    expect(m.precision_macro).toBeCloseTo((0.5 + 1 + 0) / 3, 15);
    expect(m.recall_macro).toBeCloseTo((1 + 1 + 0) / 3, 15);
  });

  it('argmax ties go to the lowest index', () => {
    const m = classificationMetrics(Int32Array.from([1, 2]), Float32Array.from([0.2, 0.4, 0.4, 0.2, 0.4, 0.4]), [
      'a',
      'b',
      'c',
    ]);
    expect(m.confusion_matrix).toEqual([
      [0, 0, 0],
      [0, 1, 0],
      [0, 1, 0],
    ]);
  });

  it('clips and renormalizes before the logarithm', () => {
    // True class has probability 0: loss = -log(1e-15 / (1e-15 + (1 - 1e-15))) = -log(1e-15).
    const m = classificationMetrics(Int32Array.from([0, 1]), Float32Array.from([0, 1, 0, 1]), ['a', 'b']);
    expect(m.log_loss).toBeCloseTo(-Math.log(1e-15) / 2, 12);
  });

  it('roc_auc is null with a single class in y_true, and for multiclass with an absent class', () => {
    expect(classificationMetrics(Int32Array.from([1, 1]), Float32Array.from([0.3, 0.7, 0.6, 0.4]), ['a', 'b']).roc_auc).toBeNull();
    const absent = classificationMetrics(
      Int32Array.from([0, 1, 0, 1]),
      Float32Array.from([0.5, 0.3, 0.2, 0.2, 0.5, 0.3, 0.6, 0.2, 0.2, 0.1, 0.8, 0.1]),
      ['a', 'b', 'c'],
    );
    expect(absent.roc_auc).toBeNull();
  });

  it('accepts labels as Float32Array', () => {
    const m = classificationMetrics(Float32Array.from([0, 1]), Float32Array.from([0.9, 0.1, 0.1, 0.9]), ['a', 'b']);
    expect(m.accuracy).toBe(1);
  });

  it('rejects malformed input', () => {
    const p = Float32Array.from([0.5, 0.5]);
    expect(() => classificationMetrics(Int32Array.from([0]), p, ['a'])).toThrow(/at least 2 classes/);
    expect(() => classificationMetrics(Int32Array.from([0, 1]), p, ['a', 'b'])).toThrow(/expected 2 rows × 2 classes/);
    expect(() => classificationMetrics(Int32Array.from([2]), p, ['a', 'b'])).toThrow(/not a class index/);
    expect(() => classificationMetrics(Float32Array.from([0.5]), p, ['a', 'b'])).toThrow(/not a class index/);
    expect(() => classificationMetrics(Int32Array.from([0]), Float32Array.from([NaN, 1]), ['a', 'b'])).toThrow(
      /non-finite/,
    );
    expect(() => classificationMetrics(new Int32Array(0), new Float32Array(0), ['a', 'b'])).toThrow(/No rows/);
  });
});

describe('rocAuc and rocCurve', () => {
  it('all scores tied gives 0.5', () => {
    expect(rocAuc([0, 1, 0, 1, 1], [3, 3, 3, 3, 3])).toBe(0.5);
  });
  it('perfectly separated and perfectly inverted scores', () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])).toBe(1);
    expect(rocAuc([1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9])).toBe(0);
  });
  it('is null for one label', () => {
    expect(rocAuc([1, 1], [0.2, 0.3])).toBeNull();
    expect(rocCurve([0, 0], [0.2, 0.3])).toBeNull();
  });
  it('curve starts at (0,0) with threshold Infinity, ends at (1,1) and drops collinear points', () => {
    const curve = rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])!;
    expect(Array.from(curve.fpr)).toEqual([0, 0, 0.5, 0.5, 1]);
    expect(Array.from(curve.tpr)).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(Array.from(curve.thresholds)).toEqual([Infinity, 0.8, 0.4, 0.35, 0.1]);
    const straight = rocCurve([1, 1, 1, 0, 0], [5, 4, 3, 2, 1])!;
    // As sklearn: roc_curve([1,1,1,0,0], [5,4,3,2,1]) keeps thresholds 5, 3, 1 (drops 4 and 2).
    expect(Array.from(straight.fpr)).toEqual([0, 0, 0, 1]);
    expect(Array.from(straight.tpr)).toEqual([0, 1 / 3, 1, 1]);
    expect(Array.from(straight.thresholds)).toEqual([Infinity, 5, 3, 1]);
  });
  it('rejects labels other than 0/1 and mismatched lengths', () => {
    expect(() => rocAuc([0, 2], [0.1, 0.2])).toThrow(/not 0 or 1/);
    expect(() => rocAuc([0, 1], [0.1])).toThrow(/score has 1 values/);
  });
});

describe('regressionMetrics, hand-computed', () => {
  it('small case', () => {
    const m = regressionMetrics([1, 2, 3, 4], [2, 2, 3, 2]);
    expect(m).toEqual({ kind: 'regression', n: 4, mse: 5 / 4, rmse: Math.sqrt(5 / 4), mae: 3 / 4, r2: 1 - 5 / 5 });
  });
  it('constant y_true: 1 when perfect, 0 otherwise, even where a rounded mean is inexact', () => {
    expect(regressionMetrics([0.1, 0.1, 0.1], [0.1, 0.1, 0.1]).r2).toBe(1);
    expect(regressionMetrics([0.1, 0.1, 0.1], [0.1, 0.2, 0.1]).r2).toBe(0);
    expect(regressionMetrics([7], [8]).r2).toBe(0);
  });
  it('compensated sums keep precision on large offsets', () => {
    const base = 1e9;
    const yTrue = Array.from({ length: 1000 }, (_, i) => base + (i % 2));
    const yPred = yTrue.map((v, i) => v + (i % 2 ? 0.5 : -0.5));
    const m = regressionMetrics(yTrue, yPred);
    expect(m.mse).toBe(0.25);
    expect(m.mae).toBe(0.5);
    expect(m.r2).toBeCloseTo(0, 12);
  });
  it('rejects malformed input', () => {
    expect(() => regressionMetrics([1, 2], [1])).toThrow(/yPred has 1 values/);
    expect(() => regressionMetrics([], [])).toThrow(/No rows/);
    expect(() => regressionMetrics([1, 2], [1, Infinity])).toThrow(/yPred contains a non-finite/);
  });
});
