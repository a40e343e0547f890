import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tableOf } from '../../data/testTables';
import { assignFolds, targetEncodeNode } from './targetEncode';
import { expectClose, names, nums, run } from './testing';

// Training rows 0-5: c = a a a b b (missing), y = 1 1 1 0 0 1. Rows 6-8 are not training rows.
const table = tableOf({
  c: ['a', 'a', 'a', 'b', 'b', null, 'a', 'z', null],
  y: [1, 1, 1, 0, 0, 1, 0, 0, 0],
});
const y = [1, 1, 1, 0, 0, 1, 0, 0, 0];
const train = [0, 1, 2, 3, 4, 5];

describe('target_encode', () => {
  it('encodes non-training rows with all training rows, and training rows leave-one-out (folds = rows)', () => {
    // All training rows: prior 4/6; a: (3 + 1·2/3)/(3 + 1) = 11/12; b: (0 + 2/3)/(2 + 1) = 2/9.
    // Without row 0 (a, 1): prior 3/5, a: (2 + 3/5)/(2 + 1) = 13/15. Without row 3 (b, 0): prior 4/5,
    // b: (0 + 4/5)/(1 + 1) = 2/5. Without row 5 (missing, 1): the prior 3/5.
    const { out } = run(targetEncodeNode, table, { columns: ['c'], smoothing: 1, folds: 6 }, { train, target: 'y', targetValues: y });
    expectClose(nums(out, 'c'), [13 / 15, 13 / 15, 13 / 15, 2 / 5, 2 / 5, 3 / 5, 11 / 12, 2 / 3, 2 / 3], 12);
    expect(names(out)).toEqual(['c', 'y']);
  });

  it('scores new data with all training rows', () => {
    const { state, params } = run(targetEncodeNode, table, { columns: ['c'], smoothing: 0, folds: 2 }, { train, target: 'y', targetValues: y });
    const fresh = tableOf({ c: ['b', 'a', 'q'] });
    expectClose(nums(targetEncodeNode.apply(fresh, params, state, { trainRows: null }), 'c'), [0, 1, 4 / 6], 12);
  });

  it('multiclass: one smoothed class rate per class', () => {
    // Training rows 0-3: c = a a b b, class 0 2 1 1 (3 classes). Non-training rows use all four:
    // prior (1/4, 2/4, 1/4); a: class counts (1, 0, 1) of 2 → ((1 + 2·1/4)/4, (0 + 2·2/4)/4, (1 + 2·1/4)/4).
    const t = tableOf({ c: ['a', 'a', 'b', 'b', 'a'], y: [0, 2, 1, 1, 0] });
    const { out } = run(
      targetEncodeNode,
      t,
      { columns: ['c'], smoothing: 2, folds: 2 },
      { train: [0, 1, 2, 3], target: 'y', targetValues: [0, 2, 1, 1, 0], task: 'multiclass' },
    );
    expect(names(out)).toEqual(['c:te:0', 'c:te:1', 'c:te:2', 'y']);
    expectClose([nums(out, 'c:te:0')[4]!, nums(out, 'c:te:1')[4]!, nums(out, 'c:te:2')[4]!], [1.5 / 4, 1 / 4, 1.5 / 4], 12);
  });

  it("never lets a training row's own target encode it", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c', null), fc.integer({ min: 0, max: 1 })), { minLength: 2, maxLength: 30 }),
        fc.nat(),
        fc.integer({ min: 2, max: 6 }),
        fc.double({ min: 0, max: 20, noNaN: true }),
        (rows, pick, folds, smoothing) => {
          const t = tableOf({ c: rows.map(([c]) => c) });
          const targets = rows.map(([, v]) => v);
          const r = pick % rows.length;
          const flipped = targets.map((v, i) => (i === r ? 1 - v : v));
          const opts = { target: 'y', seed: 3 };
          const params = { columns: ['c'], folds, smoothing };
          const a = run(targetEncodeNode, t, params, { ...opts, targetValues: targets });
          const b = run(targetEncodeNode, t, params, { ...opts, targetValues: flipped });
          expect(Object.is(nums(a.out, 'c')[r], nums(b.out, 'c')[r])).toBe(true);
        },
      ),
    );
  });

  it('deals sorted training rows to folds round-robin after a seeded shuffle, whatever their order', () => {
    const a = assignFolds(Int32Array.from([5, 1, 3, 7]), 8, 2, 42);
    const b = assignFolds(Int32Array.from([1, 3, 5, 7]), 8, 2, 42);
    expect(a).toEqual(b);
    expect([0, 2, 4, 6].map((r) => a[r])).toEqual([-1, -1, -1, -1]);
    expect([1, 3, 5, 7].map((r) => a[r]).sort()).toEqual([0, 0, 1, 1]);
  });

  it('refuses other training rows at apply, and a missing target at fit', () => {
    const { state, params } = run(targetEncodeNode, table, { columns: ['c'] }, { train, target: 'y', targetValues: y });
    expect(() => targetEncodeNode.apply(table, params, state, { trainRows: Int32Array.from([0, 1]) })).toThrow(/training rows differ/);
    expect(() => run(targetEncodeNode, table, { columns: ['c'] })).toThrow(/choose a target/);
  });
});
