// The KS test against SciPy 1.10 (fixtures/ks.json, written by scripts/make-drift-fixtures.py):
// ks_2samp(method='asymp') on seeded sample pairs, and kstwo.sf on a grid reaching every branch.
import { describe, expect, it } from 'vitest';
import fixtures from './fixtures/ks.json';
import { kolmogorovSf, ksTwoSample, roundHalfEven, smirnovSf } from './ks';

const ascending = (values: readonly number[]): Float64Array => Float64Array.from(values).sort();

describe('ksTwoSample vs scipy.stats.ks_2samp(method="asymp")', () => {
  it.each(fixtures.pairs.map((p) => [p.name, p] as const))('%s', (_name, p) => {
    const r = ksTwoSample(ascending(p.a), ascending(p.b));
    expect(Math.abs(r.statistic - p.statistic)).toBeLessThanOrEqual(1e-9);
    expect(Math.abs(r.pValue - p.pvalue)).toBeLessThanOrEqual(1e-6);
  });

  it('is symmetric in its two samples', () => {
    for (const p of fixtures.pairs) {
      const ab = ksTwoSample(ascending(p.a), ascending(p.b));
      const ba = ksTwoSample(ascending(p.b), ascending(p.a));
      expect(ba).toEqual(ab);
    }
  });

  it('gives NaN for one value on each side (SciPy: n = round(0.5) = 0 is outside kstwo) and throws on an empty sample', () => {
    expect(ksTwoSample([1], [2])).toEqual({ statistic: 1, pValue: NaN });
    expect(() => ksTwoSample([], [1, 2])).toThrow(/at least one value/);
  });
});

describe('kolmogorovSf vs scipy.stats.kstwo.sf', () => {
  it(`matches SciPy on ${fixtures.kstwo.length} (n, d) points within 1e-6, and within 1e-8 relative in the far tail`, () => {
    const bad = fixtures.kstwo
      .map((f) => ({ ...f, ours: kolmogorovSf(f.n, f.d) }))
      .filter((f) => !(Math.abs(f.ours - f.sf) <= 1e-6 && Math.abs(f.ours - f.sf) <= 1e-8 * f.sf + 1e-300));
    expect(bad).toEqual([]);
  });

  it('is NaN for n that is not a positive integer', () => {
    expect(kolmogorovSf(0, 0.3)).toBeNaN();
    expect(kolmogorovSf(2.5, 0.3)).toBeNaN();
  });
});

describe('smirnovSf', () => {
  it('matches the closed forms at the ends: 1 − x for n = 1, (1 − x)^n for x ≥ 1 − 1/n', () => {
    expect(smirnovSf(1, 0.3)).toBe(0.7);
    expect(smirnovSf(10, 0.95)).toBeCloseTo(0.05 ** 10, 25);
  });

  it('matches a direct Birnbaum-Tingey sum with exact binomials for n = 6', () => {
    // n = 6, x = 0.4: v = 0..3, C(6,v) · 0.4 · (0.4 + v/6)^(v−1) · (0.6 − v/6)^(6−v).
    const x = 0.4;
    const binom = [1, 6, 15, 20];
    const direct = binom.reduce((s, c, v) => s + c * x * (x + v / 6) ** (v - 1) * (1 - x - v / 6) ** (6 - v), 0);
    expect(Math.abs(smirnovSf(6, x) - direct)).toBeLessThan(1e-15);
  });
});

describe('roundHalfEven', () => {
  it.each([
    [0.5, 0],
    [1.5, 2],
    [2.5, 2],
    [2.4999, 2],
    [2.5001, 3],
    [7, 7],
  ])('%d → %d', (x, r) => expect(roundHalfEven(x)).toBe(r));
});
