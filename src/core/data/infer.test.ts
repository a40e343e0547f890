import { describe, expect, it } from 'vitest';
import { columnAsNumbers, inferColumnKind, inferColumnKinds, inferTask, parseDateTime } from './infer';
import type { ColumnKind } from './table';
import { columnOf, tableOf, times, type CellValue } from './testTables';
import { createRng } from '../util/random';

const rng = createRng(3);
const words = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta'];

describe('parseDateTime', () => {
  const cases: [string, number][] = [
    ['2023-03-15', Date.UTC(2023, 2, 15)],
    ['2023/03/15', Date.UTC(2023, 2, 15)],
    ['2023-3-5', Date.UTC(2023, 2, 5)],
    [' 2024-02-29 ', Date.UTC(2024, 1, 29)],
    ['2023-03-15T10:20', Date.UTC(2023, 2, 15, 10, 20)],
    ['2023-03-15T10:20:30', Date.UTC(2023, 2, 15, 10, 20, 30)],
    ['2023-03-15 10:20:30', Date.UTC(2023, 2, 15, 10, 20, 30)],
    ['2023-03-15T10:20:30Z', Date.UTC(2023, 2, 15, 10, 20, 30)],
    ['2023-03-15T10:20:30.123Z', Date.UTC(2023, 2, 15, 10, 20, 30, 123)],
    ['2023-03-15T10:20:30+02:00', Date.UTC(2023, 2, 15, 8, 20, 30)],
    ['2023-03-15T10:20:30-0530', Date.UTC(2023, 2, 15, 15, 50, 30)],
  ];
  it.each(cases)('%j → %d', (text, ms) => {
    expect(parseDateTime(text)).toBe(ms);
  });
  it('keeps two-digit years as written (no 19xx mapping)', () => {
    expect(new Date(parseDateTime('0099-01-01')).getUTCFullYear()).toBe(99);
  });

  const invalid = ['', '2023-02-30', '2023-02-29', '2023-13-01', '2023-00-10', '2023-03-15T25:00', '2023-03-15T10:60',
    '2023-03/15', '20230315', '1700000000', '15/03/2023', 'March 15, 2023', '2023-03-15T10', '2023-03-15Tx'];
  it.each(invalid)('rejects %j', (text) => {
    expect(parseDateTime(text)).toBeNaN();
  });
});

interface KindCase {
  name: string;
  column: string;
  cells: CellValue[];
  kind: ColumnKind;
}

const kindCases: KindCase[] = [
  { name: 'true/false words', column: 'flag', cells: ['true', 'false', 'TRUE', null, 'False'], kind: 'boolean' },
  { name: 'yes/no', column: 'smoker', cells: ['yes', 'no', 'no', 'Yes'], kind: 'boolean' },
  { name: 'y/n', column: 'a', cells: ['Y', 'n', 'N'], kind: 'boolean' },
  { name: 't/f', column: 'a', cells: ['t', 'f'], kind: 'boolean' },
  { name: '0/1 numbers', column: 'a', cells: [0, 1, 1, null, 0], kind: 'boolean' },
  { name: 'two values that are not true/false words', column: 'sex', cells: ['M', 'F', 'F', 'M'], kind: 'categorical' },
  { name: 'ISO dates', column: 'day', cells: times(30, (i) => `2023-01-${String(i + 1).padStart(2, '0')}`), kind: 'datetime' },
  {
    name: 'dates with under 5% junk',
    column: 'when',
    cells: [...times(39, (i) => `2023-02-${String((i % 28) + 1).padStart(2, '0')} 10:00:00`), 'unknown'],
    kind: 'datetime',
  },
  {
    name: 'dates with over 5% junk',
    column: 'when',
    cells: [...times(18, (i) => `2023-02-${String(i + 1).padStart(2, '0')}`), 'soon', 'later'],
    kind: 'categorical',
  },
  { name: 'integer ids named id', column: 'user_id', cells: times(30, (i) => 1000 + i * 7), kind: 'identifier' },
  { name: 'camelCase id name', column: 'customerId', cells: times(25, (i) => 50_000 + i * 13), kind: 'identifier' },
  { name: 'row numbers without a name hint', column: 'n', cells: times(30, (i) => 29 - i), kind: 'identifier' },
  { name: 'all-different amounts stay numeric', column: 'income', cells: times(30, (i) => 20_000 + i * 1_337), kind: 'numeric' },
  { name: 'too few rows for an identifier', column: 'n', cells: times(10, (i) => i), kind: 'numeric' },
  {
    name: 'unique codes',
    column: 'code',
    cells: times(40, (i) => `${(i * 2654435761) % 99991}-${'ABCDEFGH'[i % 8]}`),
    kind: 'identifier',
  },
  {
    name: 'free text',
    column: 'review',
    cells: times(30, (i) => `the ${words[i % 8]} was ${words[(i * 3) % 8]} and ${i} times ${words[(i * 5) % 8]}`),
    kind: 'text',
  },
  { name: 'few string levels', column: 'color', cells: times(50, (i) => ['red', 'green', 'blue'][i % 3]!), kind: 'categorical' },
  { name: 'small integers seen often (cylinders)', column: 'cylinders', cells: times(200, (i) => [4, 6, 8][i % 3]!), kind: 'categorical' },
  { name: 'ages are numbers', column: 'age', cells: times(200, (i) => 18 + (i % 60)), kind: 'numeric' },
  { name: 'small integers but few rows', column: 'k', cells: [1, 2, 3, 1, 2, 3], kind: 'numeric' },
  { name: 'floats', column: 'x', cells: times(50, () => rng() * 10), kind: 'numeric' },
  { name: 'all missing numbers', column: 'x', cells: [null, null], kind: 'numeric' },
];

