import { describe, expect, it } from 'vitest';
import { createRng } from '../util/random';
import { kmeansBackground, sampleBackground, uniformBackground, weightedMean } from './kmeans';

/** Three tight blobs of 50, 30 and 20 rows around known centers, rows interleaved. */
function blobs(): { x: Float32Array; n: number; d: number; centers: number[][]; sizes: number[] } {
  const centers = [
    [0, 0, 0],
    [10, -10, 5],
    [-8, 6, 20],
  ];
  const sizes = [50, 30, 20];
  const rng = createRng(3);
  const labels = sizes.flatMap((s, c) => new Array<number>(s).fill(c));
  for (let i = labels.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [labels[i], labels[j]] = [labels[j]!, labels[i]!];
  }
  const d = 3;
  const x = new Float32Array(labels.length * d);
  labels.forEach((c, r) => {
    for (let j = 0; j < d; j++) x[r * d + j] = centers[c]![j]! + (rng() - 0.5) * 0.5;
  });
  return { x, n: labels.length, d, centers, sizes };
}

describe('kmeansBackground', () => {
  it('recovers obvious clusters: centers at the blob means, weights = the blob shares', () => {
    const { x, n, d, centers, sizes } = blobs();
    const bg = kmeansBackground(x, n, d, 3, 1);
    expect(bg.n).toBe(3);
    // Blob means computed directly from the rows nearest each true center.
    for (let c = 0; c < 3; c++) {
      const mean = new Array<number>(d).fill(0);
      let count = 0;
      for (let r = 0; r < n; r++) {
        const dist = centers[c]!.reduce((s, v, j) => s + (x[r * d + j]! - v) ** 2, 0);
        if (dist < 4) {
          count++;
          for (let j = 0; j < d; j++) mean[j]! += x[r * d + j]!;
        }
      }
      expect(count).toBe(sizes[c]);
      const found = Array.from({ length: bg.n }, (_, i) => i).find((i) => Math.abs(bg.x[i * d]! - mean[0]! / count) < 1e-4);
      expect(found, `center ${c}`).toBeDefined();
      for (let j = 0; j < d; j++) expect(bg.x[found! * d + j]).toBeCloseTo(mean[j]! / count, 4);
      expect(bg.weights[found!]).toBeCloseTo(sizes[c]! / n, 12);
    }
  });

  it('weights sum to 1, also with row weights; is deterministic for a seed', () => {
    const { x, n, d } = blobs();
    const rowWeights = Float64Array.from({ length: n }, (_, r) => 1 + (r % 4));
    for (const w of [undefined, rowWeights]) {
      for (const k of [1, 2, 5, 17]) {
        const a = kmeansBackground(x, n, d, k, 7, w);
        expect(a.weights.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
        const b = kmeansBackground(x, n, d, k, 7, w);
        expect(Array.from(b.x)).toEqual(Array.from(a.x));
        expect(Array.from(b.weights)).toEqual(Array.from(a.weights));
      }
    }
  });

  it('weights a cluster by its rows’ weights', () => {
    // Two points far apart, 3 copies each: with weights 1 vs 3 the shares are 1/4 and 3/4.
    const x = Float32Array.from([0, 0, 0, 100, 100, 100]);
    const bg = kmeansBackground(x, 6, 1, 2, 1, Float64Array.from([1, 1, 1, 3, 3, 3]));
    const at0 = bg.x[0] === 0 ? 0 : 1;
    expect(bg.weights[at0]).toBeCloseTo(0.25, 12);
    expect(bg.weights[1 - at0]).toBeCloseTo(0.75, 12);
  });

  it('returns the rows with weight 1/n when k >= n, and drops clusters that cannot be filled', () => {
    const x = Float32Array.from([1, 2, 3, 4, 5, 6]);
    const all = kmeansBackground(x, 3, 2, 3, 1);
    expect(Array.from(all.x)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(all.weights)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    // Two distinct rows among four: at most two clusters.
    const dup = kmeansBackground(Float32Array.from([1, 1, 1, 9]), 4, 1, 3, 1);
    expect(dup.n).toBe(2);
    expect(Array.from(dup.weights).sort()).toEqual([0.25, 0.75]);
  });

  it('rejects bad shapes, k and weights', () => {
    const x = new Float32Array(6);
    expect(() => kmeansBackground(x, 4, 2, 2, 1)).toThrow(/expected 4 rows × 2/);
    expect(() => kmeansBackground(x, 3, 2, 0, 1)).toThrow(/k must be a positive integer/);
    expect(() => kmeansBackground(x, 3, 2, 2, 1, Float64Array.from([1, -1, 1]))).toThrow(/weights must be finite/);
    expect(() => kmeansBackground(x, 3, 2, 2, 1, new Float64Array(3))).toThrow(/all zero/);
  });
});

describe('sampleBackground', () => {
  it('draws m distinct rows in their original order, weights 1/m, deterministic for a seed', () => {
    const n = 40;
    const d = 2;
    const x = Float32Array.from({ length: n * d }, (_, i) => Math.floor(i / d) * 10 + (i % d)); // row r = [10r, 10r + 1]
    const bg = sampleBackground(x, n, d, 7, 3);
    expect(bg.n).toBe(7);
    expect(Array.from(bg.weights)).toEqual(new Array<number>(7).fill(1 / 7));
    const rows = Array.from({ length: 7 }, (_, r) => bg.x[r * d]! / 10);
    for (let r = 0; r < 7; r++) expect(bg.x[r * d + 1]).toBe(rows[r]! * 10 + 1);
    expect(new Set(rows).size).toBe(7);
    for (let r = 1; r < 7; r++) expect(rows[r]!).toBeGreaterThan(rows[r - 1]!);
    expect(Array.from(sampleBackground(x, n, d, 7, 3).x)).toEqual(Array.from(bg.x));
    expect(Array.from(sampleBackground(x, n, d, 7, 4).x)).not.toEqual(Array.from(bg.x));
    expect(sampleBackground(x, n, d, 100, 3).n).toBe(n);
  });

  it('draws every row equally often over seeds (uniform without replacement)', () => {
    const n = 10;
    const counts = new Array<number>(n).fill(0);
    const x = Float32Array.from({ length: n }, (_, i) => i);
    const trials = 4000;
    for (let s = 0; s < trials; s++) for (const v of sampleBackground(x, n, 1, 3, s).x) counts[v]!++;
    // Each row expected 1200 times; binomial sd ≈ 29, so ±150 is over 5 sd.
    for (const c of counts) expect(Math.abs(c - (trials * 3) / n)).toBeLessThan(150);
  });
});

describe('weightedMean and uniformBackground', () => {
  it('computes E_background[x] with the weights', () => {
    const bg = { x: Float32Array.from([1, 10, 3, 30]), n: 2, d: 2, weights: Float64Array.from([0.25, 0.75]) };
    expect(Array.from(weightedMean(bg))).toEqual([2.5, 25]);
    expect(Array.from(weightedMean(uniformBackground(bg.x, 2, 2)))).toEqual([2, 20]);
  });
});
