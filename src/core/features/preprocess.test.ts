import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Column, ColumnKind, Table } from '../data/table';
import type { FeatureSettings } from '../pipeline/document';
import {
  encodeTarget,
  fitPreprocessor,
  fitTarget,
  targetRows,
  transform,
  transformWithReport,
  type FittedNumericInput,
  type FittedOneHotInput,
} from './preprocess';
import { compareNatural } from './naturalOrder';

type Cells = readonly (number | null)[] | readonly (string | null)[];

/** A table from column arrays: numbers → numeric storage (null = NaN), strings → string storage. */
function makeTable(cols: Record<string, Cells>): Table {
  const columns: Column[] = Object.entries(cols).map(([name, anyCells]) => {
    const cells = anyCells as readonly (number | string | null)[];
    const isString = cells.some((c) => typeof c === 'string');
    if (!isString) {
      return { name, storage: 'numeric', values: Float64Array.from(cells, (c) => (c === null ? NaN : Number(c))) };
    }
    const dictionary: string[] = [];
    const codes = Int32Array.from(cells, (c) => {
      if (c === null) return -1;
      const s = String(c);
      let j = dictionary.indexOf(s);
      if (j < 0) j = dictionary.push(s) - 1;
      return j;
    });
    return { name, storage: 'string', codes, dictionary };
  });
  const rowCount = Object.values(cols)[0]?.length ?? 0;
  return { columns, rowCount, sourceLines: Int32Array.from({ length: rowCount }, (_, i) => i + 2) };
}

const settings = (over: Partial<FeatureSettings> = {}): FeatureSettings => ({
  excluded: [],
  numeric: { impute: 'median', scale: 'standard' },
  categorical: { impute: 'most_frequent', minCount: 1, maxLevels: 30 },
  dropIdentifiers: true,
  ...over,
});

const rows = (...r: number[]) => Int32Array.from(r);

