/**
 * The model's input matrix from the final feature columns: one row of values per table row, or, with a
 * time window, the window − 1 rows before it and the row itself (a [window, features] sequence).
 * Shared by training (graphExperiment.ts) and scoring new data (scoring.ts), so both read the same way.
 *
 * History is in file order (the table is taken as time-ordered); history before the first row is zeros
 * (the mean, after scaling). Only earlier rows are read, never later ones.
 */

/** Row-major rows.length × window × cols.length values. Cost: O(rows × window × cols). */
export function windowMatrix(cols: readonly Float64Array[], rows: Int32Array, window: number): Float32Array {
  const k = cols.length;
  const x = new Float32Array(rows.length * window * k);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    for (let t = 0; t < window; t++) {
      const src = r - (window - 1 - t);
      if (src < 0) continue;
      const base = (i * window + t) * k;
      for (let j = 0; j < k; j++) x[base + j] = cols[j]![src]!;
    }
  }
  return x;
}
