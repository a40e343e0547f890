/**
 * Exact SHAP of a linear model (linear regression, or logistic/softmax regression explained in its
 * logit space): with independent interventional absences the Shapley value of position i is
 * w_i · (x_i − E[x_i]), so no model calls and no sampling are needed. Explaining the logit rather than
 * the probability is the price: the values add up to the logit, and a probability-space explanation of a
 * logistic model needs exact or KernelSHAP on the model's output instead.
 */
import { sumToPlayers } from './grouping';
import { localAccuracyGap } from './shapley';
import type { Attribution, Players } from './types';

function checkShapes(weights: Float64Array, x: Float32Array, bgMean: Float64Array, k: number, bias: Float64Array): number {
  const d = x.length;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer (got ${k}).`);
  if (weights.length !== d * k) throw new RangeError(`weights has ${weights.length} values; expected ${d} inputs × ${k} outputs.`);
  if (bgMean.length !== d) throw new RangeError(`bgMean has ${bgMean.length} values; x has ${d}.`);
  if (bias.length !== k) throw new RangeError(`bias has ${bias.length} values; expected ${k}.`);
  return d;
}

/**
 * Per-position SHAP of f(x) = xᵀW + bias (W: d × k row-major, the logits): phi[i, o] = W[i, o] · (x_i −
 * bgMean_i), base = bgMeanᵀW + bias, fx = xᵀW + bias, all in float64. Throws RangeError on shape
 * mismatch. Cost O(d · k).
 */
export function linearShap(weights: Float64Array, x: Float32Array, bgMean: Float64Array, k: number, bias: Float64Array): Attribution {
  const d = checkShapes(weights, x, bgMean, k, bias);
  const phi = new Float64Array(d * k);
  const base = Float64Array.from(bias);
  const fx = Float64Array.from(bias);
  for (let i = 0; i < d; i++) {
    for (let o = 0; o < k; o++) {
      const wio = weights[i * k + o]!;
      phi[i * k + o] = wio * (x[i]! - bgMean[i]!);
      base[o]! += wio * bgMean[i]!;
      fx[o]! += wio * x[i]!;
    }
  }
  return { phi, base, fx, localAccuracyGap: localAccuracyGap(phi, k, base, fx), k };
}

/**
 * linearShap summed into players (players × k), matching exactShapley's game: positions outside every
 * player keep x's value in the base as well, base = bias + Σ_{i in a player} W[i]·bgMean_i + Σ_{others}
 * W[i]·x_i. Throws RangeError on shape mismatch or a position outside [0, d). Cost O(d · k).
 */
export function linearShapPlayers(
  weights: Float64Array,
  x: Float32Array,
  bgMean: Float64Array,
  k: number,
  bias: Float64Array,
  players: Players,
): Attribution {
  const perPosition = linearShap(weights, x, bgMean, k, bias);
  const phi = sumToPlayers(perPosition.phi, k, players);
  const d = x.length;
  const inPlayer = new Uint8Array(d);
  for (const positions of players) for (const pos of positions) inPlayer[pos] = 1;
  const base = Float64Array.from(bias);
  for (let i = 0; i < d; i++) {
    const value = inPlayer[i] ? bgMean[i]! : x[i]!;
    for (let o = 0; o < k; o++) base[o]! += weights[i * k + o]! * value;
  }
  const fx = perPosition.fx;
  return { phi, base, fx, localAccuracyGap: localAccuracyGap(phi, k, base, fx), k };
}
