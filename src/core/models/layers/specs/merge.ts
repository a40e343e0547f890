/** Specs of the layers that join branches: Concatenate and Add. */
import { z } from 'zod';
import { fail, formatShape, isValidShape, ok } from '../shapes';
import type { Shape } from '../types';
import { defineLayer, MANY_IN, ONE_OUT } from './define';

/** At least two well-formed shapes, or a reason. */
function branches(label: string, inputs: readonly Shape[]): { error: string } | null {
  if (inputs.length < 2) return { error: `${label} joins branches: connect at least 2 inputs (got ${inputs.length}).` };
  const bad = inputs.find((s) => !isValidShape(s));
  if (bad) return { error: `${label} got a shape with an empty or invalid dimension: ${formatShape(bad)}.` };
  return null;
}

const list = (inputs: readonly Shape[]) => inputs.map((s) => formatShape(s)).join(' and ');

export const concatenateSpec = defineLayer({
  kind: 'concatenate',
  label: 'Concatenate',
  help: 'Joins branches side by side along the last axis: [a] and [b] become [a + b]. The other dimensions must agree.',
  inputs: MANY_IN,
  outputs: ONE_OUT,
  params: z.object({}),
  paramDocs: {},
  inferShape(inputs) {
    const bad = branches('Concatenate', inputs);
    if (bad) return fail(bad.error);
    const first = inputs[0]!;
    for (const s of inputs) {
      if (s.length !== first.length || s.some((d, i) => i < s.length - 1 && d !== first[i])) {
        return fail(`Concatenate needs shapes that agree except in the last dimension, got ${list(inputs)}.`);
      }
    }
    return ok([...first.slice(0, -1), inputs.reduce((sum, s) => sum + s[s.length - 1]!, 0)]);
  },
  paramCount: () => 0,
});

export const addSpec = defineLayer({
  kind: 'add',
  label: 'Add',
  help: 'Adds branches value by value, e.g. a skip connection around a block. All inputs must have the same shape.',
  inputs: MANY_IN,
  outputs: ONE_OUT,
  params: z.object({}),
  paramDocs: {},
  inferShape(inputs) {
    const bad = branches('Add', inputs);
    if (bad) return fail(bad.error);
    const first = inputs[0]!;
    if (inputs.some((s) => s.length !== first.length || s.some((d, i) => d !== first[i]))) {
      return fail(`Add needs inputs of identical shape, got ${list(inputs)}.`);
    }
    return ok(first);
  },
  paramCount: () => 0,
});
