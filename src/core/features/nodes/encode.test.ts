import { describe, expect, it } from 'vitest';
import { tableOf } from '../../data/testTables';
import { onehotNode, ordinalNode } from './encode';
import { names, nums, run } from './testing';

// Training rows 0-6: red ×3, blue ×2, green ×1, one missing. Row 7 (purple) is unseen; row 8 missing.
const color = ['red', 'blue', 'red', 'green', 'blue', 'red', null, 'purple', null];
const table = tableOf({ color, n: [1, 2, 3, 4, 5, 6, 7, 8, 9], y: [0, 1, 0, 1, 0, 1, 0, 1, 0] });
const train = [0, 1, 2, 3, 4, 5, 6];

describe('onehot', () => {
  it('keeps every training level (natural order); unseen and missing are all zeros', () => {
    const { out, state } = run(onehotNode, table, { columns: ['color'] }, { train, target: 'y' });
    expect(state.columns).toEqual([{ name: 'color', levels: ['blue', 'green', 'red'], other: null }]);
    expect(names(out)).toEqual(['color=blue', 'color=green', 'color=red', 'n', 'y']);
    expect(nums(out, 'color=blue')).toEqual([0, 1, 0, 0, 1, 0, 0, 0, 0]);
    expect(nums(out, 'color=green')).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0]);
    expect(nums(out, 'color=red')).toEqual([1, 0, 1, 0, 0, 1, 0, 0, 0]);
  });

  it.each([
    { params: { minCount: 2 }, kept: ['blue', 'red'] },
    { params: { maxLevels: 1 }, kept: ['red'] },
    { params: { minCount: 3, maxLevels: 5 }, kept: ['red'] },
  ])('groups rare levels into (other), which takes unseen ones too: $params', ({ params, kept }) => {
    const { out, state } = run(onehotNode, table, { columns: ['color'], ...params }, { train });
    expect(state.columns[0]).toEqual({ name: 'color', levels: kept, other: '(other)' });
    const isOther = color.map((c) => (c !== null && !kept.includes(c) ? 1 : 0));
    expect(nums(out, 'color=(other)')).toEqual(isOther);
  });

  it('makes the other bucket unique when a level is called "(other)"', () => {
    const t = tableOf({ c: ['(other)', '(other)', 'x'] });
    const { state } = run(onehotNode, t, { columns: ['c'], minCount: 2 });
    expect(state.columns[0]!.other).toBe('(other)_');
  });

  it('encodes numbers by their text and picks categorical text columns when none are listed', () => {
    const t = tableOf({ k: [4, 6, 4], c: ['a', 'b', 'a'], y: ['u', 'v', 'u'] });
    expect(names(run(onehotNode, t, { columns: ['k'] }).out)).toEqual(['k=4', 'k=6', 'c', 'y']);
    expect(names(run(onehotNode, t, {}, { target: 'y' }).out)).toEqual(['k', 'c=a', 'c=b', 'y']);
  });

  it('needs the column at apply', () => {
    const { state, params } = run(onehotNode, table, { columns: ['color'] });
    expect(() => onehotNode.apply(tableOf({ n: [1] }), params, state, { trainRows: null })).toThrow('One-hot encode: the column "color" is not in the table.');
  });
});

describe('ordinal', () => {
  it.each([
    // Frequency: red (3) → 0, blue (2) → 1, green (1) → 2.
    { order: 'frequency', unseen: 'minus_one', expected: [0, 1, 0, 2, 1, 0, NaN, -1, NaN] },
    // Alphabetical: blue 0, green 1, red 2.
    { order: 'alphabetical', unseen: 'minus_one', expected: [2, 0, 2, 1, 0, 2, NaN, -1, NaN] },
    { order: 'alphabetical', unseen: 'missing', expected: [2, 0, 2, 1, 0, 2, NaN, NaN, NaN] },
  ])('$order order, unseen $unseen', ({ order, unseen, expected }) => {
    const { out } = run(ordinalNode, table, { columns: ['color'], order, unseen }, { train });
    expect(nums(out, 'color')).toEqual(expected);
    expect(names(out)).toEqual(['color', 'n', 'y']);
  });

  it('orders numeric levels by value', () => {
    const t = tableOf({ k: [10, 9, 100] });
    expect(nums(run(ordinalNode, t, { columns: ['k'], order: 'alphabetical' }).out, 'k')).toEqual([1, 0, 2]);
  });
});
