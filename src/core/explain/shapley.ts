/**
 * Exact interventional Shapley values, the coalition evaluator KernelSHAP shares, and the choice of
 * method. The game is v(S) = Σ_b w_b f(x_S, b_¬S): players in S take x's values, the others take
 * background row b's, positions outside every player always take x's. Enumerating all 2^p coalitions
 * gives the Shapley values exactly (up to float rounding), so the explanation of a small model needs no
 * sampling and no tolerance; above 16 players the cost (2^p · background rows model rows) is too high
 * and kernelShap.ts estimates instead.
 *
 * Coalition rows are built in one Float32Array per model call: one memcpy of a template block per
 * coalition, then only the smaller of the present/absent position lists is patched per row, so nothing is
 * allocated per row or per value.
 */
import { yieldToEventLoop } from '../util/yield';
import type { Attribution, Background, BatchModel, ExplainControl, ExplainMethod, ExplainModelKind, Players } from './types';

/** Exact Shapley refuses more players than this: 2^16 coalitions × background rows is already heavy. */
export const MAX_EXACT_PLAYERS = 16;
/** `chooseMethod` picks exact enumeration up to this many players (4096 coalitions), KernelSHAP above. */
export const AUTO_EXACT_PLAYERS = 12;
/** Default cap on rows per model call. */
export const DEFAULT_MAX_BATCH_ROWS = 65536;
/** Default cap on values (rows × d) per model call, 16 MiB of float32, so wide inputs get fewer rows. */
const MAX_BATCH_VALUES = 1 << 22;
/** How often (ms) the explainers yield to the event loop so a worker can receive a Stop message. */
const YIELD_EVERY_MS = 25;

export interface BatchOptions {
  /** Rows per model call (default 65536, fewer when d is large); at least one coalition (bg.n rows) per call. */
  readonly maxBatchRows?: number;
}

/** The validated game: x, background, players flattened into typed arrays. */
export interface Game {
  readonly x: Float32Array;
  readonly bg: Background;
  /** Background weights normalized to sum exactly to 1 (up to rounding). */
  readonly w: Float64Array;
  readonly p: number;
  readonly d: number;
  /** Positions of player i: playerPos[playerStart[i] .. playerStart[i + 1]). */
  readonly playerStart: Int32Array;
  readonly playerPos: Int32Array;
  /** Positions outside every player (always x's values). */
  readonly fixedPos: Int32Array;
}

/** An Error named 'AbortError' with the message 'Cancelled.', thrown when `shouldStop` says so. */
export function cancelledError(): Error {
  const error = new Error('Cancelled.');
  error.name = 'AbortError';
  return error;
}

/**
 * Checks shapes and builds the game. Throws RangeError when x's length is not bg.d, the background is
 * empty or malformed, its weights are negative, non-finite or do not sum to 1 (±1e-6), or the players
 * are empty, out of range or overlap. Cost O(n + d + Σ|player|).
 */
