/** Small pure helpers shared by the layer specs' shape inference. */
import type { Shape, ShapeResult } from './types';

export const ok = (shape: Shape): ShapeResult => ({ ok: true, shape });
export const fail = (error: string): ShapeResult => ({ ok: false, error });

/** "[16, 8]" as in messages; with `batch`, "[batch, 16, 8]" as the editor labels edges. */
export function formatShape(shape: Shape, options: { batch?: boolean } = {}): string {
  return `[${(options.batch ? ['batch', ...shape] : shape).join(', ')}]`;
}

/** True when every dimension is a positive integer and the rank is at least 1. */
export function isValidShape(shape: Shape): boolean {
  return shape.length > 0 && shape.every((d) => Number.isInteger(d) && d > 0);
}

/** The last dimension (features / channels); 0 for an empty shape. */
export const lastDim = (shape: Shape): number => shape[shape.length - 1] ?? 0;

/**
 * The one input of a single-input layer, checked to be a well-formed shape, or a reason. Messages
 * name the layer by its palette label.
 */
export function singleInput(label: string, inputs: readonly Shape[]): { shape: Shape } | { error: string } {
  if (inputs.length === 0) return { error: `${label} has no input: connect a layer to it.` };
  if (inputs.length > 1) return { error: `${label} takes one input, got ${inputs.length}.` };
  const shape = inputs[0]!;
  if (!isValidShape(shape)) return { error: `${label} got a shape with an empty or invalid dimension: ${formatShape(shape)}.` };
  return { shape };
}

/** The single input as a sequence [steps, features], or a reason naming what arrived. */
export function sequenceInput(label: string, inputs: readonly Shape[]): { steps: number; features: number } | { error: string } {
  const one = singleInput(label, inputs);
  if ('error' in one) return one;
  if (one.shape.length !== 2) {
    return { error: `${label} needs a sequence [steps, features], got ${formatShape(one.shape)}.` };
  }
  return { steps: one.shape[0]!, features: one.shape[1]! };
}

/**
 * Output length of a 1-D convolution or pooling window, as tfjs computes it (conv_utils.convOutputLength):
 * 'same' → ceil(length / stride); 'valid' → ceil((length − size + 1) / stride), ≤ 0 when the window is
 * longer than the sequence.
 */
export function windowOutputLength(length: number, size: number, stride: number, padding: 'valid' | 'same'): number {
  const out = padding === 'same' ? length : length - size + 1;
  return Math.floor((out + stride - 1) / stride);
}
