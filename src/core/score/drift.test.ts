// Drift: PSI against hand computations, bins and shares on tiny tables, KS as ks.ts computes it,
// explanations, absent and skipped columns, unseen levels, and two properties (identical data is never
// flagged; the reference survives JSON).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tableOf, times, type CellValue } from '../data/testTables';
import type { ColumnKind } from '../data/table';
import { driftReport, fitDriftReference, psi, type CategoricalReference, type NumericReference } from './drift';
import { ksTwoSample } from './ks';
import { createRng } from '../util/random';

const all = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

describe('psi', () => {
  it('matches a hand computation: Σ (new − train) · ln(new / train)', () => {
    // (0.4 − 0.5) ln(0.4/0.5) + (0.4 − 0.3) ln(0.4/0.3) + 0 = 0.0223143551 + 0.0287682072
    expect(psi([0.5, 0.3, 0.2], [0.4, 0.4, 0.2])).toBeCloseTo(0.051082562376599076, 15);
  });

  it('counts an empty bin as a share of 1e-4', () => {
    // (0.4 − 0.5) ln(0.8) + (0.1 − 1e-4) ln(0.1 / 1e-4) = 0.0223143551 + 0.6900847524
    expect(psi([0.5, 0.5, 0], [0.5, 0.4, 0.1])).toBeCloseTo(0.7123991075017365, 15);
  });

  it('is exactly 0 for identical shares, empty bins included', () => {
    expect(psi([0.25, 0, 0.75], [0.25, 0, 0.75])).toBe(0);
  });
});

