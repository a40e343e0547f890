/**
 * Gradient-based attributions for the neural models: Integrated Gradients (Sundararajan et al. 2017)
 * and Expected Gradients (Erion et al. 2021), on whichever tfjs backend is active.
 *
 * Both integrate the gradient along straight paths from a reference row b to the explained row x:
 *   φ_i = (x_i − b_i) · ∫₀¹ ∂f/∂x_i (b + α(x − b)) dα,
 * so that Σ φ_i = f(x) − f(b) (completeness). Integrated Gradients uses one baseline row; Expected
 * Gradients averages over a weighted background, so Σ φ_i = f(x) − E_bg f.
 *
 * The integral over α is computed by Gauss–Legendre quadrature (exact for polynomials of degree
 * 2·steps − 1, so far more accurate per gradient than a Riemann or trapezoid sum on smooth networks;
 * with ReLU kinks both converge at a similar rate). Expected Gradients defaults to this deterministic
 * "expected IG" (every background row, every node); Erion et al.'s Monte Carlo estimator (one random
 * background row and α per sample) is offered as method 'sampling', whose completeness holds only in
 * expectation. Either way every result carries `gap` = |Σ φ + base − f(x)| per row, the honest measure of
 * how far the numbers are from adding up.
 *
 * Gradients come from tf.grad over model.apply (inference mode) in batches of path points; every tensor
 * is made inside tf.tidy or disposed, so tf.memory().numTensors is unchanged by a call (tested).
 */
import * as tf from '@tensorflow/tfjs';
import { yieldToEventLoop } from '../util/yield';
import { createRng, deriveSeed } from '../util/random';

/** Which scalar of the model is explained: its output as is, or the log-odds of that output. */
export type GradientSpace = 'probability' | 'logit';

interface Control {
  /** After each batch that completes rows: rows done and rows in all. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Polled before each batch; true rejects with an Error named 'AbortError'. */
  readonly shouldStop?: () => boolean;
}

interface ModelArgs extends Control {
  readonly model: tf.LayersModel;
  /** Rows to explain, row-major rows × d, d = product of rowShape. */
  readonly x: Float32Array;
  readonly rows: number;
  /** One row's input shape without the batch axis, e.g. [d] or [window, k]. */
  readonly rowShape: readonly number[];
  /** Which unit of the model's (single, [batch, units]) output: 0 for a 1-unit sigmoid or regression model. */
  readonly output: number;
  /**
   * 'probability' (default): the output as it is (a probability, or a regression value).
   * 'logit': log(p / (1 − p)) of that output, for sigmoid or softmax heads, where attributions add up
   * on the scale the model is linear in. p is clipped to [1e-7, 1 − 1e-7] first, so a saturated output
   * has zero gradient there (which shows up in `gap`).
   */
  readonly space?: GradientSpace;
}

export interface ExpectedGradientsArgs extends ModelArgs {
  /** Reference rows (n × d, row-major) and their weights (≥ 0, not all 0; normalized here). */
  readonly background: { readonly x: Float32Array; readonly n: number; readonly weights: Float64Array };
  /** 'quadrature' (default): deterministic, every background row × `steps` nodes. 'sampling': Monte Carlo. */
  readonly method?: 'quadrature' | 'sampling';
  /** Quadrature nodes per background row (default 16). */
  readonly steps?: number;
  /** Sampling: (background row, α) draws per explained row (default 200). */
  readonly samples?: number;
  /** Seeds the sampling method (one stream per explained row); unused by quadrature. */
  readonly seed: number;
}

export interface ExpectedGradientsResult {
  /** rows × d attributions, row-major like x. */
  readonly phi: Float64Array;
  /** Σ_b w_b f(b): the weighted background's mean output (in the chosen space). */
  readonly base: number;
  /** f(x) per row. */
  readonly fx: Float64Array;
  /** |Σ_i φ_i + base − f(x)| per row: quadrature (or sampling) error plus float32 rounding. */
  readonly gap: Float64Array;
}

export interface IntegratedGradientsArgs extends ModelArgs {
  /** The baseline row (d values). */
  readonly baseline: Float32Array;
  /** Gauss–Legendre nodes on the path (default 64). */
  readonly steps?: number;
}

export interface IntegratedGradientsResult {
  readonly phi: Float64Array;
  readonly fx: Float64Array;
  readonly fBaseline: number;
  /** |Σ_i φ_i + f(baseline) − f(x)| per row. */
  readonly gap: Float64Array;
}

