import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { disposeModel, hasDropout } from '../build';
import { buildLayerGraph, LayerGraphError } from './buildLayerGraph';
import type { LayerGraph } from './inferLayerShapes';
import { createRng } from '../../util/random';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const node = (id: string, kind: string, params: unknown = {}) => ({ id, kind, params });
const edge = (source: string, target: string) => ({ source, target });

/** Two Dense branches joined by Concatenate, then a block with a skip connection (Add), then the head. */
const BRANCHED: LayerGraph = {
  nodes: [
    node('features', 'input'),
    node('left', 'dense', { units: 8, activation: 'relu' }),
    node('right', 'dense', { units: 4, activation: 'tanh', l2: 0.001 }),
    node('joined', 'concatenate'),
    node('norm', 'layer_norm'),
    node('block', 'dense', { units: 12, activation: 'gelu' }),
    node('block_act', 'activation', { activation: 'leaky_relu', alpha: 0.1 }),
    node('skip', 'add'),
    node('drop', 'dropout', { rate: 0.2 }),
    node('head', 'output'),
  ],
  edges: [
    edge('features', 'left'),
    edge('features', 'right'),
    edge('left', 'joined'),
    edge('right', 'joined'),
    edge('joined', 'norm'),
    edge('norm', 'block'),
    edge('block', 'block_act'),
    edge('block_act', 'skip'),
    edge('joined', 'skip'),
    edge('skip', 'drop'),
    edge('drop', 'head'),
  ],
};

/** n rows of 5 features; class = whether x0 + x1 > 0 (or 3 classes by the sign pattern). */
function toyData(n: number, seed: number, classes: 2 | 3) {
  const rng = createRng(seed);
  const x = new Float32Array(n * 5);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 5; j++) x[i * 5 + j] = rng() * 2 - 1;
    const s = x[i * 5]! + x[i * 5 + 1]!;
    y[i] = classes === 2 ? (s > 0 ? 1 : 0) : s > 0.5 ? 2 : s > -0.5 ? 1 : 0;
  }
  return { x: tf.tensor2d(x, [n, 5]), y: tf.tensor2d(y, [n, 1]) };
}

