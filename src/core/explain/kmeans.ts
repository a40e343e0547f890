/**
 * Background sets for the Shapley explainers. Every coalition costs one model row per background row,
 * so the background is kept small: a uniform sample of rows, or a weighted k-means summary (as shap's
 * `kmeans`), whose centers stand for their clusters with weight = the cluster's share of the rows.
 * Centers are means: for one-hot columns they are mixtures (0.3/0.7), values no real row has; use
 * `sampleBackground` when the model must only see real rows.
 *
 * k-means is written here (k-means++ seeding, Lloyd iterations) because it is 60 lines, must be seeded
 * from the project's seed and must run in the worker on Float32Arrays; no kept JS package offers that.
 */
import type { Background } from './types';
import { createRng, deriveSeed } from '../util/random';

/** Lloyd iterations stop here at the latest (or earlier, when no row changes cluster). */
export const KMEANS_MAX_ITERATIONS = 50;

function checkMatrix(x: Float32Array, n: number, d: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`The background needs at least one row (n = ${n}).`);
  if (!Number.isInteger(d) || d < 1) throw new RangeError(`The background needs at least one column (d = ${d}).`);
  if (x.length !== n * d) throw new RangeError(`x has ${x.length} values; expected ${n} rows × ${d} = ${n * d}.`);
}

/** All n rows, weights 1/n (x is not copied). Cost O(n). */
export function uniformBackground(x: Float32Array, n: number, d: number): Background {
  checkMatrix(x, n, d);
  return { x, n, d, weights: new Float64Array(n).fill(1 / n) };
}

/**
 * m rows drawn uniformly without replacement (kept in their original order), weights 1/m; all rows when
 * m >= n. Deterministic for a seed. Cost O(n + m · d).
 */
export function sampleBackground(x: Float32Array, n: number, d: number, m: number, seed: number): Background {
  checkMatrix(x, n, d);
  if (!Number.isInteger(m) || m < 1) throw new RangeError(`The background size must be a positive integer (got ${m}).`);
  if (m >= n) return { x: x.slice(), n, d, weights: new Float64Array(n).fill(1 / n) };
  const rng = createRng(deriveSeed(seed, 'sampleBackground'));
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(rng() * (n - i));
    const t = idx[i]!;
    idx[i] = idx[j]!;
    idx[j] = t;
  }
  const chosen = idx.subarray(0, m).sort();
  const out = new Float32Array(m * d);
  for (let r = 0; r < m; r++) out.set(x.subarray(chosen[r]! * d, chosen[r]! * d + d), r * d);
  return { x: out, n: m, d, weights: new Float64Array(m).fill(1 / m) };
}

/**
 * A k-point weighted summary of n rows: k-means++ seeding (weighted by `weights`, default uniform), then
 * Lloyd iterations (at most KMEANS_MAX_ITERATIONS) in float64; the background's rows are the centers and
 * its weights each cluster's share of the row weight. Clusters left empty are dropped, so the result can
 * have fewer than k rows (always when there are fewer than k distinct rows). When k >= n the rows
 * themselves are returned with their (normalized) weights. Deterministic for a seed.
 * Throws RangeError on shape mismatch, k < 1, or weights that are negative, non-finite or all zero.
 * Cost O(n · k · d · iterations): subsample very large tables first (10,000 rows × k 100 × d 20 × 50
 * iterations is 10^9 operations).
 */
