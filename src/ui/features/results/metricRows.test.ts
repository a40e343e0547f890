import { describe, expect, it } from 'vitest';
import type { AnomalyMetrics, ClassificationMetrics, RegressionMetrics } from '../../../core/evaluate/types';
import { buildMetricRows, formatMetric } from './metricRows';

const cls = (over: Partial<ClassificationMetrics> = {}): ClassificationMetrics => ({
  kind: 'classification',
  n: 10,
  accuracy: 0.9,
  precision_macro: 0.85,
  recall_macro: 0.8,
  f1_macro: 0.82,
  roc_auc: 0.95,
  log_loss: 0.3,
  per_class: [],
  confusion_matrix: [],
  classes: ['a', 'b'],
  ...over,
});
const reg: RegressionMetrics = { kind: 'regression', n: 10, mse: 4, rmse: 2, mae: 1.5, r2: 0.7 };

describe('buildMetricRows', () => {
  it('lists classification metrics in order, with the baseline beside', () => {
    const rows = buildMetricRows(cls(), cls({ accuracy: 0.6, roc_auc: 0.5 }));
    expect(rows.map((r) => r.name)).toEqual(['accuracy', 'precision_macro', 'recall_macro', 'f1_macro', 'roc_auc', 'log_loss']);
    expect(rows[0]).toEqual({ name: 'accuracy', model: 0.9, baseline: 0.6 });
    expect(rows[4]).toEqual({ name: 'roc_auc', model: 0.95, baseline: 0.5 });
  });

  it('lists regression metrics', () => {
    const rows = buildMetricRows(reg, { ...reg, mse: 9, rmse: 3, mae: 2.5, r2: 0 });
    expect(rows).toEqual([
      { name: 'mse', model: 4, baseline: 9 },
      { name: 'rmse', model: 2, baseline: 3 },
      { name: 'mae', model: 1.5, baseline: 2.5 },
      { name: 'r2', model: 0.7, baseline: 0 },
    ]);
  });

  it('gives null for an undefined metric and for a missing or mismatched baseline', () => {
    const rows = buildMetricRows(cls({ roc_auc: null }), null);
    expect(rows[4]).toEqual({ name: 'roc_auc', model: null, baseline: null });
    expect(buildMetricRows(reg, cls()).every((r) => r.baseline === null)).toBe(true);
  });
});

describe('buildMetricRows for an anomaly detector', () => {
  const anomaly = (over: Partial<AnomalyMetrics> = {}): AnomalyMetrics => ({
    kind: 'anomaly',
    n: 40,
    n_anomalies: 4,
    roc_auc: 0.97,
    average_precision: 0.8,
    threshold: 0.5,
    flagged: 5,
    precision: 0.6,
    recall: 0.75,
    f1: 2 / 3,
    mean_score_normal: 0.2,
    mean_score_anomaly: 2.4,
    classes: ['ok', 'bad'],
    ...over,
  });

  it('leads with ROC AUC, in plain labels with an explanation, the baseline scorer beside', () => {
    const rows = buildMetricRows(anomaly(), anomaly({ roc_auc: 0.81, flagged: 9 }));
    expect(rows[0]).toMatchObject({ name: 'roc_auc', label: 'ROC AUC', model: 0.97, baseline: 0.81 });
    expect(rows[0]!.help).toMatch(/ranks anomalies above normal rows/);
    expect(rows.find((r) => r.name === 'flagged')).toMatchObject({ label: 'Rows flagged', model: 5, baseline: 9, count: true });
    expect(rows.map((r) => r.name)).toEqual(expect.arrayContaining(['average_precision', 'precision', 'recall', 'f1', 'threshold', 'mean_score_normal', 'mean_score_anomaly']));
    expect(rows.every((r) => r.label && r.help)).toBe(true);
  });

  it('leaves the baseline empty when it is of another kind', () => {
    expect(buildMetricRows(anomaly(), cls()).every((r) => r.baseline === null)).toBe(true);
  });
});

describe('formatMetric', () => {
  it('shows 4 decimals that Number() reads back', () => {
    expect(formatMetric(0.912345)).toBe('0.9123');
    expect(Number(formatMetric(1))).toBe(1);
    expect(formatMetric(-0.5)).toBe('-0.5000');
    expect(formatMetric(-1e-9)).toBe('0.0000');
  });
  it('shows a dash for undefined values', () => {
    expect(formatMetric(null)).toBe('—');
    expect(formatMetric(Number.NaN)).toBe('—');
  });
});
