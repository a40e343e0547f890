/**
 * One ONNX translation per tfjs layer class the studio builds (models/build.ts and the layer graph's
 * builders), each in two halves: `check` lists what about a layer's configuration cannot be
 * exported (so model.ts can refuse a model before emitting anything), and `emit` adds the layer's
 * ops and weights to the builder. Every translation computes what tfjs' predict() computes, in the
 * same order of operations where float32 rounding could tell them apart; the mapping table is in
 * README.md and each entry is checked against tfjs with onnxruntime in layers.test.ts.
 *
 * Layout: tfjs is channels-last ([N, features] or [N, steps, features]); ONNX's Conv and MaxPool want
 * [N, channels, steps] and its LSTM/GRU want [steps, N, features], so those translations transpose
 * in and out. Weights are read synchronously (dataSync), which every tfjs backend supports.
 */
import type * as tf from '@tensorflow/tfjs';
import type { OnnxAttribute, OnnxGraphBuilder } from './graphBuilder';

/** What an emitter gets: the layer, its inputs as graph tensor names, and tfjs' shapes (batch = null). */
export interface LayerEmitContext {
  readonly b: OnnxGraphBuilder;
  readonly layer: tf.layers.Layer;
  readonly inputs: readonly string[];
  readonly inputShapes: readonly (readonly (number | null)[])[];
}

export interface LayerExporter {
  /** Why this layer's configuration cannot be exported, in plain words; [] when it can. */
  check(layer: tf.layers.Layer, inputShapes: readonly (readonly (number | null)[])[]): string[];
  /** Adds the layer's ops and initializers; returns the name of its output tensor. Call only after check gave []. */
  emit(ctx: LayerEmitContext): string;
}

type Config = Record<string, unknown>;
const config = (layer: tf.layers.Layer): Config => layer.getConfig() as Config;

/** A config entry that tfjs stores either as a number or as a one-element array (kernelSize, strides …). */
function scalarOf(value: unknown, fallback: number): number {
  if (typeof value === 'number') return value;
  if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'number') return value[0];
  return fallback;
}

/** A float weight of the layer by its short name (`kernel`, `bias`, `moving_mean` …), or null. */
function weight(layer: tf.layers.Layer, short: string): { shape: number[]; values: Float32Array } | null {
  const w = layer.weights.find((v) => v.originalName.slice(v.originalName.lastIndexOf('/') + 1) === short);
  if (!w) return null;
  // dataSync may return the backend's own buffer: copy before anything could write to it.
  return { shape: [...w.shape] as number[], values: Float32Array.from(w.read().dataSync() as Float32Array) };
}

function requireWeight(layer: tf.layers.Layer, short: string): { shape: number[]; values: Float32Array } {
  const w = weight(layer, short);
  if (!w) throw new Error(`Internal: layer "${layer.name}" has no ${short} weight.`);
  return w;
}

/** Adds one node named after the layer; its single output is named `<layer>/<hint>`. */
function op(
  ctx: { readonly b: OnnxGraphBuilder; readonly layer: tf.layers.Layer },
  opType: string,
  inputs: readonly string[],
  attributes: Readonly<Record<string, OnnxAttribute>> = {},
  hint = opType,
): string {
  const out = ctx.b.fresh(`${ctx.layer.name}/${hint}`);
  ctx.b.node(opType, inputs, attributes, { outputs: [out], name: `${ctx.layer.name}/${opType}` });
  return out;
}

const ints = (value: readonly number[]): OnnxAttribute => ({ kind: 'ints', value });
const int = (value: number): OnnxAttribute => ({ kind: 'int', value });
const float = (value: number): OnnxAttribute => ({ kind: 'float', value });

// ---------------------------------------------------------------------------------------------------
// Activations

/** tfjs activation names (their serialized class names) that translate exactly. */
export const EXPORTABLE_ACTIVATIONS = ['linear', 'relu', 'elu', 'selu', 'gelu', 'tanh', 'sigmoid', 'hardSigmoid', 'softmax'] as const;
type ExportableActivation = (typeof EXPORTABLE_ACTIVATIONS)[number];

