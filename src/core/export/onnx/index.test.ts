import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { buildModel, disposeModel } from '../../models/build';
import { buildLayerGraph } from '../../models/layers/buildLayerGraph';
import { OnnxGraphBuilder } from './graphBuilder';
import { exportOnnx, OnnxExportError, parseModel, type OnnxExportInput } from './index';
import { maxAbsDiff, onnxCheckerFailures, predictTfjs, randomInput, randomizeWeights, runOnnx } from './testing';

const TOLERANCE = 1e-4;
const N = 11;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const exported: { label: string; bytes: Uint8Array }[] = [];
const diffs: Record<string, number> = {};
afterAll(() => console.info('max |ONNX − tfjs| per case:', diffs));

/** A builder whose "feature part" is a declared float input `x` of the given shape (without the batch). */
function builderWithInput(shape: readonly number[]): OnnxGraphBuilder {
  const b = new OnnxGraphBuilder();
  b.inputs.push({ name: b.reserve('x'), type: 'float', shape: ['N', ...shape] });
  return b;
}

/** Exports, runs on random rows, and returns the outputs with the rows used. */
async function exportAndRun(label: string, input: OnnxExportInput, shape: readonly number[], metadata: Record<string, string> = {}) {
  const bytes = exportOnnx(builderWithInput(shape), 'x', input, metadata);
  exported.push({ label, bytes });
  const x = randomInput(N, shape, 5);
  const out = await runOnnx(bytes, { x: { data: x, dims: [N, ...shape] } });
  return { bytes, x, out };
}

/** Index of the row's largest value, ties to the first (the studio's argmax). */
function argmax(row: ArrayLike<number>): number {
  let best = 0;
  for (let j = 1; j < row.length; j++) if (row[j]! > row[best]!) best = j;
  return best;
}

const rows = (flat: ArrayLike<number>, k: number) => Array.from({ length: flat.length / k }, (_, i) => Array.from({ length: k }, (_, j) => flat[i * k + j]!));