export function prepareGame(x: Float32Array, bg: Background, players: Players): Game {
  const { n, d } = bg;
  if (!Number.isInteger(d) || d < 1) throw new RangeError(`The background must have at least one column (d = ${d}).`);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`The background must have at least one row (n = ${n}).`);
  if (bg.x.length !== n * d) throw new RangeError(`The background has ${bg.x.length} values; expected ${n} rows × ${d} = ${n * d}.`);
  if (bg.weights.length !== n) throw new RangeError(`The background has ${bg.weights.length} weights for ${n} rows.`);
  if (x.length !== d) throw new RangeError(`The row to explain has ${x.length} values; the background has ${d} columns.`);
  let total = 0;
  for (let b = 0; b < n; b++) {
    const wb = bg.weights[b]!;
    if (!Number.isFinite(wb) || wb < 0) throw new RangeError(`Background weight ${b} is ${wb}; weights must be finite and >= 0.`);
    total += wb;
  }
  if (!(Math.abs(total - 1) <= 1e-6)) throw new RangeError(`The background weights sum to ${total}; they must sum to 1.`);
  const w = new Float64Array(n);
  for (let b = 0; b < n; b++) w[b] = bg.weights[b]! / total;

  const p = players.length;
  const owner = new Int32Array(d).fill(-1);
  const playerStart = new Int32Array(p + 1);
  let count = 0;
  for (let i = 0; i < p; i++) {
    const positions = players[i]!;
    if (positions.length === 0) throw new RangeError(`Player ${i} has no positions.`);
    for (const pos of positions) {
      if (!Number.isInteger(pos) || pos < 0 || pos >= d) throw new RangeError(`Player ${i} has position ${pos}, outside [0, ${d}).`);
      if (owner[pos] !== -1) throw new RangeError(`Position ${pos} belongs to players ${owner[pos]} and ${i}; players must be disjoint.`);
      owner[pos] = i;
    }
    count += positions.length;
    playerStart[i + 1] = count;
  }
  const playerPos = new Int32Array(count);
  for (let i = 0; i < p; i++) playerPos.set(players[i]!, playerStart[i]!);
  const fixedPos = new Int32Array(d - count);
  for (let pos = 0, j = 0; pos < d; pos++) if (owner[pos] === -1) fixedPos[j++] = pos;
  return { x, bg, w, p, d, playerStart, playerPos, fixedPos };
}


/**
 * v(S) for each of `nMasks` coalitions, `masks` holding nMasks × p bytes (1 = player present). Returns
 * v row-major (nMasks × k) in float64 and k, read from the model's first answer. Calls the model on
 * whole coalitions (bg.n rows each), as many as fit `maxBatchRows`; polls shouldStop and reports progress
 * (coalitions done) around every call, and yields to the event loop every ~25 ms.
 * Cost: nMasks · bg.n model rows, plus O(nMasks · bg.n · (d + k)) to build and reduce them.
 * Throws RangeError when the model answers with a length that is not a multiple of the rows (or changes
 * k) or a non-finite value.
 */
