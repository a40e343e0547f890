import type { Metrics } from '../../../core/evaluate/types';

/** Metric names in display order, snake_case as in metrics.json (core/evaluate/types.ts). */
export const CLASSIFICATION_METRICS = ['accuracy', 'precision_macro', 'recall_macro', 'f1_macro', 'roc_auc', 'log_loss'] as const;
export const REGRESSION_METRICS = ['mse', 'rmse', 'mae', 'r2'] as const;

/** An anomaly detector's metrics, with the plain label and one-line explanation the results table shows. */
export const ANOMALY_METRICS: readonly { readonly name: string; readonly label: string; readonly help: string; readonly count?: true }[] = [
  { name: 'roc_auc', label: 'ROC AUC', help: 'How well the score ranks anomalies above normal rows: 1 is perfect, 0.5 is chance.' },
  {
    name: 'average_precision',
    label: 'Average precision',
    help: 'Precision of the flags averaged as more and more top-scoring rows are flagged: 1 is perfect, chance is the share of anomalies.',
  },
  { name: 'flagged', label: 'Rows flagged', help: 'Rows scoring above the threshold.', count: true },
  { name: 'n_anomalies', label: 'Anomalies in the split', help: 'Rows whose label says anomaly.', count: true },
  { name: 'precision', label: 'Precision', help: 'Of the flagged rows, the share that are anomalies.' },
  { name: 'recall', label: 'Recall', help: 'Of the anomalies, the share that were flagged.' },
  { name: 'f1', label: 'F1', help: 'The balance of precision and recall (their harmonic mean).' },
  { name: 'threshold', label: 'Threshold', help: "Rows scoring above it are flagged: a quantile of the normal training rows' scores (each scorer's own units)." },
  { name: 'mean_score_normal', label: 'Mean score, normal rows', help: 'Lower is better: normal rows should be easy to rebuild.' },
  { name: 'mean_score_anomaly', label: 'Mean score, anomalies', help: 'Should be well above the normal rows\' mean.' },
];

export interface MetricRow {
  readonly name: string;
  readonly model: number | null;
  readonly baseline: number | null;
  /** A plain label and explanation, where the metric's name alone would not say enough (anomaly metrics). */
  readonly label?: string;
  readonly help?: string;
  /** A count of rows, shown without decimals. */
  readonly count?: true;
}

function valueOf(m: Metrics, name: string): number | null {
  const v = (m as unknown as Record<string, unknown>)[name];
  return typeof v === 'number' ? v : null;
}

/**
 * One row per headline metric of `model`, with the baseline's value for the same metric beside it
 * (null where the baseline is missing or of another kind, or the metric is undefined, e.g. ROC-AUC
 * with one class present).
 */
export function buildMetricRows(model: Metrics, baseline: Metrics | null): MetricRow[] {
  const base = baseline && baseline.kind === model.kind ? baseline : null;
  if (model.kind === 'anomaly') {
    return ANOMALY_METRICS.map(({ name, ...rest }) => ({ name, model: valueOf(model, name), baseline: base ? valueOf(base, name) : null, ...rest }));
  }
  const names = model.kind === 'classification' ? CLASSIFICATION_METRICS : REGRESSION_METRICS;
  return names.map((name) => ({ name, model: valueOf(model, name), baseline: base ? valueOf(base, name) : null }));
}

/** Metric display: 4 decimals, so `Number(text)` reads the value back; an em dash when undefined. */
export function formatMetric(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  const text = v.toFixed(4);
  // A tiny negative value would show as "-0.0000".
  return text === '-0.0000' ? '0.0000' : text;
}
