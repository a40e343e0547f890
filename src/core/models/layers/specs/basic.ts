/** Specs of the layers that work on any rank: input, Dense, Activation, Dropout, the normalizations, Flatten. */
import { z } from 'zod';
import { fail, formatShape, isValidShape, lastDim, ok, singleInput } from '../shapes';
import { defineLayer, ONE_IN, ONE_OUT } from './define';

/** Activations of Dense and Conv1D, as tfjs activation strings ('none' is tfjs' 'linear'). */
export const DENSE_ACTIVATIONS = ['none', 'relu', 'elu', 'gelu', 'tanh', 'sigmoid', 'softmax', 'selu'] as const;
export type DenseActivation = (typeof DENSE_ACTIVATIONS)[number];

/** Activation layer functions; leaky_relu is its own tfjs layer (there is no 'leakyRelu' activation string). */
export const ACTIVATION_FNS = ['relu', 'leaky_relu', 'elu', 'gelu', 'tanh', 'sigmoid', 'softmax'] as const;
export type ActivationFn = (typeof ACTIVATION_FNS)[number];

const units = z.number().int().min(1).max(4096);
const l2 = z.number().min(0).max(10);

export const inputSpec = defineLayer({
  kind: 'input',
  label: 'Input',
  help: 'Where the features enter the model; its shape comes from the feature columns (and the time window, if any).',
  // The table port joins the pipeline graph (split → input); no layer can feed it.
  inputs: [{ id: 'in', type: 'table' }],
  outputs: ONE_OUT,
  params: z.object({
    window: z.number().int().min(1).max(512).default(1),
    // '' = file order (the table is taken as time-ordered).
    timeColumn: z.string().max(1000).default(''),
  }),
  paramDocs: {
    window: {
      label: 'Time window',
      help: 'Rows per sequence: above 1, each row is read with the rows before it, as LSTM, GRU and Conv1D need.',
    },
    timeColumn: {
      label: 'Time column',
      help: 'The column of dates or numbers that says which rows come before (empty: file order). Only earlier rows are ever read; a row without a time gets an empty history.',
    },
  },
  // The graph passes the feature shape as the one "input": there is no port to connect.
  inferShape(inputs, p) {
    const shape = inputs[0];
    if (inputs.length !== 1 || shape === undefined) return fail('The input has no shape: the features did not give one.');
    if (shape.length === 0 || shape.some((d) => d === 0)) return fail('The feature set is empty: keep at least one column as a feature.');
    if (!isValidShape(shape)) return fail(`The features give an invalid shape ${formatShape(shape)}.`);
    if (p.window > 1) {
      if (shape.length !== 1) return fail(`A time window needs flat features, got ${formatShape(shape)}.`);
      return ok([p.window, shape[0]!]);
    }
    return ok(shape);
  },
  paramCount: () => 0,
});

export const denseSpec = defineLayer({
  kind: 'dense',
  label: 'Dense',
  help: 'A fully connected layer: every output is a weighted sum of all inputs plus a bias, then an activation.',
  inputs: ONE_IN,
  outputs: ONE_OUT,
  params: z.object({
    units: units.default(32),
    activation: z.enum(DENSE_ACTIVATIONS).default('relu'),
    useBias: z.boolean().default(true),
    l2: l2.default(0),
  }),
  paramDocs: {
    units: { label: 'Units', help: 'How many outputs (neurons) the layer has.' },
    activation: { label: 'Activation', help: 'The function applied to each output; none keeps the weighted sum as is.' },
    useBias: { label: 'Bias', help: 'Adds a learned constant to each output. Turn off before BatchNorm, which has its own.' },
    l2: { label: 'L2 penalty', help: 'Adds l2 × (sum of squared weights) to the loss, keeping weights small to fight overfitting.' },
  },
  // On a sequence [steps, f] Dense applies to each step (last axis), as in tfjs.
  inferShape(inputs, p) {
    const one = singleInput('Dense', inputs);
    if ('error' in one) return fail(one.error);
    return ok([...one.shape.slice(0, -1), p.units]);
  },
  paramCount: (inputs, p) => lastDim(inputs[0] ?? []) * p.units + (p.useBias ? p.units : 0),
});

