import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tableOf } from '../../data/testTables';
import { lagNode, rollingNode, timeOrder } from './timeWindow';
import { expectClose, names, nums, run } from './testing';

// Time order (ties by row index): row 1 (t 1), row 6 (t 1), row 2, row 0, row 5, row 3; row 4 has no time.
const table = tableOf({
  t: [3, 1, 2, 5, null, 4, 1],
  x: [30, 10, 20, 50, 99, 40, 11],
  y: [0, 0, 0, 0, 0, 0, 0],
});

describe('time order', () => {
  it('sorts by time, ties by row index, without rows missing a time', () => {
    expect(Array.from(timeOrder(Float64Array.from([3, 1, 2, 5, NaN, 4, 1])))).toEqual([1, 6, 2, 0, 5, 3]);
  });
});

describe('lag', () => {
  it('takes the value k places earlier in time order', () => {
    const { out } = run(lagNode, table, { timeColumn: 't', columns: ['x'], lags: [1, 2] }, { target: 'y' });
    expect(names(out)).toEqual(['t', 'x', 'x:lag:1', 'x:lag:2', 'y']);
    expect(nums(out, 'x:lag:1')).toEqual([20, NaN, 11, 40, NaN, 30, 10]);
    expect(nums(out, 'x:lag:2')).toEqual([11, NaN, 10, 30, NaN, 20, NaN]);
    expect(lagNode.outputColumns?.(names(table), lagNode.params.parse({ timeColumn: 't', columns: ['x'], lags: [1, 2] }))).toEqual(names(out));
  });

  it('orders by a date column and may lag the target; picks numeric columns but the time column by default', () => {
    const t = tableOf({ d: ['2024-01-03', '2024-01-01', '2024-01-02'], y: [3, 1, 2], s: ['a', 'b', 'c'] });
    expect(nums(run(lagNode, t, { timeColumn: 'd', columns: ['y'] }, { target: 'y' }).out, 'y:lag:1')).toEqual([2, NaN, 1]);
    expect(names(run(lagNode, table, { timeColumn: 't' }, { target: 'y' }).out)).toEqual(['t', 'x', 'x:lag:1', 'y']);
  });

  it('needs a time column, and not as a lagged column', () => {
    expect(() => run(lagNode, table, { columns: ['x'] })).toThrow('Lag: choose the time column');
    expect(() => run(lagNode, table, { timeColumn: 'when', columns: ['x'] })).toThrow('Lag: the column "when" is not in the table.');
    expect(() => run(lagNode, table, { timeColumn: 't', columns: ['t'] })).toThrow(/time column/);
    expect(() => run(lagNode, tableOf({ d: ['soon', 'later'], x: [1, 2] }), { timeColumn: 'd' })).toThrow(
      'Lag: the time column "d" has no dates or numbers in the training rows.',
    );
  });
});

describe('rolling', () => {
  it.each([
    { stat: 'mean', expected: [15.5, NaN, 10.5, 35, NaN, 25, 10] },
    { stat: 'min', expected: [11, NaN, 10, 30, NaN, 20, 10] },
    { stat: 'max', expected: [20, NaN, 11, 40, NaN, 30, 10] },
    // Sample std (ddof 1): missing with a single value.
    { stat: 'std', expected: [Math.sqrt(40.5), NaN, Math.sqrt(0.5), Math.sqrt(50), NaN, Math.sqrt(50), NaN] },
  ])('$stat of the previous 2 rows, excluding the row itself', ({ stat, expected }) => {
    const { out } = run(rollingNode, table, { timeColumn: 't', columns: ['x'], window: 2, stats: [stat] });
    expectClose(nums(out, `x:rolling_${stat}:2`), expected, 13);
  });

  it('needs minPeriods values, skips missing ones, and orders outputs mean, min, max, std', () => {
    const t = tableOf({ t: [1, 2, 3, 4, 5], x: [1, null, 5, 7, 9] });
    const params = { timeColumn: 't', columns: ['x'], window: 3, stats: ['max', 'mean'], minPeriods: 2 };
    const { out } = run(rollingNode, t, params);
    expect(names(out)).toEqual(['t', 'x', 'x:rolling_mean:3', 'x:rolling_max:3']);
    // Row 3 (t 4): previous three are 1, missing, 5 → mean 3. Row 4: missing, 5, 7 → 6. Row 2: only 1 → missing.
    expect(nums(out, 'x:rolling_mean:3')).toEqual([NaN, NaN, NaN, 3, 6]);
    expect(nums(out, 'x:rolling_max:3')).toEqual([NaN, NaN, NaN, 5, 7]);
    expect(rollingNode.outputColumns?.(names(t), rollingNode.params.parse(params))).toEqual(names(out));
    expect(rollingNode.params.safeParse({ window: 2, minPeriods: 3 }).success).toBe(false);
  });
});

describe('no look-ahead', () => {
  const cell = fc.option(fc.integer({ min: -50, max: 50 }), { nil: null, freq: 6 });
  const rows = fc.array(fc.tuple(fc.option(fc.integer({ min: 0, max: 8 }), { nil: null, freq: 8 }), cell), { minLength: 1, maxLength: 25 });

  it('changing anything at a later time (values, or times that stay later) never changes an earlier row', () => {
    fc.assert(
      fc.property(rows, fc.nat(), fc.array(fc.tuple(cell, fc.integer({ min: 1, max: 5 })), { minLength: 25, maxLength: 25 }), (data, pick, edits) => {
        const r = pick % data.length;
        const tr = data[r]![0];
        fc.pre(tr !== null);
        // Rows later in time get a new value and a new (still later) time; rows without a time change too.
        const changed = data.map(([t, x], i) => {
          const [nx, dt] = edits[i]!;
          if (t === null) return [null, nx] as const;
          return t > tr ? ([t + dt, nx] as const) : ([t, x] as const);
        });
        const before = tableOf({ t: data.map(([t]) => t), x: data.map(([, x]) => x) });
        const after = tableOf({ t: changed.map(([t]) => t), x: changed.map(([, x]) => x) });
        const kinds = [
          [lagNode, { timeColumn: 't', columns: ['x'], lags: [1, 2, 5] }],
          [rollingNode, { timeColumn: 't', columns: ['x'], window: 4, stats: ['mean', 'min', 'max', 'std'] }],
        ] as const;
        for (const [def, params] of kinds) {
          const a = run(def as typeof lagNode, before, params).out;
          const b = run(def as typeof lagNode, after, params).out;
          for (const name of names(a)) {
            if (name === 't' || name === 'x') continue;
            expect(Object.is(nums(a, name)[r], nums(b, name)[r]), `${name} row ${r}`).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
