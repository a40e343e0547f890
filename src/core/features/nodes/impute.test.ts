import { describe, expect, it } from 'vitest';
import { tableOf } from '../../data/testTables';
import { imputeNode } from './impute';
import { expectClose, names, nums, run, texts } from './testing';

// Train rows 0-3. x there: 1, missing, 4, 10 (row 4 = 1000 is not a training row).
// c there: a, missing, b, a.
const table = tableOf({
  x: [1, null, 4, 10, 1000, null],
  c: ['a', null, 'b', 'a', 'b', null],
  y: [0, 1, 0, 1, 0, 1],
});
const train = [0, 1, 2, 3];

describe('impute', () => {
  it.each([
    // mean of 1, 4, 10 = 5; median = 4; most frequent: all tie at 1 → smallest = 1.
    { strategy: 'mean', value: 0, fill: 5 },
    { strategy: 'median', value: 0, fill: 4 },
    { strategy: 'most_frequent', value: 0, fill: 1 },
    { strategy: 'constant', value: -1, fill: -1 },
    { strategy: 'constant', value: '2.5', fill: 2.5 },
  ])('fills numeric gaps with the $strategy ($fill)', ({ strategy, value, fill }) => {
    const { out, state } = run(imputeNode, table, { columns: ['x'], strategy, value }, { train });
    expect(nums(out, 'x')).toEqual([1, fill, 4, 10, 1000, fill]);
    expect(state).toEqual({ columns: [{ name: 'x', fill, storage: 'numeric' }], addIndicator: false });
  });

  it.each([
    { strategy: 'most_frequent', value: 0, fill: 'a' },
    { strategy: 'constant', value: 'unknown', fill: 'unknown' },
    { strategy: 'constant', value: 0, fill: '0' },
  ])('fills text gaps with the $strategy ($fill)', ({ strategy, value, fill }) => {
    const { out } = run(imputeNode, table, { columns: ['c'], strategy, value }, { train });
    expect(texts(out, 'c')).toEqual(['a', fill, 'b', 'a', 'b', fill]);
  });

  it('breaks most-frequent ties by natural order', () => {
    const t = tableOf({ c: ['b', 'a', 'b', 'a', null] });
    expect(texts(run(imputeNode, t, { strategy: 'most_frequent' }).out, 'c')).toEqual(['b', 'a', 'b', 'a', 'a']);
  });

  it('adds <col>_missing after each imputed column, marking the cells that were missing', () => {
    const { out } = run(imputeNode, table, { strategy: 'most_frequent', addIndicator: true }, { train, target: 'y' });
    expect(names(out)).toEqual(['x', 'x_missing', 'c', 'c_missing', 'y']);
    expect(nums(out, 'x_missing')).toEqual([0, 1, 0, 0, 0, 1]);
    expect(nums(out, 'c_missing')).toEqual([0, 1, 0, 0, 0, 1]);
    expect(nums(out, 'y')).toEqual([0, 1, 0, 1, 0, 1]);
    expect(imputeNode.outputColumns?.(names(table), imputeNode.params.parse({ strategy: 'most_frequent', addIndicator: true }), 'y')).toEqual(names(out));
  });

  it('picks numeric columns for mean and median when none are listed, never the target', () => {
    const t = tableOf({ x: [1, null, 3], c: ['a', null, 'b'], y: [null, 1, 2] });
    const { out, state } = run(imputeNode, t, { strategy: 'mean' }, { target: 'y' });
    expect(state.columns.map((c) => c.name)).toEqual(['x']);
    expect(nums(out, 'x')).toEqual([1, 2, 3]);
    expect(texts(out, 'c')).toEqual(['a', null, 'b']);
    expect(nums(out, 'y')).toEqual([NaN, 1, 2]);
  });

  it('leaves a column with no training value missing (fill null)', () => {
    const { out, state } = run(imputeNode, table, { columns: ['x'], strategy: 'mean' }, { train: [1, 5] });
    expect(state.columns[0]!.fill).toBeNull();
    expectClose(nums(out, 'x'), [1, NaN, 4, 10, 1000, NaN]);
  });

  it('throws, naming node and column, for text with mean, a non-number constant, the target or a missing column', () => {
    expect(() => run(imputeNode, table, { columns: ['c'], strategy: 'mean' })).toThrow('Impute: the column "c" cannot be used');
    expect(() => run(imputeNode, table, { columns: ['x'], strategy: 'constant', value: 'n/a' })).toThrow(/"n\/a" is not a number/);
    expect(() => run(imputeNode, table, { columns: ['y'] }, { target: 'y' })).toThrow(/target/);
    const { state, params } = run(imputeNode, table, { columns: ['x'] });
    expect(() => imputeNode.apply(tableOf({ c: ['a'] }), params, state, { trainRows: null })).toThrow('Impute: the column "x" is not in the table.');
  });
});
