import { describe, expect, it } from 'vitest';
import { fairnessReport, type GroupStats } from './fairness';

const f32 = (v: number[]) => Float32Array.from(v);

/** The fields of a group that the hand computations below fix. */
function rates(g: GroupStats | undefined) {
  return g && { group: g.group, count: g.count, small: g.small, accuracy: g.accuracy, selectionRate: g.selectionRate, tpr: g.tpr, fpr: g.fpr };
}

describe('fairnessReport, binary', () => {
  // Rows by group (y → pred):
  //   F (5): 1→1, 1→0, 0→1, 0→0, 0→0   accuracy 3/5, selection 2/5, TPR 1/2, FPR 1/3
  //   M (4): 1→1, 0→0, 0→0, 0→0        accuracy 1,   selection 1/4, TPR 1/1, FPR 0/3
  //   X (2): 0→1, 1→1                  small (< 3 rows): accuracy 1/2, selection 1, TPR 1, FPR 1
  //   '' (1): 0→0                      missing
  const sex = ['F', 'F', 'F', 'F', 'F', 'M', 'M', 'M', 'M', 'X', 'X', ''];
  const y = f32([1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0]);
  const pred = f32([1, 0, 1, 0, 0, 1, 0, 0, 0, 1, 1, 0]);
  const report = fairnessReport({ sensitive: [{ column: 'sex', groupOf: sex }], task: 'binary', y, pred, classes: ['no', 'yes'], minGroupSize: 3 });
  const col = report.columns[0]!;

  it('computes each group’s rates from the definitions', () => {
    expect(report.positive).toBe(1);
    expect(report.positiveLabel).toBe('yes');
    expect(col.groups.map((g) => g.group)).toEqual(['F', 'M', 'X', '']);
    expect(rates(col.groups[0])).toEqual({ group: 'F', count: 5, small: false, accuracy: 0.6, selectionRate: 0.4, tpr: 0.5, fpr: 1 / 3 });
    expect(rates(col.groups[1])).toEqual({ group: 'M', count: 4, small: false, accuracy: 1, selectionRate: 0.25, tpr: 1, fpr: 0 });
    expect(rates(col.groups[2])).toEqual({ group: 'X', count: 2, small: true, accuracy: 0.5, selectionRate: 1, tpr: 1, fpr: 1 });
    expect(col.groups[3]!.missing).toBe(true);
    expect(col.groups[0]!.mae).toBeNull();
    // All 12 rows: 9 right; 5 predicted positive; TP 3 of 4 positives; FP 2 of 8 negatives.
    expect(rates(report.overall)).toEqual({ group: '', count: 12, small: false, accuracy: 0.75, selectionRate: 5 / 12, tpr: 0.75, fpr: 0.25 });
  });

  it('takes gaps over F and M only (X is small, missing is left out), and says so', () => {
    expect(col.demographicParityDifference).toBeCloseTo(0.4 - 0.25, 15);
    expect(col.selectionRateRatio).toBeCloseTo(0.25 / 0.4, 15);
    expect(col.tprDifference).toBe(0.5);
    expect(col.fprDifference).toBeCloseTo(1 / 3, 15);
    expect(col.equalizedOddsDifference).toBe(0.5);
    expect(col.accuracyDifference).toBeCloseTo(0.4, 15);
    expect(col.maeDifference).toBeNull();
    expect(col.notes).toEqual([
      '1 row(s) have no value for sex; they are shown as missing and left out of the gaps.',
      'Groups with fewer than 3 rows are shown but left out of the gaps, their rates being too noisy: sex=X (2 rows).',
    ]);
  });

  it('warns in plain words about each large gap and the four-fifths rule', () => {
    expect(col.warnings).toEqual([
      'Selection rate differs by 0.15 between sex=F (0.40) and sex=M (0.25): the model predicts "yes" for 40% of sex=F rows but 25% of sex=M rows.',
      "The selection rate of sex=M is 63% of that of sex=F, below the four-fifths rule's 80%, a common sign of adverse impact.",
      'True-positive rate differs by 0.50 between sex=M (1.00) and sex=F (0.50): of the rows that truly are "yes", the model finds 100% in sex=M but 50% in sex=F.',
      'False-positive rate differs by 0.33 between sex=F (0.33) and sex=M (0.00): of the rows that are not "yes", the model wrongly predicts "yes" for 33% in sex=F but 0% in sex=M.',
      'Accuracy differs by 0.40 between sex=M (1.00) and sex=F (0.60): the model is right less often for sex=F.',
    ]);
  });

  it('gives null (not NaN) for a TPR with no true positives and takes the gap over the defined ones', () => {
    // A (3): 0→1, 0→0, 0→0     TPR undefined, FPR 1/3, selection 1/3
    // B (4): 1→1, 0→0, 1→0, 0→1 TPR 1/2, FPR 1/2, selection 1/2
    // C (3): 1→1, 1→1, 0→0     TPR 1, FPR 0, selection 2/3
    const r = fairnessReport({
      sensitive: [{ column: 'g', groupOf: ['A', 'A', 'A', 'B', 'B', 'B', 'B', 'C', 'C', 'C'] }],
      task: 'binary',
      y: f32([0, 0, 0, 1, 0, 1, 0, 1, 1, 0]),
      pred: f32([1, 0, 0, 1, 0, 0, 1, 1, 1, 0]),
      minGroupSize: 2,
    });
    const c = r.columns[0]!;
    const a = c.groups.find((g) => g.group === 'A')!;
    expect(a.tpr).toBeNull();
    expect(a.fpr).toBeCloseTo(1 / 3, 15);
    expect(c.tprDifference).toBe(0.5); // C 1 − B 0.5; A has none
    expect(c.fprDifference).toBe(0.5); // B 0.5 − C 0
    expect(c.equalizedOddsDifference).toBe(0.5);
    expect(c.demographicParityDifference).toBeCloseTo(2 / 3 - 1 / 3, 15);
    expect(c.selectionRateRatio).toBeCloseTo(0.5, 15);
    expect(c.notes).toEqual([
      'True-positive rate is undefined for g=A: none of its rows is truly "class 1"; the gap uses the other groups.',
    ]);
    expect(JSON.stringify(r)).not.toContain('NaN');
    for (const g of c.groups) for (const v of Object.values(g)) if (typeof v === 'number') expect(Number.isNaN(v)).toBe(false);
  });

  it('marks groups under the default 10 rows as small and computes no gap without two large groups', () => {
    const groupOf = [...Array<string>(10).fill('big'), ...Array<string>(3).fill('tiny')];
    const y = f32([1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1]);
    const r = fairnessReport({ sensitive: [{ column: 'g', groupOf }], task: 'binary', y, pred: f32(Array.from(y, () => 0)) });
    const c = r.columns[0]!;
    expect(r.minGroupSize).toBe(10);
    expect(c.groups.map((g) => [g.group, g.small])).toEqual([
      ['big', false],
      ['tiny', true],
    ]);
    expect(c.demographicParityDifference).toBeNull();
    expect(c.equalizedOddsDifference).toBeNull();
    expect(c.accuracyDifference).toBeNull();
    expect(c.warnings).toEqual([]);
    expect(c.notes).toContain('Fewer than two groups of g have 10 rows or more: there are no gaps to compare.');
  });
});

