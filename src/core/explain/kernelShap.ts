/**
 * KernelSHAP (Lundberg & Lee 2017, "A Unified Approach to Interpreting Model Predictions"): Shapley
 * values estimated as the weighted least-squares fit of v(S) − v(∅) on the coalition indicators, with
 * the Shapley kernel as weights. The sampling and the solve follow the shap library's KernelExplainer
 * (0.4x), so results can be compared with it in spirit (not bit for bit: the RNG differs):
 *
 * - players whose positions equal x's in every background row cannot change v and get exactly 0; only
 *   the M others ("varying") enter the fit;
 * - coalition sizes are visited from the outside in (1 and M−1, then 2 and M−2, …); a size is enumerated
 *   completely, with its exact kernel weight, whenever the budget's kernel-proportional share covers all
 *   its subsets; the remaining sizes are sampled by their kernel weight, each mask together with its
 *   complement (paired sampling), duplicates adding weight instead of rows;
 * - the efficiency constraint Σφ = f(x) − v(∅) is enforced exactly by eliminating the last variable, so
 *   local accuracy holds to float precision whatever the number of samples.
 *
 * With a budget of 2^M − 2 coalitions every size is enumerated and the result is the exact Shapley value.
 * Not done (unlike shap): the optional L1 feature selection before the fit; every varying player keeps a
 * coefficient. Deterministic for a seed.
 */
import {
  type BatchOptions,
  coalitionValues,
  localAccuracyGap,
  prepareGame,
} from './shapley';
import type { Attribution, Background, BatchModel, ExplainControl, Players } from './types';
import { createRng, deriveSeed } from '../util/random';

export interface KernelShapOptions extends ExplainControl, BatchOptions {
  /** Coalitions to evaluate besides ∅ and the full one (default 2M + 2048); raised to 2M, capped at 2^M − 2. */
  readonly nSamples?: number;
  readonly seed: number;
}

export interface KernelAttribution extends Attribution {
  /** Coalitions evaluated besides ∅ and the full one (after the defaults and caps). */
  readonly nSamples: number;
  /** True when every coalition was enumerated: phi is then the exact Shapley value (up to rounding). */
  readonly exact: boolean;
  /** Players that can change the model's output (M); the others got exactly 0. */
  readonly varyingPlayers: number;
}

/** Coalition indicators (M bytes each) with their kernel weights, filled by `sampleCoalitions`. */
interface Coalitions {
  readonly masks: Uint8Array;
  readonly weights: Float64Array;
  readonly count: number;
  readonly exact: boolean;
}

/** C(n, r) as a float (exact up to 2^53). */
function binomial(n: number, r: number): number {
  let c = 1;
  for (let i = 0; i < r; i++) c = (c * (n - i)) / (i + 1);
  return Math.round(c);
}

/**
 * shap's coalition design for M >= 2 players and a budget of nS masks (2M <= nS <= 2^M − 2 when M <= 30).
 * Cost O(nS · M).
 */
