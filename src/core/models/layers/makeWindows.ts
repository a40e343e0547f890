/**
 * Time windows for sequence layers (Conv1D, LSTM, GRU): turns time-ordered rows into overlapping
 * sequences [window, nFeatures], one per row that has `window − 1` rows before it.
 */

export interface Windows {
  /** Row-major n × window × nFeatures: window i holds rows rows[i] − window + 1 … rows[i], oldest first. */
  readonly x: Float32Array;
  readonly n: number;
  /**
   * The input row each window ends at (its last, most recent row): window − 1, window, …, input n − 1.
   * Align targets with it: the target of window i is the target of row rows[i], i.e. `y[rows[i]]`.
   */
  readonly rows: Int32Array;
}

/**
 * Windows over row-major `x` (n rows × nFeatures, in time order). The first `window − 1` rows have no
 * full window and start no sequence (they still appear inside later windows); fewer than `window`
 * rows give no windows at all.
 *
 * No look-ahead: window i sees rows up to rows[i] and nothing after. Its target is row rows[i]'s
 * target, so the target column must not be among the features (the window would contain the answer);
 * to forecast h rows ahead, use y[rows[i] + h] and drop the last h windows. Window each split
 * separately, or split by time, so that a test row is never inside a training window.
 *
 * Cost: copies n · window · nFeatures floats (window times the input's size).
 * Throws a RangeError for a window that is not a positive integer or a size that does not fit `x`.
 */
export function makeWindows(x: Float32Array, n: number, nFeatures: number, window: number): Windows {
  if (!Number.isInteger(window) || window < 1) throw new RangeError(`The time window must be a whole number of rows ≥ 1 (got ${window}).`);
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(nFeatures) || nFeatures < 1 || x.length !== n * nFeatures) {
    throw new RangeError(`makeWindows: expected ${n} × ${nFeatures} values, got ${x.length}.`);
  }
  const count = Math.max(0, n - window + 1);
  const out = new Float32Array(count * window * nFeatures);
  const rows = new Int32Array(count);
  const size = window * nFeatures;
  for (let i = 0; i < count; i++) {
    // Rows i … i + window − 1 are contiguous in x: one copy per window.
    out.set(x.subarray(i * nFeatures, i * nFeatures + size), i * size);
    rows[i] = i + window - 1;
  }
  return { x: out, n: count, rows };
}