describe('fairnessReport, multiclass and regression', () => {
  it('uses one-vs-rest rates for the favourable class, plus accuracy', () => {
    // positive = 2 ('c'). P (4): 0→0, 1→2, 2→2, 2→1: accuracy 1/2, selection 2/4, TPR 1/2, FPR 1/2.
    // Q (3): 2→2, 0→0, 1→1: accuracy 1, selection 1/3, TPR 1, FPR 0.
    const args = {
      sensitive: [{ column: 'site', groupOf: ['P', 'P', 'P', 'P', 'Q', 'Q', 'Q'] }],
      task: 'multiclass' as const,
      y: f32([0, 1, 2, 2, 2, 0, 1]),
      pred: f32([0, 2, 2, 1, 2, 0, 1]),
      classes: ['a', 'b', 'c'],
      minGroupSize: 2,
    };
    const c = fairnessReport({ ...args, positive: 2 }).columns[0]!;
    expect(rates(c.groups[0])).toEqual({ group: 'P', count: 4, small: false, accuracy: 0.5, selectionRate: 0.5, tpr: 0.5, fpr: 0.5 });
    expect(rates(c.groups[1])).toEqual({ group: 'Q', count: 3, small: false, accuracy: 1, selectionRate: 1 / 3, tpr: 1, fpr: 0 });
    expect(c.equalizedOddsDifference).toBe(0.5);

    const noPositive = fairnessReport(args);
    expect(noPositive.positive).toBeNull();
    expect(noPositive.notes).toHaveLength(1);
    const d = noPositive.columns[0]!;
    expect(d.groups.map((g) => [g.accuracy, g.selectionRate, g.tpr, g.fpr])).toEqual([
      [0.5, null, null, null],
      [1, null, null, null],
    ]);
    expect(d.accuracyDifference).toBe(0.5);
    expect(d.demographicParityDifference).toBeNull();
  });

  it('compares mean absolute error and mean prediction for regression', () => {
    // N: y 1, 2, 3; pred 2, 2, 5 → |errors| 1, 0, 2 → MAE 1; mean prediction 3; mean target 2.
    // S: y 4, 4; pred 4, 5 → |errors| 0, 1 → MAE 0.5; mean prediction 4.5; mean target 4.
    const r = fairnessReport({
      sensitive: [{ column: 'region', groupOf: ['N', 'N', 'N', 'S', 'S'] }],
      task: 'regression',
      y: f32([1, 2, 3, 4, 4]),
      pred: f32([2, 2, 5, 4, 5]),
      minGroupSize: 2,
    });
    const c = r.columns[0]!;
    expect(c.groups.map((g) => [g.group, g.mae, g.meanPrediction, g.meanTarget, g.accuracy, g.selectionRate])).toEqual([
      ['N', 1, 3, 2, null, null],
      ['S', 0.5, 4.5, 4, null, null],
    ]);
    expect(c.maeDifference).toBe(0.5);
    expect(c.meanPredictionDifference).toBe(1.5);
    expect(c.equalizedOddsDifference).toBeNull();
    expect(r.overall.mae).toBeCloseTo(4 / 5, 15);
    expect(c.warnings).toEqual([
      'Mean absolute error differs by 0.50 between region=N (1.00) and region=S (0.50): predictions for region=N are off by 1.00 on average, 100% more than for region=S.',
    ]);
  });

  it('rejects inputs that do not fit', () => {
    const base = { sensitive: [{ column: 'g', groupOf: ['a', 'b'] }], task: 'binary' as const, y: f32([0, 1]), pred: f32([0, 1]) };
    expect(() => fairnessReport({ ...base, pred: f32([0]) })).toThrow(RangeError);
    expect(() => fairnessReport({ ...base, y: f32([0, 2]) })).toThrow(/class indices/);
    expect(() => fairnessReport({ ...base, positive: 2 })).toThrow(/not a class index/);
    expect(() => fairnessReport({ ...base, sensitive: [{ column: 'g', groupOf: ['a'] }] })).toThrow(/1 values/);
    expect(() => fairnessReport({ ...base, task: 'regression', y: f32([0, NaN]) })).toThrow(/not finite/);
  });
});