export const activationSpec = defineLayer({
  kind: 'activation',
  label: 'Activation',
  help: 'Applies a function to every value, e.g. relu keeps positives and zeroes negatives. Adds no weights.',
  inputs: ONE_IN,
  outputs: ONE_OUT,
  params: z.object({
    activation: z.enum(ACTIVATION_FNS).default('relu'),
    alpha: z.number().min(0).max(1).default(0.3),
  }),
  paramDocs: {
    activation: { label: 'Function', help: 'relu, leaky relu, elu, gelu, tanh, sigmoid, or softmax (over the last axis).' },
    alpha: { label: 'Leak (alpha)', help: 'Leaky relu only: the slope for negative inputs (0 is plain relu).' },
  },
  inferShape(inputs) {
    const one = singleInput('Activation', inputs);
    return 'error' in one ? fail(one.error) : ok(one.shape);
  },
  paramCount: () => 0,
});

export const dropoutSpec = defineLayer({
  kind: 'dropout',
  label: 'Dropout',
  help: 'While training, zeroes a random fraction of values at each step so the model cannot rely on any single one.',
  inputs: ONE_IN,
  outputs: ONE_OUT,
  params: z.object({ rate: z.number().min(0).max(0.95).default(0.2) }),
  paramDocs: { rate: { label: 'Rate', help: 'The fraction of values dropped at each training step (none when predicting).' } },
  inferShape(inputs) {
    const one = singleInput('Dropout', inputs);
    return 'error' in one ? fail(one.error) : ok(one.shape);
  },
  paramCount: () => 0,
});

export const batchNormSpec = defineLayer({
  kind: 'batch_norm',
  label: 'BatchNorm',
  help: 'Rescales each feature by the mean and spread seen in the batch (running averages when predicting), which steadies training.',
  inputs: ONE_IN,
  outputs: ONE_OUT,
  params: z.object({
    momentum: z.number().min(0).max(0.9999).default(0.99),
    epsilon: z.number().min(1e-8).max(1).default(0.001),
  }),
  paramDocs: {
    momentum: { label: 'Momentum', help: 'How slowly the running mean and variance follow each batch (closer to 1 = slower).' },
    epsilon: { label: 'Epsilon', help: 'A small number added to the variance so nothing is divided by zero.' },
  },
  inferShape(inputs) {
    const one = singleInput('BatchNorm', inputs);
    return 'error' in one ? fail(one.error) : ok(one.shape);
  },
  // gamma, beta (trained) and the moving mean and variance (not trained), one each per feature.
  paramCount: (inputs) => 4 * lastDim(inputs[0] ?? []),
});

export const layerNormSpec = defineLayer({
  kind: 'layer_norm',
  label: 'LayerNorm',
  help: 'Rescales the values of each row (each step of a sequence) to mean 0 and spread 1, then applies a learned scale and shift.',
  inputs: ONE_IN,
  outputs: ONE_OUT,
  params: z.object({ epsilon: z.number().min(1e-8).max(1).default(0.001) }),
  paramDocs: { epsilon: { label: 'Epsilon', help: 'A small number added to the variance so nothing is divided by zero.' } },
  inferShape(inputs) {
    const one = singleInput('LayerNorm', inputs);
    return 'error' in one ? fail(one.error) : ok(one.shape);
  },
  paramCount: (inputs) => 2 * lastDim(inputs[0] ?? []),
});

export const flattenSpec = defineLayer({
  kind: 'flatten',
  label: 'Flatten',
  help: 'Lays a sequence [steps, features] out as one long vector, so Dense layers can see every step at once.',
  inputs: ONE_IN,
  outputs: ONE_OUT,
  params: z.object({}),
  paramDocs: {},
  inferShape(inputs) {
    const one = singleInput('Flatten', inputs);
    if ('error' in one) return fail(one.error);
    // tfjs' Flatten refuses vectors (minNDim 3 with the batch); a vector is already flat anyway.
    if (one.shape.length < 2) return fail(`Flatten needs a sequence [steps, features], got ${formatShape(one.shape)}, which is already flat: remove this layer.`);
    return ok([one.shape.reduce((a, b) => a * b, 1)]);
  },
  paramCount: () => 0,
});
