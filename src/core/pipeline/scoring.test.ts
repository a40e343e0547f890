// Scoring reads rows exactly as training did: predictions on the run's own test rows, recomputed from the
// saved (JSON round-tripped) fitted features, give the run's reported test metrics; new files with
// missing or extra columns are checked.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { importCsvText } from '../data/csv';
import { cellText } from '../data/table';
import { accuracyOf } from './scoring.testing';
import { createProject } from './document';
import { migrateV1ToV2 } from './graph/migrate';
import { runGraphExperiment } from './graphExperiment';
import { runExperiment, type FittedFeatures } from './experiment';
import { argmaxRows, checkColumns, featureMatrix, inputColumns, MissingColumnsError, predictTable } from './scoring';
import { disposeModel } from '../train/train';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function blobs(n: number): string {
  const lines = ['id,x1,x2,colour,label'];
  for (let i = 0; i < n; i++) {
    const pos = i % 2 === 0;
    const x1 = i % 17 === 0 ? 'NA' : ((pos ? 1.5 : -1.5) + Math.sin(i)).toFixed(3);
    lines.push(`${1000 + i},${x1},${Math.cos(i * 3).toFixed(3)},${['red', 'blue', 'green'][i % 3]},${pos ? 'yes' : 'no'}`);
  }
  return lines.join('\n');
}

const v1 = () => {
  const doc = createProject({ name: 'blobs', source: { kind: 'file', fileName: 'blobs.csv', bytes: 1 }, columnKinds: {} }, { target: 'label', task: 'binary' });
  return { ...doc, training: { ...doc.training, epochs: 5, earlyStopping: { enabled: false, patience: 5 } } };
};
const roundTrip = (f: FittedFeatures): FittedFeatures => JSON.parse(JSON.stringify(f)) as FittedFeatures;

describe('scoring a table with a trained pipeline', () => {
  const { table } = importCsvText(blobs(200));

  for (const kind of ['settings (v1)', 'graph (v2)'] as const) {
    it(`${kind}: predictions on the test rows reproduce the run's test accuracy`, async () => {
      const { result, artifacts } = kind === 'graph (v2)' ? await runGraphExperiment(table, migrateV1ToV2(v1()), 'cpu') : await runExperiment(table, v1(), 'cpu');
      const test = artifacts.split!.test;
      const saved = { ...artifacts, preprocessor: roundTrip(artifacts.preprocessor) };
      const p = predictTable(saved, table, test);
      expect(p.k).toBe(2);
      expect(p.labels!.length).toBe(test.length);
      const truth = Array.from(test, (r) => cellText(table.columns[4]!, r));
      expect(result.metrics.test.kind).toBe('classification');
      if (result.metrics.test.kind === 'classification') expect(accuracyOf(p.labels!, truth)).toBeCloseTo(result.metrics.test.accuracy, 12);
      disposeModel(artifacts.model!);
    });
  }

  it('refuses a table without an input column, naming every one missing; extra columns are fine', async () => {
    const { artifacts } = await runExperiment(table, { ...v1(), model: { kind: 'baseline' } }, 'cpu');
    expect(inputColumns(artifacts.preprocessor)).toEqual(['x1', 'x2', 'colour']);
    const noColour = importCsvText('x1,x2,extra\n1,2,3').table;
    expect(() => checkColumns(artifacts.preprocessor, noColour)).toThrow(MissingColumnsError);
    expect(() => featureMatrix(artifacts.preprocessor, noColour)).toThrow('The column "colour" that the model needs is not in this file.');
    const neither = importCsvText('x2,extra\n1,2').table;
    expect(() => checkColumns(artifacts.preprocessor, neither)).toThrow('2 columns that the model needs are not in this file: "x1", "colour".');
    const extra = importCsvText('colour,x2,x1,other\nred,0.5,1,zzz\npurple,0.1,-1,y').table;
    const m = featureMatrix(artifacts.preprocessor, extra);
    expect(m.n).toBe(2);
    expect(m.unseen).toEqual([{ column: 'colour', count: 1, examples: ['purple'] }]);
  });

  it('argmaxRows picks the most probable class, the first on ties', () => {
    expect(Array.from(argmaxRows(Float32Array.from([0.2, 0.8, 0.5, 0.5, 0.9, 0.1]), 2))).toEqual([1, 0, 0]);
  });
});
