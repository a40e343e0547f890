import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { LAYER_KINDS, LAYER_SPECS } from './specs';
import { LAYER_NODES } from './registry';
import { buildOne } from './testing';
import type { LayerContext, Shape } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const BINARY: LayerContext = { task: 'binary', nClasses: 2 };
const MULTI: LayerContext = { task: 'multiclass', nClasses: 5 };
const REGRESSION: LayerContext = { task: 'regression', nClasses: 1 };

interface ValidCase {
  readonly kind: string;
  readonly params?: Record<string, unknown>;
  readonly inputs: Shape[];
  readonly shape: Shape;
  readonly count: number;
  readonly ctx?: LayerContext;
}

/** Valid inputs: the expected shape and count are written by hand and also checked against tfjs. */
const VALID: ValidCase[] = [
  { kind: 'input', inputs: [[7]], shape: [7], count: 0 },
  { kind: 'input', inputs: [[16, 3]], shape: [16, 3], count: 0 },
  { kind: 'dense', params: { units: 4 }, inputs: [[7]], shape: [4], count: 7 * 4 + 4 },
  { kind: 'dense', params: { units: 4, useBias: false, l2: 0.01, activation: 'none' }, inputs: [[7]], shape: [4], count: 28 },
  { kind: 'dense', params: { units: 5, activation: 'gelu' }, inputs: [[6, 3]], shape: [6, 5], count: 3 * 5 + 5 },
  { kind: 'dense', params: { units: 2, activation: 'selu' }, inputs: [[3]], shape: [2], count: 8 },
  { kind: 'activation', params: { activation: 'leaky_relu', alpha: 0.1 }, inputs: [[9]], shape: [9], count: 0 },
  { kind: 'activation', params: { activation: 'softmax' }, inputs: [[4, 3]], shape: [4, 3], count: 0 },
  { kind: 'activation', params: { activation: 'gelu' }, inputs: [[2]], shape: [2], count: 0 },
  { kind: 'dropout', params: { rate: 0.5 }, inputs: [[10]], shape: [10], count: 0 },
  { kind: 'batch_norm', inputs: [[10]], shape: [10], count: 40 },
  { kind: 'batch_norm', inputs: [[5, 3]], shape: [5, 3], count: 12 },
  { kind: 'layer_norm', inputs: [[10]], shape: [10], count: 20 },
  { kind: 'layer_norm', inputs: [[5, 3]], shape: [5, 3], count: 6 },
  { kind: 'conv1d', params: { filters: 4, kernelSize: 3 }, inputs: [[10, 2]], shape: [8, 4], count: 3 * 2 * 4 + 4 },
  { kind: 'conv1d', params: { filters: 4, kernelSize: 3, strides: 2, padding: 'same' }, inputs: [[9, 2]], shape: [5, 4], count: 28 },
  { kind: 'conv1d', params: { filters: 1, kernelSize: 4, strides: 3 }, inputs: [[10, 1]], shape: [3, 1], count: 5 },
  { kind: 'conv1d', params: { filters: 2, kernelSize: 8, padding: 'same' }, inputs: [[3, 1]], shape: [3, 2], count: 18 },
  { kind: 'maxpool1d', params: { poolSize: 2, strides: 2 }, inputs: [[9, 3]], shape: [4, 3], count: 0 },
  { kind: 'maxpool1d', params: { poolSize: 2, strides: 2, padding: 'same' }, inputs: [[9, 3]], shape: [5, 3], count: 0 },
  { kind: 'maxpool1d', params: { poolSize: 3, strides: 1 }, inputs: [[3, 1]], shape: [1, 1], count: 0 },
  { kind: 'global_avg_pool1d', inputs: [[9, 3]], shape: [3], count: 0 },
  { kind: 'lstm', params: { units: 4 }, inputs: [[6, 3]], shape: [4], count: 4 * (3 * 4 + 4 * 4 + 4) },
  { kind: 'lstm', params: { units: 2, returnSequences: true }, inputs: [[6, 3]], shape: [6, 2], count: 4 * (6 + 4 + 2) },
  { kind: 'gru', params: { units: 4 }, inputs: [[6, 3]], shape: [4], count: 3 * (3 * 4 + 4 * 4 + 4) },
  { kind: 'gru', params: { units: 3, returnSequences: true }, inputs: [[2, 1]], shape: [2, 3], count: 3 * (3 + 9 + 3) },
  { kind: 'flatten', inputs: [[6, 3]], shape: [18], count: 0 },
  { kind: 'concatenate', inputs: [[3], [5]], shape: [8], count: 0 },
  { kind: 'concatenate', inputs: [[4, 3], [4, 1], [4, 2]], shape: [4, 6], count: 0 },
  { kind: 'add', inputs: [[5], [5]], shape: [5], count: 0 },
  { kind: 'add', inputs: [[4, 2], [4, 2], [4, 2]], shape: [4, 2], count: 0 },
  { kind: 'output', inputs: [[8]], shape: [1], count: 9, ctx: BINARY },
  { kind: 'output', inputs: [[8]], shape: [5], count: 45, ctx: MULTI },
  { kind: 'output', params: { head: 'sigmoid' }, inputs: [[8]], shape: [1], count: 9, ctx: REGRESSION },
  { kind: 'output', params: { head: 'reconstruct' }, inputs: [[4]], shape: [6], count: 4 * 6 + 6, ctx: { ...BINARY, inputFeatures: 6 } },
];