describe('buildLayerGraph', () => {
  it('builds a branched graph with a skip connection, named by node id, with the inferred shapes and counts', () => {
    const built = buildLayerGraph(BRANCHED, [5], 'multiclass', 3, 42);
    const { model } = built;
    expect(model.layers.map((l) => l.name)).toEqual(['features', 'left', 'right', 'joined', 'norm', 'block', 'block_act', 'skip', 'drop', 'head']);
    expect(model.inputs[0]!.shape).toEqual([null, 5]);
    expect(model.outputs[0]!.shape).toEqual([null, 3]);
    for (const layer of model.layers) expect(layer.countParams()).toBe(built.params[layer.name]);
    expect(built.totalParams).toBe(model.countParams());
    expect(built.shapes['skip']).toEqual({ ok: true, shape: [12] });
    expect(built.head).toEqual({ units: 3, activation: 'softmax', loss: 'sparseCategoricalCrossentropy', mismatch: null, reconstruct: false });
    expect(model.getLayer('block_act').getClassName()).toBe('LeakyReLU');
    // The training loop's reseedDropout finds graph Dropout layers like the MLP's.
    expect(hasDropout(model)).toBe(true);
    disposeModel(model);
  });

  it('trains: one step lowers nothing to NaN, and a few epochs of fit beat chance', async () => {
    const { model, head } = buildLayerGraph(BRANCHED, [5], 'multiclass', 3, 42);
    model.compile({ optimizer: tf.train.adam(0.01, 0.9, 0.999, 1e-7), loss: head.loss, metrics: ['accuracy'] });
    const { x, y } = toyData(512, 1, 3);
    const before = tf.memory().numTensors;
    const [loss] = (await model.trainOnBatch(x, y)) as number[];
    expect(Number.isFinite(loss)).toBe(true);
    const h = await model.fit(x, y, { epochs: 15, batchSize: 64, shuffle: false, verbose: 0 });
    const acc = h.history['acc']!.at(-1) as number;
    expect(acc).toBeGreaterThan(0.8);
    // Training leaves no tensors behind beyond the optimizer's state.
    expect(tf.memory().numTensors - before).toBeLessThan(60);
    tf.dispose([x, y]);
    disposeModel(model);
  });

  it('is seeded per node: same seed → same weights; adding a node leaves the others unchanged', () => {
    const weights = (g: LayerGraph, shape: number[], seed: number, layer: string) => {
      const { model } = buildLayerGraph(g, shape, 'binary', 2, seed);
      const w = model.getLayer(layer).getWeights().map((t) => Array.from(t.dataSync()));
      disposeModel(model);
      return w;
    };
    expect(weights(BRANCHED, [5], 3, 'left')).toEqual(weights(BRANCHED, [5], 3, 'left'));
    expect(weights(BRANCHED, [5], 3, 'left')).not.toEqual(weights(BRANCHED, [5], 4, 'left'));
    const lstm: LayerGraph = {
      nodes: [node('in', 'input'), node('rnn', 'lstm', { units: 3 }), node('out', 'output')],
      edges: [edge('in', 'rnn'), edge('rnn', 'out')],
    };
    const longer: LayerGraph = {
      nodes: [node('in', 'input'), node('rnn', 'lstm', { units: 3 }), node('more', 'dense', { units: 2 }), node('out', 'output')],
      edges: [edge('in', 'rnn'), edge('rnn', 'more'), edge('more', 'out')],
    };
    const rnn = weights(lstm, [4, 2], 9, 'rnn');
    expect(weights(lstm, [4, 2], 9, 'rnn')).toEqual(rnn);
    expect(weights(longer, [4, 2], 9, 'rnn')).toEqual(rnn);
    expect(weights(lstm, [4, 2], 10, 'rnn')).not.toEqual(rnn);
    // LSTM's forget-gate bias starts at 1 (Keras' unit_forget_bias), the other gates at 0.
    expect(rnn[2]).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
  });

  it('throws a LayerGraphError naming the nodes of a cycle', () => {
    const g: LayerGraph = {
      nodes: [node('in', 'input'), node('a', 'dense'), node('b', 'dense'), node('out', 'output')],
      edges: [edge('in', 'a'), edge('a', 'b'), edge('b', 'a'), edge('b', 'out')],
    };
    let error: unknown;
    try {
      buildLayerGraph(g, [3], 'binary', 2, 1);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LayerGraphError);
    expect((error as Error).message).toMatch(/a: These layers form a cycle: (a → b → a|b → a → b)/);
    expect((error as LayerGraphError).problems.map((p) => p.nodeId).sort()).toEqual(['a', 'b']);
  });

  it('throws on a shape mismatch, with the reason, and leaks no tensors', () => {
    const before = tf.memory().numTensors;
    const g: LayerGraph = {
      nodes: [node('in', 'input'), node('a', 'dense', { units: 3 }), node('sum', 'add'), node('out', 'output')],
      edges: [edge('in', 'a'), edge('in', 'sum'), edge('a', 'sum'), edge('sum', 'out')],
    };
    expect(() => buildLayerGraph(g, [4], 'binary', 2, 1)).toThrow('sum: Add needs inputs of identical shape, got [4] and [3].');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('builds sequence models: Conv1D → MaxPool1D → GRU and Conv1D → GlobalAvgPool1D / Flatten', () => {
    const cases: [LayerGraph, number][] = [
      [
        {
          nodes: [node('in', 'input'), node('c', 'conv1d', { filters: 4, kernelSize: 3 }), node('p', 'maxpool1d'), node('g', 'gru', { units: 5 }), node('out', 'output')],
          edges: [edge('in', 'c'), edge('c', 'p'), edge('p', 'g'), edge('g', 'out')],
        },
        1,
      ],
      [
        {
          nodes: [node('in', 'input'), node('c', 'conv1d', { filters: 4, padding: 'same' }), node('bn', 'batch_norm'), node('gap', 'global_avg_pool1d'), node('out', 'output')],
          edges: [edge('in', 'c'), edge('c', 'bn'), edge('bn', 'gap'), edge('gap', 'out')],
        },
        1,
      ],
      [
        {
          nodes: [node('in', 'input'), node('l', 'lstm', { units: 3, returnSequences: true }), node('f', 'flatten'), node('out', 'output')],
          edges: [edge('in', 'l'), edge('l', 'f'), edge('f', 'out')],
        },
        1,
      ],
    ];
    for (const [g, units] of cases) {
      const built = buildLayerGraph(g, [10, 2], 'regression', 1, 5);
      expect(built.model.outputs[0]!.shape).toEqual([null, units]);
      expect(built.model.countParams()).toBe(built.totalParams);
      const y = tf.tidy(() => (built.model.predict(tf.ones([2, 10, 2])) as tf.Tensor).shape);
      expect(y).toEqual([2, 1]);
      disposeModel(built.model);
    }
  });

  it('appends a frozen target_scale for regression, mapping z to std·z + mean', () => {
    const g: LayerGraph = { nodes: [node('in', 'input'), node('out', 'output')], edges: [edge('in', 'out')] };
    const { model, totalParams } = buildLayerGraph(g, [2], 'regression', 1, 1, { targetScale: { mean: 100, std: 10 } });
    expect(model.layers.map((l) => l.name)).toEqual(['in', 'out', 'target_scale']);
    expect(model.getLayer('target_scale').trainable).toBe(false);
    expect(model.countParams()).toBe(totalParams + 2);
    const [z, y] = tf.tidy(() => {
      const x = tf.tensor2d([[1, 2]]);
      return [(model.getLayer('out').apply(x) as tf.Tensor).dataSync()[0]!, (model.predict(x) as tf.Tensor).dataSync()[0]!];
    });
    expect(y).toBeCloseTo(10 * z! + 100, 4);
    disposeModel(model);
    // L2 is scaled by std², as in models/build.ts.
    const withL2: LayerGraph = { nodes: [node('in', 'input'), node('d', 'dense', { units: 2, l2: 0.5 }), node('out', 'output')], edges: [edge('in', 'd'), edge('d', 'out')] };
    const scaled = buildLayerGraph(withL2, [2], 'regression', 1, 1, { targetScale: { mean: 0, std: 10 } }).model;
    expect((scaled.getLayer('d').getConfig()['kernelRegularizer'] as { config: { l2: number } }).config.l2).toBeCloseTo(50, 5);
    disposeModel(scaled);
    // Ignored for classification.
    const bin = buildLayerGraph(g, [2], 'binary', 2, 1, { targetScale: { mean: 100, std: 10 } });
    expect(bin.model.layers.map((l) => l.name)).toEqual(['in', 'out']);
    disposeModel(bin.model);
  });

  it('builds an explicit head that mismatches the task, and says so', () => {
    const g: LayerGraph = { nodes: [node('in', 'input'), node('out', 'output', { head: 'linear' })], edges: [edge('in', 'out')] };
    const { model, head } = buildLayerGraph(g, [2], 'binary', 2, 1);
    expect(head.activation).toBe('linear');
    expect(head.loss).toBe('binaryCrossentropy');
    expect(head.mismatch).toMatch(/use sigmoid/);
    expect(model.getLayer('out').getConfig()['activation']).toBe('linear');
    disposeModel(model);
  });

  it('reconstruct head: a linear Dense as wide as the input (the last step\'s features for a window)', () => {
    const flat: LayerGraph = {
      nodes: [node('in', 'input'), node('enc', 'dense', { units: 3 }), node('out', 'output', { head: 'reconstruct' })],
      edges: [edge('in', 'enc'), edge('enc', 'out')],
    };
    const built = buildLayerGraph(flat, [7], 'binary', 2, 1);
    expect(built.head).toEqual({ units: 7, activation: 'linear', loss: 'meanSquaredError', mismatch: null, reconstruct: true });
    expect(built.model.outputs[0]!.shape).toEqual([null, 7]);
    expect(built.model.getLayer('out').getConfig()['activation']).toBe('linear');
    expect(built.totalParams).toBe(built.model.countParams());
    disposeModel(built.model);
    const windowed: LayerGraph = {
      nodes: [node('in', 'input', { window: 4 }), node('rnn', 'lstm', { units: 2 }), node('out', 'output', { head: 'reconstruct' })],
      edges: [edge('in', 'rnn'), edge('rnn', 'out')],
    };
    const seq = buildLayerGraph(windowed, [3], 'binary', 2, 1);
    expect(seq.model.outputs[0]!.shape).toEqual([null, 3]);
    expect(seq.params['out']).toBe(2 * 3 + 3);
    disposeModel(seq.model);
    expect(() => buildLayerGraph(flat, [7], 'regression', 1, 1)).toThrow(/out: The reconstruct head .* needs a binary target/);
  });
});
