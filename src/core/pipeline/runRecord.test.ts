import { describe, expect, it } from 'vitest';
import type { AnomalyMetrics, ClassificationMetrics } from '../evaluate/types';
import { createProject, projectSchema } from './document';
import type { ExperimentResult } from './experiment';
import { createRunRecord, describeModel, headlineMetrics } from './runRecord';

const metrics = (accuracy: number, roc: number | null): ClassificationMetrics => ({
  kind: 'classification',
  n: 30,
  accuracy,
  precision_macro: 0.8,
  recall_macro: 0.8,
  f1_macro: 0.8,
  roc_auc: roc,
  log_loss: Number.POSITIVE_INFINITY,
  per_class: [],
  confusion_matrix: [],
  classes: ['a', 'b'],
});

const result: ExperimentResult = {
  runId: 'run-1',
  startedAt: '2025-01-01T00:00:00.000Z',
  task: 'binary',
  target: 'y',
  classes: ['a', 'b'],
  model: 'mlp',
  backend: 'wasm',
  splitSizes: { train: 70, validation: 15, test: 15 },
  excludedMissingTarget: 0,
  features: { inputs: ['x'], encoded: ['x'], dropped: [] },
  history: [],
  bestEpoch: 4,
  stoppedBy: 'early-stopping',
  metrics: { test: metrics(0.9, 0.95), validation: null, baseline: { test: metrics(0.5, null), validation: null } },
  timings: { totalMs: 1234, preprocessMs: 1, trainMs: 1000, evaluateMs: 3, samplesPerSec: 5000 },
  warnings: [],
};

const report = 'webgl';

describe('createRunRecord', () => {
  it('records the run with headline numbers, non-finite values as null', () => {
    const run = createRunRecord(result, { kind: 'mlp', hidden: [64, 32], activation: 'relu', dropout: 0.1, l2: 0 }, report);
    expect(run).toEqual({
      id: 'run-1',
      startedAt: '2025-01-01T00:00:00.000Z',
      backend: 'webgl',
      model: 'MLP 64-32 relu, dropout 0.1',
      durationMs: 1234,
      bestEpoch: 4,
      stoppedBy: 'early-stopping',
      test: { accuracy: 0.9, f1_macro: 0.8, roc_auc: 0.95, log_loss: null },
      baseline: { accuracy: 0.5, f1_macro: 0.8, roc_auc: null, log_loss: null },
    });
  });

  it('gives a record the project schema accepts', () => {
    const run = createRunRecord(result, { kind: 'linear', l2: 0 }, null);
    const doc = { ...createProject({ name: 'd', source: { kind: 'file', fileName: 'd.csv', bytes: 1 }, columnKinds: {} }), runs: [run] };
    expect(projectSchema.safeParse(doc).success).toBe(true);
    expect(run.backend).toBe('wasm');
  });

  it('records no backend for the baseline', () => {
    expect(createRunRecord({ ...result, model: 'baseline' }, { kind: 'baseline' }, report).backend).toBe('none');
  });
});

describe('headlineMetrics', () => {
  it('picks the regression headline', () => {
    expect(headlineMetrics({ kind: 'regression', n: 1, mse: 4, rmse: 2, mae: 1, r2: Number.NaN })).toEqual({ mse: 4, rmse: 2, mae: 1, r2: null });
  });
  it('leads an anomaly detector with its ROC AUC', () => {
    const anomaly: AnomalyMetrics = {
      kind: 'anomaly',
      n: 50,
      n_anomalies: 5,
      roc_auc: 0.93,
      average_precision: 0.7,
      threshold: 1.2,
      flagged: 6,
      precision: 4 / 6,
      recall: 0.8,
      f1: 8 / 11,
      mean_score_normal: 0.4,
      mean_score_anomaly: 3.1,
      classes: ['normal', 'fraud'],
    };
    expect(headlineMetrics(anomaly)).toEqual({ roc_auc: 0.93, average_precision: 0.7, f1: 8 / 11 });
    expect(Object.keys(headlineMetrics({ ...anomaly, roc_auc: null }))[0]).toBe('roc_auc');
  });
  it('describes models', () => {
    expect(describeModel({ kind: 'baseline' })).toBe('Baseline');
    expect(describeModel({ kind: 'linear', l2: 0.01 })).toBe('Linear (L2 0.01)');
  });
});
