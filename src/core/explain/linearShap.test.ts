import { describe, expect, it } from 'vitest';
import { createRng } from '../util/random';
import { weightedMean } from './kmeans';
import { linearShap, linearShapPlayers } from './linearShap';
import { exactShapley } from './shapley';
import type { Background, BatchModel, Players } from './types';

/** Multiples of 1/8 in [−4, 4]: every model output below is exact in float32. */
function dyadic(rng: () => number, length: number): Float32Array {
  return Float32Array.from({ length }, () => Math.round((rng() * 8 - 4) * 8) / 8);
}

/** The logits xᵀW + b as a batch model (float32 out, like a real one). */
function logits(W: Float64Array, bias: Float64Array): BatchModel {
  const k = bias.length;
  const d = W.length / k;
  return (x, n) => {
    const out = new Float32Array(n * k);
    for (let r = 0; r < n; r++) {
      for (let o = 0; o < k; o++) {
        let s = bias[o]!;
        for (let i = 0; i < d; i++) s += x[r * d + i]! * W[i * k + o]!;
        out[r * k + o] = s;
      }
    }
    return out;
  };
}

function setup(d: number, k: number, seed: number) {
  const rng = createRng(seed);
  const W = Float64Array.from(dyadic(rng, d * k), (v) => v / 2);
  const bias = Float64Array.from(dyadic(rng, k));
  const x = dyadic(rng, d);
  const n = 4;
  const bg: Background = { x: dyadic(rng, n * d), n, d, weights: Float64Array.from([0.125, 0.375, 0.25, 0.25]) };
  return { W, bias, x, bg };
}

describe('linearShap', () => {
  it.each([1, 3])('is w_i·(x_i − E[x_i]) per position, base = E[f], fx = f(x) (k = %i)', (k) => {
    const d = 6;
    const { W, bias, x, bg } = setup(d, k, 20 + k);
    const mean = weightedMean(bg);
    const res = linearShap(W, x, mean, k, bias);
    // Written out by hand for a few entries, then in general.
    expect(res.phi[0]).toBe(W[0]! * (x[0]! - mean[0]!));
    expect(res.phi[(d - 1) * k + (k - 1)]).toBe(W[(d - 1) * k + k - 1]! * (x[d - 1]! - mean[d - 1]!));
    const f = logits(W, bias);
    const fx = f(x, 1) as Float32Array;
    const fb = f(bg.x, bg.n) as Float32Array;
    for (let o = 0; o < k; o++) {
      let base = 0;
      for (let r = 0; r < bg.n; r++) base += bg.weights[r]! * fb[r * k + o]!;
      expect(res.fx[o]).toBeCloseTo(fx[o]!, 12);
      expect(res.base[o]).toBeCloseTo(base, 12);
    }
    expect(res.localAccuracyGap).toBeLessThanOrEqual(1e-12);
  });

  it('matches exactShapley of the logit model, per position and with grouped players', async () => {
    const d = 7;
    const k = 2;
    const { W, bias, x, bg } = setup(d, k, 42);
    const mean = weightedMean(bg);
    const single: Players = Array.from({ length: d }, (_, i) => [i]);
    const grouped: Players = [[0, 4], [1, 2, 6], [5]]; // position 3 in no player: keeps x's value
    for (const players of [single, grouped]) {
      const exact = await exactShapley(logits(W, bias), x, bg, players);
      const lin = players === single ? linearShap(W, x, mean, k, bias) : linearShapPlayers(W, x, mean, k, bias, players);
      const scale = Math.max(1, ...Array.from(exact.phi, Math.abs));
      for (let j = 0; j < exact.phi.length; j++) expect(Math.abs(lin.phi[j]! - exact.phi[j]!), `phi[${j}]`).toBeLessThanOrEqual(1e-9 * scale);
      for (let o = 0; o < k; o++) {
        expect(Math.abs(lin.base[o]! - exact.base[o]!)).toBeLessThanOrEqual(1e-9 * scale);
        expect(Math.abs(lin.fx[o]! - exact.fx[o]!)).toBeLessThanOrEqual(1e-9 * scale);
      }
      expect(lin.localAccuracyGap).toBeLessThanOrEqual(1e-12 * scale);
    }
  });

  it('rejects mismatched shapes', () => {
    const { W, bias, x } = setup(4, 2, 1);
    expect(() => linearShap(W, x, new Float64Array(3), 2, bias)).toThrow(/bgMean has 3 values; x has 4/);
    expect(() => linearShap(W, x, new Float64Array(4), 3, bias)).toThrow(/expected 4 inputs × 3 outputs/);
    expect(() => linearShap(W, x, new Float64Array(4), 2, new Float64Array(1))).toThrow(/bias has 1 values/);
    expect(() => linearShapPlayers(W, x, new Float64Array(4), 2, bias, [[4]])).toThrow(/outside \[0, 4\)/);
  });
});