describe('numeric features', () => {
  // Train rows 0-3: 1, 2, missing, 4. Median of present = 2; after imputation 1,2,2,4: mean 2.25,
  // population variance (1.5625 + 0.0625 + 0.0625 + 3.0625) / 4 = 1.1875.
  const table = makeTable({ age: [1, 2, null, 4, 100, null], y: [0, 1, 0, 1, 0, 1] });
  const kinds: Record<string, ColumnKind> = { age: 'numeric', y: 'categorical' };

  it('imputes the train median and standardizes with the population std', () => {
    const pre = fitPreprocessor(table, kinds, 'y', settings(), rows(0, 1, 2, 3));
    const age = pre.inputs[0] as FittedNumericInput;
    expect(pre.outputNames).toEqual(['age']);
    expect(age.impute).toBe(2);
    expect(age.mean).toBeCloseTo(2.25, 12);
    expect(age.std).toBeCloseTo(Math.sqrt(1.1875), 12);
    const x = transform(pre, table, rows(0, 2, 4, 5));
    const s = Math.sqrt(1.1875);
    expect(Array.from(x)).toEqual(
      [(1 - 2.25) / s, (2 - 2.25) / s, (100 - 2.25) / s, (2 - 2.25) / s].map((v) => Math.fround(v)),
    );
  });

  it('imputes the train mean when asked', () => {
    // Mean of 1, 2, 4 = 7/3; after imputation the mean stays 7/3, variance (16/9 + 1/9 + 0 + 25/9) / 4 = 7/6.
    const pre = fitPreprocessor(
      table,
      kinds,
      'y',
      settings({ numeric: { impute: 'mean', scale: 'standard' } }),
      rows(0, 1, 2, 3),
    );
    const age = pre.inputs[0] as FittedNumericInput;
    expect(age.impute).toBeCloseTo(7 / 3, 12);
    expect(age.mean).toBeCloseTo(7 / 3, 12);
    expect(age.std).toBeCloseTo(Math.sqrt(7 / 6), 12);
  });

  it('leaves values unscaled with scale "none" (imputation still applies)', () => {
    const pre = fitPreprocessor(
      table,
      kinds,
      'y',
      settings({ numeric: { impute: 'median', scale: 'none' } }),
      rows(0, 1, 2, 3),
    );
    expect(Array.from(transform(pre, table, rows(0, 2, 4)))).toEqual([1, 2, 100]);
  });

  it('is fitted on train rows only: changing a test row changes no fitted parameter', () => {
    const a = fitPreprocessor(table, kinds, 'y', settings(), rows(0, 1, 2, 3));
    const changed = makeTable({ age: [1, 2, null, 4, -5000, 7], y: [0, 1, 0, 1, 0, 1] });
    const b = fitPreprocessor(changed, kinds, 'y', settings(), rows(0, 1, 2, 3));
    expect(b).toEqual(a);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });

  it('reads booleans as 0/1 and datetimes as ms since epoch', () => {
    const t = makeTable({
      flag: ['yes', 'no', 'no', null],
      when: ['2024-01-01T00:00:00Z', '2024-01-03T00:00:00Z', null, '2024-01-02T00:00:00Z'],
      y: [1, 2, 3, 4],
    });
    const pre = fitPreprocessor(
      t,
      { flag: 'boolean', when: 'datetime', y: 'numeric' },
      'y',
      settings({ numeric: { impute: 'median', scale: 'none' } }),
      rows(0, 1, 2, 3),
    );
    const day = 86_400_000;
    const jan1 = Date.UTC(2024, 0, 1);
    // flag: 1,0,0 present → median 0; when: median of jan1, jan3, jan2 = jan2.
    expect(Array.from(transform(pre, t, rows(0, 1, 2, 3)))).toEqual(
      [1, jan1, 0, jan1 + 2 * day, 0, jan1 + day, 0, jan1 + day].map((v) => Math.fround(v)),
    );
  });

  it('fits which boolean texts are true on train rows, so a new table with one value reads the same', () => {
    const t = makeTable({ sex: ['M', 'F', 'F', 'M', 'X'], code: [2, 1, 1, 2, 1], y: [0, 0, 0, 0, 0] });
    const kinds: Record<string, ColumnKind> = { sex: 'boolean', code: 'boolean', y: 'numeric' };
    const pre = fitPreprocessor(t, kinds, 'y', settings({ numeric: { impute: 'median', scale: 'none' } }), rows(0, 1, 2, 3));
    expect(pre.inputs[0]).toMatchObject({ encoding: 'boolean', trueLevels: ['M'], falseLevels: ['F'] });
    expect(pre.inputs[1]).toMatchObject({ encoding: 'boolean', trueLevels: ['2'], falseLevels: ['1'] });
    // Two values in the training rows: the larger is true (as columnAsNumbers reads a two-valued column).
    const onlyOne = makeTable({ sex: ['F', 'F'], code: [1, 1] });
    expect(Array.from(transform(pre, onlyOne, rows(0, 1)))).toEqual([0, 0, 0, 0]);
    // Median of 1, 0, 0, 1 is 0.5: an unseen text is imputed and reported.
    const { x, unseen } = transformWithReport(pre, t, rows(4));
    expect(Array.from(x)).toEqual([0.5, 0]);
    expect(unseen).toEqual([{ column: 'sex', count: 1, examples: ['X'] }]);
  });

  it('keeps train columns at mean 0 and population std 1 (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: -1e8, max: 1e8 }).map((i) => i / 100), fc.constant(null)), {
          minLength: 2,
          maxLength: 60,
        }),
        (cells) => {
          const t = makeTable({ v: cells, y: cells.map(() => 0) });
          const all = Int32Array.from(cells.keys());
          const pre = fitPreprocessor(t, { v: 'numeric', y: 'numeric' }, 'y', settings(), all);
          if (pre.inputs.length === 0) return; // constant or empty: dropped
          const x = Float64Array.from(transform(pre, t, all));
          const mean = x.reduce((s, v) => s + v, 0) / x.length;
          const variance = x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length;
          expect(Math.abs(mean)).toBeLessThan(1e-4);
          // A std of 0 is stored as 1; otherwise standardized data has unit variance.
          expect(Math.abs(variance - 1)).toBeLessThan(1e-4);
        },
      ),
    );
  });
});

