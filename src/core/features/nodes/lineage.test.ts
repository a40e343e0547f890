/**
 * Hand-written lineage of the kinds that derive new columns (registry.test.ts checks, for every kind,
 * that the keys are apply's columns in order; here the sources are checked too). The table has a column
 * named "2024" after others: an object keyed by column names would move it first.
 */
import { describe, expect, it } from 'vitest';
import { columnOf } from '../../data/testTables';
import type { Table } from '../../data/table';
import { binNode } from './bin';
import { datePartsNode } from './dateParts';
import { onehotNode } from './encode';
import { formulaNode } from './formulaNode';
import { imputeNode } from './impute';
import { polynomialNode } from './polynomial';
import { dropNode, selectNode } from './select';
import { targetEncodeNode } from './targetEncode';
import { names, run, type RunOptions } from './testing';
import { tfidfNode } from './tfidf';
import { lagNode, rollingNode } from './timeWindow';
import type { FeatureNodeDef } from './types';

const table: Table = {
  columns: [
    columnOf('a', [1, 2, null, 4, 5, 6]),
    columnOf('2024', [10, null, 30, 40, 50, 60]),
    columnOf('color', ['red', 'blue', 'red', null, 'blue', 'red']),
    columnOf('note', ['good day', 'bad day', 'good', null, 'day', 'bad']),
    columnOf('d', ['2024-01-05', '2024-03-01', '2024-07-09', '2024-12-24', '2025-02-01', '2025-05-05']),
    columnOf('t', [1, 2, 3, 4, 5, 6]),
    columnOf('y', [0, 1, 2, 0, 1, 2]),
  ],
  rowCount: 6,
  sourceLines: Int32Array.from([2, 3, 4, 5, 6, 7]),
};

const SAME = ['a', '2024', 'color', 'note', 'd', 't', 'y'] as const;
const self = (...cols: string[]): [string, string[]][] => cols.map((c) => [c, [c]]);

/** Fits and applies `def`; returns its lineage as entries after checking the keys against apply. */
function traced<P, S>(def: FeatureNodeDef<P, S>, raw: unknown, o: RunOptions = {}): [string, readonly string[]][] {
  const { out, params, state } = run(def, table, raw, { target: 'y', targetValues: [0, 1, 2, 0, 1, 2], ...o });
  const lineage = def.lineage(names(table), params, state, 'y');
  expect([...lineage.keys()]).toEqual(names(out));
  return [...lineage.entries()];
}

describe('lineage', () => {
  it('impute: each indicator right after its column, from it', () => {
    expect(traced(imputeNode, { columns: ['a', '2024'], addIndicator: true })).toEqual([
      ['a', ['a']],
      ['a_missing', ['a']],
      ['2024', ['2024']],
      ['2024_missing', ['2024']],
      ...self('color', 'note', 'd', 't', 'y'),
    ]);
  });

  it('onehot, bin, date parts, tfidf, multiclass target encoding: every new column from the one it replaces', () => {
    expect(traced(onehotNode, { columns: ['color'] })).toEqual([
      ...self('a', '2024'),
      ['color=blue', ['color']],
      ['color=red', ['color']],
      ...self('note', 'd', 't', 'y'),
    ]);
    expect(traced(onehotNode, { columns: ['color'], maxLevels: 1 }).slice(2, 4)).toEqual([
      ['color=red', ['color']],
      ['color=(other)', ['color']],
    ]);
    expect(traced(binNode, { columns: ['a'], bins: 2, output: 'onehot' }).slice(0, 3)).toEqual([
      ['a:bin:0', ['a']],
      ['a:bin:1', ['a']],
      ['2024', ['2024']],
    ]);
    expect(traced(datePartsNode, { columns: ['d'], parts: ['month'] }).slice(4, 7)).toEqual([
      ['d:month', ['d']],
      ['d:month_sin', ['d']],
      ['d:month_cos', ['d']],
    ]);
    expect(traced(tfidfNode, { columns: ['note'] }).slice(3, 6)).toEqual([
      ['note:tfidf:bad', ['note']],
      ['note:tfidf:day', ['note']],
      ['note:tfidf:good', ['note']],
    ]);
    expect(traced(targetEncodeNode, { columns: ['color'], folds: 2 }, { task: 'multiclass' }).slice(2, 5)).toEqual([
      ['color:te:0', ['color']],
      ['color:te:1', ['color']],
      ['color:te:2', ['color']],
    ]);
  });

  it('polynomial: each product from its distinct factors, appended', () => {
    expect(traced(polynomialNode, { columns: ['a', '2024'] })).toEqual([
      ...self(...SAME),
      ['a^2', ['a']],
      ['a*2024', ['a', '2024']],
      ['2024^2', ['2024']],
    ]);
  });

  it('formula: the columns the expression reads, appended or in place of the column it overwrites', () => {
    expect(traced(formulaNode, { name: 'ratio', expression: 'a / `2024` + log1p(a)' })).toEqual([...self(...SAME), ['ratio', ['a', '2024']]]);
    expect(traced(formulaNode, { name: 'a', expression: '`2024` * t' })[0]).toEqual(['a', ['2024', 't']]);
    expect(traced(formulaNode, { name: 'one', expression: '2 ^ 0.5' }).at(-1)).toEqual(['one', []]);
  });

  it('lag and rolling: from the lagged column, the target included; not from the time column', () => {
    expect(traced(lagNode, { timeColumn: 't', columns: ['a', 'y'], lags: [1, 2] })).toEqual([
      ...self('a'),
      ['a:lag:1', ['a']],
      ['a:lag:2', ['a']],
      ...self('2024', 'color', 'note', 'd', 't', 'y'),
      ['y:lag:1', ['y']],
      ['y:lag:2', ['y']],
    ]);
    expect(traced(rollingNode, { timeColumn: 't', columns: ['2024'], stats: ['max', 'mean'] }).slice(1, 4)).toEqual([
      ['2024', ['2024']],
      ['2024:rolling_mean:3', ['2024']],
      ['2024:rolling_max:3', ['2024']],
    ]);
  });

  it('select and drop: the kept columns, from themselves (select keeps the target)', () => {
    expect(traced(selectNode, { columns: ['2024', 'color'] })).toEqual(self('2024', 'color', 'y'));
    expect(traced(dropNode, { columns: ['a', 'note'] })).toEqual(self('2024', 'color', 'd', 't', 'y'));
  });
});
