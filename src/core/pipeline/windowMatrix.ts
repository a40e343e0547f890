/**
 * The model's input matrix from the final feature columns: one row of values per table row, or, with a
 * time window, the window − 1 rows just before it and the row itself (a [window, features] sequence,
 * oldest first). Shared by training (graphExperiment.ts) and scoring new data (scoring.ts), so both
 * read the same way.
 *
 * "Before" is file order (the table is taken as time-ordered), or time order when the Input node names
 * a time column: the Lag and Rolling nodes' order (timeOrder: by time, ties by row index). Either way
 * it never looks ahead: every step of row r's sequence is r itself or a row before r in that order, so
 * changing a row at a later time never changes r's sequence (a fast-check property). History before
 * the first row is zeros (the mean, after scaling); a row without a time is read with zero history and
 * is no other row's history.
 */
import { columnAsNumbers } from '../data/infer';
import type { Column } from '../data/table';
import { timeOrder } from '../features/nodes/timeWindow';

/** The order rows are read in: `order` lists the rows that have a place, `position` is each row's place or -1. */
export interface RowOrder {
  readonly order: Int32Array;
  readonly position: Int32Array;
  /** Rows with no place (no time): read with zero history. */
  readonly missing: number;
}

/** A column read as times: numbers as they are, text as date-times (ms since epoch); NaN when missing or unreadable. */
export function columnTimes(col: Column): Float64Array {
  return col.storage === 'numeric' ? col.values : columnAsNumbers(col, 'datetime');
}

/** Rows by time, ties by row index (one time per table row, NaN = missing). Cost: a sort, O(n log n). */
export function timeRowOrder(times: Float64Array): RowOrder {
  const order = timeOrder(times);
  const position = new Int32Array(times.length).fill(-1);
  order.forEach((r, p) => (position[r] = p));
  return { order, position, missing: times.length - order.length };
}

/**
 * Row-major rows.length × window × cols.length values; `history` orders the rows (null: file order).
 * Cost: O(rows × window × cols).
 */
export function windowMatrix(cols: readonly Float64Array[], rows: Int32Array, window: number, history: RowOrder | null = null): Float32Array {
  const k = cols.length;
  const x = new Float32Array(rows.length * window * k);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const p = history ? history.position[r]! : r;
    for (let t = 0; t < window; t++) {
      const back = window - 1 - t;
      // Row r itself, or the row `back` places before it; -1 past the start or without a place.
      const src = back === 0 ? r : p < back ? -1 : history ? history.order[p - back]! : p - back;
      if (src < 0) continue;
      const base = (i * window + t) * k;
      for (let j = 0; j < k; j++) x[base + j] = cols[j]![src]!;
    }
  }
  return x;
}
