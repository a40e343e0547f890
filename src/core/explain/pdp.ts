/**
 * Partial dependence (Friedman 2001) and ICE curves (Goldstein et al. 2015) for one feature: set the
 * feature to each grid value in every row, predict, and keep each row's curve (ICE) and their average
 * (PD). For an additive model the PD is the feature's own shape plus a constant; with interactions the
 * ICE curves fan out, which is why both are returned.
 *
 * Model-agnostic: the caller predicts (it owns the rows, the transforms and the model); this module picks
 * the grid, drives the loop and lays out the results.
 */
import { yieldToEventLoop } from '../util/yield';

export type PdpGrid =
  | { readonly kind: 'numeric'; readonly values: number[] }
  | { readonly kind: 'categorical'; readonly values: string[] };

/** Default and usual cap of grid points: enough for a smooth curve, cheap (one prediction pass each). */
export const PDP_MAX_POINTS = 20;

/**
 * Numeric grids span the 5th to 95th percentile, as sklearn's partial_dependence does by default: the
 * extremes hold few rows, so the model's answer there says little and would stretch the plot's axis.
 */
const PERCENTILE_RANGE: readonly [number, number] = [0.05, 0.95];

/**
 * The grid of values at which to evaluate partial dependence.
 * - numeric (`values` a Float64Array, NaN = missing and ignored): when there are at most `maxPoints`
 *   distinct values, all of them; otherwise `maxPoints` quantiles at levels evenly spaced from 0.05 to
 *   0.95 (numpy's default linear interpolation), duplicates removed. Always sorted ascending and unique.
 * - categorical (`values` labels, null or '' = missing and ignored): the `maxPoints` most frequent
 *   levels, most frequent first, ties by label (code-unit order).
 * Empty when every value is missing. Cost O(n log n) (one sort, or one count and a sort of the levels).
 * Throws RangeError when `maxPoints` < 2 (numeric; 1 for categorical) or the value type does not fit `kind`.
 */
export function pdpGrid(
  values: Float64Array | readonly (string | null)[],
  kind: 'numeric' | 'categorical',
  maxPoints = PDP_MAX_POINTS,
): PdpGrid {
  if (kind === 'numeric') {
    if (!(values instanceof Float64Array)) throw new RangeError('A numeric PDP grid needs a Float64Array of values.');
    if (!Number.isInteger(maxPoints) || maxPoints < 2) throw new RangeError(`A numeric grid needs at least 2 points (got ${maxPoints}).`);
    return { kind, values: numericGrid(values, maxPoints) };
  }
  if (values instanceof Float64Array) throw new RangeError('A categorical PDP grid needs labels, not numbers.');
  if (!Number.isInteger(maxPoints) || maxPoints < 1) throw new RangeError(`A categorical grid needs at least 1 point (got ${maxPoints}).`);
  const counts = new Map<string, number>();
  for (const v of values) if (v !== null && v !== '') counts.set(v, (counts.get(v) ?? 0) + 1);
  const levels = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { kind, values: levels.slice(0, maxPoints).map(([label]) => label) };
}

function numericGrid(values: Float64Array, maxPoints: number): number[] {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort();
  const unique: number[] = [];
  for (const v of sorted) if (unique.length === 0 || unique[unique.length - 1] !== v) unique.push(v);
  if (unique.length <= maxPoints) return unique;
  const [lo, hi] = PERCENTILE_RANGE;
  const grid: number[] = [];
  for (let j = 0; j < maxPoints; j++) {
    const exact = (lo + ((hi - lo) * j) / (maxPoints - 1)) * (sorted.length - 1);
    // Positions within rounding of a whole index land on that value (0.5·10 must give sorted[5], not a
    // hair less), so the grid shows data values rather than 24.999999999999993.
    const h = Math.abs(exact - Math.round(exact)) < 1e-9 ? Math.round(exact) : exact;
    const i = Math.floor(h);
    const q = i + 1 < sorted.length ? sorted[i]! + (h - i) * (sorted[i + 1]! - sorted[i]!) : sorted[i]!;
    if (grid.length === 0 || grid[grid.length - 1] !== q) grid.push(q);
  }
  return grid;
}

export interface PartialDependenceArgs<G extends number | string> {
  readonly grid: readonly G[];
  readonly nRows: number;
  /** Outputs per row (1 for regression and for a binary model's probability; k class probabilities). */
  readonly k: number;
  /**
   * nRows × k model outputs (row-major) with the feature set to grid[gridIndex] in every row and the
   * other features as they are. Called once per grid point, in order; the array is read, not kept.
   */
  readonly predictAt: (gridIndex: number) => Promise<Float32Array> | Float32Array;
  /** After each grid point: done and total (= grid length). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Polled before each grid point; true rejects with an Error named 'AbortError'. */
  readonly shouldStop?: () => boolean;
}

export interface PartialDependenceResult<G extends number | string> {
  readonly grid: readonly G[];
  /** grid × k, row-major: average[g·k + c] = mean over rows of output c at grid[g]. */
  readonly average: Float64Array;
  /** nRows × grid × k, row-major: ice[(i·G + g)·k + c] = output c of row i at grid[g]. */
  readonly ice: Float32Array;
}

const YIELD_EVERY_MS = 25;

function cancelled(): Error {
  return Object.assign(new Error('Cancelled.'), { name: 'AbortError' });
}

/**
 * Partial dependence and ICE curves over `grid`. Averages are float64 sums of the float32 outputs.
 * Cost: grid.length calls of predictAt (each a prediction over nRows rows); memory nRows × grid × k
 * float32 for ICE, so subsample the rows first (a few hundred to a thousand suffice for the curves).
 * Throws RangeError when predictAt returns the wrong number of values or a non-finite one.
 */
export async function partialDependence<G extends number | string>(
  args: PartialDependenceArgs<G>,
): Promise<PartialDependenceResult<G>> {
  const { grid, nRows, k } = args;
  if (!Number.isInteger(nRows) || nRows < 1) throw new RangeError(`Partial dependence needs at least one row (got ${nRows}).`);
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer (got ${k}).`);
  const points = grid.length;
  const average = new Float64Array(points * k);
  const ice = new Float32Array(nRows * points * k);
  let lastYield = Date.now();
  for (let g = 0; g < points; g++) {
    if (args.shouldStop?.()) throw cancelled();
    const out = await args.predictAt(g);
    if (out.length !== nRows * k) {
      throw new RangeError(`predictAt(${g}) returned ${out.length} values; expected ${nRows} rows × ${k} = ${nRows * k}.`);
    }
    for (let i = 0; i < nRows; i++) {
      for (let c = 0; c < k; c++) {
        const v = out[i * k + c]!;
        if (!Number.isFinite(v)) throw new RangeError(`predictAt(${g}) returned a non-finite value (${v}) for row ${i}.`);
        ice[(i * points + g) * k + c] = v;
        average[g * k + c]! += v;
      }
    }
    for (let c = 0; c < k; c++) average[g * k + c]! /= nRows;
    args.onProgress?.(g + 1, points);
    if (Date.now() - lastYield > YIELD_EVERY_MS) {
      await yieldToEventLoop();
      lastYield = Date.now();
    }
  }
  return { grid, average, ice };
}
