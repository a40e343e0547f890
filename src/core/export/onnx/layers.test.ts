/**
 * Every layer kind the studio builds, exported alone (or in the smallest graph that needs it) and run
 * in onnxruntime against tfjs' predict on the same random rows: max |ONNX − tfjs| ≤ 1e-4. All weights
 * are randomized first (biases, BatchNorm's moving statistics, LSTM's gate biases included), so a
 * wrong gate order or a dropped bias cannot hide behind tfjs' zero initial values. Heads are linear
 * so the raw values are compared, not squashed probabilities.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { disposeModel } from '../../models/build';
import { buildLayerGraph } from '../../models/layers/buildLayerGraph';
import type { LayerGraph } from '../../models/layers/inferLayerShapes';
import { ACTIVATION_FNS, DENSE_ACTIVATIONS } from '../../models/layers/specs/basic';
import { createRng } from '../../util/random';
import { windowPads } from './layers';
import { compareWithTfjs, onnxCheckerFailures, randomizeWeights } from './testing';

const TOLERANCE = 1e-4;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Every exported model, for one run of the reference checker at the end. */
const exported: { label: string; bytes: Uint8Array }[] = [];
const diffs: Record<string, number> = {};
afterAll(() => {
  // Visible with --reporter=verbose; the README quotes the largest.
  console.info('max |ONNX − tfjs| per case:', diffs);
});

const node = (id: string, kind: string, params: Record<string, unknown> = {}) => ({ id, kind, params });

/** features (window > 1: a sequence [window, 4]; else [5]) → the given layers in a chain → linear head. */
function chain(window: number, layers: readonly [kind: string, params?: Record<string, unknown>][]): LayerGraph {
  const nodes = [node('features', 'input', { window }), ...layers.map(([kind, params], i) => node(`l${i}_${kind}`, kind, params)), node('head', 'output', { head: 'linear' })];
  return { nodes, edges: nodes.slice(1).map((n, i) => ({ source: nodes[i]!.id, target: n.id })) };
}

const FLAT = [5] as const;
const SEQ_FEATURES = [4] as const;

/** Graph cases: [label, graph, feature shape (the input node's window makes it a sequence)]. Multiclass with 3 linear outputs. */
const GRAPH_CASES: [string, LayerGraph, readonly number[]][] = [
  ...DENSE_ACTIVATIONS.map((a): [string, LayerGraph, readonly number[]] => [`dense ${a}`, chain(1, [['dense', { units: 6, activation: a }]]), FLAT]),
  ['dense without bias', chain(1, [['dense', { units: 6, activation: 'tanh', useBias: false }]]), FLAT],
  ...ACTIVATION_FNS.map((a): [string, LayerGraph, readonly number[]] => [`activation ${a}`, chain(1, [['dense', { units: 6, activation: 'none' }], ['activation', { activation: a, alpha: 0.15 }]]), FLAT]),
  ['dropout', chain(1, [['dense', { units: 6 }], ['dropout', { rate: 0.5 }]]), FLAT],
  ['batch_norm', chain(1, [['batch_norm', { epsilon: 0.01 }], ['dense', { units: 4, activation: 'none' }]]), FLAT],
  ['layer_norm', chain(1, [['dense', { units: 6, activation: 'none' }], ['layer_norm', { epsilon: 0.002 }]]), FLAT],
  ['conv1d valid k3 s1 relu', chain(6, [['conv1d', { filters: 5, kernelSize: 3, strides: 1, padding: 'valid', activation: 'relu' }], ['flatten']]), SEQ_FEATURES],
  ['conv1d same k3 s2 gelu', chain(6, [['conv1d', { filters: 5, kernelSize: 3, strides: 2, padding: 'same', activation: 'gelu' }], ['flatten']]), SEQ_FEATURES],
  ['conv1d same k4 s1 (uneven padding)', chain(7, [['conv1d', { filters: 3, kernelSize: 4, strides: 1, padding: 'same', activation: 'none' }], ['flatten']]), SEQ_FEATURES],
  ['conv1d valid k2 s3 (stride > kernel)', chain(8, [['conv1d', { filters: 3, kernelSize: 2, strides: 3, padding: 'valid', activation: 'elu' }], ['flatten']]), SEQ_FEATURES],
  ['maxpool1d valid p2 s2', chain(7, [['maxpool1d', { poolSize: 2, strides: 2, padding: 'valid' }], ['flatten']]), SEQ_FEATURES],
  ['maxpool1d same p3 s2', chain(6, [['maxpool1d', { poolSize: 3, strides: 2, padding: 'same' }], ['flatten']]), SEQ_FEATURES],
  ['maxpool1d same p2 s1', chain(5, [['maxpool1d', { poolSize: 2, strides: 1, padding: 'same' }], ['flatten']]), SEQ_FEATURES],
  ['global_avg_pool1d', chain(6, [['dense', { units: 5, activation: 'tanh' }], ['global_avg_pool1d']]), SEQ_FEATURES],
  ['flatten', chain(3, [['flatten']]), SEQ_FEATURES],
  ['dense, batch_norm and layer_norm on a sequence', chain(6, [['dense', { units: 5, activation: 'selu' }], ['batch_norm'], ['layer_norm'], ['flatten']]), SEQ_FEATURES],
  ['lstm last step', chain(6, [['lstm', { units: 5 }]]), SEQ_FEATURES],
  ['lstm sequences → lstm', chain(6, [['lstm', { units: 4, returnSequences: true }], ['lstm', { units: 3 }]]), SEQ_FEATURES],
  ['gru last step', chain(6, [['gru', { units: 5 }]]), SEQ_FEATURES],
  ['gru sequences → flatten', chain(5, [['gru', { units: 3, returnSequences: true }], ['flatten']]), SEQ_FEATURES],
  ['lstm on a one-step sequence', chain(1, [['lstm', { units: 3 }]]), [1, 4]],
];