interface InvalidCase {
  readonly kind: string;
  readonly params?: Record<string, unknown>;
  readonly inputs: Shape[];
  readonly error: RegExp;
  readonly ctx?: LayerContext;
}

const INVALID: InvalidCase[] = [
  { kind: 'input', inputs: [[0]], error: /feature set is empty/ },
  { kind: 'input', inputs: [[]], error: /feature set is empty/ },
  { kind: 'input', inputs: [], error: /no shape/ },
  { kind: 'input', inputs: [[2.5]], error: /invalid shape \[2\.5\]/ },
  { kind: 'dense', inputs: [], error: /Dense has no input/ },
  { kind: 'dense', inputs: [[3], [3]], error: /Dense takes one input, got 2/ },
  { kind: 'dense', inputs: [[3, 0]], error: /empty or invalid dimension: \[3, 0\]/ },
  { kind: 'activation', inputs: [], error: /Activation has no input/ },
  { kind: 'dropout', inputs: [[1], [1]], error: /Dropout takes one input/ },
  { kind: 'batch_norm', inputs: [[-1]], error: /BatchNorm got a shape/ },
  { kind: 'layer_norm', inputs: [], error: /LayerNorm has no input/ },
  { kind: 'conv1d', inputs: [[64]], error: /Conv1D needs a sequence \[steps, features\], got \[64\]/ },
  { kind: 'conv1d', params: { kernelSize: 5 }, inputs: [[3, 2]], error: /kernel \(5 steps\) is longer than the sequence \(3 steps\)/ },
  { kind: 'conv1d', inputs: [[2, 3, 4]], error: /needs a sequence/ },
  { kind: 'maxpool1d', params: { poolSize: 4, strides: 4 }, inputs: [[3, 2]], error: /pool \(4 steps\) is larger than the sequence \(3 steps\)/ },
  { kind: 'maxpool1d', inputs: [[8]], error: /MaxPool1D needs a sequence/ },
  { kind: 'global_avg_pool1d', inputs: [[8]], error: /GlobalAvgPool1D needs a sequence/ },
  { kind: 'lstm', inputs: [[8]], error: /LSTM needs a sequence \[steps, features\], got \[8\]/ },
  { kind: 'gru', inputs: [[8]], error: /GRU needs a sequence/ },
  { kind: 'flatten', inputs: [[8]], error: /already flat/ },
  { kind: 'concatenate', inputs: [[3]], error: /at least 2 inputs \(got 1\)/ },
  { kind: 'concatenate', inputs: [[4, 3], [5, 3]], error: /agree except in the last dimension, got \[4, 3\] and \[5, 3\]/ },
  { kind: 'concatenate', inputs: [[4, 3], [3]], error: /agree except in the last dimension/ },
  { kind: 'add', inputs: [[3], [4]], error: /identical shape, got \[3\] and \[4\]/ },
  { kind: 'add', inputs: [[3, 1], [3]], error: /identical shape/ },
  { kind: 'add', inputs: [], error: /at least 2 inputs \(got 0\)/ },
  { kind: 'output', inputs: [[4, 3]], ctx: BINARY, error: /Output needs a vector, got the sequence \[4, 3\]/ },
  { kind: 'output', inputs: [[4]], error: /needs the task/ },
  { kind: 'output', inputs: [[4]], ctx: { task: 'multiclass', nClasses: 1 }, error: /at least 2 classes \(got 1\)/ },
  { kind: 'output', params: { head: 'reconstruct' }, inputs: [[4]], ctx: { ...REGRESSION, inputFeatures: 6 }, error: /reconstruct head .* needs a binary target/ },
  { kind: 'output', params: { head: 'reconstruct' }, inputs: [[4]], ctx: BINARY, error: /how many features the input has/ },
];