describe('categorical features', () => {
  // Train rows 0-6: red ×3, blue ×2, green ×1, missing ×1. Rows 7-8 are "test".
  const color = ['red', 'blue', 'red', 'green', null, 'blue', 'red', 'purple', null];
  const table = makeTable({ color, y: color.map(() => 1) });
  const kinds: Record<string, ColumnKind> = { color: 'categorical', y: 'numeric' };
  const train = rows(0, 1, 2, 3, 4, 5, 6);

  it('one-hot encodes every level, missing as the most frequent, unseen as all zeros', () => {
    const pre = fitPreprocessor(table, kinds, 'y', settings(), train);
    expect(pre.outputNames).toEqual(['color=blue', 'color=green', 'color=red']);
    const input = pre.inputs[0] as FittedOneHotInput;
    expect(input.mostFrequent).toBe('red');
    expect(input.otherLevel).toBeNull();
    const { x, unseen } = transformWithReport(pre, table, rows(0, 3, 4, 7));
    expect(Array.from(x)).toEqual([0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0]);
    expect(unseen).toEqual([{ column: 'color', count: 1, examples: ['purple'] }]);
  });

  it('groups levels rarer than minCount into "(other)", which also takes unseen levels', () => {
    const pre = fitPreprocessor(table, kinds, 'y', settings({ categorical: { impute: 'most_frequent', minCount: 2, maxLevels: 30 } }), train);
    expect(pre.outputNames).toEqual(['color=blue', 'color=red', 'color=(other)']);
    expect((pre.inputs[0] as FittedOneHotInput).groupedLevels).toBe(1);
    expect(Array.from(transform(pre, table, rows(3, 7, 8)))).toEqual([0, 0, 1, 0, 0, 1, 0, 1, 0]);
  });

  it('keeps at most maxLevels most frequent levels', () => {
    const pre = fitPreprocessor(table, kinds, 'y', settings({ categorical: { impute: 'most_frequent', minCount: 1, maxLevels: 1 } }), train);
    expect(pre.outputNames).toEqual(['color=red', 'color=(other)']);
    expect(Array.from(transform(pre, table, rows(0, 1, 3)))).toEqual([1, 0, 0, 1, 0, 1]);
  });

  it('uses the text of numbers as levels for numeric storage', () => {
    const t = makeTable({ grade: [1, 2, 1, 2.5, 10], y: [0, 0, 0, 0, 0] });
    const pre = fitPreprocessor(t, { grade: 'categorical', y: 'numeric' }, 'y', settings(), rows(0, 1, 2, 3, 4));
    expect(pre.outputNames).toEqual(['grade=1', 'grade=2', 'grade=2.5', 'grade=10']);
  });

  it('applies to a new table by column name, whatever its column order and dictionary', () => {
    const pre = fitPreprocessor(table, kinds, 'y', settings(), train);
    const fresh = makeTable({ other: [1, 2, 3], color: ['green', 'teal', 'red'] });
    expect(Array.from(transform(pre, fresh, rows(0, 1, 2)))).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 1]);
    expect(() => transform(pre, makeTable({ colour: ['red'] }), rows(0))).toThrow(/"color"/);
  });

  it('makes the bucket name unique when a real level is called "(other)"', () => {
    const t = makeTable({ c: ['(other)', '(other)', 'a', 'a', 'b'], y: [0, 0, 0, 0, 0] });
    const pre = fitPreprocessor(t, { c: 'categorical', y: 'numeric' }, 'y', settings({ categorical: { impute: 'most_frequent', minCount: 2, maxLevels: 30 } }), rows(0, 1, 2, 3, 4));
    expect(pre.outputNames).toEqual(['c=(other)', 'c=a', 'c=(other)_']);
  });
});

