import type { EpochLog } from '../../../core/train/train';

export interface CurvePoint {
  readonly epoch: number;
  readonly loss: number;
  readonly valLoss: number | null;
  readonly metric: number | null;
  readonly valMetric: number | null;
}

/** Chart rows from epoch logs (non-finite values become gaps rather than breaking the axis). */
export function curvePoints(epochs: readonly EpochLog[]): CurvePoint[] {
  const f = (v: number | null): number | null => (v !== null && Number.isFinite(v) ? v : null);
  return epochs.map((e) => ({
    epoch: e.epoch,
    loss: Number.isFinite(e.loss) ? e.loss : Number.NaN,
    valLoss: f(e.valLoss),
    metric: f(e.metric),
    valMetric: f(e.valMetric),
  }));
}

/** "accuracy" -> "Accuracy", "mae" -> "MAE". */
export function metricLabel(name: EpochLog['metricName']): string {
  return name === 'mae' ? 'MAE' : 'Accuracy';
}
