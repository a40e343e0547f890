import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Column } from '../data/table';
import { columnSplit, randomSplit, timeSplit } from './split';
import type { SplitIndices } from './types';

const range = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i);

/** Disjoint, each strictly ascending, union = rows. */
function expectPartition(split: SplitIndices, rows: ArrayLike<number>): void {
  const all = [...split.train, ...split.validation, ...split.test];
  expect(all.length).toBe(rows.length);
  expect(new Set(all)).toEqual(new Set(Array.from(rows)));
  for (const part of [split.train, split.validation, split.test]) {
    for (let i = 1; i < part.length; i++) expect(part[i]!).toBeGreaterThan(part[i - 1]!);
  }
}

function countByClass(part: Int32Array, strata: Int32Array, k: number): number[] {
  const counts = new Array<number>(k).fill(0);
  for (const r of part) counts[strata[r]!]! += 1;
  return counts;
}

/** Class sizes → strata laid out in blocks, then rows shuffled by a fixed permutation. */
function strataFromSizes(sizes: readonly number[]): { rows: Int32Array; strata: Int32Array } {
  const strata = Int32Array.from(sizes.flatMap((m, c) => new Array<number>(m).fill(c)));
  const n = strata.length;
  // Interleave so that classes are not contiguous in row order (a stride coprime with n).
  let stride = 7919 % Math.max(n, 1) || 1;
  while (gcd(stride, n) !== 1) stride++;
  const rows = Int32Array.from({ length: n }, (_, i) => (i * stride) % n);
  return { rows, strata };
}
const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

const fractionsArb = fc
  .record({
    validation: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.5, noNaN: true })),
    test: fc.double({ min: 0.01, max: 0.5, noNaN: true }),
  })
  .filter((f) => f.validation + f.test < 1);

