import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { HEAD_CHOICES } from './head';
import { LAYER_NODES } from './registry';
import { ACTIVATION_FNS, DENSE_ACTIVATIONS, LAYER_KINDS, type LayerKind } from './specs';
import { buildOne } from './testing';
import type { LayerContext, Shape } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const dim = fc.integer({ min: 1, max: 7 });
const vector = fc.tuple(dim).map((s): Shape => s);
const sequence = fc.tuple(dim, fc.integer({ min: 1, max: 4 })).map((s): Shape => s);
const anyShape = fc.oneof(vector, sequence);
const one = (shape: fc.Arbitrary<Shape> = anyShape) => shape.map((s) => [s]);
const padding = fc.constantFrom('valid' as const, 'same' as const);
const ctx: fc.Arbitrary<LayerContext> = fc.oneof(
  fc.constant<LayerContext>({ task: 'binary', nClasses: 2 }),
  fc.constant<LayerContext>({ task: 'regression', nClasses: 1 }),
  fc.integer({ min: 2, max: 6 }).map((k): LayerContext => ({ task: 'multiclass', nClasses: k })),
  // Sizes the reconstruct head.
  fc.integer({ min: 1, max: 7 }).map((f): LayerContext => ({ task: 'binary', nClasses: 2, inputFeatures: f })),
);
/** Two or three shapes that agree except in the last dimension; now and then one that does not. */
const branches = fc
  .tuple(fc.array(dim, { maxLength: 1 }), fc.array(dim, { minLength: 2, maxLength: 3 }), fc.boolean(), fc.boolean())
  .map(([prefix, lasts, sameLast, breakOne]) => {
    const shapes: Shape[] = lasts.map((l) => [...prefix, sameLast ? lasts[0]! : l]);
    if (breakOne) shapes[1] = [...prefix, (shapes[1]![prefix.length] ?? 1) + 1, 1];
    return shapes;
  });

/** Random valid params (small, so building stays fast) and input shapes, per kind. */
const CASES: { [K in LayerKind]: fc.Arbitrary<{ params: object; inputs: Shape[]; ctx?: LayerContext }> } = {
  input: anyShape.map((s) => ({ params: {}, inputs: [s] })),
  dense: fc.record({
    params: fc.record({ units: dim, activation: fc.constantFrom(...DENSE_ACTIVATIONS), useBias: fc.boolean(), l2: fc.constantFrom(0, 0.01) }),
    inputs: one(),
  }),
  activation: fc.record({
    params: fc.record({ activation: fc.constantFrom(...ACTIVATION_FNS), alpha: fc.double({ min: 0, max: 1, noNaN: true }) }),
    inputs: one(),
  }),
  dropout: fc.record({ params: fc.record({ rate: fc.double({ min: 0, max: 0.9, noNaN: true }) }), inputs: one() }),
  batch_norm: fc.record({ params: fc.record({ momentum: fc.double({ min: 0, max: 0.999, noNaN: true }) }), inputs: one() }),
  layer_norm: fc.record({ params: fc.record({ epsilon: fc.double({ min: 1e-6, max: 0.1, noNaN: true }) }), inputs: one() }),
  conv1d: fc.record({
    params: fc.record({
      filters: fc.integer({ min: 1, max: 4 }),
      kernelSize: fc.integer({ min: 1, max: 6 }),
      strides: fc.integer({ min: 1, max: 3 }),
      padding,
      activation: fc.constantFrom(...DENSE_ACTIVATIONS),
    }),
    inputs: one(),
  }),
  maxpool1d: fc.record({
    params: fc.record({ poolSize: fc.integer({ min: 1, max: 5 }), strides: fc.integer({ min: 1, max: 3 }), padding }),
    inputs: one(),
  }),
  global_avg_pool1d: fc.record({ params: fc.constant({}), inputs: one() }),
  lstm: fc.record({ params: fc.record({ units: fc.integer({ min: 1, max: 4 }), returnSequences: fc.boolean() }), inputs: one() }),
  gru: fc.record({ params: fc.record({ units: fc.integer({ min: 1, max: 4 }), returnSequences: fc.boolean() }), inputs: one() }),
  flatten: fc.record({ params: fc.constant({}), inputs: one() }),
  concatenate: fc.record({ params: fc.constant({}), inputs: branches }),
  add: fc.record({ params: fc.constant({}), inputs: branches }),
  output: fc.record({ params: fc.record({ head: fc.constantFrom(...HEAD_CHOICES) }), inputs: one(), ctx }),
};

describe('layer specs agree with tfjs (property)', () => {
  it.each(LAYER_KINDS)('%s: whenever inferShape accepts, tfjs builds that shape with that many weights', (kind) => {
    const def = LAYER_NODES[kind]!;
    let accepted = 0;
    fc.assert(
      fc.property(CASES[kind], (c) => {
        const p = def.params.parse(c.params);
        const r = def.inferShape(c.inputs, p, c.ctx);
        if (!r.ok) return;
        accepted++;
        expect(buildOne(kind, p, c.inputs, c.ctx)).toEqual({ shape: [...r.shape], params: def.paramCount(c.inputs, p, c.ctx) });
      }),
      { numRuns: 40, seed: 20260 },
    );
    // The generators must exercise the valid path, not only refusals.
    expect(accepted).toBeGreaterThan(5);
  });

  it('inferShape is total: any shapes, any count, never throws; accepted shapes have positive integer dims', () => {
    const wild = fc.array(fc.oneof(fc.integer({ min: -2, max: 5 }), fc.constantFrom(0.5, NaN, Infinity)), { maxLength: 4 });
    fc.assert(
      fc.property(fc.constantFrom(...LAYER_KINDS), fc.array(wild, { maxLength: 3 }), ctx, (kind, inputs, c) => {
        const def = LAYER_NODES[kind]!;
        const r = def.inferShape(inputs, def.defaults, c);
        if (r.ok) {
          expect(r.shape.every((d) => Number.isInteger(d) && d > 0)).toBe(true);
          const n = def.paramCount(inputs, def.defaults, c);
          expect(Number.isInteger(n) && n >= 0).toBe(true);
        } else expect(r.error.length).toBeGreaterThan(10);
      }),
      { numRuns: 500, seed: 7 },
    );
  });
});
