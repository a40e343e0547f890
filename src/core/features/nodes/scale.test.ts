import { describe, expect, it } from 'vitest';
import { tableOf } from '../../data/testTables';
import { scaleNode } from './scale';
import { expectClose, names, nums, run } from './testing';

// Train rows 0-4: x = 1, 2, 3, 4, missing. Row 5 (100) is not a training row.
// mean 2.5, population std √1.25; min 1, max 4; median 2.5, Q1 1.75, Q3 3.25 (linear), IQR 1.5.
const table = tableOf({ x: [1, 2, 3, 4, null, 100], k: [5, 5, 5, 5, 5, 6], s: ['a', 'b', 'c', 'd', 'e', 'f'] });
const train = [0, 1, 2, 3, 4];
const x = [1, 2, 3, 4, NaN, 100];

describe('scale', () => {
  it.each([
    { method: 'standard', center: 2.5, scale: Math.sqrt(1.25) },
    { method: 'minmax', center: 1, scale: 3 },
    { method: 'robust', center: 2.5, scale: 1.5 },
  ])('$method: (x − $center) / $scale with training statistics', ({ method, center, scale }) => {
    const { out, state } = run(scaleNode, table, { columns: ['x'], method }, { train });
    expectClose([state.columns[0]!.center, state.columns[0]!.scale], [center, scale], 12);
    expectClose(nums(out, 'x'), x.map((v) => (v - center) / scale), 12);
  });

  it.each(['standard', 'minmax', 'robust'])('%s: a constant training column gets scale 1', (method) => {
    const { out, state } = run(scaleNode, table, { columns: ['k'], method }, { train });
    expect(state.columns[0]).toEqual({ name: 'k', center: 5, scale: 1 });
    expect(nums(out, 'k')).toEqual([0, 0, 0, 0, 0, 1]);
  });

  it('scales every numeric column but the target when none are listed', () => {
    const t = tableOf({ a: [0, 2], s: ['u', 'v'], y: [10, 20] });
    const { out } = run(scaleNode, t, { method: 'minmax' }, { target: 'y' });
    expect(names(out)).toEqual(['a', 's', 'y']);
    expect(nums(out, 'a')).toEqual([0, 1]);
    expect(nums(out, 'y')).toEqual([10, 20]);
  });

  it('refuses text and names missing columns', () => {
    expect(() => run(scaleNode, table, { columns: ['s'] })).toThrow('Scale: the column "s" cannot be used: this node needs numbers.');
    const { state, params } = run(scaleNode, table, { columns: ['x'] });
    expect(() => scaleNode.apply(tableOf({ k: [1] }), params, state, { trainRows: null })).toThrow('Scale: the column "x" is not in the table.');
    expect(() => scaleNode.apply(tableOf({ x: ['a'] }), params, state, { trainRows: null })).toThrow('Scale: the column "x" holds text');
  });
});
