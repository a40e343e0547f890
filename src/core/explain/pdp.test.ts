import { describe, expect, it } from 'vitest';
import { partialDependence, pdpGrid } from './pdp';

describe('pdpGrid', () => {
  it('keeps every distinct numeric value when there are few, sorted, NaN ignored', () => {
    expect(pdpGrid(Float64Array.from([3, 1, NaN, 2, 1, 3]), 'numeric')).toEqual({ kind: 'numeric', values: [1, 2, 3] });
    expect(pdpGrid(Float64Array.from([NaN, NaN]), 'numeric')).toEqual({ kind: 'numeric', values: [] });
  });

  it('takes quantiles from the 5th to the 95th percentile when there are many values', () => {
    // Values i² for i = 0..10 (11 sorted values, positions 0..10). Levels 0.05, 0.5, 0.95 → positions
    // 0.5, 5, 9.5 → 0 + 0.5·(1 − 0) = 0.5; 25; 81 + 0.5·(100 − 81) = 90.5.
    const squares = Float64Array.from({ length: 11 }, (_, i) => i * i);
    expect(pdpGrid(squares, 'numeric', 3)).toEqual({ kind: 'numeric', values: [0.5, 25, 90.5] });
  });

  it('removes quantiles that coincide', () => {
    // 90 zeros then 1..10 (100 values). Levels 0.05, 0.35, 0.65, 0.95 → positions 4.95, 34.65, 64.35
    // (all zeros) and 94.05 → 5 + 0.05·(6 − 5) = 5.05.
    const values = Float64Array.from({ length: 100 }, (_, i) => (i < 90 ? 0 : i - 89));
    const grid = pdpGrid(values, 'numeric', 4);
    expect(grid.kind).toBe('numeric');
    expect(grid.values).toHaveLength(2);
    expect(grid.values[0]).toBe(0);
    expect(grid.values[1]).toBeCloseTo(5.05, 12);
  });

  it('takes the most frequent categorical levels, ties by label, missing ignored', () => {
    const labels = ['b', 'a', null, 'c', 'a', '', 'b', 'a', 'd', 'c'];
    expect(pdpGrid(labels, 'categorical', 3)).toEqual({ kind: 'categorical', values: ['a', 'b', 'c'] });
    expect(pdpGrid(labels, 'categorical')).toEqual({ kind: 'categorical', values: ['a', 'b', 'c', 'd'] });
  });

  it('rejects values that do not fit the kind', () => {
    expect(() => pdpGrid(['a'], 'numeric')).toThrow(RangeError);
    expect(() => pdpGrid(Float64Array.from([1]), 'categorical')).toThrow(RangeError);
    expect(() => pdpGrid(Float64Array.from([1]), 'numeric', 1)).toThrow(RangeError);
  });
});

describe('partialDependence', () => {
  // Additive model with two outputs: f0 = x0² + 3·x1, f1 = 2·x0 − x1. Rows' x1 = 1, 2, 3 (mean 2); their
  // own x0 is irrelevant because PD overwrites it.
  const x1 = [1, 2, 3];
  const predictWithX0 = (v: number) => Float32Array.from(x1.flatMap((b) => [v * v + 3 * b, 2 * v - b]));

  it('equals the feature’s own shape plus a constant for an additive model, with ICE per row', async () => {
    const grid = [0, 1, 2];
    const pd = await partialDependence({ grid, nRows: 3, k: 2, predictAt: (g) => predictWithX0(grid[g]!) });
    expect(pd.grid).toBe(grid);
    // Output 0: v² + 3·mean(x1) = v² + 6 → 6, 7, 10. Output 1: 2v − mean(x1) = 2v − 2 → −2, 0, 2.
    expect(Array.from(pd.average)).toEqual([6, -2, 7, 0, 10, 2]);
    // ICE of row i at v: (v² + 3·x1_i, 2v − x1_i), laid out row, then grid point, then output.
    expect(Array.from(pd.ice)).toEqual([
      3, -1, 4, 1, 7, 3, // row 0 (x1 = 1)
      6, -2, 7, 0, 10, 2, // row 1 (x1 = 2)
      9, -3, 10, -1, 13, 1, // row 2 (x1 = 3)
    ]);
  });

  it('works over a categorical grid, reports progress, and accepts async predictions', async () => {
    const effect: Record<string, number> = { red: 1, green: -1, blue: 0.5 };
    const grid = ['red', 'green', 'blue'];
    const progress: string[] = [];
    const pd = await partialDependence({
      grid,
      nRows: 2,
      k: 1,
      predictAt: async (g) => Float32Array.from([10, 20], (base) => base + effect[grid[g]!]!),
      onProgress: (d, t) => progress.push(`${d}/${t}`),
    });
    expect(Array.from(pd.average)).toEqual([16, 14, 15.5]);
    expect(progress).toEqual(['1/3', '2/3', '3/3']);
  });

  it('rejects a wrong-sized or non-finite prediction and stops with an AbortError', async () => {
    const base = { grid: [0, 1], nRows: 3, k: 2 };
    await expect(partialDependence({ ...base, predictAt: () => new Float32Array(5) })).rejects.toThrow(/expected 3 rows × 2/);
    await expect(partialDependence({ ...base, predictAt: () => Float32Array.from([0, 0, NaN, 0, 0, 0]) })).rejects.toThrow(
      /non-finite/,
    );
    let calls = 0;
    const stopped = partialDependence({
      ...base,
      predictAt: (g) => {
        calls++;
        return predictWithX0(g);
      },
      shouldStop: () => calls >= 1,
    });
    await expect(stopped).rejects.toMatchObject({ name: 'AbortError', message: 'Cancelled.' });
    expect(calls).toBe(1);
  });
});
