/**
 * The baseline every model is compared with: it ignores the features.
 * - classification: predicts the training class frequencies as probabilities for every row, so its
 *   predicted class (argmax; ties → the lower class index) is the majority class and its accuracy is the
 *   majority share; its log loss is the entropy of the training class mix.
 * - regression: predicts the training mean for every row.
 * Plain JSON, saved beside the model.
 */
import type { Task } from '../pipeline/document';

export type Baseline =
  | { readonly kind: 'prior'; readonly task: 'binary' | 'multiclass'; readonly priors: readonly number[] }
  | { readonly kind: 'mean'; readonly task: 'regression'; readonly mean: number };

/**
 * Fits on encoded training targets (class indices or values, as `encodeTarget` gives them). Entries
 * outside 0..nClasses-1 (or non-finite for regression) are ignored; throws when none is left.
 */
export function fitBaseline(task: Task, yTrain: Float32Array, nClasses: number): Baseline {
  if (task === 'regression') {
    let sum = 0;
    let n = 0;
    for (const v of yTrain) {
      if (Number.isFinite(v)) {
        sum += v;
        n++;
      }
    }
    if (n === 0) throw new Error('The baseline needs at least one training row with a target.');
    return { kind: 'mean', task, mean: sum / n };
  }
  const k = task === 'binary' ? 2 : nClasses;
  const counts = new Float64Array(k);
  let n = 0;
  for (const v of yTrain) {
    if (Number.isInteger(v) && v >= 0 && v < k) {
      counts[v]!++;
      n++;
    }
  }
  if (n === 0) throw new Error('The baseline needs at least one training row with a known class.');
  return { kind: 'prior', task, priors: Array.from(counts, (c) => c / n) };
}

/**
 * Predictions for `n` rows in the format of `predict` (train.ts): classification → row-major n × k
 * probabilities; regression → n values.
 */
export function predictBaseline(b: Baseline, n: number): Float32Array {
  if (b.kind === 'mean') return new Float32Array(n).fill(b.mean);
  const k = b.priors.length;
  const out = new Float32Array(n * k);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) out[i * k + j] = b.priors[j]!;
  return out;
}
