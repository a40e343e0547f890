import type { Metrics } from '../../../core/evaluate/types';

/** Metric names in display order, snake_case as in metrics.json (core/evaluate/types.ts). */
export const CLASSIFICATION_METRICS = ['accuracy', 'precision_macro', 'recall_macro', 'f1_macro', 'roc_auc', 'log_loss'] as const;
export const REGRESSION_METRICS = ['mse', 'rmse', 'mae', 'r2'] as const;

export interface MetricRow {
  readonly name: string;
  readonly model: number | null;
  readonly baseline: number | null;
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
  const names = model.kind === 'classification' ? CLASSIFICATION_METRICS : REGRESSION_METRICS;
  const base = baseline && baseline.kind === model.kind ? baseline : null;
  return names.map((name) => ({ name, model: valueOf(model, name), baseline: base ? valueOf(base, name) : null }));
}

/** Metric display: 4 decimals, so `Number(text)` reads the value back; an em dash when undefined. */
export function formatMetric(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  const text = v.toFixed(4);
  // A tiny negative value would show as "-0.0000".
  return text === '-0.0000' ? '0.0000' : text;
}