describe('inferColumnKind', () => {
  it.each(kindCases)('$name → $kind', ({ column, cells, kind }) => {
    const inference = inferColumnKind(columnOf(column, cells), cells.length);
    expect(inference.kind).toBe(kind);
    expect(inference.reason.length).toBeGreaterThan(3);
  });

  it('an all-missing text column is categorical', () => {
    const col = { name: 'x', storage: 'string', codes: Int32Array.of(-1, -1), dictionary: ['unused'] } as const;
    expect(inferColumnKind(col, 2)).toEqual({ kind: 'categorical', reason: 'every cell is missing' });
  });

  it('explains itself in plain words', () => {
    expect(inferColumnKind(columnOf('user_id', times(30, (i) => i + 1)), 30)).toEqual({
      kind: 'identifier',
      reason: '100% of the values are different integers and the name suggests a key',
    });
    expect(inferColumnKind(columnOf('c', times(200, (i) => [4, 6, 8][i % 3]!)), 200)).toEqual({
      kind: 'categorical',
      reason: 'whole numbers with only 3 different values',
    });
  });

  it('checks the column length against the row count', () => {
    expect(() => inferColumnKind(columnOf('a', [1, 2]), 3)).toThrow(/2 cells, expected 3/);
  });

  it('infers every column of a table by name', () => {
    const kinds = inferColumnKinds(tableOf({ a: [1.5, 2.5], b: ['yes', 'no'] }));
    expect(Object.fromEntries(Object.entries(kinds).map(([k, v]) => [k, v.kind]))).toEqual({ a: 'numeric', b: 'boolean' });
  });
});

describe('inferTask', () => {
  const table = tableOf({
    price: times(100, (i) => i * 1.25),
    spam: times(100, (i) => (i % 3 === 0 ? 'spam' : 'ham')),
    label01: times(100, (i) => i % 2),
    species: times(100, (i) => ['setosa', 'virginica', 'versicolor'][i % 3]!),
    rating: times(100, (i) => 1 + (i % 5)),
    constant: times(100, () => 'x'),
  });
  const cases: [string, ColumnKind, string][] = [
    ['price', 'numeric', 'regression'],
    ['spam', 'categorical', 'binary'],
    ['label01', 'boolean', 'binary'],
    ['label01', 'numeric', 'binary'],
    ['species', 'categorical', 'multiclass'],
    ['rating', 'categorical', 'multiclass'],
    ['rating', 'numeric', 'multiclass'],
    ['constant', 'categorical', 'binary'],
  ];
  it.each(cases)('%s as %s → %s', (target, kind, task) => {
    expect(inferTask(table, target, kind).task).toBe(task);
  });

  it('reads few whole numbers with few rows each as a number', () => {
    const small = tableOf({ y: [1, 2, 3, 4, 5, 1, 2, 3] });
    expect(inferTask(small, 'y', 'numeric')).toEqual({ task: 'regression', reason: '"y" is a number with 5 different values' });
  });

  it('says why', () => {
    expect(inferTask(table, 'species', 'categorical').reason).toBe('"species" has 3 classes');
    expect(inferTask(table, 'constant', 'categorical').reason).toMatch(/only one value/);
  });

  it('throws for an unknown column', () => {
    expect(() => inferTask(table, 'nope', 'numeric')).toThrow(/no column named "nope"/);
  });
});

describe('columnAsNumbers', () => {
  const cases: [string, CellValue[], ColumnKind, number[]][] = [
    ['numbers', [1.5, null, -2], 'numeric', [1.5, NaN, -2]],
    ['true/false words', ['Yes', 'no', null, 'YES', 'maybe'], 'boolean', [1, 0, NaN, 1, NaN]],
    ['two other values: larger is 1', ['spam', 'ham', 'spam', null], 'boolean', [1, 0, 1, NaN]],
    ['numeric booleans: larger is 1', [2, 5, null, 5], 'boolean', [0, 1, NaN, 1]],
    ['numeric many values as boolean: non-zero is 1', [0, 3, -1, 0], 'boolean', [0, 1, 1, 0]],
    ['dates', ['2020-01-01', null, 'not a date'], 'datetime', [Date.UTC(2020, 0, 1), NaN, NaN]],
    ['text read as numbers', ['1.5', 'x', '+2'], 'numeric', [1.5, NaN, 2]],
  ];
  it.each(cases)('%s', (_name, cells, kind, expected) => {
    expect(Array.from(columnAsNumbers(columnOf('c', cells), kind))).toEqual(expected);
  });

  it('returns the numeric column itself, without copying', () => {
    const col = columnOf('c', [1, 2]);
    expect(columnAsNumbers(col, 'numeric')).toBe(col.storage === 'numeric' ? col.values : null);
  });
});