function sampleCoalitions(M: number, nS: number, seed: number): Coalitions {
  const masks = new Uint8Array(nS * M);
  const weights = new Float64Array(nS);
  let count = 0;
  const nSizes = Math.ceil((M - 1) / 2);
  const nPaired = Math.floor((M - 1) / 2);
  // Total kernel weight of each size s = 1..nSizes (a paired size also stands for M − s), normalized.
  const weightVector = new Float64Array(nSizes);
  let total = 0;
  for (let s = 1; s <= nSizes; s++) {
    weightVector[s - 1] = ((M - 1) / (s * (M - s))) * (s <= nPaired ? 2 : 1);
    total += weightVector[s - 1]!;
  }
  for (let s = 0; s < nSizes; s++) weightVector[s]! /= total;

  // Sizes enumerated completely, from the outside in, while the budget's share covers them.
  const remaining = Float64Array.from(weightVector);
  let nFull = 0;
  let left = nS;
  const idx = new Int32Array(M);
  for (let s = 1; s <= nSizes; s++) {
    const paired = s <= nPaired;
    const nSubsets = binomial(M, s) * (paired ? 2 : 1);
    if (!((left * remaining[s - 1]!) / nSubsets >= 1 - 1e-8)) break;
    nFull++;
    left -= nSubsets;
    if (remaining[s - 1]! < 1) {
      const scale = 1 - remaining[s - 1]!;
      for (let j = 0; j < nSizes; j++) remaining[j]! /= scale;
    }
    const w = weightVector[s - 1]! / binomial(M, s) / (paired ? 2 : 1);
    for (let j = 0; j < s; j++) idx[j] = j;
    for (;;) {
      const row = count * M;
      for (let j = 0; j < s; j++) masks[row + idx[j]!] = 1;
      weights[count++] = w;
      if (paired) {
        const comp = count * M;
        for (let j = 0; j < M; j++) masks[comp + j] = 1 - masks[row + j]!;
        weights[count++] = w;
      }
      // Next combination in lexicographic order.
      let j = s - 1;
      while (j >= 0 && idx[j] === M - s + j) j--;
      if (j < 0) break;
      idx[j]!++;
      for (let t = j + 1; t < s; t++) idx[t] = idx[t - 1]! + 1;
    }
  }
  if (nFull === nSizes) return { masks, weights, count, exact: true };

  // The other sizes: drawn by kernel weight (halved for paired sizes, which add two masks per draw).
  const cumulative = new Float64Array(nSizes - nFull);
  let acc = 0;
  for (let s = nFull; s < nSizes; s++) {
    acc += weightVector[s]! / (s < nPaired ? 2 : 1);
    cumulative[s - nFull] = acc;
  }
  const rng = createRng(deriveSeed(seed, 'kernelShap'));
  const nFixed = count;
  let samplesLeft = nS - count;
  const maxDraws = 4 * samplesLeft;
  const seen = new Map<string, number>();
  const perm = Int32Array.from({ length: M }, (_, j) => j);
  for (let draw = 0; samplesLeft > 0 && draw < maxDraws; draw++) {
    const u = rng() * acc;
    let c = 0;
    while (c < cumulative.length - 1 && cumulative[c]! <= u) c++;
    const s = c + nFull + 1;
    // Uniform s-subset: partial Fisher-Yates (uniform whatever perm's current order).
    for (let j = 0; j < s; j++) {
      const r = j + Math.floor(rng() * (M - j));
      const t = perm[j]!;
      perm[j] = perm[r]!;
      perm[r] = t;
    }
    const row = count * M;
    masks.fill(0, row, row + M);
    for (let j = 0; j < s; j++) masks[row + perm[j]!] = 1;
    let key = '';
    for (let j = 0; j < M; j += 16) {
      let code = 0;
      for (let b = j; b < Math.min(M, j + 16); b++) code = (code << 1) | masks[row + b]!;
      key += String.fromCharCode(code);
    }
    const at = seen.get(key);
    const paired = s <= nPaired;
    if (at === undefined) {
      seen.set(key, count);
      weights[count++] = 1;
      samplesLeft--;
      if (paired && samplesLeft > 0) {
        const comp = count * M;
        for (let j = 0; j < M; j++) masks[comp + j] = 1 - masks[row + j]!;
        weights[count++] = 1;
        samplesLeft--;
      }
    } else {
      masks.fill(0, row, row + M);
      weights[at]! += 1;
      // A paired mask's complement directly follows it (the loop ends when the budget cut a pair short).
      if (paired) weights[at + 1]! += 1;
    }
  }
  // The drawn masks share the kernel weight the enumerated sizes left over.
  let weightLeft = 0;
  for (let s = nFull; s < nSizes; s++) weightLeft += weightVector[s]!;
  let drawn = 0;
  for (let j = nFixed; j < count; j++) drawn += weights[j]!;
  for (let j = nFixed; j < count; j++) weights[j]! *= weightLeft / drawn;
  return { masks, weights, count, exact: false };
}

/**
 * Solves A·X = B for symmetric positive (semi)definite A (n × n) and B (n × k), both row-major, by
 * Cholesky. A nearly singular A (too few distinct coalitions) gets a ridge of 1e-10 × its mean diagonal,
 * raised ×100 until the factorization succeeds. Cost O(n³ + n² · k).
 */
function solveSpd(A: Float64Array, B: Float64Array, n: number, k: number): Float64Array {
  let meanDiag = 0;
  for (let i = 0; i < n; i++) meanDiag += A[i * n + i]! / n;
  const L = new Float64Array(n * n);
  for (let ridge = 0; ; ridge = ridge === 0 ? 1e-10 * meanDiag : ridge * 100) {
    let ok = true;
    for (let i = 0; i < n && ok; i++) {
      for (let j = 0; j <= i; j++) {
        let sum = A[i * n + j]! + (i === j ? ridge : 0);
        for (let t = 0; t < j; t++) sum -= L[i * n + t]! * L[j * n + t]!;
        if (i === j) {
          if (!(sum > 1e-12 * meanDiag)) {
            ok = false;
            break;
          }
          L[i * n + i] = Math.sqrt(sum);
        } else L[i * n + j] = sum / L[j * n + j]!;
      }
    }
    if (ok) break;
    if (ridge > meanDiag) throw new RangeError('KernelSHAP could not solve its least-squares system (degenerate coalitions).');
  }
  const X = Float64Array.from(B);
  for (let o = 0; o < k; o++) {
    for (let i = 0; i < n; i++) {
      let sum = X[i * k + o]!;
      for (let t = 0; t < i; t++) sum -= L[i * n + t]! * X[t * k + o]!;
      X[i * k + o] = sum / L[i * n + i]!;
    }
    for (let i = n - 1; i >= 0; i--) {
      let sum = X[i * k + o]!;
      for (let t = i + 1; t < n; t++) sum -= L[t * n + i]! * X[t * k + o]!;
      X[i * k + o] = sum / L[i * n + i]!;
    }
  }
  return X;
}