export async function coalitionValues(
  game: Game,
  model: BatchModel,
  masks: Uint8Array,
  nMasks: number,
  control: ExplainControl = {},
  opts: BatchOptions = {},
): Promise<{ v: Float64Array; k: number }> {
  const { x, w, p, d, playerStart, playerPos, fixedPos } = game;
  const nb = game.bg.n;
  const bgx = game.bg.x;
  const rowsLimit = opts.maxBatchRows ?? Math.min(DEFAULT_MAX_BATCH_ROWS, Math.max(1, Math.floor(MAX_BATCH_VALUES / d)));
  if (!(rowsLimit >= 1)) throw new RangeError(`maxBatchRows must be >= 1 (got ${rowsLimit}).`);
  const masksPerCall = Math.max(1, Math.floor(rowsLimit / nb));
  const block = nb * d;
  // x repeated once per background row: the template of a coalition where most positions are present.
  const xTiled = new Float32Array(block);
  for (let b = 0; b < nb; b++) xTiled.set(x, b * d);
  const scratch = new Int32Array(d);

  let v: Float64Array | null = null;
  let k = 0;
  let lastYield = Date.now();
  for (let m0 = 0; m0 < nMasks; m0 += masksPerCall) {
    if (Date.now() - lastYield >= YIELD_EVERY_MS) {
      await yieldToEventLoop();
      lastYield = Date.now();
    }
    if (control.shouldStop?.()) throw cancelledError();
    const m1 = Math.min(nMasks, m0 + masksPerCall);
    const rows = (m1 - m0) * nb;
    const buf = new Float32Array(rows * d);
    for (let m = m0; m < m1; m++) {
      const mask = m * p;
      let absent = 0;
      for (let i = 0; i < p; i++) if (masks[mask + i] === 0) absent += playerStart[i + 1]! - playerStart[i]!;
      const off = (m - m0) * block;
      if (2 * absent <= d) {
        // Mostly present: start from x everywhere, copy the absent positions from each background row.
        let t = 0;
        for (let i = 0; i < p; i++) {
          if (masks[mask + i] !== 0) continue;
          for (let j = playerStart[i]!; j < playerStart[i + 1]!; j++) scratch[t++] = playerPos[j]!;
        }
        buf.set(xTiled, off);
        for (let b = 0, r = off, s = 0; b < nb; b++, r += d, s += d) {
          for (let j = 0; j < t; j++) {
            const pos = scratch[j]!;
            buf[r + pos] = bgx[s + pos]!;
          }
        }
      } else {
        // Mostly absent: start from the background, write x's present (and fixed) positions.
        let t = 0;
        for (let i = 0; i < p; i++) {
          if (masks[mask + i] === 0) continue;
          for (let j = playerStart[i]!; j < playerStart[i + 1]!; j++) scratch[t++] = playerPos[j]!;
        }
        for (let j = 0; j < fixedPos.length; j++) scratch[t++] = fixedPos[j]!;
        buf.set(bgx, off);
        for (let b = 0, r = off; b < nb; b++, r += d) {
          for (let j = 0; j < t; j++) {
            const pos = scratch[j]!;
            buf[r + pos] = x[pos]!;
          }
        }
      }
    }
    const out = await model(buf, rows);
    if (v === null) {
      k = out.length / rows;
      if (!Number.isInteger(k) || k < 1) throw new RangeError(`The model returned ${out.length} values for ${rows} rows.`);
      v = new Float64Array(nMasks * k);
    } else if (out.length !== rows * k) {
      throw new RangeError(`The model returned ${out.length} values for ${rows} rows; expected ${rows * k}.`);
    }
    for (let m = m0; m < m1; m++) {
      const r0 = (m - m0) * nb;
      for (let o = 0; o < k; o++) {
        let sum = 0;
        for (let b = 0; b < nb; b++) sum += w[b]! * out[(r0 + b) * k + o]!;
        if (!Number.isFinite(sum)) throw new RangeError(`The model returned a non-finite output (${sum}) for coalition ${m}, output ${o}.`);
        v[m * k + o] = sum;
      }
    }
    control.onProgress?.(m1, nMasks);
  }
  if (v === null) throw new RangeError('No coalitions to evaluate.');
  return { v, k };
}

/** max over outputs of |Σ_i phi[i, o] + base[o] − fx[o]|. Cost O(p · k). */
export function localAccuracyGap(phi: Float64Array, k: number, base: Float64Array, fx: Float64Array): number {
  const p = phi.length / k;
  let gap = 0;
  for (let o = 0; o < k; o++) {
    let sum = base[o]!;
    for (let i = 0; i < p; i++) sum += phi[i * k + o]!;
    gap = Math.max(gap, Math.abs(sum - fx[o]!));
  }
  return gap;
}

/**
 * Exact interventional Shapley values of `players` for the row `x` (length bg.d): all 2^p coalitions are
 * evaluated, then phi_i = Σ_{S ∌ i} |S|!(p−|S|−1)!/p! · (v(S ∪ i) − v(S)). Local accuracy holds to float
 * precision (the sum telescopes to v(all) − v(∅)). Throws a plain Error when p > 16 (MAX_EXACT_PLAYERS),
 * RangeError on bad shapes (see prepareGame), an Error named AbortError when shouldStop returns true.
 * Cost: 2^p · bg.n model rows (p = 12, 100 background rows: 409,600 rows) plus O(2^p · p · k).
 */
