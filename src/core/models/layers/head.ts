/**
 * The output head matched to the task. Pure (no tfjs), so the editor can show it live.
 *
 * The task fixes the units and the loss: binary → 1 unit and binary cross-entropy on 0/1 targets;
 * multiclass → k units and sparse categorical cross-entropy on class indices; regression → 1 unit and
 * mean squared error. The head only chooses the activation; 'auto' picks the one that fits the task
 * (sigmoid, softmax, linear), the same choice as models/build.ts' `head` layer. Any other choice
 * still builds but is reported as a mismatch, because the loss or the rest of the pipeline assumes
 * the task's activation.
 *
 * 'reconstruct' is the one head that does not predict the target: the model rebuilds its own input
 * (an autoencoder), so its units are the input's feature count (for a time window, the features of
 * the last step), its activation linear and its loss the mean squared error against the input. The
 * rows it rebuilds badly are anomalies; the target, a binary "is an anomaly" label, is used only to
 * choose the normal training rows and to evaluate (pipeline/experiment.ts). Any other task is refused.
 */
import type { Task } from '../../pipeline/document';

export type HeadChoice = 'auto' | 'sigmoid' | 'softmax' | 'linear' | 'reconstruct';
export const HEAD_CHOICES = ['auto', 'sigmoid', 'softmax', 'linear', 'reconstruct'] as const satisfies readonly HeadChoice[];

export type HeadActivation = 'sigmoid' | 'softmax' | 'linear';
export type HeadLoss = 'binaryCrossentropy' | 'sparseCategoricalCrossentropy' | 'meanSquaredError';

export interface Head {
  readonly units: number;
  readonly activation: HeadActivation;
  /** Same as models/build.ts' lossFor(task) (kept here too so this module stays free of tfjs; tested equal). */
  readonly loss: HeadLoss;
  /** Why the chosen activation does not fit the task, in plain words; null when it fits. */
  readonly mismatch: string | null;
  /** True for the 'reconstruct' head: the model is trained to rebuild its input, not to predict the target. */
  readonly reconstruct: boolean;
}

/**
 * Why a 'reconstruct' head cannot be sized or trained here, in plain words; null when it can. It needs
 * a binary target (the "is an anomaly" label) and the input's feature count, a positive integer.
 */
export function reconstructProblem(task: Task, inputFeatures: number | undefined): string | null {
  if (task !== 'binary') {
    return `The reconstruct head scores rows for anomaly detection, so it needs a binary target that says which rows are anomalies (the task is ${task}): choose such a target, or another head.`;
  }
  if (inputFeatures === undefined || !(Number.isInteger(inputFeatures) && inputFeatures >= 1)) {
    return 'The reconstruct head rebuilds the input, so it needs to know how many features the input has.';
  }
  return null;
}

const FITTING: Record<Task, HeadActivation> = { binary: 'sigmoid', multiclass: 'softmax', regression: 'linear' };
const LOSS: Record<Task, HeadLoss> = {
  binary: 'binaryCrossentropy',
  multiclass: 'sparseCategoricalCrossentropy',
  regression: 'meanSquaredError',
};

const MISMATCH: Record<Task, Partial<Record<HeadActivation, string>>> = {
  binary: {
    softmax: 'A softmax over the single output of a binary task always gives 1, so nothing is learned: use sigmoid (or auto).',
    linear: 'A linear head gives raw scores, but binary cross-entropy expects probabilities between 0 and 1: use sigmoid (or auto).',
  },
  multiclass: {
    sigmoid: 'Sigmoid outputs do not sum to 1 over the classes, so they are not class probabilities: use softmax (or auto).',
    linear: 'A linear head gives raw scores that can be negative, but the multiclass loss expects probabilities: use softmax (or auto).',
  },
  regression: {
    sigmoid: 'A sigmoid head squeezes every prediction into a narrow band of values, which a regression target rarely fits: use linear (or auto).',
    softmax: 'A softmax over the single output of a regression task always gives 1: use linear (or auto).',
  },
};

/**
 * Units, activation and loss of the output head for a task. `inputFeatures` (the input's last axis)
 * matters only to 'reconstruct'. Throws a RangeError for a multiclass task with fewer than 2 classes
 * (or a non-integer count), and for a 'reconstruct' head that reconstructProblem refuses; `nClasses`
 * is ignored for binary and regression.
 */
export function headFor(task: Task, nClasses: number, head: HeadChoice, inputFeatures?: number): Head {
  if (head === 'reconstruct') {
    const problem = reconstructProblem(task, inputFeatures);
    if (problem) throw new RangeError(problem);
    return { units: inputFeatures!, activation: 'linear', loss: 'meanSquaredError', mismatch: null, reconstruct: true };
  }
  if (task === 'multiclass' && !(Number.isInteger(nClasses) && nClasses >= 2)) {
    throw new RangeError(`A multiclass head needs at least 2 classes (got ${nClasses}).`);
  }
  const activation = head === 'auto' ? FITTING[task] : head;
  return {
    units: task === 'multiclass' ? nClasses : 1,
    activation,
    loss: LOSS[task],
    mismatch: activation === FITTING[task] ? null : (MISMATCH[task][activation] ?? null),
    reconstruct: false,
  };
}