describe('exportOnnx', () => {
  it('binary: probabilities [1 − p, p] from the sigmoid unit, labels by argmax, metadata', async () => {
    const model = buildModel({ kind: 'mlp', hidden: [6], activation: 'relu', dropout: 0.2, l2: 0 }, 4, 'binary', 2, 1);
    randomizeWeights(model, 1);
    try {
      const { bytes, x, out } = await exportAndRun('binary', { model, task: 'binary', classes: ['stayed', 'left'] }, [4], { features: '["a","b"]' });
      const p = predictTfjs(model, x, N, [4]);
      const expected = Array.from(p, (v) => [1 - v, v]).flat();
      expect(out['probabilities']!.dims).toEqual([N, 2]);
      const diff = maxAbsDiff(out['probabilities']!.data as Float32Array, expected);
      diffs['binary'] = diff;
      expect(diff).toBeLessThanOrEqual(TOLERANCE);
      expect(new Set(out['label']!.data as string[])).toEqual(new Set(['stayed', 'left']));
      expect(out['label']!.data).toEqual(rows(out['probabilities']!.data as Float32Array, 2).map((r) => ['stayed', 'left'][argmax(r)]));
      expect(out['label']!.data).toEqual(Array.from(p, (v) => (v > 0.5 ? 'left' : 'stayed')));
      const m = parseModel(bytes);
      expect(m['metadata_props']).toEqual([
        { key: 'task', value: 'binary' },
        { key: 'classes', value: '["stayed","left"]' },
        { key: 'features', value: '["a","b"]' },
      ]);
      const outputs = ((m['graph'] as Record<string, unknown>)['output'] as Record<string, unknown>[]).map((o) => o['name']);
      expect(outputs).toEqual(['probabilities', 'label']);
    } finally {
      disposeModel(model);
    }
  });

  it('multiclass from a windowed graph model ([N, window, k] input): softmax probabilities and class names', async () => {
    const graph = {
      nodes: [
        { id: 'features', kind: 'input', params: { window: 5 } },
        { id: 'conv', kind: 'conv1d', params: { filters: 4, kernelSize: 2 } },
        { id: 'lstm', kind: 'lstm', params: { units: 4 } },
        { id: 'head', kind: 'output', params: {} },
      ],
      edges: [
        { source: 'features', target: 'conv' },
        { source: 'conv', target: 'lstm' },
        { source: 'lstm', target: 'head' },
      ],
    };
    const { model } = buildLayerGraph(graph, [3], 'multiclass', 3, 2);
    randomizeWeights(model, 2);
    // Head biases that even out the classes' mean probabilities on these rows, so that the labels
    // vary from row to row and their check says something.
    const head = model.getLayer('head');
    const kernel = head.getWeights()[0]!;
    const mean = (bias: number[]) => {
      head.setWeights([kernel, tf.tensor1d(bias)]);
      const p = rows(predictTfjs(model, randomInput(N, [5, 3], 5), N, [5, 3]), 3);
      return [0, 1, 2].map((j) => p.reduce((s, r) => s + r[j]!, 0) / N);
    };
    head.setWeights([kernel, tf.tensor1d(mean([0, 0, 0]).map((m) => -Math.log(m)))]);
    try {
      const classes = ['low', 'mid', 'high'];
      const { x, out } = await exportAndRun('multiclass windowed', { model, task: 'multiclass', classes }, [5, 3]);
      const expected = predictTfjs(model, x, N, [5, 3]);
      const diff = maxAbsDiff(out['probabilities']!.data as Float32Array, expected);
      diffs['multiclass windowed'] = diff;
      expect(diff).toBeLessThanOrEqual(TOLERANCE);
      const labels = rows(expected, 3).map((r) => classes[argmax(r)]);
      expect(new Set(labels).size).toBeGreaterThan(1);
      expect(out['label']!.data).toEqual(labels);
    } finally {
      disposeModel(model);
    }
  });

  it('regression: prediction [N, 1] in target units (through target_scale)', async () => {
    const model = buildModel({ kind: 'linear', l2: 0 }, 3, 'regression', 1, 3, { targetScale: { mean: 40, std: 2.5 } });
    randomizeWeights(model, 3);
    model.getLayer('target_scale').setWeights([tf.tensor2d([[2.5]]), tf.tensor1d([40])]);
    try {
      const { bytes, x, out } = await exportAndRun('regression', { model, task: 'regression', classes: null }, [3]);
      expect(out['prediction']!.dims).toEqual([N, 1]);
      expect(Object.keys(out)).toEqual(['prediction']);
      const expected = predictTfjs(model, x, N, [3]);
      expect(Math.min(...expected)).toBeGreaterThan(30);
      const diff = maxAbsDiff(out['prediction']!.data as Float32Array, expected);
      diffs['regression'] = diff;
      expect(diff).toBeLessThanOrEqual(TOLERANCE);
      expect(parseModel(bytes)['metadata_props']).toEqual([{ key: 'task', value: 'regression' }]);
    } finally {
      disposeModel(model);
    }
  });

  it.each([
    ['binary', ['no', 'yes'], [0.3, 0.7], 'yes'],
    ['multiclass', ['a', 'b', 'c'], [0.4, 0.2, 0.4], 'a'],
  ] as const)('%s baseline: the priors for every row, the majority class (ties → first)', async (task, classes, priors, majority) => {
    const { out } = await exportAndRun(`baseline ${task}`, { model: null, task, classes, baselinePrediction: priors }, [4]);
    expect(out['probabilities']!.dims).toEqual([N, classes.length]);
    expect(maxAbsDiff(out['probabilities']!.data as Float32Array, Array.from({ length: N }, () => priors).flat())).toBeLessThanOrEqual(1e-7);
    expect(out['label']!.data).toEqual(Array(N).fill(majority));
  });

  it('regression baseline: the mean for every row, also from a windowed feature tensor', async () => {
    const { out } = await exportAndRun('baseline regression', { model: null, task: 'regression', classes: null, baselinePrediction: [17.25] }, [3, 2]);
    expect(out['prediction']!.dims).toEqual([N, 1]);
    expect(Array.from(out['prediction']!.data as Float32Array)).toEqual(Array(N).fill(17.25));
  });

  it.each([
    ['a binary task with 3 classes', { task: 'binary', classes: ['a', 'b', 'c'], baselinePrediction: [0.2, 0.3, 0.5] }, /exactly 2 class names/],
    ['a multiclass task without classes', { task: 'multiclass', classes: null }, /at least 2 class names/],
    ['a baseline without its prediction', { task: 'regression', classes: null }, /baseline needs 1 finite prediction value/],
    ['a baseline with too few priors', { task: 'multiclass', classes: ['a', 'b', 'c'], baselinePrediction: [0.5, 0.5] }, /baseline needs 3 finite/],
  ] as const)('refuses %s without touching the builder', (_label, partial, message) => {
    const b = builderWithInput([2]);
    expect(() => exportOnnx(b, 'x', { model: null, ...partial }, {})).toThrow(message);
    expect(b.nodes).toEqual([]);
    expect(b.initializers).toEqual([]);
  });

  it('refuses a model whose output does not fit the task, or an untranslatable one, without touching the builder', () => {
    const model = buildModel({ kind: 'linear', l2: 0 }, 2, 'multiclass', 4, 1);
    const b = builderWithInput([2]);
    expect(() => exportOnnx(b, 'x', { model, task: 'multiclass', classes: ['a', 'b', 'c'] }, {})).toThrow(/must output \[batch, 3\], but it outputs \[null,4\]/);
    disposeModel(model);
    const input = tf.input({ shape: [2] });
    const odd = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 1, activation: 'softplus', name: 'soft' }).apply(input) as tf.SymbolicTensor });
    expect(() => exportOnnx(b, 'x', { model: odd, task: 'regression', classes: null }, {})).toThrow(OnnxExportError);
    expect(() => exportOnnx(b, 'x', { model: odd, task: 'regression', classes: null }, {})).toThrow(/"soft" \(Dense\).*softplus/);
    odd.dispose();
    expect(b.nodes).toEqual([]);
    expect(b.metadata).toEqual([]);
  });

  it('refuses a metadata key given twice, and an output name an input already has', () => {
    const b = builderWithInput([1]);
    b.metadata.push({ key: 'features', value: '[]' });
    const baseline = { model: null, task: 'regression', classes: null, baselinePrediction: [1] } as const;
    expect(() => exportOnnx(b, 'x', baseline, { features: '["x"]' })).toThrow(/metadata key "features" is given twice/);
    expect(() => exportOnnx(builderWithInput([1]), 'x', baseline, { task: 'other' })).toThrow(/"task" is given twice/);
    const taken = new OnnxGraphBuilder();
    taken.inputs.push({ name: taken.reserve('prediction'), type: 'float', shape: ['N', 1] });
    expect(() => exportOnnx(taken, 'prediction', baseline, {})).toThrow(/output name "prediction" is already used/);
  });
});

it('every exported model passes onnx.checker.check_model(full_check=True)', () => {
  expect(exported.length).toBeGreaterThan(0);
  expect(onnxCheckerFailures(exported)).toEqual([]);
});
