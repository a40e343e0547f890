import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { disposeModel } from '../build';
import { buildLayerGraph, LayerGraphError } from './buildLayerGraph';
import { inferLayerShapes, type LayerGraph } from './inferLayerShapes';
import type { LayerContext, Shape } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const small = fc.integer({ min: 1, max: 4 });
const LAYER: fc.Arbitrary<{ kind: string; params: object }> = fc.oneof(
  fc.record({ kind: fc.constant('dense'), params: fc.record({ units: small }) }),
  fc.record({ kind: fc.constantFrom('activation', 'dropout', 'batch_norm', 'layer_norm', 'flatten', 'global_avg_pool1d'), params: fc.constant({}) }),
  fc.record({ kind: fc.constant('conv1d'), params: fc.record({ filters: small, kernelSize: small, padding: fc.constantFrom('valid', 'same') }) }),
  fc.record({ kind: fc.constant('maxpool1d'), params: fc.record({ poolSize: small, strides: fc.integer({ min: 1, max: 2 }) }) }),
  fc.record({ kind: fc.constantFrom('lstm', 'gru'), params: fc.record({ units: small, returnSequences: fc.boolean() }) }),
  fc.record({ kind: fc.constantFrom('concatenate', 'add'), params: fc.constant({}) }),
);

/**
 * A random graph: input, up to 5 layers each fed by 1 (merges: 2) earlier nodes, an output fed by the
 * last node; sometimes an extra edge that may close a cycle, or a branch left as a dead end.
 */
const GRAPH = fc
  .record({
    inputShape: fc.oneof(fc.tuple(fc.integer({ min: 1, max: 6 })), fc.tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 3 }))),
    layers: fc.array(fc.record({ layer: LAYER, from: fc.nat(), other: fc.nat() }), { maxLength: 5 }),
    // One graph in five gets an extra edge between two layers (a cycle when it points backwards).
    backEdge: fc.tuple(fc.integer({ min: 0, max: 4 }), fc.nat(), fc.nat()).map(([die, a, b]): [number, number] | null => (die === 0 ? [a, b] : null)),
  })
  .map(({ inputShape, layers, backEdge }) => {
    const nodes = [{ id: 'in', kind: 'input', params: {} }];
    const edges: { source: string; target: string }[] = [];
    layers.forEach(({ layer, from, other }, i) => {
      const id = `n${i}`;
      nodes.push({ id, kind: layer.kind, params: layer.params });
      // Mostly a chain (from the previous node); now and then from an earlier one, leaving a dead end.
      edges.push({ source: nodes[from % 5 === 0 ? from % (i + 1) : i]!.id, target: id });
      if (layer.kind === 'concatenate' || layer.kind === 'add') edges.push({ source: nodes[other % (i + 1)]!.id, target: id });
    });
    nodes.push({ id: 'out', kind: 'output', params: {} });
    edges.push({ source: nodes[nodes.length - 2]!.id, target: 'out' });
    if (backEdge && layers.length > 0) {
      const [from, to] = backEdge;
      edges.push({ source: `n${from % layers.length}`, target: `n${to % layers.length}` });
    }
    return { graph: { nodes, edges } as LayerGraph, inputShape: inputShape as Shape };
  });

const CTX: LayerContext = { task: 'multiclass', nClasses: 3 };

describe('layer graphs (property)', () => {
  it('inferLayerShapes finds no problem exactly when buildLayerGraph builds, with the shapes and counts it showed', () => {
    let built = 0;
    fc.assert(
      fc.property(GRAPH, ({ graph, inputShape }) => {
        const a = inferLayerShapes(graph, inputShape, CTX);
        if (a.problems.length > 0) {
          expect(() => buildLayerGraph(graph, inputShape, CTX.task, CTX.nClasses, 1)).toThrow(LayerGraphError);
          return;
        }
        built++;
        const { model, totalParams } = buildLayerGraph(graph, inputShape, CTX.task, CTX.nClasses, 1);
        try {
          expect(totalParams).toBe(model.countParams());
          for (const layer of model.layers) expect(layer.countParams()).toBe(a.params[layer.name]);
          expect(model.outputs[0]!.shape).toEqual([null, 3]);
        } finally {
          disposeModel(model);
        }
      }),
      { numRuns: 400, seed: 4242 },
    );
    expect(built).toBeGreaterThan(50);
  });
});