export const EG_DEFAULT_STEPS = 16;
export const EG_DEFAULT_SAMPLES = 200;
export const IG_DEFAULT_STEPS = 64;

/** Path points per gradient call: bounded by values (memory) and by count (progress, stop latency). */
const BATCH_VALUES = 1 << 18;
const MAX_BATCH_POINTS = 2048;
const LOGIT_EPS = 1e-7;
const YIELD_EVERY_MS = 25;

function cancelled(): Error {
  return Object.assign(new Error('Cancelled.'), { name: 'AbortError' });
}

/**
 * Gauss–Legendre nodes (ascending) and weights on [0, 1] for ∫₀¹ g(α) dα ≈ Σ w_s g(α_s); the weights
 * sum to 1. Newton's method on the Legendre polynomial from the usual cosine guesses, to full float64
 * precision. Written by hand: a few lines, and tfjs has no quadrature. Cost O(n²).
 */
export function gaussLegendre(n: number): { readonly nodes: Float64Array; readonly weights: Float64Array } {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`Gauss–Legendre needs at least 1 node (got ${n}).`);
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let iter = 0; iter < 100; iter++) {
      // P_n(z) by the three-term recurrence, then P_n' from P_n and P_{n−1}.
      let p0 = 1;
      let p1 = 0;
      for (let j = 1; j <= n; j++) {
        const p2 = p1;
        p1 = p0;
        p0 = ((2 * j - 1) * z * p1 - (j - 1) * p2) / j;
      }
      dp = (n * (z * p0 - p1)) / (z * z - 1);
      const step = p0 / dp;
      z -= step;
      if (Math.abs(step) < 1e-16) break;
    }
    // z is the i-th largest root on [−1, 1]; map ±z to [0, 1] (weights halve with the interval).
    const w = 1 / ((1 - z * z) * dp * dp);
    nodes[i] = (1 - z) / 2;
    nodes[n - 1 - i] = (1 + z) / 2;
    weights[i] = w;
    weights[n - 1 - i] = w;
  }
  return { nodes, weights };
}

interface Checked {
  readonly d: number;
  readonly f: (x: tf.Tensor) => tf.Tensor1D;
}

function checkModel(a: ModelArgs): Checked {
  const d = a.rowShape.reduce((p, v) => p * v, 1);
  if (!a.rowShape.every((v) => Number.isInteger(v) && v >= 1)) throw new RangeError(`rowShape [${a.rowShape.join(', ')}] is not a shape.`);
  if (!Number.isInteger(a.rows) || a.rows < 1) throw new RangeError(`Nothing to explain (rows = ${a.rows}).`);
  if (a.x.length !== a.rows * d) throw new RangeError(`x has ${a.x.length} values; expected ${a.rows} rows × ${d}.`);
  if (a.model.inputs.length !== 1 || a.model.outputs.length !== 1) {
    throw new RangeError('Gradient attributions need a model with one input and one output.');
  }
  const inShape = a.model.inputs[0]!.shape.slice(1);
  if (inShape.length !== a.rowShape.length || inShape.some((v, i) => v !== null && v !== a.rowShape[i])) {
    throw new RangeError(`The model takes rows of shape [${inShape.join(', ')}], not [${a.rowShape.join(', ')}].`);
  }
  const outShape = a.model.outputs[0]!.shape;
  const units = outShape[1];
  if (outShape.length !== 2 || typeof units !== 'number') {
    throw new RangeError(`The model's output shape [${outShape.join(', ')}] is not [batch, units].`);
  }
  if (!Number.isInteger(a.output) || a.output < 0 || a.output >= units) {
    throw new RangeError(`output ${a.output} is not one of the model's ${units} units.`);
  }
  const logit = a.space === 'logit';
  const f = (x: tf.Tensor): tf.Tensor1D => {
    const out = a.model.apply(x, { training: false }) as tf.Tensor2D;
    const column = out.slice([0, a.output], [-1, 1]).reshape([-1]) as tf.Tensor1D;
    if (!logit) return column;
    const p = column.clipByValue(LOGIT_EPS, 1 - LOGIT_EPS);
    return p.log().sub(p.neg().log1p());
  };
  return { d, f };
}

