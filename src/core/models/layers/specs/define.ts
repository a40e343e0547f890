/** The helper every layer spec is declared with, and the shared ports. */
import type { z } from 'zod';
import type { PortSpec } from '../../../pipeline/nodeKind';
import type { LayerSpec } from '../types';

/** One tensor input. The port id is what an edge's `targetPort` names (optional: there is one port). */
export const ONE_IN: readonly PortSpec[] = [{ id: 'in', type: 'tensor' }];
/** Several tensors on one port (Concatenate, Add), taken in the order of the graph's edges. */
export const MANY_IN: readonly PortSpec[] = [{ id: 'in', type: 'tensor', many: true }];
export const ONE_OUT: readonly PortSpec[] = [{ id: 'out', type: 'tensor' }];
export const NO_PORTS: readonly PortSpec[] = [];

/**
 * Declares a layer spec. Every field of `params` must carry a zod `.default()`: `defaults` is
 * `params.parse({})`, so the defaults are valid by construction and a document saved before a
 * parameter existed still parses (the missing field takes its default).
 */
export function defineLayer<S extends z.ZodType<object>>(def: Omit<LayerSpec<z.output<S>>, 'category' | 'params' | 'defaults'> & { params: S }): LayerSpec<z.output<S>> {
  // S's output is z.output<S> by definition; the compiler cannot see it through the generic bound.
  const params = def.params as unknown as z.ZodType<z.output<S>>;
  return { ...def, category: 'layer', params, defaults: params.parse({}) };
}