describe('fitDriftReference', () => {
  it('cuts numeric columns at deduplicated quantiles (right-closed bins) and keeps the missing share', () => {
    const table = tableOf({ x: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, null, null] });
    const ref = fitDriftReference(table, [{ name: 'x', kind: 'numeric' }], all(12), { bins: 4 });
    const x = ref.columns[0] as NumericReference;
    // Quantiles of 1..10 at 1/4, 2/4, 3/4 with linear interpolation: positions 2.25, 4.5, 6.75.
    expect(x.edges).toEqual([3.25, 5.5, 7.75]);
    expect(x.shares).toEqual([3 / 12, 2 / 12, 2 / 12, 3 / 12]);
    expect(x.missingShare).toBe(2 / 12);
    expect(x.quartiles).toEqual([3.25, 5.5, 7.75]);
    expect(x.sample).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('keeps a point mass in one bin: six zeros of ten fall in the first bin, ≤ 0', () => {
    const table = tableOf({ x: [0, 0, 0, 0, 0, 0, 1, 2, 3, 4] });
    const x = fitDriftReference(table, [{ name: 'x', kind: 'numeric' }], all(10)).columns[0] as NumericReference;
    // Deciles at positions 0.9, 1.8, …, 8.1: five of them are 0 (one edge), then 0.4, 1.3, 2.2, 3.1.
    expect(x.edges[0]).toBe(0);
    expect(x.edges.slice(1).map((e) => Number(e.toFixed(12)))).toEqual([0.4, 1.3, 2.2, 3.1]);
    // ≤ 0: six zeros; (0, 0.4]: none; (0.4, 1.3]: 1; (1.3, 2.2]: 2; (2.2, 3.1]: 3; > 3.1: 4.
    expect(x.shares).toEqual([0.6, 0, 0.1, 0.1, 0.1, 0.1]);
  });

  it('samples at most `sample` training values, seeded: the same seed gives the same sample', () => {
    const table = tableOf({ x: times(5000, (i) => (i * 7919) % 5000) });
    const fit = (seed: number) => (fitDriftReference(table, [{ name: 'x', kind: 'numeric' }], all(5000), { sample: 300, seed }).columns[0] as NumericReference).sample;
    const a = fit(1);
    expect(a).toHaveLength(300);
    expect([...a].sort((p, q) => p - q)).toEqual(a);
    expect(new Set(a).size).toBe(300);
    expect(fit(1)).toEqual(a);
    expect(fit(2)).not.toEqual(a);
  });

  it('keeps the 50 most frequent levels, remembers the others, and only reads the training rows', () => {
    const cells = [...times(60, (i) => `L${i}`).flatMap((l, i) => times(i < 50 ? 3 : 1, () => l)), null, 'never-in-train'];
    const table = tableOf({ c: cells });
    const train = all(cells.length - 1);
    const c = fitDriftReference(table, [{ name: 'c', kind: 'categorical' }], train).columns[0] as CategoricalReference;
    expect(c.levels).toHaveLength(50);
    expect(c.levels[0]).toEqual({ level: 'L0', share: 3 / train.length });
    expect(c.otherShare).toBe(10 / train.length);
    expect(c.missingShare).toBe(1 / train.length);
    expect(c.otherLevels).toEqual(times(10, (i) => `L${50 + i}`));
  });

  it('throws for a column that is not in the table and for no training rows', () => {
    const table = tableOf({ x: [1, 2] });
    expect(() => fitDriftReference(table, [{ name: 'y', kind: 'numeric' }], all(2))).toThrow(/"y" is not in the table/);
    expect(() => fitDriftReference(table, [{ name: 'x', kind: 'numeric' }], new Int32Array(0))).toThrow(/no training rows/);
  });
});

describe('driftReport', () => {
  it('computes PSI over the training bins plus a missing bin (hand-computed)', () => {
    const train = tableOf({ x: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, null, null] });
    const ref = fitDriftReference(train, [{ name: 'x', kind: 'numeric' }], all(12), { bins: 4 });
    const fresh = tableOf({ x: [1, 2, 8, 9, 10, 10, 11, 12, null, 4] });
    const x = driftReport(ref, fresh).columns[0]!;
    // bins ≤3.25, (3.25, 5.5], (5.5, 7.75], >7.75, missing: train 3,2,2,3,2 of 12; new 2,1,0,6,1 of 10.
    expect(x.bins.map((b) => b.new)).toEqual([0.2, 0.1, 0, 0.6, 0.1]);
    expect(x.bins.map((b) => b.label)).toEqual(['≤ 3.25', '3.25 – 5.5', '5.5 – 7.75', '> 7.75', 'missing']);
    expect(x.psi).toBeCloseTo(1.6213696111761204, 14);
    expect(x.shift).toBe('major');
    expect(x.missingShare).toEqual({ train: 2 / 12, new: 0.1 });
    expect(x.median).toEqual({ train: 5.5, new: 9 });
  });

  it('runs the KS test between the kept training sample and the new values', () => {
    const train = tableOf({ x: times(400, (i) => Math.sin(i) * 10) });
    const fresh = tableOf({ x: times(300, (i) => Math.sin(i * 1.3) * 10 + 3) });
    const ref = fitDriftReference(train, [{ name: 'x', kind: 'numeric' }], all(400), { sample: 150, seed: 4 });
    const x = driftReport(ref, fresh).columns[0]!;
    const sample = (ref.columns[0] as NumericReference).sample;
    const expected = ksTwoSample(Float64Array.from(sample), Float64Array.from(times(300, (i) => Math.sin(i * 1.3) * 10 + 3)).sort());
    expect(x.ks).toEqual({ statistic: expected.statistic, pValue: expected.pValue, drifted: expected.pValue < 0.01 && expected.statistic >= 0.1 });
    expect(x.ks!.drifted).toBe(true);
    expect(x.drifted).toBe(true);
  });

  it('explains a shift up in plain words with the numbers', () => {
    const train = tableOf({ income: times(1001, (i) => 41_000 + (i - 500) * 20) });
    const fresh = tableOf({ income: times(1001, (i) => 52_300 + (i - 500) * 20) });
    const ref = fitDriftReference(train, [{ name: 'income', kind: 'numeric' }], all(1001));
    const r = driftReport(ref, fresh);
    // The new median is 11,300 above: 565 of 1,001 steps of 20, so D = 565 / 1001 = 0.5644.
    expect(r.columns[0]!.explanation).toMatch(
      /^income: the new values are higher on the whole: median 52,300 vs 41,000 in training \(PSI \d+\.\d\d?, KS D=0\.56, p<0\.001\)\.$/,
    );
    expect(r.columns[0]!.shift).toBe('major');
    expect(r.drifted).toEqual(['income']);
    expect(r.summary).toBe('1 of 1 compared column drifted: income (major shift).');
  });

  it('explains a shift down, a change of spread, and a rise in missing values', () => {
    const base = times(1001, (i) => (i - 500) / 100); // -5 … 5: median 0, quartiles ±2.5
    const ref = fitDriftReference(tableOf({ v: base }), [{ name: 'v', kind: 'numeric' }], all(1001));
    const lower = driftReport(ref, tableOf({ v: base.map((x) => x - 3) })).columns[0]!;
    expect(lower.explanation).toMatch(/^v: the new values are lower on the whole: median -3 vs 0 in training \(PSI \d+\.\d\d, KS D=0\.30, p<0\.001\)\.$/);
    const wider = driftReport(ref, tableOf({ v: base.map((x) => x * 3) })).columns[0]!;
    expect(wider.explanation).toMatch(/^v: the values are spread differently: the middle half lies between -7\.5 and 7\.5 vs -2\.5 and 2\.5 in training \(/);
    const holes = driftReport(ref, tableOf({ v: base.map((x, i) => (i % 2 ? null : x)) })).columns[0]!;
    expect(holes.explanation).toMatch(/^v: more values are missing: 50% of rows vs 0% in training \(PSI/);
    expect(holes.drifted).toBe(true);
  });

  it('writes datetime medians as dates', () => {
    const day = 86_400_000;
    const t0 = Date.UTC(2024, 0, 1);
    const ref = fitDriftReference(tableOf({ when: times(500, (i) => t0 + i * day) }), [{ name: 'when', kind: 'datetime' }], all(500));
    const r = driftReport(ref, tableOf({ when: times(500, (i) => t0 + (i + 365) * day) })).columns[0]!;
    expect(r.explanation).toMatch(/^when: the new values are higher on the whole: median 2025-09-06 vs 2024-09-06 in training/);
  });

  it('explains a categorical shift by its largest change', () => {
    const colours = ['red', 'green', 'blue'];
    const ref = fitDriftReference(tableOf({ colour: times(300, (i) => colours[i % 3]!) }), [{ name: 'colour', kind: 'categorical' }], all(300));
    const c = driftReport(ref, tableOf({ colour: times(300, (i) => (i % 10 < 7 ? 'red' : colours[i % 3]!)) })).columns[0]!;
    // red: 210 rows, plus i % 10 ≥ 7 with i % 3 = 0 (30 rows) = 240 of 300 = 80%.
    // Ties in frequency are listed in natural order: blue, green, red.
    expect(c.bins.slice(0, 3).map((b) => b.label)).toEqual(['blue', 'green', 'red']);
    expect(c.bins[2]).toEqual({ label: 'red', train: 100 / 300, new: 0.8 });
    expect(c.explanation).toMatch(/^colour: the mix of values changed: "red" is 80% of rows vs 33% in training \(PSI \d\.\d\d\)\.$/);
    expect(c.unseen).toEqual({ count: 0, examples: [] });
    expect(c.drifted).toBe(true);
  });

  it('counts unseen levels with up to 5 examples and names them when they are the change', () => {
    const colours = ['red', 'green', 'blue'];
    const ref = fitDriftReference(tableOf({ colour: times(300, (i) => colours[i % 3]!) }), [{ name: 'colour', kind: 'categorical' }], all(300));
    const fresh = tableOf({ colour: [...times(280, (i) => colours[i % 3]!), ...times(20, (i) => `new${i % 7}`)] });
    const c = driftReport(ref, fresh).columns[0]!;
    expect(c.unseen).toEqual({ count: 20, examples: ['new0', 'new1', 'new2', 'new3', 'new4'] });
    expect(c.explanation).toMatch(/^colour: 7% of rows have values never seen in training, e\.g\. "new0", "new1", "new2", "new3", "new4" \(PSI \d\.\d\d\)\.$/);
    const one = driftReport(ref, tableOf({ colour: [...times(299, (i) => colours[i % 3]!), 'teal'] })).columns[0]!;
    expect(one.drifted).toBe(false);
    expect(one.explanation).toMatch(/^colour: no notable change \(PSI 0\.\d\d\)\. 1 row has a value never seen in training, e\.g\. "teal"\.$/);
  });

  it('does not count rare training levels (beyond the top 50) as unseen', () => {
    const cells = times(60, (i) => `L${i}`).flatMap((l, i) => times(i < 50 ? 3 : 1, () => l));
    const ref = fitDriftReference(tableOf({ c: cells }), [{ name: 'c', kind: 'categorical' }], all(cells.length));
    const c = driftReport(ref, tableOf({ c: ['L55', 'L0', 'zzz'] })).columns[0]!;
    expect(c.unseen).toEqual({ count: 1, examples: ['zzz'] });
    expect(c.bins.at(-2)).toEqual({ label: 'other values', train: 10 / cells.length, new: 2 / 3 });
  });

  it('reports absent columns and skipped kinds without failing', () => {
    const train = tableOf({ id: times(50, (i) => `k${i}`), x: times(50, (i) => i), note: times(50, (i) => `text ${i}`) });
    const ref = fitDriftReference(train, [{ name: 'id', kind: 'identifier' }, { name: 'x', kind: 'numeric' }, { name: 'note', kind: 'text' }], all(50));
    const r = driftReport(ref, tableOf({ id: ['a'], note: ['b'] }));
    expect(r.columns.map((c) => [c.name, c.status])).toEqual([['id', 'skipped'], ['x', 'absent'], ['note', 'skipped']]);
    expect(r.columns[1]!.explanation).toBe('x: this column is not in the new data.');
    expect(r.columns[0]!.explanation).toBe('id: not compared (an identifier).');
    expect(r.absent).toEqual(['x']);
    expect(r.summary).toBe('No column changed notably (0 compared). Not in the new data: x.');
  });

  it('marks tiny samples as low confidence and says so', () => {
    const ref = fitDriftReference(tableOf({ x: times(1000, (i) => i % 97) }), [{ name: 'x', kind: 'numeric' }], all(1000));
    const few = driftReport(ref, tableOf({ x: [3, 50, 90] })).columns[0]!;
    expect(few.lowConfidence).toBe(true);
    expect(few.explanation).toMatch(/Few rows \(3 new, 1000 in training\), so this is a rough indication\.$/);
    const many = driftReport(ref, tableOf({ x: times(1000, (i) => (i * 3) % 97) })).columns[0]!;
    expect(many.lowConfidence).toBe(false);
  });

  it('compares only the given rows', () => {
    const table = tableOf({ x: [...times(200, (i) => i), ...times(200, (i) => 1000 + i)] });
    const ref = fitDriftReference(table, [{ name: 'x', kind: 'numeric' }], all(200));
    expect(driftReport(ref, table, Int32Array.from(times(200, (i) => i))).columns[0]!.psi).toBe(0);
    expect(driftReport(ref, table, Int32Array.from(times(200, (i) => 200 + i))).columns[0]!.shift).toBe('major');
  });
});

// Tables of numeric (with missing and -0) and categorical columns, for the properties.
const cellsArb = fc.oneof(
  fc.array(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(null), fc.constant(-0), fc.integer({ min: -3, max: 3 })), { minLength: 1, maxLength: 80 }),
  fc.array(fc.oneof(fc.constantFrom('a', 'b', 'c', '', 'd e'), fc.constant(null)), { minLength: 1, maxLength: 80 }),
);

describe('properties', () => {
  it('the training rows compared with themselves: PSI 0, KS D 0, nothing flagged', () => {
    fc.assert(
      fc.property(cellsArb, fc.integer({ min: 1, max: 12 }), (cells: CellValue[], bins) => {
        const table = tableOf({ v: cells });
        const kind: ColumnKind = cells.some((c) => typeof c === 'string') ? 'categorical' : 'numeric';
        const ref = fitDriftReference(table, [{ name: 'v', kind }], all(cells.length), { bins });
        const c = driftReport(ref, table).columns[0]!;
        expect(c.psi).toBe(0);
        expect(c.shift).toBe('none');
        expect(c.drifted).toBe(false);
        if (c.ks) expect(c.ks.statistic).toBe(0);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('a large table against its own training sample is not flagged either', () => {
    const table = tableOf({ v: times(5000, (i) => Math.sin(i * 12.9898) * 43758.5453 % 1) });
    const ref = fitDriftReference(table, [{ name: 'v', kind: 'numeric' }], all(5000), { sample: 500, seed: 3 });
    const c = driftReport(ref, table).columns[0]!;
    expect(c.psi).toBe(0);
    expect(c.ks!.statistic).toBeLessThan(0.1);
    expect(c.drifted).toBe(false);
  });

  it('the reference is plain JSON: parse(stringify(ref)) is equal and gives the same report', () => {
    fc.assert(
      fc.property(cellsArb, cellsArb, (a: CellValue[], b: CellValue[]) => {
        const table = tableOf({ a, b: times(a.length, (i) => b[i % b.length]!), when: times(a.length, (i) => (i % 5 === 0 ? null : `2024-03-${String((i % 28) + 1).padStart(2, '0')}`)) });
        const cols = [
          { name: 'a', kind: (a.some((c) => typeof c === 'string') ? 'boolean' : 'numeric') as ColumnKind },
          { name: 'b', kind: (b.some((c) => typeof c === 'string') ? 'categorical' : 'numeric') as ColumnKind },
          { name: 'when', kind: 'datetime' as ColumnKind },
        ];
        const ref = fitDriftReference(table, cols, all(a.length), { bins: 5, sample: 20, seed: 1 });
        const back = JSON.parse(JSON.stringify(ref));
        expect(back).toEqual(ref);
        expect(driftReport(back, table)).toEqual(driftReport(ref, table));
      }),
      { numRuns: 150, seed: 11 },
    );
  });
});

describe('small samples: a PSI within chance is not drift', () => {
  // Training: 240 uniform draws; new: 30 more draws from the same distribution (seeded).
  const rng = createRng(11);
  const train = Array.from({ length: 240 }, () => rng() * 200 - 100);
  const fresh = Array.from({ length: 30 }, () => rng() * 200 - 100);
  const ref = fitDriftReference(tableOf({ x: train }), [{ name: 'x', kind: 'numeric' }], all(240));

  it('30 rows from the training distribution: PSI looks moderate or major, but p is large and nothing is flagged', () => {
    const same = driftReport(ref, tableOf({ x: fresh }));
    const c = same.columns[0]!;
    expect(c.psi!).toBeGreaterThan(0.1);
    expect(c.psiPValue!).toBeGreaterThan(0.01);
    expect(c.drifted).toBe(false);
    expect(c.explanation).toMatch(/^x: no clear change: PSI .* happens by chance \(p=/);
    expect(same.drifted).toEqual([]);
  });

  it('30 rows shifted by two standard deviations are still flagged', () => {
    const shifted = driftReport(ref, tableOf({ x: fresh.map((v) => v + 120) }));
    const c = shifted.columns[0]!;
    expect(c.psiPValue!).toBeLessThan(0.01);
    expect(c.drifted).toBe(true);
    expect(shifted.drifted).toEqual(['x']);
  });
});