describe('column rules', () => {
  it('drops the target silently and excluded, identifier, text, constant and empty columns with reasons', () => {
    const t = makeTable({
      id: ['a1', 'a2', 'a3', 'a4'],
      note: ['long text', 'more text', 'x', 'y'],
      skip: [1, 2, 3, 4],
      same: [7, 7, null, 7],
      empty: [null, null, null, null],
      rare: ['p', 'q', 'r', 's'],
      keep: [1, 2, 3, 5],
      y: [0, 1, 0, 1],
    });
    const kinds: Record<string, ColumnKind> = {
      id: 'identifier',
      note: 'text',
      skip: 'numeric',
      same: 'numeric',
      empty: 'numeric',
      rare: 'categorical',
      keep: 'numeric',
      y: 'categorical',
    };
    const pre = fitPreprocessor(t, kinds, 'y', settings({ excluded: ['skip'], categorical: { impute: 'most_frequent', minCount: 2, maxLevels: 30 } }), rows(0, 1, 2, 3));
    expect(pre.outputNames).toEqual(['keep']);
    expect(pre.dropped.map((d) => d.column)).toEqual(['id', 'note', 'skip', 'same', 'empty', 'rare']);
    expect(pre.dropped[1]!.reason).toBe('text features need a TF-IDF node (not in the default pipeline)');
    expect(pre.dropped[3]!.reason).toMatch(/constant/);
    for (const d of pre.dropped) expect(d.reason.length).toBeGreaterThan(5);
  });

  it('keeps identifiers when asked: numeric storage as numeric, string storage as categorical', () => {
    const t = makeTable({ n: [10, 20, 30], s: ['a', 'b', 'a'], y: [0, 1, 0] });
    const pre = fitPreprocessor(t, { n: 'identifier', s: 'identifier', y: 'numeric' }, 'y', settings({ dropIdentifiers: false }), rows(0, 1, 2));
    expect(pre.outputNames).toEqual(['n', 's=a', 's=b']);
  });

  it('throws when a column has no kind', () => {
    const t = makeTable({ a: [1, 2], y: [0, 1] });
    expect(() => fitPreprocessor(t, { y: 'numeric' }, 'y', settings(), rows(0, 1))).toThrow(/"a"/);
  });
});

describe('target', () => {
  it('finds the rows with a target', () => {
    const t = makeTable({ y: ['a', null, 'b', null] });
    const { rows: r, missing } = targetRows(t, 'y');
    expect(Array.from(r)).toEqual([0, 2]);
    expect(missing).toBe(2);
  });

  it.each([
    [['yes', 'no', 'yes'], ['no', 'yes']],
    [[1, 0, 1], ['0', '1']],
    [['True', 'False'], ['False', 'True']],
    [['pos', 'zzz'], ['zzz', 'pos']],
    [['positive', 'negative'], ['negative', 'positive']],
    [['malignant', 'benign'], ['benign', 'malignant']],
    [['-1', '1'], ['-1', '1']],
  ] as const)('orders binary classes %j as %j (positive second)', (cells, classes) => {
    const t = makeTable({ y: cells as Cells });
    expect(fitTarget(t, 'y', 'binary', Int32Array.from(cells.keys())).classes).toEqual(classes);
  });

  it('sorts multiclass labels naturally and encodes indices; unseen → -1, missing → NaN', () => {
    const t = makeTable({ y: [10, 9, 2, 9, null, 77] });
    const enc = fitTarget(t, 'y', 'multiclass', rows(0, 1, 2, 3));
    expect(enc.classes).toEqual(['2', '9', '10']);
    expect(Array.from(encodeTarget(enc, t, rows(0, 1, 2, 4, 5)))).toEqual([2, 1, 0, NaN, -1]);
  });

  it('encodes regression targets as values', () => {
    const t = makeTable({ y: [1.5, null, -2] });
    const enc = fitTarget(t, 'y', 'regression', rows(0, 2));
    expect(enc.classes).toBeNull();
    expect(Array.from(encodeTarget(enc, t, rows(0, 1, 2)))).toEqual([1.5, NaN, -2]);
  });
});

describe('natural order', () => {
  it('orders numbers by value, then strings with digit runs by value', () => {
    const labels = ['item10', 'b', '10', 'item2', '2', 'A', '-3', 'a', '1.5'];
    expect([...labels].sort(compareNatural)).toEqual(['-3', '1.5', '2', '10', 'A', 'a', 'b', 'item2', 'item10']);
  });
});
