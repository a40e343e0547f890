/**
 * The pieces of an anomaly-detection run (the graph's reconstruct head) that need no tfjs: the normal
 * rows an autoencoder learns from, and the baseline scorer it is compared with.
 *
 * Setup (semi-supervised, the usual one): the target is a binary "is an anomaly" label; its first
 * class (index 0 of the target encoding, the negative class: "no", "0", "false", or the first in
 * natural order) is normal, the second the anomaly. The autoencoder trains on the normal training
 * rows only (validation: the normal validation rows, for early stopping); every row is scored by its
 * reconstruction error; a row is flagged when its score is above a quantile (0.99 by default) of the
 * normal training rows' scores. Those scores are optimistic (the model saw those rows), so expect
 * somewhat more than 1% of unseen normal rows to be flagged at 0.99.
 *
 * Baseline: "distance to the normal mean": each row's mean squared z-score against the normal
 * training rows' per-feature mean and standard deviation, i.e. the reconstruction error of a model
 * that rebuilds every row as the average normal row (in standard deviations). It ranks rows by how
 * far they sit from the centre of the normal data; the autoencoder should beat it by also learning
 * how the features move together.
 */
import type { Matrix } from '../train/train';

/** Settings of an anomaly-detection run. */
export interface AnomalySettings {
  /** Rows scoring above this quantile of the normal training rows' scores are flagged (0.5 … 1). */
  readonly quantile: number;
}

/** The baseline scorer: per-feature mean and standard deviation of the normal training rows (std 0 → 1). */
export interface MeanScorer {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

/** What an anomaly run saves beside the model: enough to score and flag new rows the same way. */
export interface AnomalyDetector {
  readonly quantile: number;
  /** The autoencoder's threshold (null when no model was trained). */
  readonly threshold: number | null;
  readonly baseline: MeanScorer;
  readonly baselineThreshold: number;
  /** [normal, anomaly] class names. */
  readonly classes: readonly string[];
}

/** The rows of `m` whose label is 0 (normal), in order; their `y` is all 0. */
export function normalRows(m: Matrix): Matrix {
  let n = 0;
  for (let i = 0; i < m.n; i++) if (m.y[i] === 0) n++;
  const x = new Float32Array(n * m.nFeatures);
  for (let i = 0, at = 0; i < m.n; i++) {
    if (m.y[i] !== 0) continue;
    x.set(m.x.subarray(i * m.nFeatures, (i + 1) * m.nFeatures), at * m.nFeatures);
    at++;
  }
  return { x, y: new Float32Array(n), n, nFeatures: m.nFeatures, ...(m.rowShape ? { rowShape: m.rowShape } : {}) };
}

/** Offset and width of the features a row is scored on: the whole row, or a window's last step. */
function scoredSlice(m: Pick<Matrix, 'nFeatures' | 'rowShape'>): { offset: number; width: number } {
  const width = m.rowShape ? m.rowShape[m.rowShape.length - 1]! : m.nFeatures;
  return { offset: m.nFeatures - width, width };
}

/** Fits the baseline scorer on `m`'s rows (the normal training rows). Throws RangeError for no rows. */
export function fitMeanScorer(m: Matrix): MeanScorer {
  if (m.n === 0) throw new RangeError('The baseline scorer needs at least one normal training row.');
  const { offset, width } = scoredSlice(m);
  const mean = new Array<number>(width).fill(0);
  const sq = new Array<number>(width).fill(0);
  for (let i = 0; i < m.n; i++) for (let j = 0; j < width; j++) mean[j]! += m.x[i * m.nFeatures + offset + j]! / m.n;
  for (let i = 0; i < m.n; i++) for (let j = 0; j < width; j++) sq[j]! += (m.x[i * m.nFeatures + offset + j]! - mean[j]!) ** 2 / m.n;
  return { mean, std: sq.map((v) => (v > 0 && Number.isFinite(v) ? Math.sqrt(v) : 1)) };
}

/** Each row's mean squared z-score under `scorer` (higher = farther from the normal mean). Cost O(n·f). */
export function meanScores(scorer: MeanScorer, m: Pick<Matrix, 'x' | 'n' | 'nFeatures' | 'rowShape'>): Float32Array {
  const { offset, width } = scoredSlice(m);
  if (width !== scorer.mean.length) throw new RangeError(`The baseline scorer was fitted on ${scorer.mean.length} features, the rows have ${width}.`);
  const out = new Float32Array(m.n);
  for (let i = 0; i < m.n; i++) {
    let s = 0;
    for (let j = 0; j < width; j++) s += ((m.x[i * m.nFeatures + offset + j]! - scorer.mean[j]!) / scorer.std[j]!) ** 2;
    out[i] = s / width;
  }
  return out;
}
