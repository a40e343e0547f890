/**
 * The output head: a Dense layer whose units, activation and loss follow the task (see head.ts), or,
 * with the 'reconstruct' head, one that rebuilds the input for anomaly detection (an autoencoder).
 */
import { z } from 'zod';
import { headFor, HEAD_CHOICES, reconstructProblem } from '../head';
import { fail, formatShape, ok, singleInput } from '../shapes';
import { defineLayer, ONE_IN } from './define';

/** The default anomaly threshold: rows scoring above 99% of the normal training rows are flagged. */
export const DEFAULT_ANOMALY_QUANTILE = 0.99;

export const outputSpec = defineLayer({
  kind: 'output',
  label: 'Output',
  help:
    "The model's prediction: one probability (binary), one per class (multiclass) or one number (regression). " +
    'With the reconstruct head it rebuilds its input instead (an autoencoder): rows it rebuilds badly are flagged as anomalies.',
  inputs: ONE_IN,
  // Feeds the pipeline's Evaluate node; no layer can follow it.
  outputs: [{ id: 'out', type: 'tensor' }],
  params: z.object({
    head: z.enum(HEAD_CHOICES).default('auto'),
    threshold: z.number().min(0.5).max(1).default(DEFAULT_ANOMALY_QUANTILE),
  }),
  paramDocs: {
    head: {
      label: 'Head',
      help:
        'The final activation. auto picks what fits the task: sigmoid (binary), softmax (multiclass), linear (regression). ' +
        'reconstruct trains the model to rebuild its input from normal rows only (the target must be binary: is the row an anomaly?) and scores each row by how badly it is rebuilt (mean squared error).',
    },
    threshold: {
      label: 'Anomaly threshold (quantile)',
      help: 'reconstruct head only: a row is flagged when its score is above this quantile of the normal training rows\' scores (0.99: the top 1% of normal rows would be flagged).',
    },
  },
  inferShape(inputs, p, ctx) {
    const one = singleInput('Output', inputs);
    if ('error' in one) return fail(one.error);
    if (one.shape.length !== 1) {
      return fail(`Output needs a vector, got the sequence ${formatShape(one.shape)}: add Flatten, GlobalAvgPool1D, or an LSTM/GRU without return sequences before it.`);
    }
    if (!ctx) return fail('Output needs the task (binary, multiclass or regression) to know its size.');
    if (p.head === 'reconstruct') {
      const problem = reconstructProblem(ctx.task, ctx.inputFeatures);
      return problem ? fail(problem) : ok([ctx.inputFeatures!]);
    }
    if (ctx.task === 'multiclass' && !(Number.isInteger(ctx.nClasses) && ctx.nClasses >= 2)) {
      return fail(`A multiclass output needs at least 2 classes (got ${ctx.nClasses}).`);
    }
    return ok([headFor(ctx.task, ctx.nClasses, p.head).units]);
  },
  paramCount(inputs, p, ctx) {
    if (!ctx) return 0;
    if (p.head === 'reconstruct' ? reconstructProblem(ctx.task, ctx.inputFeatures) !== null : ctx.task === 'multiclass' && !(ctx.nClasses >= 2)) return 0;
    const units = headFor(ctx.task, ctx.nClasses, p.head, ctx.inputFeatures).units;
    return (inputs[0]?.[0] ?? 0) * units + units;
  },
});
