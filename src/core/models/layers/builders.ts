/**
 * The tfjs side of every layer kind: one layer per node, named with the node id, applied with the
 * functional API. Weights are fully determined by the node's seed: kernels glorotUniform, recurrent
 * kernels orthogonal (Keras' defaults; computed by orthogonal.ts), each seeded by deriveSeed(seed,
 * purpose); biases zero (LSTM's forget-gate bias starts at 1, Keras' unit_forget_bias). L2 applies to
 * kernels only, as in build.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { deriveSeed } from '../../util/random';
import { headFor } from './head';
import { orthogonalMatrix } from './orthogonal';
import type { DenseActivation, LayerKind, LayerParams } from './specs';
import type { LayerContext } from './types';

type Build<K extends LayerKind> = (inputs: tf.SymbolicTensor[], params: LayerParams<K>, name: string, seed: number, ctx?: LayerContext) => tf.SymbolicTensor;

const tfActivation = (a: DenseActivation) => (a === 'none' ? 'linear' : a);
const glorot = (seed: number, purpose: string) => tf.initializers.glorotUniform({ seed: deriveSeed(seed, purpose) });

function only(inputs: tf.SymbolicTensor[], name: string): tf.SymbolicTensor {
  if (inputs.length !== 1 || !inputs[0]) throw new Error(`Layer "${name}" takes one input, got ${inputs.length}.`);
  return inputs[0];
}

const applyOne = (layer: tf.layers.Layer, inputs: tf.SymbolicTensor[], name: string) =>
  layer.apply(only(inputs, name)) as tf.SymbolicTensor;

/**
 * Applies an LSTM/GRU layer, then sets its recurrent kernel to a seeded orthogonal matrix (see
 * orthogonal.ts for why not tfjs' Orthogonal initializer). The layer's config names the cheap
 * glorotUniform it was created with; only the initial values differ.
 */
function applyRecurrent(layer: tf.layers.Layer, inputs: tf.SymbolicTensor[], name: string, seed: number): tf.SymbolicTensor {
  const out = applyOne(layer, inputs, name);
  const kernel = layer.weights.find((w) => w.originalName === `${name}/recurrent_kernel`);
  const [rows, cols] = kernel?.shape ?? [];
  if (!kernel || rows === undefined || cols === undefined || rows === null || cols === null) {
    throw new Error(`Internal: ${name} has no recurrent kernel to initialize.`);
  }
  const values = tf.tensor2d(orthogonalMatrix(rows, cols, deriveSeed(seed, 'recurrent')), [rows, cols]);
  kernel.write(values);
  values.dispose();
  return out;
}

export const LAYER_BUILDERS: { readonly [K in LayerKind]: Build<K> } = {
  input: (inputs, _p, name) => only(inputs, name),
  dense: (inputs, p, name, seed) =>
    applyOne(
      tf.layers.dense({
        name,
        units: p.units,
        activation: tfActivation(p.activation),
        useBias: p.useBias,
        kernelInitializer: glorot(seed, 'kernel'),
        biasInitializer: 'zeros',
        ...(p.l2 > 0 ? { kernelRegularizer: tf.regularizers.l2({ l2: p.l2 }) } : {}),
      }),
      inputs,
      name,
    ),
  activation: (inputs, p, name) =>
    applyOne(
      p.activation === 'leaky_relu' ? tf.layers.leakyReLU({ name, alpha: p.alpha }) : tf.layers.activation({ name, activation: p.activation }),
      inputs,
      name,
    ),
  // training/train.ts reseeds every Dropout before each step (reseedDropout): this seed is the first mask's.
  dropout: (inputs, p, name, seed) => applyOne(tf.layers.dropout({ name, rate: p.rate, seed: deriveSeed(seed, 'dropout') }), inputs, name),
  batch_norm: (inputs, p, name) =>
    applyOne(tf.layers.batchNormalization({ name, axis: -1, momentum: p.momentum, epsilon: p.epsilon }), inputs, name),
  layer_norm: (inputs, p, name) => applyOne(tf.layers.layerNormalization({ name, axis: -1, epsilon: p.epsilon }), inputs, name),
  conv1d: (inputs, p, name, seed) =>
    applyOne(
      tf.layers.conv1d({
        name,
        filters: p.filters,
        kernelSize: p.kernelSize,
        strides: p.strides,
        padding: p.padding,
        activation: tfActivation(p.activation),
        kernelInitializer: glorot(seed, 'kernel'),
        biasInitializer: 'zeros',
      }),
      inputs,
      name,
    ),
  maxpool1d: (inputs, p, name) =>
    applyOne(tf.layers.maxPooling1d({ name, poolSize: p.poolSize, strides: p.strides, padding: p.padding }), inputs, name),
  global_avg_pool1d: (inputs, _p, name) => applyOne(tf.layers.globalAveragePooling1d({ name }), inputs, name),
  lstm: (inputs, p, name, seed) =>
    applyRecurrent(
      tf.layers.lstm({
        name,
        units: p.units,
        returnSequences: p.returnSequences,
        kernelInitializer: glorot(seed, 'kernel'),
        recurrentInitializer: glorot(seed, 'recurrent'),
        biasInitializer: 'zeros',
        unitForgetBias: true,
      }),
      inputs,
      name,
      seed,
    ),
  // tfjs' GRU is Keras' reset_after=False (the only variant tfjs 4.22 has): see specs/sequence.ts.
  gru: (inputs, p, name, seed) =>
    applyRecurrent(
      tf.layers.gru({
        name,
        units: p.units,
        returnSequences: p.returnSequences,
        kernelInitializer: glorot(seed, 'kernel'),
        recurrentInitializer: glorot(seed, 'recurrent'),
        biasInitializer: 'zeros',
      }),
      inputs,
      name,
      seed,
    ),
  flatten: (inputs, _p, name) => applyOne(tf.layers.flatten({ name }), inputs, name),
  concatenate: (inputs, _p, name) => tf.layers.concatenate({ name, axis: -1 }).apply(inputs) as tf.SymbolicTensor,
  add: (inputs, _p, name) => tf.layers.add({ name }).apply(inputs) as tf.SymbolicTensor,
  output: (inputs, p, name, seed, ctx) => {
    if (!ctx) throw new Error(`Output "${name}" needs the task to be built.`);
    const head = headFor(ctx.task, ctx.nClasses, p.head, ctx.inputFeatures);
    return applyOne(
      tf.layers.dense({
        name,
        units: head.units,
        activation: head.activation,
        kernelInitializer: glorot(seed, 'kernel'),
        biasInitializer: 'zeros',
      }),
      inputs,
      name,
    );
  },
};
