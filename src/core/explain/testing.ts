/** Test helpers for the explainers: small models written as plain functions (no tfjs), so results can be checked exactly. */
import { createRng } from '../util/random';
import type { BatchModel } from './types';

/** f(x) = xᵀW + b (W: d × k row-major), computed in float64 and returned as float32 like a real model. */
export function linearModel(W: ArrayLike<number>, b: readonly number[]): BatchModel {
  const k = b.length;
  const d = W.length / k;
  return (x, n) => {
    const out = new Float32Array(n * k);
    for (let r = 0; r < n; r++) {
      for (let o = 0; o < k; o++) {
        let s = b[o]!;
        for (let i = 0; i < d; i++) s += x[r * d + i]! * W[i * k + o]!;
        out[r * k + o] = s;
      }
    }
    return out;
  };
}

/**
 * A d → h (tanh) → k network with weights in [−1.5, 1.5) drawn from `seed`. `tie` makes the first-layer
 * rows of inputs 0 and 1 equal (the model depends on x0 + x1 only); `ignore` zeroes one input's row.
 */
export function mlp(seed: number, d: number, h: number, k: number, opts: { tie?: boolean; ignore?: number } = {}): BatchModel {
  const rng = createRng(seed);
  const u = (): number => (rng() * 2 - 1) * 1.5;
  const W1 = Float64Array.from({ length: d * h }, u);
  const b1 = Float64Array.from({ length: h }, u);
  const W2 = Float64Array.from({ length: h * k }, u);
  const b2 = Float64Array.from({ length: k }, u);
  if (opts.tie && d >= 2) for (let j = 0; j < h; j++) W1[h + j] = W1[j]!;
  if (opts.ignore !== undefined) for (let j = 0; j < h; j++) W1[opts.ignore * h + j] = 0;
  const hidden = new Float64Array(h);
  return (x, n) => {
    const out = new Float32Array(n * k);
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < h; j++) {
        let s = b1[j]!;
        for (let i = 0; i < d; i++) s += x[r * d + i]! * W1[i * h + j]!;
        hidden[j] = Math.tanh(s);
      }
      for (let o = 0; o < k; o++) {
        let s = b2[o]!;
        for (let j = 0; j < h; j++) s += hidden[j]! * W2[j * k + o]!;
        out[r * k + o] = s;
      }
    }
    return out;
  };
}
