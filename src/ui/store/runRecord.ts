import type { Metrics } from '../../core/evaluate/types';
import type { ModelSpec, RunRecord } from '../../core/pipeline/document';
import type { ExperimentResult } from '../../core/pipeline/experiment';
import type { BackendReport } from '../../worker/protocol';

/**
 * The headline numbers of a metrics record: the same selection as core's `headlineMetrics`
 * (core/pipeline/experiment.ts). It is repeated here because importing experiment.ts as a value
 * pulls tfjs (train.ts) into the main-thread bundle; runRecord.test.ts keeps the two in step.
 * Non-finite values become null, as the project schema only stores finite numbers.
 */
export function headlineNumbers(m: Metrics): Record<string, number | null> {
  const raw: Record<string, number | null> =
    m.kind === 'regression'
      ? { mse: m.mse, rmse: m.rmse, mae: m.mae, r2: m.r2 }
      : { accuracy: m.accuracy, f1_macro: m.f1_macro, roc_auc: m.roc_auc, log_loss: m.log_loss };
  const out: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(raw)) out[k] = v !== null && Number.isFinite(v) ? v : null;
  return out;
}

/** A short human description of a model spec, e.g. "MLP 64-64 relu". */
export function describeModel(model: ModelSpec): string {
  switch (model.kind) {
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

/** The run-history entry for a finished run (what project.runs keeps). */
export function createRunRecord(result: ExperimentResult, model: ModelSpec, backend: BackendReport | null): RunRecord {
  return {
    id: result.runId,
    startedAt: result.startedAt,
    backend: result.model === 'baseline' ? 'none' : (backend?.used ?? result.backend),
    model: describeModel(model),
    durationMs: Number.isFinite(result.timings.totalMs) ? Math.max(0, result.timings.totalMs) : 0,
    bestEpoch: result.bestEpoch,
    stoppedBy: result.stoppedBy,
    test: headlineNumbers(result.metrics.test),
    baseline: headlineNumbers(result.metrics.baseline.test),
  };
}
