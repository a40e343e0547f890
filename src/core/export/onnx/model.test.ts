import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { ACTIVATIONS } from '../../pipeline/document';
import { buildModel, disposeModel } from '../../models/build';
import { OnnxGraphBuilder } from './graphBuilder';
import { addLayersModel, modelExportProblems, OnnxExportError } from './model';
import { compareWithTfjs, onnxCheckerFailures, randomizeWeights } from './testing';

const TOLERANCE = 1e-4;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const exported: { label: string; bytes: Uint8Array }[] = [];
const diffs: Record<string, number> = {};
afterAll(() => console.info('max |ONNX − tfjs| per case:', diffs));

async function expectSameAsTfjs(label: string, model: tf.LayersModel, seed: number): Promise<void> {
  try {
    randomizeWeights(model, seed);
    const { diff, bytes, expected } = await compareWithTfjs(model, { seed: seed + 1, n: 9 });
    expect(new Set(expected).size).toBeGreaterThan(expected.length / 2);
    diffs[label] = diff;
    exported.push({ label, bytes });
    expect(diff).toBeLessThanOrEqual(TOLERANCE);
  } finally {
    disposeModel(model);
  }
}

describe('addLayersModel on the v1 models (models/build.ts, tf.sequential)', () => {
  it.each(ACTIVATIONS.map((a, i) => [a, i] as const))('MLP with %s hidden layers and dropout, multiclass', async (activation, i) => {
    const model = buildModel({ kind: 'mlp', hidden: [8, 5], activation, dropout: 0.25, l2: 0.01 }, 6, 'multiclass', 4, 20 + i);
    await expectSameAsTfjs(`mlp ${activation}`, model, 20 + i);
  });

  it('linear binary model (one sigmoid unit)', async () => {
    await expectSameAsTfjs('linear binary', buildModel({ kind: 'linear', l2: 0 }, 6, 'binary', 2, 3), 3);
  });

  it('regression MLP with the frozen target_scale layer', async () => {
    const model = buildModel({ kind: 'mlp', hidden: [6], activation: 'relu', dropout: 0, l2: 0 }, 6, 'regression', 1, 4, { targetScale: { mean: 12.5, std: 3 } });
    expect(model.layers.map((l) => l.name)).toContain('target_scale');
    randomizeWeights(model, 4);
    // Keep the scale's own values (randomizing would test a generic Dense, not the target scale).
    model.getLayer('target_scale').setWeights([tf.tensor2d([[3]]), tf.tensor1d([12.5])]);
    try {
      const { diff, bytes, expected } = await compareWithTfjs(model, { seed: 5, n: 9 });
      expect(Math.max(...expected)).toBeGreaterThan(5);
      diffs['regression target_scale'] = diff;
      exported.push({ label: 'regression target_scale', bytes });
      expect(diff).toBeLessThanOrEqual(TOLERANCE);
    } finally {
      disposeModel(model);
    }
  });

  it('names initializers after their layers and emits nothing for the InputLayer', () => {
    const model = buildModel({ kind: 'mlp', hidden: [3], activation: 'tanh', dropout: 0, l2: 0 }, 2, 'binary', 2, 1);
    const b = new OnnxGraphBuilder();
    const out = addLayersModel(b, model, 'x');
    expect(b.initializers.map((i) => i.name)).toEqual(['hidden_1/kernel', 'hidden_1/bias', 'head/kernel', 'head/bias']);
    expect(b.nodes.map((n) => n.opType)).toEqual(['MatMul', 'Add', 'Tanh', 'MatMul', 'Add', 'Sigmoid']);
    expect(b.nodes[0]!.inputs[0]).toBe('x');
    expect(b.nodes.at(-1)!.outputs).toEqual([out]);
    disposeModel(model);
  });
});

describe('modelExportProblems / OnnxExportError', () => {
  /** input [6, 4] → layers → model, built with the functional API. */
  function sequenceModel(...layers: tf.layers.Layer[]): tf.LayersModel {
    const input = tf.input({ shape: [6, 4], name: 'x_in' });
    let y: tf.SymbolicTensor = input;
    for (const l of layers) y = l.apply(y) as tf.SymbolicTensor;
    return tf.model({ inputs: input, outputs: y });
  }

  it('accepts every studio model above (nothing to report)', () => {
    const model = buildModel({ kind: 'mlp', hidden: [4], activation: 'gelu', dropout: 0.1, l2: 0 }, 3, 'multiclass', 3, 1);
    expect(modelExportProblems(model)).toEqual([]);
    disposeModel(model);
  });

  it.each([
    ['an unknown layer class', () => sequenceModel(tf.layers.simpleRNN({ units: 2, name: 'rnn' })), /Layer "rnn" \(SimpleRNN\) has no ONNX translation/],
    ['an activation without translation', () => sequenceModel(tf.layers.dense({ units: 2, activation: 'softplus', name: 'd' })), /Layer "d" \(Dense\): its activation "softplus"/],
    ['a backwards LSTM', () => sequenceModel(tf.layers.lstm({ units: 2, goBackwards: true, name: 'back' })), /Layer "back" \(LSTM\): it reads the sequence backwards/],
    ['causal padding', () => sequenceModel(tf.layers.conv1d({ filters: 2, kernelSize: 2, padding: 'causal', name: 'c' })), /Layer "c" \(Conv1D\): its padding "causal"/],
    ['BatchNorm over another axis', () => sequenceModel(tf.layers.batchNormalization({ axis: 1, name: 'bn' })), /Layer "bn" \(BatchNormalization\): it normalizes over axis 1/],
    ['a Reshape', () => {
      const input = tf.input({ shape: [4] });
      return tf.model({ inputs: input, outputs: tf.layers.reshape({ targetShape: [2, 2], name: 'r' }).apply(input) as tf.SymbolicTensor });
    }, /Layer "r" \(Reshape\) has no ONNX translation/],
    ['two inputs', () => {
      const a = tf.input({ shape: [2] });
      const c = tf.input({ shape: [2] });
      return tf.model({ inputs: [a, c], outputs: tf.layers.add().apply([a, c]) as tf.SymbolicTensor });
    }, /2 inputs/],
  ] as const)('reports %s, and addLayersModel throws before emitting', (_label, make, message) => {
    const model = make();
    try {
      const problems = modelExportProblems(model);
      expect(problems.join(' ')).toMatch(message);
      const b = new OnnxGraphBuilder();
      let error: unknown;
      try {
        addLayersModel(b, model, 'x');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(OnnxExportError);
      expect((error as OnnxExportError).problems).toEqual(problems);
      expect((error as Error).message).toMatch(message);
      expect(b.nodes).toEqual([]);
      expect(b.initializers).toEqual([]);
    } finally {
      model.dispose();
    }
  });

  it('lists every layer at fault, not only the first', () => {
    const model = sequenceModel(tf.layers.lstm({ units: 2, goBackwards: true, returnSequences: true, name: 'a' }), tf.layers.simpleRNN({ units: 2, name: 'b' }));
    const problems = modelExportProblems(model);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/"a" \(LSTM\)/);
    expect(problems[1]).toMatch(/"b" \(SimpleRNN\)/);
    model.dispose();
  });
});

it('every exported model passes onnx.checker.check_model(full_check=True)', () => {
  expect(exported.length).toBeGreaterThan(0);
  expect(onnxCheckerFailures(exported)).toEqual([]);
});
