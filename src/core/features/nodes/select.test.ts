import { describe, expect, it } from 'vitest';
import { tableOf } from '../../data/testTables';
import { dropNode, selectNode } from './select';
import { names, run } from './testing';

const table = tableOf({ id: [1, 2, 3], a: [1.5, null, 3], color: ['red', 'blue', null], y: [0, 1, 0] });

describe('select', () => {
  it.each([
    { columns: ['color', 'a'], target: 'y', expected: ['a', 'color', 'y'] },
    { columns: ['a'], target: null, expected: ['a'] },
    { columns: [], target: 'y', expected: ['id', 'a', 'color', 'y'] },
  ])('keeps $columns (target $target) in table order', ({ columns, target, expected }) => {
    const { out } = run(selectNode, table, { columns }, { target });
    expect(names(out)).toEqual(expected);
    expect(selectNode.outputColumns?.(names(table), selectNode.params.parse({ columns }), target)).toEqual(expected);
    expect(out.rowCount).toBe(3);
    expect(out.sourceLines).toBe(table.sourceLines);
    expect(out.columns[0]).toBe(table.columns.find((c) => c.name === expected[0]));
  });

  it('names the node and the column when a listed column is missing', () => {
    expect(() => run(selectNode, table, { columns: ['nope'] })).toThrow('Select columns: the column "nope" is not in the table.');
    const { state } = run(selectNode, table, { columns: ['a'] });
    const noA = tableOf({ id: [1], y: [0] });
    expect(() => selectNode.apply(noA, { columns: ['a'] }, state, { trainRows: null })).toThrow(/"a"/);
  });

  it('scores new data without the target', () => {
    const { state } = run(selectNode, table, { columns: ['a'] }, { target: 'y' });
    const fresh = tableOf({ a: [1], id: [9] });
    expect(names(selectNode.apply(fresh, { columns: ['a'] }, state, { trainRows: null }))).toEqual(['a']);
  });
});

describe('drop', () => {
  it('removes the listed columns and keeps the rest in order', () => {
    const { out } = run(dropNode, table, { columns: ['id', 'color'] }, { target: 'y' });
    expect(names(out)).toEqual(['a', 'y']);
    expect(dropNode.outputColumns?.(names(table), { columns: ['id', 'color'] })).toEqual(['a', 'y']);
  });

  it('refuses the target and unknown columns at fit, tolerates absent ones at apply', () => {
    expect(() => run(dropNode, table, { columns: ['y'] }, { target: 'y' })).toThrow(/target/);
    expect(() => run(dropNode, table, { columns: ['zz'] })).toThrow('Drop columns: the column "zz" is not in the table.');
    const { state } = run(dropNode, table, { columns: ['id'] });
    expect(names(dropNode.apply(tableOf({ a: [1] }), { columns: ['id'] }, state, { trainRows: null }))).toEqual(['a']);
  });
});