/**
 * KernelSHAP values of `players` for the row `x` (length bg.d); see the module comment for the design.
 * Throws RangeError on bad shapes or options, an Error named AbortError when shouldStop returns true.
 * Cost: (nSamples + 2) · bg.n model rows (default, 20 players and 100 background rows: 2,090 coalitions,
 * 209,000 rows), plus O(nSamples · M² + M³ + M² · k) for the fit.
 */
export async function kernelShap(
  model: BatchModel,
  x: Float32Array,
  bg: Background,
  players: Players,
  opts: KernelShapOptions,
): Promise<KernelAttribution> {
  const game = prepareGame(x, bg, players);
  const { p, d, playerStart, playerPos, w } = game;
  if (opts.nSamples !== undefined && (!Number.isInteger(opts.nSamples) || opts.nSamples < 1)) {
    throw new RangeError(`nSamples must be a positive integer (got ${opts.nSamples}).`);
  }
  // Players that differ from x in some background row of positive weight.
  const varying: number[] = [];
  for (let i = 0; i < p; i++) {
    let differs = false;
    for (let b = 0; b < bg.n && !differs; b++) {
      if (w[b] === 0) continue;
      for (let j = playerStart[i]!; j < playerStart[i + 1]!; j++) {
        const pos = playerPos[j]!;
        if (!(bg.x[b * d + pos] === x[pos])) {
          differs = true;
          break;
        }
      }
    }
    if (differs) varying.push(i);
  }
  const M = varying.length;
  const requested = opts.nSamples ?? 2 * M + 2048;
  const nS = M < 2 ? 0 : Math.min(Math.max(requested, 2 * M), M <= 30 ? 2 ** M - 2 : Infinity);
  const design: Coalitions =
    M < 2 ? { masks: new Uint8Array(0), weights: new Float64Array(0), count: 0, exact: true } : sampleCoalitions(M, nS, opts.seed);

  // Rows: ∅, full, then the sampled coalitions; players that never vary stay present (it does not matter).
  const nMasks = 2 + design.count;
  const masks = new Uint8Array(nMasks * p).fill(1);
  for (const i of varying) masks[i] = 0;
  for (let s = 0; s < design.count; s++) {
    for (let j = 0; j < M; j++) masks[(2 + s) * p + varying[j]!] = design.masks[s * M + j]!;
  }
  const { v, k } = await coalitionValues(game, model, masks, nMasks, opts, opts);
  const base = v.slice(0, k);
  const fx = v.slice(k, 2 * k);
  const phi = new Float64Array(p * k);
  if (M === 1) {
    for (let o = 0; o < k; o++) phi[varying[0]! * k + o] = fx[o]! - base[o]!;
  } else if (M >= 2) {
    // Unknowns φ_0..φ_{M−2}; φ_{M−1} = (fx − base) − Σ others. Row: Z_j = z_j − z_{M−1}, ỹ = y − z_{M−1}(fx − base).
    const n = M - 1;
    const A = new Float64Array(n * n);
    const B = new Float64Array(n * k);
    const z = new Float64Array(n);
    const y = new Float64Array(k);
    for (let s = 0; s < design.count; s++) {
      const row = s * M;
      const last = design.masks[row + n]!;
      const ws = design.weights[s]!;
      for (let j = 0; j < n; j++) z[j] = design.masks[row + j]! - last;
      for (let o = 0; o < k; o++) y[o] = v[(2 + s) * k + o]! - base[o]! - last * (fx[o]! - base[o]!);
      for (let i = 0; i < n; i++) {
        const zi = z[i]!;
        if (zi === 0) continue;
        const wz = ws * zi;
        for (let j = 0; j <= i; j++) A[i * n + j]! += wz * z[j]!;
        for (let o = 0; o < k; o++) B[i * k + o]! += wz * y[o]!;
      }
    }
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) A[j * n + i] = A[i * n + j]!;
    const X = solveSpd(A, B, n, k);
    for (let o = 0; o < k; o++) {
      let sum = 0;
      for (let j = 0; j < n; j++) {
        phi[varying[j]! * k + o] = X[j * k + o]!;
        sum += X[j * k + o]!;
      }
      phi[varying[n]! * k + o] = fx[o]! - base[o]! - sum;
    }
  }
  return {
    phi,
    base,
    fx,
    localAccuracyGap: localAccuracyGap(phi, k, base, fx),
    k,
    nSamples: design.count,
    exact: design.exact,
    varyingPlayers: M,
  };
}