export function kmeansBackground(
  x: Float32Array,
  n: number,
  d: number,
  k: number,
  seed: number,
  weights?: Float64Array,
): Background {
  checkMatrix(x, n, d);
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer (got ${k}).`);
  if (weights && weights.length !== n) throw new RangeError(`${weights.length} weights for ${n} rows.`);
  const rowWeight = new Float64Array(n);
  let totalWeight = 0;
  for (let r = 0; r < n; r++) {
    const wr = weights ? weights[r] : 1;
    if (wr === undefined || !Number.isFinite(wr) || wr < 0) throw new RangeError(`Row weight ${r} is ${wr}; weights must be finite and >= 0.`);
    rowWeight[r] = wr;
    totalWeight += wr;
  }
  if (!(totalWeight > 0)) throw new RangeError('The row weights are all zero.');
  if (k >= n) return { x: x.slice(), n, d, weights: rowWeight.map((wr) => wr / totalWeight) };

  const dist2 = (r: number, centers: Float64Array, c: number): number => {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const diff = x[r * d + j]! - centers[c * d + j]!;
      s += diff * diff;
    }
    return s;
  };
  // k-means++: each next center drawn with probability ∝ weight · squared distance to the nearest one.
  const rng = createRng(deriveSeed(seed, 'kmeans'));
  const centers = new Float64Array(k * d);
  const nearest = new Float64Array(n).fill(Infinity);
  const draw = (scores: Float64Array, total: number): number => {
    const u = rng() * total;
    let acc = 0;
    for (let r = 0; r < n; r++) {
      acc += scores[r]!;
      if (acc > u && scores[r]! > 0) return r;
    }
    for (let r = n - 1; r >= 0; r--) if (scores[r]! > 0) return r;
    return 0;
  };
  let nCenters = 0;
  const scores = Float64Array.from(rowWeight);
  let scoreTotal = totalWeight;
  while (nCenters < k && scoreTotal > 0) {
    const r = draw(scores, scoreTotal);
    for (let j = 0; j < d; j++) centers[nCenters * d + j] = x[r * d + j]!;
    nCenters++;
    scoreTotal = 0;
    for (let q = 0; q < n; q++) {
      nearest[q] = Math.min(nearest[q]!, dist2(q, centers, nCenters - 1));
      scores[q] = rowWeight[q]! * nearest[q]!;
      scoreTotal += scores[q]!;
    }
  }

  // Lloyd iterations.
  const assign = new Int32Array(n).fill(-1);
  const sums = new Float64Array(nCenters * d);
  const mass = new Float64Array(nCenters);
  for (let iter = 0; iter < KMEANS_MAX_ITERATIONS; iter++) {
    let changed = false;
    for (let r = 0; r < n; r++) {
      let best = 0;
      let bestD = Infinity;
      for (let c = 0; c < nCenters; c++) {
        const dc = dist2(r, centers, c);
        if (dc < bestD) {
          bestD = dc;
          best = c;
        }
      }
      if (assign[r] !== best) {
        assign[r] = best;
        changed = true;
      }
    }
    if (!changed) break;
    sums.fill(0);
    mass.fill(0);
    for (let r = 0; r < n; r++) {
      const c = assign[r]!;
      const wr = rowWeight[r]!;
      mass[c]! += wr;
      for (let j = 0; j < d; j++) sums[c * d + j]! += wr * x[r * d + j]!;
    }
    // A center that lost all its (weighted) rows stays where it was; it is dropped below if still empty.
    for (let c = 0; c < nCenters; c++) {
      if (mass[c]! > 0) for (let j = 0; j < d; j++) centers[c * d + j] = sums[c * d + j]! / mass[c]!;
    }
  }
  mass.fill(0);
  for (let r = 0; r < n; r++) mass[assign[r]!]! += rowWeight[r]!;
  const kept: number[] = [];
  for (let c = 0; c < nCenters; c++) if (mass[c]! > 0) kept.push(c);
  const out = new Float32Array(kept.length * d);
  const outWeights = new Float64Array(kept.length);
  kept.forEach((c, i) => {
    for (let j = 0; j < d; j++) out[i * d + j] = centers[c * d + j]!;
    outWeights[i] = mass[c]! / totalWeight;
  });
  return { x: out, n: kept.length, d, weights: outWeights };
}

/** E_background[x] per column (weights as given, assumed to sum to 1), in float64. Cost O(n · d). */
export function weightedMean(bg: Background): Float64Array {
  const mean = new Float64Array(bg.d);
  for (let b = 0; b < bg.n; b++) {
    const wb = bg.weights[b]!;
    for (let j = 0; j < bg.d; j++) mean[j]! += wb * bg.x[b * bg.d + j]!;
  }
  return mean;
}
