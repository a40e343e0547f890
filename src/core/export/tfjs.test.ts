// The TF.js export: the zip unpacks to files that load back with tf.loadLayersModel and predict exactly
// what the original model predicts (cpu backend), JSON files parse back equal, the baseline-only case
// has no model, and the README holds no user data (a hostile table's column names and levels).
import { runInNewContext } from 'node:vm';
import * as tf from '@tensorflow/tfjs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellText, type ColumnKind, type Table } from '../data/table';
import { tableOf, times } from '../data/testTables';
import { encodeTarget, fitPreprocessor, fitTarget, transform, type FittedPreprocessor } from '../features/preprocess';
import { DEFAULT_MLP, createProject } from '../pipeline/document';
import type { FittedFeatureGraph, TrainedArtifacts } from '../pipeline/experiment';
import { fitBaseline } from '../models/baseline';
import { disposeModel, trainModel } from '../train/train';
import { createRng } from '../util/random';
import { modelFiles, tfjsZip } from './tfjs';

const HOSTILE = '"); alert(1); //';
const HOSTILE_LEVEL = '<img src=x onerror=alert(2)>';
const HOSTILE_CLASS = '`${process.exit()}`';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A small binary problem whose column names, levels and classes are hostile strings. */
function hostileTable(): Table {
  const rng = createRng(5);
  return tableOf({
    [HOSTILE]: times(120, (i) => (i % 11 === 0 ? null : (i % 2 ? 2 : -2) + rng())),
    colour: times(120, (i) => (i % 3 === 0 ? HOSTILE_LEVEL : i % 3 === 1 ? 'red' : 'blue')),
    flag: times(120, (i) => (i % 4 === 0 ? 'yes' : 'no')),
    label: times(120, (i) => (i % 2 ? HOSTILE_CLASS : 'plain')),
  });
}

const KINDS: Record<string, ColumnKind> = { [HOSTILE]: 'numeric', colour: 'categorical', flag: 'boolean', label: 'categorical' };
const allRows = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

/** v1 artifacts: the default preprocessing and an MLP trained for two epochs. */
async function v1Artifacts(table: Table): Promise<TrainedArtifacts> {
  const rows = allRows(table.rowCount);
  const settings = createProject({ name: 't', source: { kind: 'file', fileName: 't.csv', bytes: 1 }, columnKinds: {} }).features;
  const pre = fitPreprocessor(table, KINDS, 'label', settings, rows);
  const target = fitTarget(table, 'label', 'binary', rows);
  const y = encodeTarget(target, table, rows);
  const { model } = await trainModel({
    spec: { ...DEFAULT_MLP, hidden: [6] },
    training: { optimizer: 'adam', learningRate: 0.01, epochs: 2, batchSize: 32, earlyStopping: { enabled: false, patience: 5 }, backend: 'cpu' },
    task: 'binary',
    nClasses: 2,
    seed: 9,
    train: { x: transform(pre, table, rows), y, n: rows.length, nFeatures: pre.outputNames.length },
    validation: null,
  });
  return { preprocessor: pre, target, baseline: fitBaseline('binary', y, 2), model };
}

/** Graph artifacts: a windowed LSTM network (the graph's layers) over fitted feature steps. */
function graphArtifacts(): TrainedArtifacts {
  const input = tf.input({ shape: [3, 4], name: 'input_1' });
  const lstm = tf.layers.lstm({ units: 5, name: 'lstm_1', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }), recurrentInitializer: tf.initializers.glorotUniform({ seed: 2 }) }).apply(input) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 1, activation: 'sigmoid', name: 'dense_1', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }).apply(lstm) as tf.SymbolicTensor;
  const preprocessor: FittedFeatureGraph = {
    version: 1,
    kind: 'graph',
    inputs: [HOSTILE, 'colour'],
    source: { dropped: [], numericViews: {} },
    inputTypes: { [HOSTILE]: 'number', colour: 'string' },
    steps: [
      { nodeId: 'n1', kind: 'impute', params: { columns: [HOSTILE] }, state: { [HOSTILE]: 0.5 } },
      { nodeId: 'n2', kind: 'onehot', params: {}, state: { colour: ['red', HOSTILE_LEVEL] } },
      { nodeId: 'n3', kind: 'x"); alert(3); //', params: {}, state: null },
    ],
    outputNames: [HOSTILE, 'colour=red', `colour=${HOSTILE_LEVEL}`, 'colour=(other)'],
    window: 3,
  };
  return {
    preprocessor,
    target: { column: 'label', task: 'binary', classes: ['plain', HOSTILE_CLASS] },
    baseline: { kind: 'prior', task: 'binary', priors: [0.5, 0.5] },
    model: tf.model({ inputs: input, outputs: out }),
  };
}

async function loadBack(files: Record<string, Uint8Array>): Promise<tf.LayersModel> {
  const modelJson = JSON.parse(strFromU8(files['model.json']!));
  expect(modelJson.format).toBe('layers-model');
  expect(modelJson.weightsManifest.map((g: { paths: string[] }) => g.paths)).toEqual([['weights.bin']]);
  const w = files['weights.bin']!;
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: modelJson.modelTopology,
      weightSpecs: modelJson.weightsManifest.flatMap((g: { weights: tf.io.WeightsManifestEntry[] }) => g.weights),
      weightData: w.buffer.slice(w.byteOffset, w.byteOffset + w.byteLength) as ArrayBuffer,
    }),
  );
}

function predictions(model: tf.LayersModel, x: tf.Tensor): Float32Array {
  return tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync() as Float32Array);
}

