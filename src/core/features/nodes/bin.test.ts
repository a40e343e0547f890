import { describe, expect, it } from 'vitest';
import { tableOf } from '../../data/testTables';
import { binIndex, binNode } from './bin';
import { names, nums, run } from './testing';

// Training rows 0-4: 1, 2, 3, 4, 100. Rows 5-7 are not training rows.
const table = tableOf({ x: [1, 2, 3, 4, 100, -5, 1000, null], y: [0, 0, 0, 0, 0, 0, 0, 0] });
const train = [0, 1, 2, 3, 4];

describe('bin', () => {
  it.each([
    // Equal width over [1, 100]: edges 1, 25.75, 50.5, 75.25, 100.
    { strategy: 'equal_width', edges: [1, 25.75, 50.5, 75.25, 100], index: [0, 0, 0, 0, 3, 0, 3, NaN] },
    // Quantiles at positions (n − 1)·k/4 = 0, 1, 2, 3, 4 of the sorted values: 1, 2, 3, 4, 100.
    { strategy: 'quantile', edges: [1, 2, 3, 4, 100], index: [0, 1, 2, 3, 3, 0, 3, NaN] },
  ])('$strategy edges from training rows; index output', ({ strategy, edges, index }) => {
    const { out, state } = run(binNode, table, { columns: ['x'], strategy, bins: 4 }, { train });
    expect(state.columns[0]!.edges).toEqual(edges);
    expect(nums(out, 'x')).toEqual(index);
  });

  it('one-hot output: one 0/1 column per bin, missing is all zeros', () => {
    const params = { columns: ['x'], strategy: 'quantile', bins: 4, output: 'onehot' };
    const { out } = run(binNode, table, params, { train });
    expect(names(out)).toEqual(['x:bin:0', 'x:bin:1', 'x:bin:2', 'x:bin:3', 'y']);
    expect(nums(out, 'x:bin:0')).toEqual([1, 0, 0, 0, 0, 1, 0, 0]);
    expect(nums(out, 'x:bin:3')).toEqual([0, 0, 0, 1, 1, 0, 1, 0]);
    expect(binNode.outputColumns?.(names(table), binNode.params.parse(params))).toEqual(names(out));
  });

  it.each([
    { edges: [0, 1, 1, 2], v: 1, k: 2 },
    { edges: [0, 1, 1, 2], v: 0.5, k: 0 },
    { edges: [0, 1, 2], v: 2, k: 1 },
    { edges: [0, 1, 2], v: -1, k: 0 },
    { edges: [5, 5, 5], v: 5, k: 1 },
  ])('binIndex($edges, $v) = $k (edge[k] ≤ v < edge[k+1], ends open)', ({ edges, v, k }) => {
    expect(binIndex(edges, v)).toBe(k);
  });

  it('a column without training values gives missing indices', () => {
    const { out, state } = run(binNode, table, { columns: ['x'] }, { train: [7] });
    expect(state.columns[0]!.edges).toBeNull();
    expect(nums(out, 'x').every(Number.isNaN)).toBe(true);
  });
});

describe('binIndex compares as 32-bit floats (as an exported model must)', () => {
  it('a value within float32 rounding of an edge counts as on the edge', () => {
    const edges = [-3, -0.05299999999999999, 3];
    // In float64 -0.053 < -0.05299999999999999; as float32 they are equal, so the value is on that edge: bin 2.
    expect(binIndex([-4, ...edges, 4], -0.053)).toBe(2);
    expect(binIndex([-4, ...edges, 4], -0.0531)).toBe(1);
    expect(binIndex([-4, ...edges, 4], 3)).toBe(3);
    expect(binIndex([-4, ...edges, 4], Number.NaN)).toBeNaN();
  });
});
