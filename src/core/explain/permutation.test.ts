import { describe, expect, it } from 'vitest';
import { importanceScore, permutationImportance } from './permutation';
import { createRng } from '../util/random';

/** Negated mean squared error of predictions `pred` against `y`: a "higher is better" score. */
function negMse(y: ArrayLike<number>, pred: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (y[i]! - pred[i]!) ** 2;
  return -s / y.length;
}

describe('permutationImportance', () => {
  it('matches drops computed by hand on 4 rows (model: y = x0 + x1, score −MSE)', async () => {
    const x0 = [0, 1, 2, 3];
    const x1 = [1, 0, 0, -1];
    const y = [1, 1, 2, 2];
    const seen: string[] = [];
    const result = await permutationImportance({
      names: ['x0', 'x1'],
      repeats: 3,
      seed: 7,
      metric: 'neg_mse',
      baselineScore: 0,
      n: 4,
      scoreWithPermutation: (f, p) => {
        seen.push(`${f}:${Array.from(p).join(',')}`);
        const pred = y.map((_, i) => (f === 0 ? x0[p[i]!]! : x0[i]!) + (f === 1 ? x1[p[i]!]! : x1[i]!));
        return negMse(y, pred);
      },
    });
    // The seeded permutations of 0..3 for seed 7, pinned so a change of the sampling scheme is noticed.
    expect(seen).toEqual(['0:2,3,0,1', '0:0,1,3,2', '0:0,2,1,3', '1:1,2,3,0', '1:2,0,1,3', '1:2,1,0,3']);
    // x0 permuted: errors x0[p] − x0 = (2,2,−2,−2) → MSE 4; (0,0,1,−1) → 0.5; (0,1,−1,0) → 0.5.
    // Mean 5/3; deviations 7/3, −7/6, −7/6 → variance (49/9 + 2·49/36)/3 = 49/18.
    // x1 permuted: x1[p] = (0,0,−1,1), errors (−1,0,−1,2) → MSE 1.5; (0,1,0,−1) → (−1,1,0,0) → 0.5;
    // (0,0,1,−1) → (−1,0,1,0) → 0.5. Mean 5/6; deviations 2/3, −1/3, −1/3 → variance 2/9.
    expect(result.metric).toBe('neg_mse');
    expect(result.repeats).toBe(3);
    expect(result.baselineScore).toBe(0);
    expect(result.features.map((f) => f.name)).toEqual(['x0', 'x1']);
    const [a, b] = result.features;
    expect(a!.drops).toEqual([4, 0.5, 0.5]);
    expect(a!.mean).toBeCloseTo(5 / 3, 12);
    expect(a!.std).toBeCloseTo(Math.sqrt(49 / 18), 12);
    expect(b!.drops).toEqual([1.5, 0.5, 0.5]);
    expect(b!.mean).toBeCloseTo(5 / 6, 12);
    expect(b!.std).toBeCloseTo(Math.sqrt(2 / 9), 12);
  });

  it('gives an ignored feature exactly 0 and a used one a positive importance (R² via importanceScore)', async () => {
    const n = 60;
    const rng = createRng(11);
    const x = Array.from({ length: n }, () => [rng() * 4 - 2, rng() * 4 - 2]);
    const model = (row: readonly number[]): number => 3 * row[0]! + 1; // feature 1 is ignored
    const y = Float32Array.from(x, (row) => model(row) + (rng() - 0.5) * 0.1);
    const predictAll = (rows: readonly (readonly number[])[]) => Float32Array.from(rows, model);
    const baseline = importanceScore('regression', y, predictAll(x), []);
    expect(baseline.metric).toBe('r2');
    const result = await permutationImportance({
      names: ['used', 'ignored'],
      repeats: 4,
      seed: 3,
      metric: baseline.metric,
      baselineScore: baseline.score,
      n,
      scoreWithPermutation: (f, p) => {
        const permuted = x.map((row, i) => row.map((v, j) => (j === f ? x[p[i]!]![j]! : v)));
        return importanceScore('regression', y, predictAll(permuted), []).score;
      },
    });
    const byName = Object.fromEntries(result.features.map((f) => [f.name, f]));
    expect(byName.ignored!.drops).toEqual([0, 0, 0, 0]);
    expect(byName.ignored!.mean).toBe(0);
    expect(byName.ignored!.std).toBe(0);
    // Shuffling a feature that explains ~all the variance drives R² to about −1 (twice the variance).
    expect(byName.used!.mean).toBeGreaterThan(1);
    expect(result.features[0]!.name).toBe('used');
  });

  it('is deterministic for a seed, and a repeat does not depend on how many there are', async () => {
    const run = (seed: number, repeats: number) =>
      permutationImportance({
        names: ['a', 'b', 'c'],
        repeats,
        seed,
        metric: 'm',
        baselineScore: 0,
        n: 20,
        // Score depends on the exact permutation: sum of |p[i] − i| weighted by the feature index.
        scoreWithPermutation: (f, p) => -(f + 1) * p.reduce((s, v, i) => s + Math.abs(v - i), 0),
      });
    const first = await run(5, 3);
    expect(await run(5, 3)).toEqual(first);
    const longer = await run(5, 5);
    for (const f of first.features) {
      expect(longer.features.find((g) => g.name === f.name)!.drops.slice(0, 3)).toEqual(f.drops);
    }
    const other = await run(6, 3);
    expect(other.features.map((f) => f.drops)).not.toEqual(first.features.map((f) => f.drops));
  });

  it('reports progress, stops with an AbortError and rejects non-finite scores', async () => {
    const progress: string[] = [];
    const base = { names: ['a', 'b'], repeats: 2, seed: 1, metric: 'm', baselineScore: 1, n: 5 };
    await permutationImportance({ ...base, scoreWithPermutation: () => 0, onProgress: (d, t) => progress.push(`${d}/${t}`) });
    expect(progress).toEqual(['1/4', '2/4', '3/4', '4/4']);

    let calls = 0;
    const stopped = permutationImportance({
      ...base,
      scoreWithPermutation: () => {
        calls++;
        return 0;
      },
      shouldStop: () => calls >= 3,
    });
    await expect(stopped).rejects.toMatchObject({ name: 'AbortError', message: 'Cancelled.' });
    expect(calls).toBe(3);

    await expect(permutationImportance({ ...base, scoreWithPermutation: () => NaN })).rejects.toThrow(/not finite/);
    await expect(permutationImportance({ ...base, repeats: 0, scoreWithPermutation: () => 0 })).rejects.toThrow(RangeError);
  });
});

describe('importanceScore', () => {
  it('is accuracy for classification and R² for regression (hand-computed)', () => {
    // Argmax per row: 0, 1, 0, 1 against 0, 1, 1, 0 → 2 of 4 right.
    const proba = Float32Array.from([0.8, 0.2, 0.3, 0.7, 0.6, 0.4, 0.1, 0.9]);
    expect(importanceScore('binary', Float32Array.from([0, 1, 1, 0]), proba, ['no', 'yes'])).toEqual({
      metric: 'accuracy',
      score: 0.5,
    });
    // SS_res = 1, mean 2, SS_tot = 2 → R² = 0.5.
    expect(importanceScore('regression', Float32Array.from([1, 2, 3]), Float32Array.from([1, 2, 4]), [])).toEqual({
      metric: 'r2',
      score: 0.5,
    });
  });
});