describe('tfjsZip: a v1 MLP', () => {
  const table = hostileTable();
  let artifacts: TrainedArtifacts;
  let files: Record<string, Uint8Array>;

  beforeAll(async () => {
    artifacts = await v1Artifacts(table);
    files = unzipSync(await tfjsZip(artifacts, { 'drift-reference.json': '{"version":1,"columns":[]}' }));
  });
  afterAll(() => disposeModel(artifacts.model!));

  it('holds the model, its weights, the JSON files, the extra file and the README', () => {
    expect(Object.keys(files).sort()).toEqual(['README.md', 'baseline.json', 'drift-reference.json', 'model.json', 'preprocessing.json', 'target.json', 'weights.bin']);
    expect(strFromU8(files['drift-reference.json']!)).toBe('{"version":1,"columns":[]}');
  });

  it('loads back with tf.loadLayersModel and predicts exactly what the original predicts', async () => {
    const loaded = await loadBack(files);
    const pre = artifacts.preprocessor as FittedPreprocessor;
    const x = tf.tensor2d(transform(pre, table, allRows(table.rowCount)), [table.rowCount, pre.outputNames.length]);
    const original = predictions(artifacts.model!, x);
    expect(original.length).toBe(table.rowCount);
    expect(predictions(loaded, x)).toEqual(original);
    x.dispose();
    loaded.dispose();
  });

  it('writes preprocessing.json, target.json and baseline.json that parse back equal', () => {
    expect(JSON.parse(strFromU8(files['preprocessing.json']!))).toEqual(artifacts.preprocessor);
    expect(JSON.parse(strFromU8(files['target.json']!))).toEqual(artifacts.target);
    expect(JSON.parse(strFromU8(files['baseline.json']!))).toEqual(artifacts.baseline);
  });

  it("has a README whose toMatrix snippet builds the same matrix as the studio's transform", () => {
    const readme = strFromU8(files['README.md']!);
    const snippet = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!).find((code) => code.includes('function toMatrix'));
    expect(snippet).toBeDefined();
    const pre = artifacts.preprocessor as FittedPreprocessor;
    // Rows as a CSV reader would give them: every cell as its text, '' when missing.
    const rows = times(table.rowCount, (r) => Object.fromEntries(table.columns.map((c) => [c.name, cellText(c, r)])));
    const ours = runInNewContext(`${snippet}\nArray.from(toMatrix(pre, rows));`, { pre: JSON.parse(strFromU8(files['preprocessing.json']!)), rows, Float32Array }) as number[];
    expect(Float32Array.from(ours)).toEqual(transform(pre, table, allRows(table.rowCount)));
  });

  it('keeps user data out of the README', () => {
    const readme = strFromU8(files['README.md']!);
    for (const s of [HOSTILE, HOSTILE_LEVEL, HOSTILE_CLASS, 'colour', 'alert']) expect(readme).not.toContain(s);
    expect(readme).toContain('tf.loadLayersModel');
    expect(readme).toContain('binary classifier');
  });

  it('gives the same bytes for the same artifacts (fixed entry dates)', async () => {
    expect(await tfjsZip(artifacts)).toEqual(await tfjsZip(artifacts));
  });

  it('refuses extra file names that are paths or the export\'s own', async () => {
    for (const name of ['../evil.json', 'a/b.json', '.hidden', 'model.json', 'README.md', '']) {
      await expect(modelFiles(artifacts, { [name]: '{}' })).rejects.toThrow(/cannot be the name of an extra export file/);
    }
  });
});

describe('tfjsZip: a graph model', () => {
  it('loads back and predicts the same on windows; the README lists the steps and no snippet', async () => {
    const artifacts = graphArtifacts();
    const files = unzipSync(await tfjsZip(artifacts));
    const loaded = await loadBack(files);
    const rng = createRng(3);
    const x = tf.tensor3d(Float32Array.from({ length: 7 * 3 * 4 }, () => rng() * 4 - 2), [7, 3, 4]);
    const original = predictions(artifacts.model!, x);
    expect(predictions(loaded, x)).toEqual(original);
    expect(JSON.parse(strFromU8(files['preprocessing.json']!))).toEqual(artifacts.preprocessor);
    const readme = strFromU8(files['README.md']!);
    expect(readme).toContain('1. `impute`\n2. `onehot`\n3. `(unrecognised step)`');
    expect(readme).toContain('input has shape [rows, 3, 4]');
    expect(readme).not.toContain('function toMatrix');
    for (const s of [HOSTILE, HOSTILE_LEVEL, HOSTILE_CLASS, 'alert']) expect(readme).not.toContain(s);
    x.dispose();
    loaded.dispose();
    disposeModel(artifacts.model!);
  });
});

describe('tfjsZip: a baseline-only run', () => {
  it('has no model.json or weights.bin, and the README says it is a baseline', async () => {
    const table = hostileTable();
    const rows = allRows(table.rowCount);
    const target = fitTarget(table, 'label', 'binary', rows);
    const artifacts: TrainedArtifacts = {
      preprocessor: fitPreprocessor(table, KINDS, 'label', createProject({ name: 't', source: { kind: 'file', fileName: 't.csv', bytes: 1 }, columnKinds: {} }).features, rows),
      target,
      baseline: fitBaseline('binary', encodeTarget(target, table, rows), 2),
      model: null,
    };
    const files = unzipSync(await tfjsZip(artifacts));
    expect(Object.keys(files).sort()).toEqual(['README.md', 'baseline.json', 'preprocessing.json', 'target.json']);
    const readme = strFromU8(files['README.md']!);
    expect(readme).toContain('## A baseline, not a network');
    expect(readme).toContain("`baseline.json`'s `priors`");
    expect(readme).not.toContain('tf.loadLayersModel');
    expect(readme).not.toContain(HOSTILE);
    expect(JSON.parse(strFromU8(files['baseline.json']!))).toEqual(artifacts.baseline);
  });
});