describe('randomSplit', () => {
  it('partitions the rows with the documented sizes (property, with and without strata)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 499 }), { minLength: 2, maxLength: 300 }),
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 500, maxLength: 500 }),
        fractionsArb,
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.boolean(),
        (rowList, strataList, fractions, seed, stratify) => {
          const rows = Int32Array.from(rowList);
          const strata = stratify ? Int32Array.from(strataList) : null;
          const split = randomSplit(rows, fractions, seed, strata);
          expectPartition(split, rows);
          const n = rows.length;
          const nTest = Math.max(1, Math.round(n * fractions.test));
          const nVal = fractions.validation > 0 ? Math.max(1, Math.round(n * fractions.validation)) : 0;
          expect(split.test.length).toBe(nTest);
          expect(split.validation.length).toBe(Math.max(0, Math.min(nVal, n - nTest - 1)));
          expect(split.train.length).toBeGreaterThanOrEqual(1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('stratifies: each class within ±1 of its share, or every class of >= 3 rows in train and test', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 80 }), { minLength: 1, maxLength: 7 }),
        fractionsArb,
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (sizes, fractions, seed) => {
          const { rows, strata } = strataFromSizes(sizes);
          fc.pre(rows.length >= 2);
          const split = randomSplit(rows, fractions, seed, strata);
          expectPartition(split, rows);
          const n = rows.length;
          const parts = [split.train, split.validation, split.test];
          const counts = parts.map((p) => countByClass(p, strata, sizes.length));
          const share = (c: number, j: number): number => (sizes[c]! * parts[j]!.length) / n;
          // Classes of >= 3 rows whose proportional share of train or test is below one row.
          const needs = [0, 2].map((j) => sizes.filter((m, c) => m >= 3 && Math.floor(share(c, j)) === 0).length);
          if (needs[0] === 0 && needs[1] === 0) {
            sizes.forEach((_, c) => {
              for (let j = 0; j < 3; j++) expect(Math.abs(counts[j]![c]! - share(c, j))).toBeLessThan(1);
            });
          } else {
            const big = sizes.map((m, c) => (m >= 3 ? c : -1)).filter((c) => c >= 0);
            if (big.length <= split.test.length && big.length <= split.train.length) {
              for (const c of big) {
                expect(counts[0]![c]!).toBeGreaterThanOrEqual(1);
                expect(counts[2]![c]!).toBeGreaterThanOrEqual(1);
              }
            }
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('gives small classes a test row, taking it from the class with rows to spare', () => {
    // 85 rows of class 0 and five classes of 3 rows; 10% test: shares 8.5 and 0.3.
    const { rows, strata } = strataFromSizes([85, 3, 3, 3, 3, 3]);
    const split = randomSplit(rows, { validation: 0.1, test: 0.1 }, 42, strata);
    expect(split.test.length).toBe(10);
    expect(countByClass(split.test, strata, 6)).toEqual([5, 1, 1, 1, 1, 1]);
    expect(countByClass(split.train, strata, 6).every((c) => c >= 1)).toBe(true);
  });

  it('keeps proportions for an imbalanced two-class target', () => {
    const { rows, strata } = strataFromSizes([950, 50]);
    const split = randomSplit(rows, { validation: 0.15, test: 0.2 }, 7, strata);
    expect(countByClass(split.test, strata, 2)).toEqual([190, 10]);
    // Validation shares 142.5 and 7.5: either rounding, as long as the sizes add up.
    const validation = countByClass(split.validation, strata, 2);
    expect(validation[0]! + validation[1]!).toBe(150);
    expect(Math.abs(validation[1]! - 7.5)).toBe(0.5);
    expect(countByClass(split.train, strata, 2)).toEqual([950 - 190 - validation[0]!, 50 - 10 - validation[1]!]);
  });

  it('is deterministic for a seed and changes with it', () => {
    const rows = range(200);
    const strata = Int32Array.from(rows, (r) => r % 3);
    const a = randomSplit(rows, { validation: 0.1, test: 0.2 }, 123, strata);
    const b = randomSplit(Int32Array.from(rows), { validation: 0.1, test: 0.2 }, 123, strata);
    const c = randomSplit(rows, { validation: 0.1, test: 0.2 }, 124, strata);
    expect(b).toEqual(a);
    expect(c.test).not.toEqual(a.test);
    expect(randomSplit(rows, { validation: 0, test: 0.3 }, 5)).toEqual(randomSplit(rows, { validation: 0, test: 0.3 }, 5));
  });

  it('does not modify its inputs', () => {
    const rows = Int32Array.from([9, 3, 7, 1, 5]);
    randomSplit(rows, { validation: 0.2, test: 0.2 }, 1);
    expect(Array.from(rows)).toEqual([9, 3, 7, 1, 5]);
  });

  it('drops validation before train or test when rows are few', () => {
    const split = randomSplit(Int32Array.from([4, 8]), { validation: 0.3, test: 0.3 }, 1);
    expect([split.train.length, split.validation.length, split.test.length]).toEqual([1, 0, 1]);
  });

  it('explains why it cannot split', () => {
    expect(() => randomSplit(Int32Array.from([3]), { validation: 0, test: 0.2 }, 1)).toThrow(
      'Too few rows to split: 1 row(s) with a target value, but train and test each need at least one.',
    );
    expect(() => randomSplit(new Int32Array(0), { validation: 0, test: 0.2 }, 1)).toThrow(/Too few rows/);
    expect(() => randomSplit(range(10), { validation: 0.5, test: 0.5 }, 1)).toThrow(RangeError);
    expect(() => randomSplit(range(10), { validation: 0.1, test: 0 }, 1)).toThrow(/test > 0/);
    expect(() => randomSplit(range(10), { validation: 0.1, test: 0.2 }, 1, new Int32Array(5))).toThrow(
      /strata has no entry for row 5/,
    );
  });
});

function stringColumn(name: string, cells: readonly (string | null)[]): Column {
  const dictionary: string[] = [];
  const codes = Int32Array.from(cells, (cell) => {
    if (cell === null) return -1;
    let code = dictionary.indexOf(cell);
    if (code < 0) code = dictionary.push(cell) - 1;
    return code;
  });
  return { name, storage: 'string', codes, dictionary };
}

describe('columnSplit', () => {
  const cells = ['Train', ' TEST ', 'val', 'Validation', 'training', 'testing', 'valid', 'holdout', null, 'holdout', 'train', 'TeSt'];
  const column = stringColumn('fold', cells);

  it('honours the column exactly and reports the other values', () => {
    const split = columnSplit(range(cells.length), column, 0.2, 1);
    expect(Array.from(split.train)).toEqual([0, 4, 10]);
    expect(Array.from(split.validation)).toEqual([2, 3, 6]);
    expect(Array.from(split.test)).toEqual([1, 5, 11]);
    expect(split.unrecognized).toEqual([
      { value: 'holdout', count: 2 },
      { value: '', count: 1 },
    ]);
  });

  it('reads only the candidate rows', () => {
    const split = columnSplit(Int32Array.from([11, 0, 1, 8, 2]), column, 0, 1);
    expect(Array.from(split.train)).toEqual([0]);
    expect(Array.from(split.validation)).toEqual([2]);
    expect(Array.from(split.test)).toEqual([1, 11]);
    expect(split.unrecognized).toEqual([{ value: '', count: 1 }]);
  });

  it('carves validation from train when the column has none, stratified and seeded', () => {
    const n = 400;
    const col = stringColumn(
      'split',
      Array.from({ length: n }, (_, i) => (i % 4 === 0 ? 'test' : 'train')),
    );
    const strata = Int32Array.from({ length: n }, (_, i) => (i % 10 < 8 ? 0 : 1));
    const split = columnSplit(range(n), col, 0.25, 9, strata);
    expectPartition(split, range(n));
    expect(Array.from(split.test)).toEqual(Array.from({ length: 100 }, (_, i) => i * 4));
    expect(split.validation.length).toBe(75);
    for (const r of split.validation) expect(r % 4).not.toBe(0);
    // 300 train rows (i % 4 != 0): 60 of class 1 (i % 10 in {8, 9}, minus the 20 with i % 20 = 8), 240 of class 0.
    expect(countByClass(split.validation, strata, 2)).toEqual([60, 15]);
    expect(columnSplit(range(n), col, 0.25, 9, strata)).toEqual(split);
    expect(columnSplit(range(n), col, 0.25, 10, strata).validation).not.toEqual(split.validation);
  });

  it('keeps validation empty when asked for none, and keeps a train row', () => {
    const col = stringColumn('split', ['train', 'test', 'train']);
    expect(columnSplit(range(3), col, 0, 1).validation.length).toBe(0);
    const one = columnSplit(Int32Array.from([0, 1]), col, 0.4, 1);
    expect([one.train.length, one.validation.length]).toEqual([1, 0]);
  });

  it('explains a column without train or test rows', () => {
    expect(() => columnSplit(range(4), stringColumn('fold', ['train', 'val', 'train', 'x']), 0, 1)).toThrow(
      'The split column "fold" marks no row as test (found "train" × 2, "validation" × 1, "x" × 1). Use the values train, validation and test.',
    );
    expect(() => columnSplit(range(2), stringColumn('fold', ['test', null]), 0, 1)).toThrow(
      /marks no row as train \(found "test" × 1, \(missing\) × 1\)/,
    );
    const numeric: Column = { name: 'n', storage: 'numeric', values: Float64Array.from([1, 2, 1]) };
    expect(() => columnSplit(range(3), numeric, 0, 1)).toThrow(/marks no row as train \(found "1" × 2, "2" × 1\)/);
    expect(() => columnSplit(range(3), column, 1, 1)).toThrow(RangeError);
  });
});

describe('timeSplit', () => {
  // Table rows 0..11 with times (row: time): the candidates are every row but 11 (no target);
  // row 4 has no time. Time order of the 10 timed candidates: 7 (t 1), 2 (t 2), 9 (t 2, tie: after
  // row 2), 0 (3), 5 (4), 1 (5), 8 (6), 3 (7), 10 (8), 6 (9).
  const times = Float64Array.from([3, 5, 2, 7, NaN, 4, 9, 1, 6, 2, 8, 0]);
  const rows = Int32Array.from([10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);

  it('trains on the earliest rows, validates on the next, tests on the latest; rows without a time left out', () => {
    // n = 10: test round(10·0.2) = 2, validation round(10·0.3) = 3, train the 5 earliest.
    const split = timeSplit(rows, times, { validation: 0.3, test: 0.2 });
    expect(Array.from(split.train)).toEqual([0, 2, 5, 7, 9]);
    expect(Array.from(split.validation)).toEqual([1, 3, 8]);
    expect(Array.from(split.test)).toEqual([6, 10]);
    expect(split.missingTime).toBe(1);
  });

  it('breaks a tie at a boundary by row index, without validation when asked for none', () => {
    // n = 10, test round(10·0.75) = 8 → train the 2 earliest: rows 7 (t 1) and 2 (t 2, before row 9).
    const split = timeSplit(rows, times, { validation: 0, test: 0.75 });
    expect(Array.from(split.train)).toEqual([2, 7]);
    expect(split.validation.length).toBe(0);
    expect(split.test.length).toBe(8);
  });

  it('sizes as randomSplit (for any rows and fractions), train before validation before test (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 99 }), { minLength: 2, maxLength: 100 }),
        fc.array(fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constant(NaN)), { minLength: 100, maxLength: 100 }),
        fractionsArb,
        (rowList, timeList, fractions) => {
          const rows = Int32Array.from(rowList);
          const times = Float64Array.from(timeList);
          const timed = rows.filter((r) => !Number.isNaN(times[r]!));
          if (timed.length < 2) return;
          const split = timeSplit(rows, times, fractions);
          expectPartition(split, timed);
          const random = randomSplit(timed, fractions, 1);
          expect([split.train.length, split.validation.length, split.test.length]).toEqual([random.train.length, random.validation.length, random.test.length]);
          const latest = (part: Int32Array) => Math.max(...Array.from(part, (r) => times[r]!));
          const earliest = (part: Int32Array) => Math.min(...Array.from(part, (r) => times[r]!));
          if (split.validation.length > 0) {
            expect(latest(split.train)).toBeLessThanOrEqual(earliest(split.validation));
            expect(latest(split.validation)).toBeLessThanOrEqual(earliest(split.test));
          }
          expect(latest(split.train)).toBeLessThanOrEqual(earliest(split.test));
        },
      ),
    );
  });

  it('explains why it cannot split', () => {
    expect(() => timeSplit(Int32Array.from([4, 11]), times, { validation: 0, test: 0.2 })).toThrow(/Too few rows/);
    expect(() => timeSplit(rows, times, { validation: 0.5, test: 0.5 })).toThrow(RangeError);
    expect(() => timeSplit(Int32Array.from([12]), times, { validation: 0, test: 0.2 })).toThrow(RangeError);
  });
});