export async function exactShapley(
  model: BatchModel,
  x: Float32Array,
  bg: Background,
  players: Players,
  control: ExplainControl = {},
  opts: BatchOptions = {},
): Promise<Attribution> {
  const p = players.length;
  if (p > MAX_EXACT_PLAYERS) {
    throw new Error(`Exact Shapley values enumerate 2^p coalitions: ${p} players is over the limit of ${MAX_EXACT_PLAYERS}. Use KernelSHAP.`);
  }
  const game = prepareGame(x, bg, players);
  const nMasks = 2 ** p;
  const masks = new Uint8Array(nMasks * p);
  for (let m = 0; m < nMasks; m++) for (let i = 0; i < p; i++) masks[m * p + i] = (m >>> i) & 1;
  const { v, k } = await coalitionValues(game, model, masks, nMasks, control, opts);

  // weight[s] = s!(p−s−1)!/p! = 1 / (p · C(p−1, s))
  const weight = new Float64Array(Math.max(p, 1));
  for (let s = 0, c = 1; s < p; s++) {
    weight[s] = 1 / (p * c);
    c = (c * (p - 1 - s)) / (s + 1);
  }
  const phi = new Float64Array(p * k);
  for (let m = 0; m < nMasks; m++) {
    let size = 0;
    for (let i = 0; i < p; i++) size += (m >>> i) & 1;
    const ws = weight[size]!;
    for (let i = 0; i < p; i++) {
      if ((m >>> i) & 1) continue;
      const with_ = (m | (1 << i)) * k;
      for (let o = 0; o < k; o++) phi[i * k + o]! += ws * (v[with_ + o]! - v[m * k + o]!);
    }
  }
  const base = v.slice(0, k);
  const fx = v.slice((nMasks - 1) * k, nMasks * k);
  return { phi, base, fx, localAccuracyGap: localAccuracyGap(phi, k, base, fx), k };
}

const KIND_NAMES: Record<ExplainModelKind, string> = {
  linear: 'a linear model',
  mlp: 'an MLP',
  graph: 'a graph network',
  baseline: 'a baseline',
};

export interface MethodChoice {
  readonly method: ExplainMethod;
  /** One sentence for the UI and the run log. */
  readonly reason: string;
}

/**
 * Picks the attribution method. 'auto': linear/logistic models → exact linear SHAP on the logit; up to
 * 12 players (AUTO_EXACT_PLAYERS) → exact enumeration; more → KernelSHAP. An explicit request is honoured
 * when it fits: 'linear' only for linear models, 'exact' only up to 16 players, 'gradient' only for
 * networks (mlp, graph); otherwise a plain Error says why. Cost O(1).
 */
export function chooseMethod(args: {
  readonly players: number;
  readonly modelKind: ExplainModelKind;
  readonly requested: 'auto' | ExplainMethod;
}): MethodChoice {
  const { players, modelKind, requested } = args;
  if (!Number.isInteger(players) || players < 1) throw new Error(`There is nothing to explain: ${players} players.`);
  const kernelReason = `KernelSHAP estimate (${players} players: exact enumeration would need 2^${players} coalitions)`;
  switch (requested) {
    case 'auto':
      if (modelKind === 'linear') return { method: 'linear', reason: 'exact linear SHAP on the logit (the model is linear)' };
      if (players <= AUTO_EXACT_PLAYERS) return { method: 'exact', reason: `exact Shapley values (${players} players: all ${2 ** players} coalitions)` };
      return { method: 'kernel', reason: kernelReason };
    case 'linear':
      if (modelKind !== 'linear') {
        throw new Error(`Linear SHAP is exact only for linear and logistic models; this model is ${KIND_NAMES[modelKind]}. Choose exact or KernelSHAP instead.`);
      }
      return { method: 'linear', reason: 'exact linear SHAP on the logit (requested)' };
    case 'exact':
      if (players > MAX_EXACT_PLAYERS) {
        throw new Error(`Exact Shapley values are limited to ${MAX_EXACT_PLAYERS} players (2^${MAX_EXACT_PLAYERS} coalitions); this explanation has ${players}. Use KernelSHAP.`);
      }
      return { method: 'exact', reason: `exact Shapley values (requested; ${players} players: all ${2 ** players} coalitions)` };
    case 'kernel':
      return { method: 'kernel', reason: `KernelSHAP estimate (requested; ${players} players)` };
    case 'gradient':
      if (modelKind !== 'mlp' && modelKind !== 'graph') {
        throw new Error(`Gradient attributions need a neural network; this model is ${KIND_NAMES[modelKind]}. Choose exact or KernelSHAP instead.`);
      }
      return { method: 'gradient', reason: 'gradient attributions (requested)' };
  }
}