/** Graph models (conv, recurrent, joins) in one piece: branches joined by Concatenate and Add. */
const BRANCHED_SEQUENCE: LayerGraph = {
  nodes: [
    node('features', 'input', { window: 8 }),
    node('conv', 'conv1d', { filters: 6, kernelSize: 3, padding: 'same', activation: 'relu' }),
    node('pool', 'maxpool1d', { poolSize: 2, strides: 2 }),
    node('gru', 'gru', { units: 6, returnSequences: true }),
    node('skip', 'add'),
    node('avg', 'global_avg_pool1d'),
    node('lstm', 'lstm', { units: 4 }),
    node('joined', 'concatenate'),
    node('norm', 'batch_norm'),
    node('drop', 'dropout', { rate: 0.3 }),
    node('head', 'output', { head: 'linear' }),
  ],
  edges: [
    { source: 'features', target: 'conv' },
    { source: 'conv', target: 'pool' },
    { source: 'pool', target: 'gru' },
    { source: 'gru', target: 'skip' },
    { source: 'pool', target: 'skip' },
    { source: 'skip', target: 'avg' },
    { source: 'features', target: 'lstm' },
    { source: 'avg', target: 'joined' },
    { source: 'lstm', target: 'joined' },
    { source: 'joined', target: 'norm' },
    { source: 'norm', target: 'drop' },
    { source: 'drop', target: 'head' },
  ],
};

/** Three branches into one Add (a chain of two ONNX Adds) and a Concatenate of three. */
const BRANCHED_FLAT: LayerGraph = {
  nodes: [
    node('features', 'input'),
    node('a', 'dense', { units: 6, activation: 'relu' }),
    node('b', 'dense', { units: 6, activation: 'tanh' }),
    node('c', 'dense', { units: 6, activation: 'gelu' }),
    node('sum', 'add'),
    node('cat', 'concatenate'),
    node('act', 'activation', { activation: 'leaky_relu', alpha: 0.2 }),
    node('head', 'output', { head: 'linear' }),
  ],
  edges: [
    { source: 'features', target: 'a' },
    { source: 'features', target: 'b' },
    { source: 'features', target: 'c' },
    { source: 'a', target: 'sum' },
    { source: 'b', target: 'sum' },
    { source: 'c', target: 'sum' },
    { source: 'sum', target: 'cat' },
    { source: 'a', target: 'cat' },
    { source: 'features', target: 'cat' },
    { source: 'cat', target: 'act' },
    { source: 'act', target: 'head' },
  ],
};

async function expectSameAsTfjs(label: string, model: tf.LayersModel, seed: number): Promise<void> {
  try {
    randomizeWeights(model, seed);
    const { diff, bytes, expected } = await compareWithTfjs(model, { seed: seed + 1 });
    // A comparison of constants would prove nothing: the random rows must give different outputs.
    expect(new Set(expected).size).toBeGreaterThan(expected.length / 2);
    diffs[label] = diff;
    exported.push({ label, bytes });
    expect(diff).toBeLessThanOrEqual(TOLERANCE);
  } finally {
    disposeModel(model);
  }
}