/** tfjs-core's selu constants (ops/selu_util), to double precision: selu(x) = scale·x or scaleAlpha·(eˣ − 1). */
const SELU_SCALEALPHA = 1.7580993408473768;
const SELU_SCALE = 1.0507009873554805;

const isExportableActivation = (name: unknown): name is ExportableActivation =>
  typeof name === 'string' && (EXPORTABLE_ACTIVATIONS as readonly string[]).includes(name);

function activationProblem(layer: tf.layers.Layer, name: unknown, what = 'activation'): string[] {
  return isExportableActivation(name) ? [] : [`its ${what} "${String(name)}" has no ONNX translation (supported: ${EXPORTABLE_ACTIVATIONS.join(', ')})`];
}

/**
 * Applies a tfjs activation. Constants are tfjs' own: selu's (ONNX's alpha is scaleAlpha ÷ scale,
 * its gamma the scale), hardSigmoid = clip(0.2·x + 0.5, 0, 1), and gelu is the exact
 * erf form tfjs uses, x · (0.5 · (1 + erf(x / √2))), evaluated in that order.
 */
function applyActivation(ctx: { readonly b: OnnxGraphBuilder; readonly layer: tf.layers.Layer }, x: string, name: ExportableActivation): string {
  switch (name) {
    case 'linear':
      return x;
    case 'relu':
      return op(ctx, 'Relu', [x]);
    case 'elu':
      return op(ctx, 'Elu', [x], { alpha: float(1) });
    case 'selu':
      return op(ctx, 'Selu', [x], { alpha: float(SELU_SCALEALPHA / SELU_SCALE), gamma: float(SELU_SCALE) });
    case 'tanh':
      return op(ctx, 'Tanh', [x]);
    case 'sigmoid':
      return op(ctx, 'Sigmoid', [x]);
    case 'hardSigmoid':
      return op(ctx, 'HardSigmoid', [x], { alpha: float(0.2), beta: float(0.5) });
    case 'softmax':
      return op(ctx, 'Softmax', [x], { axis: int(-1) });
    case 'gelu': {
      const scaled = op(ctx, 'Div', [x, ctx.b.floats(`${ctx.layer.name}/sqrt2`, [], [Math.SQRT2])], {}, 'gelu_scaled');
      const erf = op(ctx, 'Erf', [scaled], {}, 'gelu_erf');
      const onePlus = op(ctx, 'Add', [erf, ctx.b.floats(`${ctx.layer.name}/one`, [], [1])], {}, 'gelu_1p');
      const cdf = op(ctx, 'Mul', [onePlus, ctx.b.floats(`${ctx.layer.name}/half`, [], [0.5])], {}, 'gelu_cdf');
      return op(ctx, 'Mul', [x, cdf], {}, 'gelu');
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Shared checks

const rankOf = (shapes: readonly (readonly (number | null)[])[]) => shapes[0]?.length ?? 0;

/** Layers that act on the last axis must not be told another one (tfjs allows axis = 1 etc.). */
function lastAxisProblem(layer: tf.layers.Layer, axis: unknown, rank: number): string[] {
  const list = Array.isArray(axis) ? axis : [axis];
  if (list.length === 1 && typeof list[0] === 'number' && (list[0] === -1 || list[0] === rank - 1)) return [];
  return [`it normalizes over axis ${JSON.stringify(axis)}; only the last axis is supported`];
}

function channelsLastProblem(cfg: Config): string[] {
  return cfg['dataFormat'] === undefined || cfg['dataFormat'] === 'channelsLast' ? [] : [`its data format is ${String(cfg['dataFormat'])}; only channelsLast is supported`];
}

function sequenceProblem(shapes: readonly (readonly (number | null)[])[]): string[] {
  const steps = shapes[0]?.[1];
  if (rankOf(shapes) !== 3) return [`it needs a sequence input [batch, steps, features], got rank ${rankOf(shapes)}`];
  return typeof steps === 'number' ? [] : ['its input has no fixed number of steps'];
}

/**
 * [before, after] padding along the steps of a 1-D window op, as TensorFlow (and tfjs) computes it:
 * 'valid' pads nothing; 'same' pads (out − 1)·stride + effectiveSize − length in total, the smaller
 * half first, where out = ceil(length / stride).
 */
export function windowPads(length: number, size: number, stride: number, dilation: number, padding: 'valid' | 'same'): [number, number] {
  if (padding === 'valid') return [0, 0];
  const effective = (size - 1) * dilation + 1;
  const out = Math.ceil(length / stride);
  const total = Math.max(0, (out - 1) * stride + effective - length);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

function paddingProblem(padding: unknown): string[] {
  return padding === 'valid' || padding === 'same' ? [] : [`its padding "${String(padding)}" is not supported (only valid and same)`];
}

/** Channels-last [N, steps, C] ↔ ONNX's [N, C, steps]. */
const toChannelsFirst = (ctx: LayerEmitContext, x: string) => op(ctx, 'Transpose', [x], { perm: ints([0, 2, 1]) }, 'ncw');
const toChannelsLast = (ctx: LayerEmitContext, x: string) => op(ctx, 'Transpose', [x], { perm: ints([0, 2, 1]) }, 'nwc');

// ---------------------------------------------------------------------------------------------------
// Recurrent layers

/**
 * Reorders a tfjs gate-blocked matrix [rows, gates·units] (gate blocks side by side, in tfjs' order)
 * into ONNX's [1, gates·units, rows] (gate blocks stacked, in ONNX's order, transposed).
 * `order[g]` is the tfjs block that goes to ONNX block g.
 */
function gateMatrix(w: Float32Array, rows: number, units: number, order: readonly number[]): Float32Array {
  const gates = order.length;
  const cols = gates * units;
  const out = new Float32Array(gates * units * rows);
  order.forEach((src, g) => {
    for (let j = 0; j < units; j++) {
      for (let r = 0; r < rows; r++) out[(g * units + j) * rows + r] = w[r * cols + src * units + j]!;
    }
  });
  return out;
}

/** tfjs bias [gates·units] → ONNX B [1, 2·gates·units]: input biases reordered, recurrent biases zero. */
function gateBias(bias: Float32Array, units: number, order: readonly number[]): Float32Array {
  const out = new Float32Array(2 * order.length * units);
  order.forEach((src, g) => out.set(bias.subarray(src * units, (src + 1) * units), g * units));
  return out;
}

/** ONNX names of the activations an LSTM/GRU may use; HardSigmoid's alpha and beta are passed explicitly. */
const RNN_ACTIVATIONS: Readonly<Record<string, string>> = { sigmoid: 'Sigmoid', hardSigmoid: 'HardSigmoid', tanh: 'Tanh', relu: 'Relu' };

function recurrentProblems(layer: tf.layers.Layer, shapes: readonly (readonly (number | null)[])[]): string[] {
  const cfg = config(layer);
  const problems = sequenceProblem(shapes);
  if (cfg['goBackwards'] === true) problems.push('it reads the sequence backwards (goBackwards)');
  if (cfg['returnState'] === true) problems.push('it returns its states (returnState)');
  if (cfg['stateful'] === true) problems.push('it is stateful');
  const act = cfg['activation'];
  const rec = cfg['recurrentActivation'];
  if (typeof rec !== 'string' || !(rec in RNN_ACTIVATIONS)) problems.push(`its recurrent activation "${String(rec)}" has no ONNX translation`);
  // activation_alpha/beta are read in the order of the activations; only the first (the recurrent
  // activation) may take them, so runtimes that count per function and per alpha-user agree.
  if (typeof act !== 'string' || !(act in RNN_ACTIVATIONS) || act === 'hardSigmoid') problems.push(`its activation "${String(act)}" has no ONNX translation`);
  return problems;
}

/**
 * tfjs LSTM/GRU → ONNX LSTM/GRU on [steps, N, features] with zero initial states. tfjs gate order is
 * LSTM i,f,c,o and GRU z,r,h; ONNX's is LSTM i,o,f,c and GRU z,r,h. tfjs' GRU applies the reset gate
 * before the recurrent matrix with one bias per gate: ONNX's linear_before_reset = 0 with zero
 * recurrent biases. The recurrent activation (tfjs' default is hardSigmoid = clip(0.2x + 0.5, 0, 1),
 * not Keras' sigmoid) gates; the activation is the candidate's and the cell output's.
 */
function emitRecurrent(ctx: LayerEmitContext, kind: 'LSTM' | 'GRU'): string {
  const { layer } = ctx;
  const cfg = config(layer);
  const units = cfg['units'] as number;
  const order = kind === 'LSTM' ? [0, 3, 1, 2] : [0, 1, 2];
  const kernel = requireWeight(layer, 'kernel');
  const recurrent = requireWeight(layer, 'recurrent_kernel');
  const inDim = kernel.shape[0]!;
  const gates = order.length;
  const W = ctx.b.floats(`${layer.name}/W`, [1, gates * units, inDim], gateMatrix(kernel.values, inDim, units, order));
  const R = ctx.b.floats(`${layer.name}/R`, [1, gates * units, units], gateMatrix(recurrent.values, units, units, order));
  const bias = weight(layer, 'bias');
  const B = bias ? ctx.b.floats(`${layer.name}/B`, [1, 2 * gates * units], gateBias(bias.values, units, order)) : null;

  const rec = RNN_ACTIVATIONS[cfg['recurrentActivation'] as string]!;
  const act = RNN_ACTIVATIONS[cfg['activation'] as string]!;
  const attributes: Record<string, OnnxAttribute> = {
    hidden_size: int(units),
    activations: { kind: 'strings', value: kind === 'LSTM' ? [rec, act, act] : [rec, act] },
  };
  if (rec === 'HardSigmoid') {
    attributes['activation_alpha'] = { kind: 'floats', value: [0.2] };
    attributes['activation_beta'] = { kind: 'floats', value: [0.5] };
  }
  if (kind === 'GRU') attributes['linear_before_reset'] = int(0);

  const timeMajor = op(ctx, 'Transpose', [ctx.inputs[0]!], { perm: ints([1, 0, 2]) }, 'time_major');
  const returnSequences = cfg['returnSequences'] === true;
  const y = ctx.b.fresh(`${layer.name}/Y`);
  const yh = ctx.b.fresh(`${layer.name}/Y_h`);
  // Unused optional outputs are given the empty name, as ONNX allows.
  const outputs = returnSequences ? [y] : ['', yh];
  ctx.b.node(kind, B ? [timeMajor, W, R, B] : [timeMajor, W, R], attributes, { outputs, name: `${layer.name}/${kind}` });
  if (!returnSequences) {
    // Y_h: [1 direction, N, units].
    return op(ctx, 'Squeeze', [yh, ctx.b.int64s(`${layer.name}/axis0`, [1], [0])], {}, 'last');
  }
  // Y: [steps, 1 direction, N, units] → [N, steps, units].
  const squeezed = op(ctx, 'Squeeze', [y, ctx.b.int64s(`${layer.name}/axis1`, [1], [1])], {}, 'steps');
  return op(ctx, 'Transpose', [squeezed], { perm: ints([1, 0, 2]) }, 'sequence');
}

// ---------------------------------------------------------------------------------------------------
// The table

const noProblems = (): string[] => [];
const identity = (ctx: LayerEmitContext) => op(ctx, 'Identity', [ctx.inputs[0]!]);

/** Exporters keyed by tfjs class name (layer.getClassName()). InputLayer is handled by the model walk. */
export const LAYER_EXPORTERS: Readonly<Record<string, LayerExporter>> = {
  Dense: {
    check: (layer) => activationProblem(layer, config(layer)['activation']),
    // x · kernel (+ bias), then the activation: on [N, steps, f] MatMul applies per step, as tfjs' Dense.
    emit(ctx) {
      const kernel = requireWeight(ctx.layer, 'kernel');
      let y = op(ctx, 'MatMul', [ctx.inputs[0]!, ctx.b.floats(`${ctx.layer.name}/kernel`, kernel.shape, kernel.values)]);
      const bias = weight(ctx.layer, 'bias');
      if (bias) y = op(ctx, 'Add', [y, ctx.b.floats(`${ctx.layer.name}/bias`, bias.shape, bias.values)], {}, 'biased');
      return applyActivation(ctx, y, config(ctx.layer)['activation'] as ExportableActivation);
    },
  },
  Activation: {
    check: (layer) => activationProblem(layer, config(layer)['activation']),
    emit: (ctx) => {
      const out = applyActivation(ctx, ctx.inputs[0]!, config(ctx.layer)['activation'] as ExportableActivation);
      return out === ctx.inputs[0] ? identity(ctx) : out;
    },
  },
  LeakyReLU: {
    check: noProblems,
    emit: (ctx) => op(ctx, 'LeakyRelu', [ctx.inputs[0]!], { alpha: float(config(ctx.layer)['alpha'] as number) }),
  },
  // Inference only: dropout is the identity when predicting.
  Dropout: { check: noProblems, emit: identity },
  BatchNormalization: {
    check: (layer, shapes) => lastAxisProblem(layer, config(layer)['axis'], rankOf(shapes)),
    /**
     * Inference with the moving statistics, as tfjs: (x − mean) · γ / √(var + ε) + β, as Sub, Mul (by
     * γ / √(var + ε), folded here in double precision) and Add on the last axis, which also covers
     * [N, steps, C] inputs where ONNX's BatchNormalization would take axis 1 as the channels.
     */
    emit(ctx) {
      const { layer } = ctx;
      const eps = config(layer)['epsilon'] as number;
      const mean = requireWeight(layer, 'moving_mean');
      const variance = requireWeight(layer, 'moving_variance');
      const gamma = weight(layer, 'gamma');
      const beta = weight(layer, 'beta');
      const c = mean.values.length;
      const scale = new Float32Array(c);
      for (let i = 0; i < c; i++) scale[i] = (gamma ? gamma.values[i]! : 1) / Math.sqrt(variance.values[i]! + eps);
      const centered = op(ctx, 'Sub', [ctx.inputs[0]!, ctx.b.floats(`${layer.name}/moving_mean`, [c], mean.values)], {}, 'centered');
      const scaled = op(ctx, 'Mul', [centered, ctx.b.floats(`${layer.name}/scale`, [c], scale)], {}, 'scaled');
      return beta ? op(ctx, 'Add', [scaled, ctx.b.floats(`${layer.name}/beta`, [c], beta.values)], {}, 'shifted') : scaled;
    },
  },
  LayerNormalization: {
    check: (layer, shapes) => lastAxisProblem(layer, config(layer)['axis'], rankOf(shapes)),
    // ONNX LayerNormalization (opset 17) over the last axis: population variance, as tfjs' moments.
    emit(ctx) {
      const { layer } = ctx;
      const c = ctx.inputShapes[0]![ctx.inputShapes[0]!.length - 1] as number;
      const gamma = weight(layer, 'gamma');
      const beta = weight(layer, 'beta');
      const scale = ctx.b.floats(`${layer.name}/gamma`, [c], gamma ? gamma.values : new Float32Array(c).fill(1));
      const inputs = beta ? [ctx.inputs[0]!, scale, ctx.b.floats(`${layer.name}/beta`, [c], beta.values)] : [ctx.inputs[0]!, scale];
      return op(ctx, 'LayerNormalization', inputs, { axis: int(-1), epsilon: float(config(layer)['epsilon'] as number) });
    },
  },
  Conv1D: {
    check(layer, shapes) {
      const cfg = config(layer);
      return [...sequenceProblem(shapes), ...channelsLastProblem(cfg), ...paddingProblem(cfg['padding']), ...activationProblem(layer, cfg['activation'])];
    },
    // tfjs kernel [k, in, out] → ONNX W [out, in, k]; TensorFlow's 'same' padding made explicit.
    emit(ctx) {
      const { layer } = ctx;
      const cfg = config(layer);
      const kernel = requireWeight(layer, 'kernel');
      const [k, cin, cout] = kernel.shape as [number, number, number];
      const w = new Float32Array(k * cin * cout);
      for (let t = 0; t < k; t++) for (let i = 0; i < cin; i++) for (let o = 0; o < cout; o++) w[(o * cin + i) * k + t] = kernel.values[(t * cin + i) * cout + o]!;
      const stride = scalarOf(cfg['strides'], 1);
      const dilation = scalarOf(cfg['dilationRate'], 1);
      const steps = ctx.inputShapes[0]![1] as number;
      const [before, after] = windowPads(steps, k, stride, dilation, cfg['padding'] as 'valid' | 'same');
      const inputs = [toChannelsFirst(ctx, ctx.inputs[0]!), ctx.b.floats(`${layer.name}/W`, [cout, cin, k], w)];
      const bias = weight(layer, 'bias');
      if (bias) inputs.push(ctx.b.floats(`${layer.name}/B`, [cout], bias.values));
      const conv = op(ctx, 'Conv', inputs, { kernel_shape: ints([k]), strides: ints([stride]), dilations: ints([dilation]), pads: ints([before, after]) });
      return applyActivation(ctx, toChannelsLast(ctx, conv), cfg['activation'] as ExportableActivation);
    },
  },
  MaxPooling1D: {
    check: (layer, shapes) => [...sequenceProblem(shapes), ...paddingProblem(config(layer)['padding'])],
    // Padded positions never win the max (ONNX MaxPool ignores pads), as in TensorFlow's 'same'.
    emit(ctx) {
      const cfg = config(ctx.layer);
      const size = scalarOf(cfg['poolSize'], 2);
      const stride = scalarOf(cfg['strides'], size);
      const steps = ctx.inputShapes[0]![1] as number;
      const [before, after] = windowPads(steps, size, stride, 1, cfg['padding'] as 'valid' | 'same');
      const pooled = op(ctx, 'MaxPool', [toChannelsFirst(ctx, ctx.inputs[0]!)], { kernel_shape: ints([size]), strides: ints([stride]), pads: ints([before, after]) });
      return toChannelsLast(ctx, pooled);
    },
  },
  GlobalAveragePooling1D: {
    check: (layer, shapes) => [...sequenceProblem(shapes), ...channelsLastProblem(config(layer))],
    emit: (ctx) => op(ctx, 'ReduceMean', [ctx.inputs[0]!], { axes: ints([1]), keepdims: int(0) }),
  },
  Flatten: {
    check: (layer) => channelsLastProblem(config(layer)),
    emit: (ctx) => op(ctx, 'Flatten', [ctx.inputs[0]!], { axis: int(1) }),
  },
  LSTM: { check: recurrentProblems, emit: (ctx) => emitRecurrent(ctx, 'LSTM') },
  GRU: {
    check: (layer, shapes) => {
      const problems = recurrentProblems(layer, shapes);
      if (config(layer)['resetAfter'] === true) problems.push('it applies the reset gate after the recurrent matrix (resetAfter)');
      return problems;
    },
    emit: (ctx) => emitRecurrent(ctx, 'GRU'),
  },
  Concatenate: {
    check: (layer) => (typeof config(layer)['axis'] === 'number' ? [] : ['its axis is not a number']),
    emit: (ctx) => op(ctx, 'Concat', ctx.inputs, { axis: int(config(ctx.layer)['axis'] as number) }),
  },
  // A chain of Add, left to right, as tfjs' Add folds its inputs (the same float32 rounding).
  Add: {
    check: noProblems,
    emit: (ctx) => ctx.inputs.slice(1).reduce((sum, x) => op(ctx, 'Add', [sum, x], {}, 'sum'), ctx.inputs[0]!),
  },
};
