import { describe, expect, it } from 'vitest';
import { correlation, countDuplicateRows, numericStats, profileTable, type ProfileWarning } from './profile';
import type { ColumnKind } from './table';
import { tableOf, times } from './testTables';
import { createRng } from '../util/random';

const close = (x: number, digits = 9) => expect.closeTo(x, digits);

describe('numericStats', () => {
  const cases: [string, number[], object | null][] = [
    [
      'whole numbers over a short range: one bin per value',
      [1, 2, 3, 4, NaN],
      { min: 1, max: 4, mean: 2.5, std: close(Math.sqrt(5 / 3)), histogram: { edges: [0.5, 1.5, 2.5, 3.5, 4.5], counts: [1, 1, 1, 1] } },
    ],
    [
      // n = 4 → ceil(log2 4) + 1 = 3 equal-width bins over [0.5, 9.5].
      'fractions: Sturges bins, the last one closed',
      [0.5, 1.5, 2.5, 9.5],
      { min: 0.5, max: 9.5, mean: 3.5, std: close(Math.sqrt(50 / 3)), histogram: { edges: [0.5, 3.5, 6.5, 9.5], counts: [3, 0, 1] } },
    ],
    ['a single value: std 0', [2.5], { min: 2.5, max: 2.5, mean: 2.5, std: 0, histogram: { edges: [2.5, 2.5], counts: [1] } }],
    ['booleans', [0, 1, 1, 1], { min: 0, max: 1, mean: 0.75, std: close(0.5), histogram: { edges: [-0.5, 0.5, 1.5], counts: [1, 3] } }],
    ['no values', [NaN, NaN], null],
  ];
  it.each(cases)('%s', (_name, values, expected) => {
    expect(numericStats(Float64Array.from(values))).toEqual(expected);
  });
});

describe('correlation', () => {
  it('is Pearson r over rows where both are present', () => {
    // x = 1..5, y = 2, 4, 5, 4, 5: r = 6 / sqrt(10 * 6) = 0.7745966692.
    expect(correlation(Float64Array.of(1, 2, 3, 4, 5, NaN), Float64Array.of(2, 4, 5, 4, 5, 100))).toBeCloseTo(0.7745966692, 9);
    expect(correlation(Float64Array.of(1, 1, 1), Float64Array.of(1, 2, 3))).toBeNull();
  });
});

describe('countDuplicateRows', () => {
  it('counts rows equal in every column to an earlier row, missing cells included', () => {
    const table = tableOf({
      a: [1, 1, 2, 1, null, null, 0, -0],
      b: ['x', 'x', 'x', 'y', null, null, 'z', 'z'],
    });
    // Row 1 repeats row 0; row 5 repeats row 4 (both all missing); 0 and -0 are the same number.
    expect(countDuplicateRows(table)).toBe(3);
  });
});

function kindsOf(entries: Record<string, ColumnKind>): Record<string, ColumnKind> {
  return entries;
}

function warningsOf(warnings: readonly ProfileWarning[], kind: ProfileWarning['kind']): (string | undefined)[] {
  return warnings.filter((w) => w.kind === kind).map((w) => w.column);
}