describe('layer exporters match tfjs', () => {
  it.each(GRAPH_CASES.map(([label, graph, shape], i) => ({ label, graph, shape, i })))('$label', async ({ label, graph, shape, i }) => {
    const { model } = buildLayerGraph(graph, [...shape], 'multiclass', 3, 100 + i);
    await expectSameAsTfjs(label, model, 1000 + i);
  });

  it('a sequence graph with Conv1D, MaxPool1D, GRU, a skip Add, LSTM, Concatenate, BatchNorm, Dropout', async () => {
    await expectSameAsTfjs('branched sequence', buildLayerGraph(BRANCHED_SEQUENCE, [4], 'multiclass', 3, 7).model, 7);
  });

  it('a flat graph adding three branches and concatenating three', async () => {
    await expectSameAsTfjs('branched flat', buildLayerGraph(BRANCHED_FLAT, [5], 'multiclass', 3, 8).model, 8);
  });

  it('BatchNorm after real training steps (moving statistics moved by the data, not set)', async () => {
    const { model } = buildLayerGraph(chain(1, [['dense', { units: 6, activation: 'relu' }], ['batch_norm', { momentum: 0.5 }]]), [5], 'regression', 1, 9);
    try {
      model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
      const rng = createRng(3);
      const x = tf.tensor2d(Float32Array.from({ length: 64 * 5 }, () => 3 * rng() + 1), [64, 5]);
      const y = tf.tensor2d(Float32Array.from({ length: 64 }, () => rng()), [64, 1]);
      for (let i = 0; i < 3; i++) await model.trainOnBatch(x, y);
      tf.dispose([x, y]);
      const movingMean = model.getLayer('l1_batch_norm').getWeights()[2]!.dataSync();
      expect(Math.max(...Array.from(movingMean, Math.abs))).toBeGreaterThan(0.05);
      const { diff, bytes } = await compareWithTfjs(model, { seed: 4 });
      diffs['batch_norm trained'] = diff;
      exported.push({ label: 'batch_norm trained', bytes });
      expect(diff).toBeLessThanOrEqual(TOLERANCE);
    } finally {
      disposeModel(model);
    }
  });

  it.each([
    ['LSTM, sigmoid gates, relu activation', () => tf.layers.lstm({ units: 4, recurrentActivation: 'sigmoid', activation: 'relu' })],
    ['GRU, sigmoid gates', () => tf.layers.gru({ units: 4, recurrentActivation: 'sigmoid', returnSequences: true })],
    ['LSTM without bias', () => tf.layers.lstm({ units: 4, useBias: false })],
    ['Conv1D dilation 2 same', () => tf.layers.conv1d({ filters: 3, kernelSize: 3, dilationRate: 2, padding: 'same' })],
    ['Dense hardSigmoid', () => tf.layers.dense({ units: 4, activation: 'hardSigmoid' })],
    ['BatchNormalization without center and scale', () => tf.layers.batchNormalization({ center: false, scale: false })],
    ['LayerNormalization without center and scale', () => tf.layers.layerNormalization({ center: false, scale: false })],
  ] as const)('tfjs options the builders do not set: %s', async (label, make) => {
    const input = tf.input({ shape: [6, 4] });
    const y = make().apply(input) as tf.SymbolicTensor;
    const out = y.rank === 3 ? (tf.layers.flatten().apply(y) as tf.SymbolicTensor) : y;
    const model = tf.model({ inputs: input, outputs: out });
    await expectSameAsTfjs(label, model, 77);
  });
});

describe('windowPads', () => {
  it.each([
    // [length, size, stride, dilation] → tfjs' 'same' output length is ceil(length / stride).
    [6, 3, 1, 1, [1, 1]],
    [7, 4, 1, 1, [1, 2]],
    [6, 3, 2, 1, [0, 1]],
    [5, 2, 3, 1, [0, 0]],
    [6, 3, 1, 2, [2, 2]],
  ] as const)('same padding of length %i, size %i, stride %i, dilation %i is %j', (length, size, stride, dilation, pads) => {
    expect(windowPads(length, size, stride, dilation, 'same')).toEqual(pads);
    expect(windowPads(length, size, stride, dilation, 'valid')).toEqual([0, 0]);
  });
});

it('every exported layer model passes onnx.checker.check_model(full_check=True)', () => {
  expect(exported.length).toBeGreaterThan(0);
  expect(onnxCheckerFailures(exported)).toEqual([]);
});
