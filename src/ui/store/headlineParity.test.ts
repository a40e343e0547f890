// runRecord.ts repeats core's headlineMetrics (importing experiment.ts would put tfjs in the page
// bundle); this keeps the two selections identical.
import { describe, expect, it } from 'vitest';
import type { ClassificationMetrics, RegressionMetrics } from '../../core/evaluate/types';
import { headlineMetrics } from '../../core/pipeline/experiment';
import { headlineNumbers } from './runRecord';

const cls: ClassificationMetrics = {
  kind: 'classification',
  n: 4,
  accuracy: 0.75,
  precision_macro: 0.7,
  recall_macro: 0.6,
  f1_macro: 0.65,
  roc_auc: 0.8,
  log_loss: 0.4,
  per_class: [],
  confusion_matrix: [],
  classes: ['a', 'b'],
};
const reg: RegressionMetrics = { kind: 'regression', n: 4, mse: 4, rmse: 2, mae: 1, r2: 0.5 };

describe('headlineNumbers', () => {
  it('selects the same metrics as core headlineMetrics', () => {
    expect(headlineNumbers(cls)).toEqual(headlineMetrics(cls));
    expect(headlineNumbers(reg)).toEqual(headlineMetrics(reg));
  });
});
