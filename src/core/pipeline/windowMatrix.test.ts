// The Input node's time window reads each row with the rows just before it, in file order or in time
// order, and never a row after it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnTimes, timeRowOrder, windowMatrix } from './windowMatrix';

/** Row r's window as a list of steps, each step the row's values (one feature: one number). */
const windows = (x: Float32Array, rows: number, window: number, k: number): number[][][] =>
  Array.from({ length: rows }, (_, i) => Array.from({ length: window }, (_, t) => Array.from(x.subarray((i * window + t) * k, (i * window + t + 1) * k))));

describe('windowMatrix', () => {
  const values = [Float64Array.from([30, 10, 20, 50, 99, 40, 11])];
  const all = Int32Array.from([0, 1, 2, 3, 4, 5, 6]);

  it('file order: the window − 1 rows before each row, zeros before the first', () => {
    expect(windows(windowMatrix(values, Int32Array.from([0, 2, 4]), 3), 3, 3, 1)).toEqual([
      [[0], [0], [30]],
      [[30], [10], [20]],
      [[20], [50], [99]],
    ]);
  });

  it('time order: by time, ties by row index; a row without a time has zero history and is nobody\'s', () => {
    // Times 3, 1, 2, 5, (none), 4, 1: the order is rows 1, 6, 2, 0, 5, 3; row 4 has no place.
    const history = timeRowOrder(Float64Array.from([3, 1, 2, 5, NaN, 4, 1]));
    expect(history.missing).toBe(1);
    expect(windows(windowMatrix(values, all, 3, history), 7, 3, 1)).toEqual([
      [[11], [20], [30]], // row 0 (t 3) after rows 6 (t 1) and 2 (t 2)
      [[0], [0], [10]], // row 1 is first
      [[10], [11], [20]],
      [[30], [40], [50]],
      [[0], [0], [99]], // row 4: no time
      [[20], [30], [40]],
      [[0], [10], [11]], // row 6 ties with row 1 and comes after it
    ]);
  });

  it('reads a date column as times', () => {
    const t = columnTimes({ name: 'd', storage: 'string', dictionary: ['2024-01-03', '2024-01-01', 'soon'], codes: Int32Array.from([0, 1, 2, -1]) });
    expect(Array.from(timeRowOrder(t).order)).toEqual([1, 0]);
  });

  it('never looks ahead: changing any row at a later time leaves a row\'s window unchanged (property)', () => {
    const timeArb = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constant(NaN));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(timeArb, fc.integer({ min: -50, max: 50 }), fc.integer({ min: -50, max: 50 })), { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 1, max: 6 }),
        fc.nat(),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 10 }), fc.integer({ min: -50, max: 50 })), { minLength: 25, maxLength: 25 }),
        (rowsIn, window, pick, edits) => {
          const n = rowsIn.length;
          const times = Float64Array.from(rowsIn, (r) => r[0]);
          const cols = [Float64Array.from(rowsIn, (r) => r[1]), Float64Array.from(rowsIn, (r) => r[2])];
          const r = pick % n;
          const at = Int32Array.from([r]);
          const before = windowMatrix(cols, at, window, timeRowOrder(times));
          // Every row later than r in time order (a later time, or the same time and a later index) gets
          // new values and a new, still later, time. A row without a time has no history: any other row may change.
          const noTime = Number.isNaN(times[r]!);
          const later = (s: number) => (noTime ? s !== r : times[s]! > times[r]! || (times[s] === times[r] && s > r));
          const times2 = Float64Array.from(times);
          const cols2 = cols.map((c) => Float64Array.from(c));
          for (let s = 0; s < n; s++) {
            if (!later(s)) continue;
            times2[s] = noTime ? edits[s]![0] : times[r]! + edits[s]![0];
            cols2[0]![s] = edits[s]![1];
            cols2[1]![s] = -edits[s]![1];
          }
          expect(windowMatrix(cols2, at, window, timeRowOrder(times2))).toEqual(before);
        },
      ),
    );
  });
});