/** f at each of `n` rows of `values` (row-major), batched. */
async function evaluate(c: Checked, rowShape: readonly number[], values: Float32Array, n: number): Promise<Float64Array> {
  const out = new Float64Array(n);
  const batch = Math.max(1, Math.min(MAX_BATCH_POINTS, Math.floor(BATCH_VALUES / c.d)));
  for (let start = 0; start < n; start += batch) {
    const m = Math.min(batch, n - start);
    const t = tf.tidy(() => c.f(tf.tensor(values.subarray(start * c.d, (start + m) * c.d), [m, ...rowShape])));
    try {
      out.set(await t.data(), start);
    } finally {
      t.dispose();
    }
  }
  return out;
}

/** The path points of one explained row: reference row index, α and the weight of each. */
interface RowPaths {
  readonly ref: Int32Array;
  readonly alpha: Float64Array;
  readonly coef: Float64Array;
}

/**
 * φ = Σ_j coef_j · (x − ref_j) ⊙ ∇f(ref_j + α_j (x − ref_j)) per row, over the points pathsOf(row)
 * gives (each row the same count, perRow). Points of consecutive rows share gradient batches.
 */
async function accumulate(
  a: ModelArgs,
  c: Checked,
  refs: Float32Array,
  perRow: number,
  pathsOf: (row: number) => RowPaths,
): Promise<Float64Array> {
  const { x, rows, rowShape } = a;
  const d = c.d;
  const phi = new Float64Array(rows * d);
  const batch = Math.max(1, Math.min(MAX_BATCH_POINTS, Math.floor(BATCH_VALUES / d)));
  const points = new Float32Array(batch * d);
  const pointRow = new Int32Array(batch);
  const pointRef = new Int32Array(batch);
  const pointCoef = new Float64Array(batch);
  const gradOf = tf.grad((input: tf.Tensor) => c.f(input).sum());
  const total = rows * perRow;
  let paths: RowPaths | null = null;
  let pathsRow = -1;
  let lastYield = Date.now();
  let rowsReported = 0;
  for (let start = 0; start < total; start += batch) {
    if (a.shouldStop?.()) throw cancelled();
    const m = Math.min(batch, total - start);
    for (let p = 0; p < m; p++) {
      const row = Math.floor((start + p) / perRow);
      if (row !== pathsRow) {
        paths = pathsOf(row);
        pathsRow = row;
      }
      const j = (start + p) % perRow;
      const ref = paths!.ref[j]!;
      const alpha = paths!.alpha[j]!;
      for (let t = 0; t < d; t++) {
        const b = refs[ref * d + t]!;
        points[p * d + t] = b + alpha * (x[row * d + t]! - b);
      }
      pointRow[p] = row;
      pointRef[p] = ref;
      pointCoef[p] = paths!.coef[j]!;
    }
    const g = tf.tidy(() => gradOf(tf.tensor(points.subarray(0, m * d), [m, ...rowShape])));
    let grads: Float32Array;
    try {
      grads = (await g.data()) as Float32Array;
    } finally {
      g.dispose();
    }
    for (let p = 0; p < m; p++) {
      const row = pointRow[p]!;
      const ref = pointRef[p]!;
      const coef = pointCoef[p]!;
      for (let t = 0; t < d; t++) {
        phi[row * d + t]! += coef * (x[row * d + t]! - refs[ref * d + t]!) * grads[p * d + t]!;
      }
    }
    const rowsDone = Math.floor((start + m) / perRow);
    if (rowsDone > rowsReported) {
      rowsReported = rowsDone;
      a.onProgress?.(rowsDone, rows);
    }
    if (Date.now() - lastYield > YIELD_EVERY_MS) {
      await yieldToEventLoop();
      lastYield = Date.now();
    }
  }
  return phi;
}

function gaps(phi: Float64Array, d: number, base: number, fx: Float64Array): Float64Array {
  return Float64Array.from(fx, (f, r) => {
    let s = 0;
    for (let t = 0; t < d; t++) s += phi[r * d + t]!;
    return Math.abs(s + base - f);
  });
}

/**
 * Expected Gradients of output `output` for each row of x against the weighted background.
 * - quadrature (default): φ = Σ_b w_b · IG(x; b) with `steps` Gauss–Legendre nodes per path, so
 *   Σ φ = f(x) − Σ_b w_b f(b) up to quadrature error (tiny for smooth activations). Deterministic.
 * - sampling: Erion et al.'s estimator, `samples` draws per row of a background row (by weight) and an α
 *   stratified over [0, 1]; unbiased, completeness only in expectation (error ~ 1/√samples).
 * Cost: rows × (n · steps | samples) gradient evaluations (a forward and a backward pass of one row),
 * batched up to 2048 points, plus forward passes over x and the background.
 * Throws RangeError on shapes that do not fit the model or a background without positive weight.
 */
