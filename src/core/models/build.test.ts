import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { buildModel, disposeModel, lossFor, reseedDropout, type NeuralModelSpec } from './build';
import { fitBaseline, predictBaseline } from './baseline';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('buildModel', () => {
  it('builds a linear model: one head Dense with the task activation', () => {
    const cases = [
      ['binary', 2, 1, 'sigmoid'],
      ['multiclass', 3, 3, 'softmax'],
      ['regression', 1, 1, 'linear'],
    ] as const;
    for (const [task, k, units, activation] of cases) {
      const m = buildModel({ kind: 'linear', l2: 0.01 }, 5, task, k, 1);
      expect(m.layers.map((l) => l.name)).toEqual(['features', 'head']);
      const cfg = m.getLayer('head').getConfig();
      expect(cfg['units']).toBe(units);
      expect(cfg['activation']).toBe(activation);
      expect(cfg['kernelRegularizer']).toBeTruthy();
      expect(m.inputs[0]!.shape).toEqual([null, 5]);
      disposeModel(m);
    }
  });

  it('builds an MLP with named hidden, dropout and head layers', () => {
    const m = buildModel({ kind: 'mlp', hidden: [8, 4], activation: 'tanh', dropout: 0.2, l2: 0 }, 3, 'multiclass', 4, 7);
    expect(m.layers.map((l) => l.name)).toEqual(['features', 'hidden_1', 'dropout_1', 'hidden_2', 'dropout_2', 'head']);
    expect(m.getLayer('hidden_1').getConfig()['activation']).toBe('tanh');
    expect(m.getLayer('hidden_1').getConfig()['kernelRegularizer']).toBeFalsy();
    expect(m.outputs[0]!.shape).toEqual([null, 4]);
    disposeModel(m);
  });

  it('is seeded: same seed → same weights, another seed → other weights', () => {
    const spec: NeuralModelSpec = { kind: 'mlp', hidden: [6], activation: 'relu', dropout: 0, l2: 0 };
    const w = (seed: number) => {
      const m = buildModel(spec, 4, 'binary', 2, seed);
      const values = m.getWeights().map((t) => Array.from(t.dataSync()));
      disposeModel(m);
      return values;
    };
    expect(w(3)).toEqual(w(3));
    expect(w(3)).not.toEqual(w(4));
  });

  it('appends a frozen target_scale layer for regression that maps z to std·z + mean', () => {
    const m = buildModel({ kind: 'linear', l2: 0.5 }, 2, 'regression', 1, 1, { targetScale: { mean: 100, std: 10 } });
    expect(m.layers.map((l) => l.name)).toEqual(['features', 'head', 'target_scale']);
    expect(m.getLayer('target_scale').trainable).toBe(false);
    // L2 is scaled by std² so the penalty keeps its weight against an MSE measured in target units.
    expect((m.getLayer('head').getConfig()['kernelRegularizer'] as { config: { l2: number } }).config.l2).toBeCloseTo(50, 5);
    const out = tf.tidy(() => {
      const z = (m.getLayer('head').apply(tf.tensor2d([[1, 2]])) as tf.Tensor).dataSync()[0]!;
      const y = (m.predict(tf.tensor2d([[1, 2]])) as tf.Tensor).dataSync()[0]!;
      return { z, y };
    });
    expect(out.y).toBeCloseTo(10 * out.z + 100, 4);
    disposeModel(m);
  });

  it('reseeding dropout changes the mask; the same seed repeats it', () => {
    const m = buildModel({ kind: 'mlp', hidden: [32], activation: 'relu', dropout: 0.5, l2: 0 }, 4, 'regression', 1, 1);
    const x = tf.ones([8, 4]);
    const run = (seed: number) => {
      reseedDropout(m, seed);
      return tf.tidy(() => Array.from((m.apply(x, { training: true }) as tf.Tensor).dataSync()));
    };
    expect(run(1)).toEqual(run(1));
    expect(run(1)).not.toEqual(run(2));
    x.dispose();
    disposeModel(m);
  });

  it('names the loss per task', () => {
    expect(lossFor('binary')).toBe('binaryCrossentropy');
    expect(lossFor('multiclass')).toBe('sparseCategoricalCrossentropy');
    expect(lossFor('regression')).toBe('meanSquaredError');
  });

  it('frees every tensor with disposeModel, optimizer state included', async () => {
    const before = tf.memory().numTensors;
    const m = buildModel({ kind: 'mlp', hidden: [4], activation: 'relu', dropout: 0, l2: 0.1 }, 3, 'binary', 2, 1);
    m.compile({ optimizer: tf.train.adam(0.01, 0.9, 0.999, 1e-7), loss: 'binaryCrossentropy' });
    const x = tf.ones([2, 3]);
    const y = tf.ones([2, 1]);
    await m.trainOnBatch(x, y);
    tf.dispose([x, y]);
    disposeModel(m);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('baseline', () => {
  it('predicts training class frequencies (majority class first by argmax)', () => {
    const b = fitBaseline('multiclass', Float32Array.from([0, 2, 2, 1, 2, -1, NaN]), 3);
    expect(b).toEqual({ kind: 'prior', task: 'multiclass', priors: [0.2, 0.2, 0.6] });
    expect(Array.from(predictBaseline(b, 2))).toEqual([0.2, 0.2, 0.6, 0.2, 0.2, 0.6].map(Math.fround));
  });

  it('binary gives [1 - p, p] with p the positive share', () => {
    const b = fitBaseline('binary', Float32Array.from([1, 1, 1, 0]), 2);
    expect(Array.from(predictBaseline(b, 1))).toEqual([0.25, 0.75]);
  });

  it('predicts the training mean for regression', () => {
    const b = fitBaseline('regression', Float32Array.from([1, 2, 6, NaN]), 1);
    expect(b).toEqual({ kind: 'mean', task: 'regression', mean: 3 });
    expect(Array.from(predictBaseline(b, 3))).toEqual([3, 3, 3]);
  });

  it('throws without usable rows', () => {
    expect(() => fitBaseline('regression', new Float32Array(0), 1)).toThrow();
    expect(() => fitBaseline('binary', Float32Array.from([-1]), 2)).toThrow();
  });
});
