/** The output head: a Dense layer whose units, activation and loss follow the task (see head.ts). */
import { z } from 'zod';
import { headFor, HEAD_CHOICES } from '../head';
import { fail, formatShape, ok, singleInput } from '../shapes';
import { defineLayer, ONE_IN } from './define';

export const outputSpec = defineLayer({
  kind: 'output',
  label: 'Output',
  help: "The model's prediction: one probability (binary), one per class (multiclass) or one number (regression).",
  inputs: ONE_IN,
  // Feeds the pipeline's Evaluate node; no layer can follow it.
  outputs: [{ id: 'out', type: 'tensor' }],
  params: z.object({ head: z.enum(HEAD_CHOICES).default('auto') }),
  paramDocs: {
    head: {
      label: 'Head',
      help: 'The final activation. auto picks what fits the task: sigmoid (binary), softmax (multiclass), linear (regression).',
    },
  },
  inferShape(inputs, p, ctx) {
    const one = singleInput('Output', inputs);
    if ('error' in one) return fail(one.error);
    if (one.shape.length !== 1) {
      return fail(`Output needs a vector, got the sequence ${formatShape(one.shape)}: add Flatten, GlobalAvgPool1D, or an LSTM/GRU without return sequences before it.`);
    }
    if (!ctx) return fail('Output needs the task (binary, multiclass or regression) to know its size.');
    if (ctx.task === 'multiclass' && !(Number.isInteger(ctx.nClasses) && ctx.nClasses >= 2)) {
      return fail(`A multiclass output needs at least 2 classes (got ${ctx.nClasses}).`);
    }
    return ok([headFor(ctx.task, ctx.nClasses, p.head).units]);
  },
  paramCount(inputs, p, ctx) {
    if (!ctx || (ctx.task === 'multiclass' && !(ctx.nClasses >= 2))) return 0;
    const units = headFor(ctx.task, ctx.nClasses, p.head).units;
    return (inputs[0]?.[0] ?? 0) * units + units;
  },
});
