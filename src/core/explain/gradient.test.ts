import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { expectedGradients, gaussLegendre, integratedGradients } from './gradient';
import { createRng } from '../util/random';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Dense(3 → 1) with kernel w and bias, optionally through a sigmoid. */
function linearModel(w: readonly number[], bias: number, activation: 'linear' | 'sigmoid' = 'linear'): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 1, inputShape: [w.length], activation }));
  const weights = [tf.tensor2d([...w], [w.length, 1]), tf.tensor1d([bias])];
  model.setWeights(weights);
  tf.dispose(weights);
  return model;
}

/** 3 → 8 tanh → 2 linear, seeded glorot weights and non-zero biases, so the paths curve. */
function tanhMlp(): tf.LayersModel {
  const model = tf.sequential();
  const init = (seed: number, bias: number) => ({
    kernelInitializer: tf.initializers.glorotUniform({ seed }),
    biasInitializer: tf.initializers.constant({ value: bias }),
  });
  model.add(tf.layers.dense({ units: 8, inputShape: [3], activation: 'tanh', ...init(1, 0.3) }));
  model.add(tf.layers.dense({ units: 2, ...init(2, -0.2) }));
  return model;
}

function randomRows(rows: number, d: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: rows * d }, () => rng() * 4 - 2);
}

const w = [2, -1, 0.5];
const x = Float32Array.from([1, 2, 3, -0.5, 0.25, 4]); // two rows

describe('gaussLegendre', () => {
  it('has the textbook nodes and weights for 2 and 3 points, mapped to [0, 1]', () => {
    const two = gaussLegendre(2);
    expect(Array.from(two.nodes)).toEqual([expect.closeTo(0.5 - 0.5 / Math.sqrt(3), 15), expect.closeTo(0.5 + 0.5 / Math.sqrt(3), 15)]);
    expect(Array.from(two.weights)).toEqual([expect.closeTo(0.5, 15), expect.closeTo(0.5, 15)]);
    const three = gaussLegendre(3);
    const r = 0.5 * Math.sqrt(3 / 5);
    expect(Array.from(three.nodes)).toEqual([expect.closeTo(0.5 - r, 15), expect.closeTo(0.5, 15), expect.closeTo(0.5 + r, 15)]);
    expect(Array.from(three.weights)).toEqual([expect.closeTo(5 / 18, 15), expect.closeTo(8 / 18, 15), expect.closeTo(5 / 18, 15)]);
  });

  it('integrates α^(2n−1) exactly with n = 64 nodes', () => {
    const { nodes, weights } = gaussLegendre(64);
    let sum = 0;
    nodes.forEach((a, s) => (sum += weights[s]! * a ** 127));
    expect(sum).toBeCloseTo(1 / 128, 14);
    expect(weights.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 14);
  });
});

