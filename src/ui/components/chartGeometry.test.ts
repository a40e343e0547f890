import { describe, expect, it } from 'vitest';
import { epochTicks, extentOf, linePath, niceTicks } from './chartGeometry';

describe('extentOf', () => {
  it('ignores nulls and non-finite values', () => {
    expect(extentOf([3, null, Number.NaN, -1, Infinity, 2])).toEqual({ min: -1, max: 3 });
  });
  it('is null without finite values and widens a flat range', () => {
    expect(extentOf([null, Number.NaN])).toBeNull();
    expect(extentOf([2, 2])).toEqual({ min: 1.9, max: 2.1 });
    expect(extentOf([0])).toEqual({ min: -1, max: 1 });
  });
});

describe('niceTicks', () => {
  it.each([
    [{ min: 0.45, max: 1.05 }, [0.4, 0.6, 0.8, 1, 1.2]],
    [{ min: 0, max: 100 }, [0, 25, 50, 75, 100]],
    [{ min: 0.1, max: 0.3 }, [0.1, 0.15, 0.2, 0.25, 0.3]],
    [{ min: -3, max: 7 }, [-5, -2.5, 0, 2.5, 5, 7.5]],
  ])('covers %j with nice steps', (extent, ticks) => {
    const r = niceTicks(extent, 5);
    expect(r.ticks).toEqual(ticks);
    expect(r.extent).toEqual({ min: ticks[0], max: ticks[ticks.length - 1] });
  });
});

describe('epochTicks', () => {
  it.each([
    [1, 1, [1]],
    [1, 3, [1, 2, 3]],
    [1, 40, [1, 10, 20, 30, 40]],
    [1, 7, [1, 2, 4, 6]],
    [1, 12, [1, 3, 6, 9, 12]],
  ])('from %i to %i', (first, last, ticks) => {
    expect(epochTicks(first, last)).toEqual(ticks);
  });
});

describe('linePath', () => {
  const id = (v: number) => v;
  it('draws through points and breaks at missing values', () => {
    expect(linePath([1, 2, 3, 4], [10, null, 30, 40], id, id)).toBe('M1.0 10.0M3.0 30.0L4.0 40.0');
    expect(linePath([1, 2], [Number.NaN, 5], id, (v) => v * 2)).toBe('M2.0 10.0');
    expect(linePath([], [], id, id)).toBe('');
  });
});