describe('layer specs', () => {
  it('registers every kind under its own name, with defaults its schema accepts', () => {
    expect(LAYER_KINDS).toHaveLength(15);
    for (const kind of LAYER_KINDS) {
      const def = LAYER_NODES[kind]!;
      expect(def.kind).toBe(kind);
      expect(def.category).toBe('layer');
      expect(def.params.parse(def.defaults)).toEqual(def.defaults);
      // Tensor ports between layers; the input's table port joins the pipeline's split node.
      const ports = kind === 'input' ? def.outputs : [...def.inputs, ...def.outputs];
      expect(ports.every((p) => p.type === 'tensor')).toBe(true);
      if (kind === 'input') expect(def.inputs).toEqual([{ id: 'in', type: 'table' }]);
      // Every parameter has a label and a line of help for the inspector.
      expect(Object.keys(def.paramDocs).sort()).toEqual(Object.keys(def.defaults as object).sort());
      expect(typeof def.build).toBe('function');
      expect(LAYER_SPECS[kind].inferShape).toBe(def.inferShape);
    }
  });

  it('rejects out-of-range params and fills missing ones with defaults', () => {
    const dense = LAYER_NODES['dense']!;
    expect(dense.params.safeParse({ units: 0 }).success).toBe(false);
    expect(dense.params.safeParse({ units: 2.5 }).success).toBe(false);
    expect(dense.params.safeParse({ activation: 'leakyRelu' }).success).toBe(false);
    expect(LAYER_NODES['dropout']!.params.safeParse({ rate: 1 }).success).toBe(false);
    expect(LAYER_NODES['conv1d']!.params.safeParse({ padding: 'causal' }).success).toBe(false);
    expect(dense.params.parse({ units: 3 })).toEqual({ ...dense.defaults, units: 3 });
  });

  it('has a valid case for every kind and an invalid case for every kind', () => {
    expect(new Set(VALID.map((c) => c.kind))).toEqual(new Set(LAYER_KINDS));
    expect(new Set(INVALID.map((c) => c.kind))).toEqual(new Set(LAYER_KINDS));
  });

  it.each(VALID.map((c) => [`${c.kind} ${JSON.stringify(c.params ?? {})} on ${JSON.stringify(c.inputs)}`, c] as const))(
    'valid: %s matches the hand count and tfjs',
    (_name, c) => {
      const def = LAYER_NODES[c.kind]!;
      const p = def.params.parse(c.params ?? {});
      expect(def.inferShape(c.inputs, p, c.ctx)).toEqual({ ok: true, shape: c.shape });
      expect(def.paramCount(c.inputs, p, c.ctx)).toBe(c.count);
      expect(buildOne(c.kind, p, c.inputs, c.ctx)).toEqual({ shape: c.shape, params: c.count });
    },
  );

  it.each(INVALID.map((c) => [`${c.kind} on ${JSON.stringify(c.inputs)}`, c] as const))('invalid: %s is refused with a reason', (_name, c) => {
    const def = LAYER_NODES[c.kind]!;
    const r = def.inferShape(c.inputs, def.params.parse(c.params ?? {}), c.ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(c.error);
  });
});
