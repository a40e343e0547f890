/** Specs of the layers over sequences [steps, features]: Conv1D, MaxPool1D, GlobalAveragePooling1D, LSTM, GRU. */
import { z } from 'zod';
import { fail, ok, sequenceInput, windowOutputLength } from '../shapes';
import { DENSE_ACTIVATIONS } from './basic';
import { defineLayer, ONE_IN, ONE_OUT } from './define';

const PADDINGS = ['valid', 'same'] as const;
const size = (max: number, fallback: number) => z.number().int().min(1).max(max).default(fallback);
const paddingDoc = {
  label: 'Padding',
  help: "valid: only windows that fit inside the sequence (it gets shorter); same: pads the ends so only the stride shortens it.",
};

export const conv1dSpec = defineLayer({
  kind: 'conv1d',
  label: 'Conv1D',
  help: 'Slides small learned filters along the steps of a sequence to detect local patterns, one output channel per filter.',
  inputs: ONE_IN,
  outputs: ONE_OUT,
  params: z.object({
    filters: size(1024, 16),
    kernelSize: size(256, 3),
    strides: size(256, 1),
    padding: z.enum(PADDINGS).default('valid'),
    activation: z.enum(DENSE_ACTIVATIONS).default('relu'),
  }),
  paramDocs: {
    filters: { label: 'Filters', help: 'How many patterns the layer learns: the number of output channels.' },
    kernelSize: { label: 'Kernel size', help: 'How many consecutive steps each filter looks at.' },
    strides: { label: 'Stride', help: 'How many steps the filter moves between outputs (2 halves the length).' },
    padding: paddingDoc,
    activation: { label: 'Activation', help: 'The function applied to each output; none keeps the filter sums as they are.' },
  },
  inferShape(inputs, p) {
    const seq = sequenceInput('Conv1D', inputs);
    if ('error' in seq) return fail(seq.error);
    const steps = windowOutputLength(seq.steps, p.kernelSize, p.strides, p.padding);
    if (steps < 1) {
      return fail(`Conv1D's kernel (${p.kernelSize} steps) is longer than the sequence (${seq.steps} steps): use a shorter kernel or padding 'same'.`);
    }
    return ok([steps, p.filters]);
  },
  paramCount: (inputs, p) => p.kernelSize * (inputs[0]?.[1] ?? 0) * p.filters + p.filters,
});

export const maxPool1dSpec = defineLayer({
  kind: 'maxpool1d',
  label: 'MaxPool1D',
  help: 'Keeps the largest value in each window of steps, shortening the sequence while keeping strong signals.',
  inputs: ONE_IN,
  outputs: ONE_OUT,
  params: z.object({
    poolSize: size(256, 2),
    strides: size(256, 2),
    padding: z.enum(PADDINGS).default('valid'),
  }),
  paramDocs: {
    poolSize: { label: 'Pool size', help: 'How many consecutive steps each maximum is taken over.' },
    strides: { label: 'Stride', help: 'How many steps the window moves between outputs; usually the pool size, so windows do not overlap.' },
    padding: paddingDoc,
  },
  inferShape(inputs, p) {
    const seq = sequenceInput('MaxPool1D', inputs);
    if ('error' in seq) return fail(seq.error);
    const steps = windowOutputLength(seq.steps, p.poolSize, p.strides, p.padding);
    if (steps < 1) {
      return fail(`MaxPool1D's pool (${p.poolSize} steps) is larger than the sequence (${seq.steps} steps): use a smaller pool or padding 'same'.`);
    }
    return ok([steps, seq.features]);
  },
  paramCount: () => 0,
});

export const globalAvgPool1dSpec = defineLayer({
  kind: 'global_avg_pool1d',
  label: 'GlobalAvgPool1D',
  help: 'Averages each feature over all steps, turning a sequence [steps, features] into one vector [features].',
  inputs: ONE_IN,
  outputs: ONE_OUT,
  params: z.object({}),
  paramDocs: {},
  inferShape(inputs) {
    const seq = sequenceInput('GlobalAvgPool1D', inputs);
    return 'error' in seq ? fail(seq.error) : ok([seq.features]);
  },
  paramCount: () => 0,
});

const recurrentParams = z.object({
  units: size(512, 32),
  returnSequences: z.boolean().default(false),
});
const recurrentDocs = {
  units: { label: 'Units', help: 'The size of the memory carried from step to step, and of each output.' },
  returnSequences: {
    label: 'Return sequences',
    help: 'On: an output for every step [steps, units], to stack another recurrent layer. Off: only the last step [units].',
  },
};
/** LSTM has 4 gates, GRU 3; each has an input kernel, a recurrent kernel and one bias. */
const recurrentCount = (gates: number) => (inputs: readonly (readonly number[])[], p: { units: number }) =>
  gates * ((inputs[0]?.[1] ?? 0) * p.units + p.units * p.units + p.units);

export const lstmSpec = defineLayer({
  kind: 'lstm',
  label: 'LSTM',
  help: 'Reads a sequence step by step, keeping a learned memory with gates that decide what to keep and what to forget.',
  inputs: ONE_IN,
  outputs: ONE_OUT,
  params: recurrentParams,
  paramDocs: recurrentDocs,
  inferShape(inputs, p) {
    const seq = sequenceInput('LSTM', inputs);
    if ('error' in seq) return fail(seq.error);
    return ok(p.returnSequences ? [seq.steps, p.units] : [p.units]);
  },
  paramCount: recurrentCount(4),
});

/**
 * GRU as tfjs implements it: the reset gate applies before the recurrent matrix (Keras'
 * `reset_after=False`, one bias per gate). Keras' default is `reset_after=True` (two biases per gate),
 * which tfjs 4.22 does not support, so Keras GRU weights and parameter counts differ from these.
 */
export const gruSpec = defineLayer({
  kind: 'gru',
  label: 'GRU',
  help: 'Like LSTM with fewer gates: reads a sequence step by step with a learned memory; a little faster, often as good.',
  inputs: ONE_IN,
  outputs: ONE_OUT,
  params: recurrentParams,
  paramDocs: recurrentDocs,
  inferShape(inputs, p) {
    const seq = sequenceInput('GRU', inputs);
    if ('error' in seq) return fail(seq.error);
    return ok(p.returnSequences ? [seq.steps, p.units] : [p.units]);
  },
  paramCount: recurrentCount(3),
});
