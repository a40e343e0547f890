import { describe, expect, it } from 'vitest';
import { tableOf } from '../../data/testTables';
import { clipNode } from './clip';
import { expectClose, nums, run } from './testing';

// Training rows 0-4: 1, 2, 3, 4, 100. Q1 = 2, Q3 = 4 (linear), IQR = 2. Mean 22, population std √1522.
const table = tableOf({ x: [1, 2, 3, 4, 100, -5, null] });
const train = [0, 1, 2, 3, 4];
const s = Math.sqrt(1522);

describe('clip', () => {
  it.each([
    { params: { method: 'iqr' }, lower: -1, upper: 7 },
    { params: { method: 'iqr', iqrMultiplier: 0.5 }, lower: 1, upper: 5 },
    { params: { method: 'zscore', zLimit: 1 }, lower: 22 - s, upper: 22 + s },
    { params: { method: 'zscore' }, lower: 22 - 3 * s, upper: 22 + 3 * s },
  ])('$params: bounds [$lower, $upper] from training rows', ({ params, lower, upper }) => {
    const { out, state } = run(clipNode, table, { columns: ['x'], ...params }, { train });
    expectClose([state.columns[0]!.lower!, state.columns[0]!.upper!], [lower, upper], 12);
    const c = (v: number) => Math.min(upper, Math.max(lower, v));
    expectClose(nums(out, 'x'), [c(1), c(2), c(3), c(4), c(100), c(-5), NaN], 12);
  });

  it('leaves a column without training values as it is', () => {
    const { out } = run(clipNode, table, { columns: ['x'] }, { train: [6] });
    expect(nums(out, 'x')).toEqual([1, 2, 3, 4, 100, -5, NaN]);
  });
});
