import { describe, expect, it } from 'vitest';
import { HIGH_COLOR, jitter, LOW_COLOR, NO_VALUE_COLOR, rankColor, valueRanks } from './beeswarm';

describe('valueRanks', () => {
  it('scales ranks to [0, 1] among the numbers, leaving nulls null', () => {
    expect(valueRanks([30, null, 10, 20])).toEqual([1, null, 0, 0.5]);
  });

  it('gives ties their mean rank', () => {
    expect(valueRanks([1, 2, 2, 3])).toEqual([0, 0.5, 0.5, 1]);
  });

  it('puts a single value, or all-equal values, in the middle', () => {
    expect(valueRanks([7])).toEqual([0.5]);
    expect(valueRanks([4, 4, null])).toEqual([0.5, 0.5, null]);
    expect(valueRanks([null, null])).toEqual([null, null]);
  });

  it('ignores non-finite numbers', () => {
    expect(valueRanks([NaN, 1, 2])).toEqual([null, 0, 1]);
  });
});

describe('rankColor', () => {
  it('runs from the low colour to the high colour, grey for no value', () => {
    expect(rankColor(0)).toBe(`rgb(${LOW_COLOR.join(', ')})`);
    expect(rankColor(1)).toBe(`rgb(${HIGH_COLOR.join(', ')})`);
    expect(rankColor(null)).toBe(NO_VALUE_COLOR);
    expect(rankColor(2)).toBe(rankColor(1));
  });
});

describe('jitter', () => {
  it('stays within ±half and is the same on every call', () => {
    for (let i = 0; i < 200; i++) {
      expect(Math.abs(jitter(i, 5))).toBeLessThanOrEqual(5);
      expect(jitter(i, 5)).toBe(jitter(i, 5));
    }
  });
});