describe('integratedGradients', () => {
  it('gives w_i (x_i − b_i) for a linear model, adding up to f(x) − f(b)', async () => {
    const model = linearModel(w, 0.3);
    const baseline = Float32Array.from([0.5, -1, 2]);
    const before = tf.memory().numTensors;
    const r = await integratedGradients({ model, x, rows: 2, rowShape: [3], baseline, output: 0 });
    expect(tf.memory().numTensors).toBe(before);
    const expected = [2 * 0.5, -1 * 3, 0.5 * 1, 2 * -1, -1 * 1.25, 0.5 * 2];
    r.phi.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
    expect(r.fBaseline).toBeCloseTo(2 * 0.5 + 1 + 0.5 * 2 + 0.3, 5);
    expect(r.fx[0]).toBeCloseTo(2 - 2 + 1.5 + 0.3, 5);
    for (const g of r.gap) expect(g).toBeLessThan(1e-5);
    model.dispose();
  });

  it('adds up on a tanh MLP within 1e-3 with 64 steps, on each output unit', async () => {
    const model = tanhMlp();
    const rows = 5;
    const xs = randomRows(rows, 3, 9);
    const baseline = new Float32Array(3);
    const before = tf.memory().numTensors;
    for (const output of [0, 1]) {
      const r = await integratedGradients({ model, x: xs, rows, rowShape: [3], baseline, output });
      for (const g of r.gap) expect(g).toBeLessThan(1e-3);
      // Independently: a trapezoid sum of tf.grad along the path of row 0. Its error shrinks as h²: about
      // 3e-6 with 200 intervals on this model, so about 1e-7 with 1000.
      const intervals = 1000;
      const alphas = Array.from({ length: intervals + 1 }, (_, s) => s / intervals);
      const path = Float32Array.from(alphas.flatMap((a) => [0, 1, 2].map((t) => a * xs[t]!)));
      const unit = (p: tf.Tensor) => (model.predict(p) as tf.Tensor2D).slice([0, output], [-1, 1]).sum();
      const grads = tf.tidy(() => tf.grad(unit)(tf.tensor2d(path, [intervals + 1, 3])).arraySync() as number[][]);
      for (let t = 0; t < 3; t++) {
        let integral = 0;
        for (let s = 0; s <= intervals; s++) integral += ((s === 0 || s === intervals ? 0.5 : 1) * grads[s]![t]!) / intervals;
        expect(r.phi[t]).toBeCloseTo(xs[t]! * integral, 6);
      }
    }
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('in logit space, equals w_i (x_i − b_i) for a logistic model', async () => {
    const model = linearModel(w, 0.3, 'sigmoid');
    const baseline = Float32Array.from([0.5, -1, 2]);
    const r = await integratedGradients({ model, x, rows: 2, rowShape: [3], baseline, output: 0, space: 'logit' });
    const expected = [2 * 0.5, -1 * 3, 0.5 * 1, 2 * -1, -1 * 1.25, 0.5 * 2];
    r.phi.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
    // f(x) and f(b) go through a float32 sigmoid and back: p's relative rounding (6e-8) is amplified by
    // 1/(p(1 − p)), at most 1/0.035 on these paths (logits 1.05 to 3.3), so ~2e-6 each.
    for (const g of r.gap) expect(g).toBeLessThan(1e-5);
    model.dispose();
  });

  it('works on rows shaped [window, k]', async () => {
    const model = tf.sequential();
    model.add(tf.layers.flatten({ inputShape: [2, 2] }));
    model.add(tf.layers.dense({ units: 1 }));
    const weights = [tf.tensor2d([1, 2, 3, 4], [4, 1]), tf.tensor1d([0])];
    model.setWeights(weights);
    tf.dispose(weights);
    const ones = Float32Array.from([1, 1, 1, 1]);
    const r = await integratedGradients({ model, x: ones, rows: 1, rowShape: [2, 2], baseline: new Float32Array(4), output: 0, steps: 4 });
    r.phi.forEach((v, i) => expect(v).toBeCloseTo(i + 1, 5));
    model.dispose();
  });

  it('rejects shapes that do not fit the model', async () => {
    const model = linearModel(w, 0);
    const base = { model, x, rows: 2, rowShape: [3], baseline: new Float32Array(3), output: 0 };
    await expect(integratedGradients({ ...base, rowShape: [4], x: new Float32Array(8) })).rejects.toThrow(/shape/);
    await expect(integratedGradients({ ...base, output: 1 })).rejects.toThrow(/units/);
    await expect(integratedGradients({ ...base, baseline: new Float32Array(2) })).rejects.toThrow(/baseline/);
    model.dispose();
  });
});

describe('expectedGradients', () => {
  // Background of 3 rows with weights 1, 1, 2 → weighted mean (0.5·1 + … ) computed per column below.
  const bgX = Float32Array.from([0, 0, 0, 2, -2, 1, 1, 1, -1]);
  const bgWeights = Float64Array.from([1, 1, 2]);
  // E b = (0·1 + 2·1 + 1·2)/4, (0 − 2 + 2)/4, (0 + 1 − 2)/4 = 1, 0, −0.25.
  const meanB = [1, 0, -0.25];

  it('gives w_i (x_i − E b_i) for a linear model, with base = Σ w_b f(b)', async () => {
    const model = linearModel(w, 0.3);
    const before = tf.memory().numTensors;
    const r = await expectedGradients({ model, x, rows: 2, rowShape: [3], background: { x: bgX, n: 3, weights: bgWeights }, output: 0, seed: 1 });
    expect(tf.memory().numTensors).toBe(before);
    const xs = Array.from(x);
    r.phi.forEach((v, i) => expect(v).toBeCloseTo(w[i % 3]! * (xs[i]! - meanB[i % 3]!), 5));
    expect(r.base).toBeCloseTo(2 * 1 + -1 * 0 + 0.5 * -0.25 + 0.3, 5);
    for (const g of r.gap) expect(g).toBeLessThan(1e-5);
    model.dispose();
  });

  it('adds up on a tanh MLP within 1e-3 (deterministic quadrature), and reports progress per row', async () => {
    const model = tanhMlp();
    const rows = 4;
    const progress: string[] = [];
    const before = tf.memory().numTensors;
    const bg = randomRows(5, 3, 4);
    const xs = randomRows(rows, 3, 5);
    const r = await expectedGradients({
      model,
      x: xs,
      rows,
      rowShape: [3],
      background: { x: bg, n: 5, weights: Float64Array.from([1, 2, 3, 4, 5]) },
      output: 1,
      seed: 0,
      onProgress: (d, t) => progress.push(`${d}/${t}`),
    });
    expect(tf.memory().numTensors).toBe(before);
    for (const g of r.gap) expect(g).toBeLessThan(1e-3);
    expect(progress.at(-1)).toBe('4/4');
    // Quadrature EG is the weighted mean of the Integrated Gradients from each background row (weights /15).
    const perRef = await Promise.all(
      [0, 1, 2, 3, 4].map((b) => integratedGradients({ model, x: xs, rows, rowShape: [3], baseline: bg.slice(b * 3, b * 3 + 3), output: 1, steps: 16 })),
    );
    r.phi.forEach((v, i) => expect(v).toBeCloseTo(perRef.reduce((s, ig, b) => s + ((b + 1) / 15) * ig.phi[i]!, 0), 6));
    model.dispose();
  });

  it('sampling is seeded, exact with one background row, and unbiased with two', async () => {
    const model = linearModel(w, 0);
    const one = { x: Float32Array.from([1, 1, 1]), n: 1, weights: Float64Array.from([1]) };
    const exact = await expectedGradients({ model, x, rows: 2, rowShape: [3], background: one, output: 0, seed: 3, method: 'sampling', samples: 10 });
    const xs = Array.from(x);
    exact.phi.forEach((v, i) => expect(v).toBeCloseTo(w[i % 3]! * (xs[i]! - 1), 5));

    // Two equally weighted rows b1 = 0 and b2 = 2 per column (mean 1). With N draws the mean background is
    // 1 ± |b2 − b1|/2/√N = 1 ± 1/√N per column, so φ_i is w_i (x_i − 1) within 5·|w_i|/√N (5 sigma).
    const two = { x: Float32Array.from([0, 0, 0, 2, 2, 2]), n: 2, weights: Float64Array.from([1, 1]) };
    const N = 4000;
    const args = { model, x, rows: 2, rowShape: [3], background: two, output: 0, seed: 3, method: 'sampling' as const, samples: N };
    const r = await expectedGradients(args);
    r.phi.forEach((v, i) => expect(Math.abs(v - w[i % 3]! * (xs[i]! - 1))).toBeLessThan((5 * Math.abs(w[i % 3]!)) / Math.sqrt(N)));
    expect((await expectedGradients(args)).phi).toEqual(r.phi);
    expect((await expectedGradients({ ...args, seed: 4 })).phi).not.toEqual(r.phi);
    model.dispose();
  });

  it('stops with an AbortError, freeing its tensors', async () => {
    const model = tanhMlp();
    const before = tf.memory().numTensors;
    const run = expectedGradients({
      model,
      x: randomRows(3000, 3, 1),
      rows: 3000,
      rowShape: [3],
      background: { x: randomRows(2, 3, 2), n: 2, weights: Float64Array.from([1, 1]) },
      output: 0,
      seed: 0,
      shouldStop: () => true,
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError', message: 'Cancelled.' });
    expect(tf.memory().numTensors).toBe(before);
    await expect(
      expectedGradients({ model, x, rows: 2, rowShape: [3], background: { x: bgX, n: 3, weights: Float64Array.from([0, 0, 0]) }, output: 0, seed: 0 }),
    ).rejects.toThrow(/all 0/);
    model.dispose();
  });
});
