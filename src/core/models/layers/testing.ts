/**
 * Test helper (used by the *.test.ts files only): builds one layer kind on real tfjs inputs and
 * reports what tfjs says about it, to compare with the spec's inferShape and paramCount.
 */
import * as tf from '@tensorflow/tfjs';
import { LAYER_NODES } from './registry';
import type { LayerContext, Shape } from './types';

export interface Built {
  /** The built output's shape without the batch dimension. */
  readonly shape: number[];
  /** tfjs' countParams() of the layer named `name`. */
  readonly params: number;
}

/** Builds `kind` with validated `params` on inputs of the given shapes; disposes the model's weights. */
export function buildOne(kind: string, params: unknown, inputs: readonly Shape[], ctx?: LayerContext, seed = 1): Built {
  const def = LAYER_NODES[kind];
  if (!def) throw new Error(`unknown kind ${kind}`);
  const p = def.params.parse(params);
  const name = `node_${kind}`;
  const symbolic = kind === 'input'
    ? [tf.input({ shape: [...inputs[0]!], name })]
    : inputs.map((s, i) => tf.input({ shape: [...s], name: `in_${i}` }));
  const out = def.build(symbolic, p, name, seed, ctx);
  const model = tf.model({ inputs: symbolic, outputs: out });
  try {
    return { shape: out.shape.slice(1) as number[], params: model.getLayer(name).countParams() };
  } finally {
    model.dispose();
  }
}