describe('profileTable', () => {
  const rng = createRng(9);
  const n = 200;
  const y = times(n, (i) => (i % 2 === 0 ? 'yes' : 'no'));
  const table = tableOf({
    id: times(n, (i) => i + 1),
    target: y,
    leak: y.map((v) => (v === 'yes' ? 'approved' : 'rejected')),
    noise: times(n, () => rng()),
    constant: times(n, () => 'same'),
    city: times(n, (i) => `city ${i % 120}`),
    sparse: times(n, (i) => (i % 4 === 0 ? i : null)),
  });

  const profile = profileTable(table, kindsOf({ target: 'boolean' }), 'target');

  it('summarizes each column', () => {
    expect(profile.rowCount).toBe(n);
    expect(profile.columnCount).toBe(7);
    const target = profile.columns[1]!;
    expect(target).toMatchObject({
      name: 'target',
      kind: 'boolean',
      inferredKind: 'boolean',
      missing: 0,
      unique: 2,
      top: [
        { value: 'yes', count: 100 },
        { value: 'no', count: 100 },
      ],
      numeric: { min: 0, max: 1, mean: 0.5, histogram: { edges: [-0.5, 0.5, 1.5], counts: [100, 100] } },
    });
    const sparse = profile.columns[6]!;
    expect(sparse).toMatchObject({ name: 'sparse', kind: 'numeric', missing: 150, unique: 50 });
    expect(sparse.numeric).toMatchObject({ min: 0, max: 196, mean: 98 });
    expect(sparse.top).toBeUndefined();
  });

  it('warns about constant, identifier, high-cardinality and mostly missing columns', () => {
    expect(warningsOf(profile.warnings, 'constant')).toEqual(['constant']);
    expect(warningsOf(profile.warnings, 'identifier')).toEqual(['id']);
    expect(warningsOf(profile.warnings, 'high-cardinality')).toEqual(['city']);
    expect(warningsOf(profile.warnings, 'missing')).toEqual(['sparse']);
    expect(profile.warnings.find((w) => w.kind === 'missing')!.message).toBe(
      'Column "sparse" is 75.0% missing (150 of 200 rows). Filled-in values will dominate it.',
    );
    expect(profile.columns[4]!.warnings).toEqual([
      'Column "constant" has the same value in every row, so it cannot help a model.',
    ]);
  });

  it('flags a feature that gives the class away, not the target, noise or identifiers', () => {
    expect(warningsOf(profile.warnings, 'leakage')).toEqual(['leak']);
    expect(profile.columns[2]!.warnings[0]).toMatch(/^Column "leak" predicts the target "target" almost perfectly: in 100.0% of rows/);
  });

  it('does not flag balanced classes or duplicates when there are none', () => {
    expect(profile.duplicateRows).toBe(0);
    expect(warningsOf(profile.warnings, 'imbalance')).toEqual([]);
    expect(warningsOf(profile.warnings, 'duplicates')).toEqual([]);
  });

  it('without a target, gives no target warnings', () => {
    const plain = profileTable(table, {});
    expect(warningsOf(plain.warnings, 'leakage')).toEqual([]);
    expect(plain.columns.map((c) => c.kind)).toEqual(['identifier', 'boolean', 'categorical', 'numeric', 'categorical', 'categorical', 'numeric']);
  });

  const imbalanceCases: { name: string; labels: string[]; flagged: boolean }[] = [
    { name: '95/5', labels: times(100, (i) => (i < 95 ? 'a' : 'b')), flagged: true },
    { name: '60/40', labels: times(100, (i) => (i < 60 ? 'a' : 'b')), flagged: false },
    { name: 'ratio 12:1 among three classes', labels: times(150, (i) => (i < 120 ? 'a' : i < 140 ? 'b' : 'c')), flagged: true },
    { name: 'ten even classes (10% each)', labels: times(100, (i) => `c${i % 10}`), flagged: false },
  ];
  it.each(imbalanceCases)('imbalance: $name → $flagged', ({ labels, flagged }) => {
    const p = profileTable(tableOf({ y: labels, x: times(labels.length, (i) => i % 7) }), {}, 'y');
    expect(warningsOf(p.warnings, 'imbalance')).toEqual(flagged ? ['y'] : []);
  });

  it('names the rare class in the imbalance message', () => {
    const p = profileTable(tableOf({ y: times(100, (i) => (i < 95 ? 'ok' : 'fraud')) }), {}, 'y');
    expect(p.warnings.find((w) => w.kind === 'imbalance')!.message).toBe(
      'The target "y" is imbalanced: its rarest class "fraud" has 5.0% of the rows (5 of 100), the most common "ok" 95.0%. Accuracy will look good even for a model that ignores the rare class.',
    );
  });

  it('flags regression leakage by correlation and by group means', () => {
    const target = times(100, (i) => i * 1.5 + (i % 3));
    const p = profileTable(
      tableOf({
        y: target,
        doubled: target.map((v) => 2 * v + 1),
        bucket: target.map((v) => `b${Math.floor(v / 30)}`),
        noise: times(100, () => rng()),
      }),
      {},
      'y',
    );
    // "bucket" (6 coarse levels) explains most of the variance, but far from 99%.
    expect(warningsOf(p.warnings, 'leakage')).toEqual(['doubled']);
    const exact = profileTable(
      tableOf({ y: times(100, (i) => i % 5), level: times(100, (i) => `level ${i % 5}`) }),
      { y: 'numeric' },
      'y',
    );
    // y as numeric with 5 whole numbers is a multiclass target; "level" maps to it one to one.
    expect(warningsOf(exact.warnings, 'leakage')).toEqual(['level']);
  });

  it('counts and reports duplicate rows', () => {
    const p = profileTable(tableOf({ a: [1, 1, 1, 2], b: ['x', 'x', 'x', 'x'] }), {});
    expect(p.duplicateRows).toBe(2);
    expect(p.warnings.find((w) => w.kind === 'duplicates')!.message).toBe(
      '2 rows are exact copies of an earlier row. Duplicates can make test scores look better than they are.',
    );
  });

  it('profiles a million rows in a few seconds', () => {
    const big = 1_000_000;
    const r = createRng(1);
    const t = tableOf({
      x: times(big, () => r()),
      k: times(big, (i) => i % 7),
      s: times(big, (i) => `v${i % 100}`),
      y: times(big, (i) => (i % 3 === 0 ? 'a' : 'b')),
    });
    const t0 = Date.now();
    const p = profileTable(t, {}, 'y');
    expect(p.rowCount).toBe(big);
    expect(Date.now() - t0).toBeLessThan(20_000);
  });
});
