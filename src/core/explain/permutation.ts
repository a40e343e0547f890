/**
 * Permutation importance (Breiman 2001; sklearn.inspection.permutation_importance): how much a model's
 * held-out score drops when one feature's values are shuffled across rows, which breaks the feature's
 * link to the target while keeping its distribution. Model-agnostic: the caller says how to score the
 * model with one feature permuted (it owns the matrix, the model and the metric), this module only draws
 * the permutations, drives the loop and summarizes.
 *
 * Every (feature, repeat) pair has its own seeded stream, so a result depends on the seed, the feature's
 * index and the repeat only: not on evaluation order, and not on how many features or repeats there are.
 */
import type { Task } from '../pipeline/document';
import { classificationMetrics, regressionMetrics } from '../evaluate/metrics';
import { yieldToEventLoop } from '../util/yield';
import { createRng, deriveSeed, shuffleInPlace } from '../util/random';

export interface FeatureImportance {
  readonly name: string;
  /** Mean over repeats of baselineScore − permuted score; positive = the model relies on the feature. */
  readonly mean: number;
  /** Population standard deviation (ddof 0, as sklearn) of the drops. */
  readonly std: number;
  /** One drop per repeat, in repeat order. */
  readonly drops: readonly number[];
}

export interface PermutationImportanceResult {
  /** Sorted by mean drop, highest first; equal means keep the input order. */
  readonly features: readonly FeatureImportance[];
  readonly baselineScore: number;
  readonly metric: string;
  readonly repeats: number;
}

export interface PermutationImportanceArgs {
  /** One name per feature; feature i is scored through scoreWithPermutation(i, …). */
  readonly names: readonly string[];
  /** Permutations per feature (>= 1). */
  readonly repeats: number;
  readonly seed: number;
  /** Name of the score, reported as-is (e.g. 'accuracy', 'r2'). */
  readonly metric: string;
  /** Score of the model on the unpermuted rows; higher is better (negate losses). */
  readonly baselineScore: number;
  /** Rows in the evaluated split; each permutation has this length. */
  readonly n: number;
  /**
   * Score (higher is better) of the model on the split where row i takes feature `feature` from row
   * `permutation[i]`; the other features stay in place. Must not keep or modify `permutation`.
   */
  readonly scoreWithPermutation: (feature: number, permutation: Int32Array) => Promise<number> | number;
  /** After each scored permutation: done and total (= features × repeats). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Polled before each permutation; true rejects with an Error named 'AbortError'. */
  readonly shouldStop?: () => boolean;
}

/** How often (ms) the loop yields so that a worker can receive a Stop message between scores. */
const YIELD_EVERY_MS = 25;

function cancelled(): Error {
  return Object.assign(new Error('Cancelled.'), { name: 'AbortError' });
}

/**
 * Permutation importance of each feature: drop = baselineScore − score with the feature permuted, per
 * repeat; mean and std over repeats. A feature the model ignores has drops of exactly 0. Drops can be
 * negative when shuffling happens to help (noise: read importances within about 2 std of 0 as none).
 *
 * Permutation of (feature f, repeat r): Fisher–Yates of 0..n−1 with
 * createRng(deriveSeed(seed, `permutation:${f}:${r}`)).
 * Cost: features × repeats calls of scoreWithPermutation (each usually a prediction over n rows and a
 * metric) plus O(n) per call here. Throws RangeError on bad arguments or a non-finite score.
 */
export async function permutationImportance(args: PermutationImportanceArgs): Promise<PermutationImportanceResult> {
  const { names, repeats, seed, metric, baselineScore, n } = args;
  if (!Number.isInteger(repeats) || repeats < 1) throw new RangeError(`repeats must be a positive integer (got ${repeats}).`);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`Permutation importance needs at least one row (got ${n}).`);
  if (!Number.isFinite(baselineScore)) throw new RangeError(`The baseline score is not finite (${baselineScore}).`);

  const total = names.length * repeats;
  const permutation = new Int32Array(n);
  const features: FeatureImportance[] = [];
  let done = 0;
  let lastYield = Date.now();
  for (let f = 0; f < names.length; f++) {
    const drops: number[] = [];
    for (let r = 0; r < repeats; r++) {
      if (args.shouldStop?.()) throw cancelled();
      for (let i = 0; i < n; i++) permutation[i] = i;
      shuffleInPlace(permutation, createRng(deriveSeed(seed, `permutation:${f}:${r}`)));
      const score = await args.scoreWithPermutation(f, permutation);
      if (!Number.isFinite(score)) {
        throw new RangeError(`The score with feature "${names[f]}" permuted is not finite (${score}).`);
      }
      drops.push(baselineScore - score);
      args.onProgress?.(++done, total);
      if (Date.now() - lastYield > YIELD_EVERY_MS) {
        await yieldToEventLoop();
        lastYield = Date.now();
      }
    }
    const mean = drops.reduce((s, v) => s + v, 0) / repeats;
    const variance = drops.reduce((s, v) => s + (v - mean) ** 2, 0) / repeats;
    features.push({ name: names[f]!, mean, std: Math.sqrt(variance), drops });
  }
  // Array.prototype.sort is stable (ES2019), so equal means keep the input order.
  features.sort((a, b) => b.mean - a.mean);
  return { features, baselineScore, metric, repeats };
}

export interface ImportanceScore {
  readonly metric: 'accuracy' | 'r2';
  readonly score: number;
}

/**
 * The "higher is better" score permutation importance compares: accuracy for classification, R² for
 * regression, both from evaluate/metrics.ts. `out` is what train.predict returns: row-major n × k
 * probabilities (binary: k = 2) for classification, n values for regression; `y` holds class indices
 * or target values. `classes` names the k classes (ignored for regression).
 * Accuracy rather than log loss because it is what users read; it is coarse on small splits (a feature
 * can show 0 importance because no prediction flips), which the std makes visible.
 * Cost: O(n·k) plus classificationMetrics' ROC-AUC sorts, O(k · n log n); O(n) for regression.
 */
export function importanceScore(task: Task, y: Float32Array, out: Float32Array, classes: readonly string[]): ImportanceScore {
  if (task === 'regression') return { metric: 'r2', score: regressionMetrics(y, out).r2 };
  return { metric: 'accuracy', score: classificationMetrics(y, out, classes).accuracy };
}
