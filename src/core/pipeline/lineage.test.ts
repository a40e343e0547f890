// encodedSources traces every encoded model input back to the uploaded columns: for the v1
// preprocessor, for a fitted feature graph (hand-fitted chains, expected lineage written out), and for
// the graph that runGraphExperiment fits.
import { describe, expect, it } from 'vitest';
import { importCsvText } from '../data/csv';
import type { Table } from '../data/table';
import { tableOf } from '../data/testTables';
import { fitPreprocessor } from '../features/preprocess';
import { getFeatureNode } from '../features/nodes/registry';
import { createProject } from './document';
import type { FittedFeatureGraph } from './experiment';
import { migrateV1ToV2 } from './graph/migrate';
import { runGraphExperiment } from './graphExperiment';
import { encodedSources } from './lineage';

const all = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i);

/** Fits `chain` in order on every row, as runGraphExperiment does after the source node. */
function fitChain(table: Table, target: string, chain: readonly [kind: string, params: unknown][]): FittedFeatureGraph {
  const trainRows = all(table.rowCount);
  const y = table.columns.find((c) => c.name === target)!;
  const targetValues = y.storage === 'numeric' ? y.values : null;
  let current = table;
  const steps = chain.map(([kind, raw], i) => {
    const def = getFeatureNode(kind);
    const params = def.params.parse(raw);
    const state = def.fit(current, params, { trainRows, target, seed: 3, targetValues });
    current = def.apply(current, params, state, { trainRows });
    return { nodeId: `n${i}`, kind, params, state };
  });
  return {
    version: 1,
    kind: 'graph',
    inputs: table.columns.map((c) => c.name).filter((c) => c !== target),
    source: { dropped: [], numericViews: {} },
    steps,
    outputNames: current.columns.map((c) => c.name).filter((c) => c !== target),
  };
}

describe('encodedSources', () => {
  it('v1 preprocessor: one source per input, repeated over its one-hot outputs', () => {
    const table = tableOf({
      age: [30, null, 45, 52, 23, 38],
      color: ['red', 'blue', 'red', 'green', null, 'blue'],
      y: [0, 1, 0, 1, 0, 1],
      income: [1, 2, 3, 4, 5, 7],
    });
    const settings = createProject({ name: 't', source: { kind: 'file', fileName: 't.csv', bytes: 1 }, columnKinds: {} }).features;
    const pre = fitPreprocessor(
      table,
      { age: 'numeric', color: 'categorical', y: 'categorical', income: 'numeric' },
      'y',
      { ...settings, categorical: { ...settings.categorical, minCount: 1 } },
      all(6),
    );
    expect(pre.outputNames).toEqual(['age', 'color=blue', 'color=green', 'color=red', 'income']);
    expect(encodedSources(pre)).toEqual([['age'], ['color'], ['color'], ['color'], ['income']]);
  });

  it('graph impute → onehot → polynomial → scale: products from both factors, sources in input order', () => {
    const table = tableOf({
      x: [1, null, 3, 4, 2, null],
      y: [0, 1, 0, 1, 0, 1],
      color: ['red', 'blue', 'red', 'red', 'blue', 'blue'],
      z: [5, 6, 7, 8, 9, 10],
    });
    const fitted = fitChain(table, 'y', [
      ['impute', { columns: ['x'], addIndicator: true }],
      ['onehot', { columns: ['color'] }],
      ['polynomial', { columns: ['color=red', 'x'], interactionOnly: true }],
      ['scale', {}],
    ]);
    expect(fitted.outputNames).toEqual(['x', 'x_missing', 'color=blue', 'color=red', 'z', 'color=red*x']);
    expect(encodedSources(fitted)).toEqual([['x'], ['x'], ['color'], ['color'], ['z'], ['x', 'color']]);
    expect(encodedSources(fitted, 'y')).toEqual(encodedSources(fitted));
  });

  it('graph with a formula over earlier outputs and a select: sources composed through every step', () => {
    const table = tableOf({ a: [1, 2, 3, 4], b: [2, 3, 4, 5], c: [9, 8, 7, 6], y: [0, 1, 0, 1] });
    const fitted = fitChain(table, 'y', [
      ['formula', { name: 'ab', expression: 'a * b' }],
      ['formula', { name: 'c', expression: 'ab + c' }],
      ['select', { columns: ['c', 'ab'] }],
    ]);
    expect(fitted.outputNames).toEqual(['c', 'ab']);
    expect(encodedSources(fitted)).toEqual([['a', 'b', 'c'], ['a', 'b']]);
  });

  it('a lag of the target lists the target after the inputs, and needs its name', () => {
    const table = tableOf({ t: [1, 2, 3, 4, 5], y: [1, 0, 1, 1, 0], x: [5, 4, 3, 2, 1] });
    const fitted = fitChain(table, 'y', [['lag', { timeColumn: 't', columns: ['y', 'x'] }]]);
    expect(fitted.outputNames).toEqual(['t', 'y:lag:1', 'x', 'x:lag:1']);
    expect(encodedSources(fitted, 'y')).toEqual([['t'], ['y'], ['x'], ['x']]);
    expect(() => encodedSources(fitted)).toThrow(`Lineage: the model input "y:lag:1" is not traced to any column (if it is computed from the target, pass the target's name).`);
  });

  it("one source list per encoded input of runGraphExperiment's fitted graph", async () => {
    const lines = ['id,x1,x2,colour,when,label'];
    for (let i = 0; i < 60; i++) {
      lines.push(`${1000 + i},${i % 7 === 0 ? 'NA' : (i % 5) - 2},${i % 3},${['red', 'blue', 'green'][i % 3]},2024-01-${String((i % 28) + 1).padStart(2, '0')},${i % 2 === 0 ? 'yes' : 'no'}`);
    }
    const { table } = importCsvText(lines.join('\n'));
    const v1 = createProject({ name: 'b', source: { kind: 'file', fileName: 'b.csv', bytes: 1 }, columnKinds: {} }, { target: 'label', task: 'binary' });
    const doc = { ...migrateV1ToV2(v1), model: { kind: 'baseline' as const } };
    const { result, artifacts } = await runGraphExperiment(table, doc, 'cpu');
    const fitted = artifacts.preprocessor;
    expect(fitted).toMatchObject({ kind: 'graph' });
    const sources = encodedSources(fitted, result.target);
    expect(sources).toHaveLength(fitted.outputNames.length);
    expect(sources).toEqual(fitted.outputNames.map((name) => [name.split('=')[0]]));
    expect(new Set(sources.flat())).toEqual(new Set(['x1', 'x2', 'colour', 'when']));
  });
});
