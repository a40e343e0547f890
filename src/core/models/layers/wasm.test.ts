/**
 * Which layer kinds train on tfjs' wasm backend (the CLI's and the fastest browser backend on
 * machines without a GPU): exactly those outside WASM_UNTRAINABLE_KINDS.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { disposeModel } from '../build';
import { buildLayerGraph } from './buildLayerGraph';
import { LAYER_KINDS, WASM_UNTRAINABLE_KINDS } from './specs';

// The core tsconfig has neither DOM nor Node types: reach URL through globalThis.
const { URL: Url } = globalThis as unknown as { URL: new (url: string, base: string) => { pathname: string } };
const wasmDir = decodeURIComponent(new Url('../../../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url).pathname);

beforeAll(async () => {
  setWasmPaths(wasmDir);
  expect(await tf.setBackend('wasm')).toBe(true);
});

/** A graph input → kind (→ flatten for sequence outputs) → output, and its input shape. */
function around(kind: string): { graph: Parameters<typeof buildLayerGraph>[0]; shape: number[] } {
  const sequence = ['conv1d', 'maxpool1d', 'global_avg_pool1d', 'lstm', 'gru', 'flatten'].includes(kind);
  const merge = kind === 'concatenate' || kind === 'add';
  const nodes = [
    { id: 'in', kind: 'input', params: {} },
    ...(kind === 'input' || kind === 'output' ? [] : [{ id: 'k', kind, params: {} }]),
    ...(kind === 'conv1d' || kind === 'maxpool1d' ? [{ id: 'f', kind: 'flatten', params: {} }] : []),
    { id: 'out', kind: 'output', params: {} },
  ];
  const edges = nodes.slice(1).map((n, i) => ({ source: nodes[i]!.id, target: n.id }));
  if (merge) edges.push({ source: 'in', target: 'k' });
  return { graph: { nodes, edges }, shape: sequence ? [8, 2] : [6] };
}

describe('layer kinds on the wasm backend', () => {
  it.each(LAYER_KINDS)('%s trains on wasm unless listed in WASM_UNTRAINABLE_KINDS', async (kind) => {
    const { graph, shape } = around(kind);
    const { model, head } = buildLayerGraph(graph, shape, 'binary', 2, 1);
    model.compile({ optimizer: tf.train.adam(0.01, 0.9, 0.999, 1e-7), loss: head.loss });
    const x = tf.randomNormal([4, ...shape], 0, 1, 'float32', 1);
    const y = tf.ones([4, 1]);
    try {
      if (WASM_UNTRAINABLE_KINDS.includes(kind)) await expect(model.trainOnBatch(x, y)).rejects.toThrow(/not registered for backend 'wasm'/);
      else expect(Number.isFinite(await model.trainOnBatch(x, y))).toBe(true);
      // Prediction works everywhere.
      expect(tf.tidy(() => (model.predict(x) as tf.Tensor).shape)).toEqual([4, 1]);
    } finally {
      tf.dispose([x, y]);
      disposeModel(model);
    }
  });
});
