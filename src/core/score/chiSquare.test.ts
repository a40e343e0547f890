// The chi-square survival function against SciPy 1.10 (scipy.stats.chi2.sf, computed with Debian's
// python3-scipy when these cases were written).
import { describe, expect, it } from 'vitest';
import { chiSquareSf } from './chiSquare';

const SCIPY: readonly [number, number, number][] = [
  [11.2, 10, 0.34215001737678635],
  [6.6, 2, 0.03688316740124002],
  [0.5, 1, 0.47950012218695337],
  [3.84, 1, 0.05004352124870519],
  [20, 5, 0.0012497305630313773],
  [100, 30, 1.8568023365102314e-9],
  [1e-3, 3, 0.9999915920809419],
  [50, 2, 1.3887943864964e-11],
  [7.5, 9, 0.5852087693825123],
  [300, 200, 5.924540335483916e-6],
];

describe('chiSquareSf', () => {
  it.each(SCIPY)('χ²(%s; k=%s) matches SciPy', (x, k, p) => {
    expect(Math.abs(chiSquareSf(x, k) - p)).toBeLessThanOrEqual(1e-10 * Math.max(p, 1e-3));
  });
  it('is 1 at 0 and refuses a non-positive k', () => {
    expect(chiSquareSf(0, 4)).toBe(1);
    expect(() => chiSquareSf(1, 0)).toThrow(RangeError);
  });
});