export async function expectedGradients(args: ExpectedGradientsArgs): Promise<ExpectedGradientsResult> {
  const c = checkModel(args);
  const { background, rows } = args;
  const n = background.n;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`The background needs at least one row (got ${n}).`);
  if (background.x.length !== n * c.d) throw new RangeError(`The background has ${background.x.length} values; expected ${n} rows × ${c.d}.`);
  if (background.weights.length !== n) throw new RangeError(`The background has ${background.weights.length} weights for ${n} rows.`);
  let weightSum = 0;
  for (const w of background.weights) {
    if (!(Number.isFinite(w) && w >= 0)) throw new RangeError(`Background weights must be finite and ≥ 0 (got ${w}).`);
    weightSum += w;
  }
  if (weightSum <= 0) throw new RangeError('The background weights are all 0.');
  const weights = Float64Array.from(background.weights, (w) => w / weightSum);

  const fBackground = await evaluate(c, args.rowShape, background.x, n);
  let base = 0;
  for (let b = 0; b < n; b++) base += weights[b]! * fBackground[b]!;
  const fx = await evaluate(c, args.rowShape, args.x, rows);

  let phi: Float64Array;
  if ((args.method ?? 'quadrature') === 'quadrature') {
    const steps = args.steps ?? EG_DEFAULT_STEPS;
    const { nodes, weights: nodeWeights } = gaussLegendre(steps);
    const perRow = n * steps;
    const paths: RowPaths = {
      ref: Int32Array.from({ length: perRow }, (_, j) => Math.floor(j / steps)),
      alpha: Float64Array.from({ length: perRow }, (_, j) => nodes[j % steps]!),
      coef: Float64Array.from({ length: perRow }, (_, j) => weights[Math.floor(j / steps)]! * nodeWeights[j % steps]!),
    };
    phi = await accumulate(args, c, background.x, perRow, () => paths);
  } else {
    const samples = args.samples ?? EG_DEFAULT_SAMPLES;
    if (!Number.isInteger(samples) || samples < 1) throw new RangeError(`samples must be a positive integer (got ${samples}).`);
    const cumulative = new Float64Array(n);
    for (let b = 0, s = 0; b < n; b++) cumulative[b] = s += weights[b]!;
    const coef = new Float64Array(samples).fill(1 / samples);
    phi = await accumulate(args, c, background.x, samples, (row) => {
      const rng = createRng(deriveSeed(args.seed, `expected-gradients:${row}`));
      const ref = new Int32Array(samples);
      const alpha = new Float64Array(samples);
      for (let s = 0; s < samples; s++) {
        const u = rng();
        let lo = 0;
        let hi = n - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (cumulative[mid]! > u) hi = mid;
          else lo = mid + 1;
        }
        ref[s] = lo;
        alpha[s] = (s + rng()) / samples;
      }
      return { ref, alpha, coef };
    });
  }
  return { phi, base, fx, gap: gaps(phi, c.d, base, fx) };
}

/**
 * Integrated Gradients of output `output` for each row of x from `baseline`, with `steps`
 * Gauss–Legendre nodes (default 64): Σ φ = f(x) − f(baseline) up to quadrature error, reported in `gap`.
 * Cost: rows × steps gradient evaluations, batched, plus forward passes over x and the baseline.
 * Throws RangeError on shapes that do not fit the model.
 */
export async function integratedGradients(args: IntegratedGradientsArgs): Promise<IntegratedGradientsResult> {
  const c = checkModel(args);
  if (args.baseline.length !== c.d) throw new RangeError(`The baseline has ${args.baseline.length} values; expected ${c.d}.`);
  const steps = args.steps ?? IG_DEFAULT_STEPS;
  const { nodes, weights } = gaussLegendre(steps);
  const fBaseline = (await evaluate(c, args.rowShape, args.baseline, 1))[0]!;
  const fx = await evaluate(c, args.rowShape, args.x, args.rows);
  const paths: RowPaths = { ref: new Int32Array(steps), alpha: nodes, coef: weights };
  const phi = await accumulate(args, c, args.baseline, steps, () => paths);
  return { phi, fx, fBaseline, gap: gaps(phi, c.d, fBaseline, fx) };
}
