/**
 * The run-history entry a finished experiment leaves in the project document. Pure and free of tfjs,
 * so the UI bundle can import it (experiment.ts cannot be imported there: it pulls in tfjs).
 */
import type { Metrics } from '../evaluate/types';
import type { ModelSpec, RunRecord } from './document';
import type { ExperimentResult } from './experiment';

/**
 * The headline numbers of a metrics record (an anomaly detector leads with its ROC AUC). Non-finite
 * values become null (the schema stores finite numbers).
 */
export function headlineMetrics(m: Metrics): Record<string, number | null> {
  const raw: Record<string, number | null> =
    m.kind === 'regression'
      ? { mse: m.mse, rmse: m.rmse, mae: m.mae, r2: m.r2 }
      : m.kind === 'anomaly'
        ? { roc_auc: m.roc_auc, average_precision: m.average_precision, f1: m.f1 }
        : { accuracy: m.accuracy, f1_macro: m.f1_macro, roc_auc: m.roc_auc, log_loss: m.log_loss };
  const out: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(raw)) out[k] = v !== null && Number.isFinite(v) ? v : null;
  return out;
}

/** What a run trained: a settings model (v1) or the pipeline graph's network (v2). */
export type RunModel = ModelSpec | { readonly kind: 'graph' };

/** A short human description of a model spec, e.g. "MLP 64-64 relu". */
export function describeModel(model: RunModel): string {
  switch (model.kind) {
    case 'graph':
      return 'Pipeline graph';
    case 'baseline':
      return 'Baseline';
    case 'linear':
      return model.l2 > 0 ? `Linear (L2 ${model.l2})` : 'Linear';
    case 'mlp': {
      const extras = [model.dropout > 0 ? `dropout ${model.dropout}` : '', model.l2 > 0 ? `L2 ${model.l2}` : ''].filter(Boolean);
      return [`MLP ${model.hidden.join('-')} ${model.activation}`, ...extras].join(', ');
    }
  }
}

/** The run-history entry for a finished run; `backendUsed` is the backend that really ran. */
export function createRunRecord(result: ExperimentResult, model: RunModel, backendUsed: string | null): RunRecord {
  return {
    id: result.runId,
    startedAt: result.startedAt,
    backend: result.model === 'baseline' ? 'none' : (backendUsed ?? result.backend),
    model: describeModel(model),
    durationMs: Number.isFinite(result.timings.totalMs) ? Math.max(0, result.timings.totalMs) : 0,
    bestEpoch: result.bestEpoch,
    stoppedBy: result.stoppedBy,
    test: headlineMetrics(result.metrics.test),
    baseline: headlineMetrics(result.metrics.baseline.test),
  };
}
