/**
 * tfjs model builders for the default pipeline's neural models (linear and MLP).
 *
 * Layer names are a contract for the exporters and the explain code:
 *   features             the InputLayer, shape [null, nInputs] (listed in model.layers by tfjs)
 *   hidden_1 … hidden_k  Dense with the spec's activation (MLP only)
 *   dropout_1 … dropout_k  Dropout after hidden_i, only when spec.dropout > 0
 *   head                 Dense: 1 sigmoid unit (binary), k softmax units (multiclass), 1 linear unit (regression)
 *   target_scale         regression only, when a target scale is given: a frozen Dense(1→1) with kernel
 *                        [[std]] and bias [mean], so the network learns a standardized target while the
 *                        model reads and predicts the target's own units.
 * Every kernel has an L2 penalty `l2 · Σw²` (added to the mean loss) when spec.l2 > 0; biases have none.
 * Builders never pick a backend and never compile: training does that (it owns the optimizer).
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelSpec, Task } from '../pipeline/document';
import { deriveSeed } from '../util/random';

export type NeuralModelSpec = Exclude<ModelSpec, { kind: 'baseline' }>;

export const INPUT_LAYER = 'features';
export const HEAD_LAYER = 'head';
export const TARGET_SCALE_LAYER = 'target_scale';
export const hiddenLayerName = (i: number): string => `hidden_${i + 1}`;
export const dropoutLayerName = (i: number): string => `dropout_${i + 1}`;

/** Standardization of a regression target: the model outputs `std · z + mean`. */
export interface TargetScale {
  readonly mean: number;
  readonly std: number;
}

export interface BuildOptions {
  /**
   * Regression only: appends the frozen `target_scale` layer and multiplies every L2 coefficient by
   * std², so that minimizing MSE in the target's units is the same problem as minimizing MSE on the
   * standardized target with the spec's L2 (MSE in units = std² × standardized MSE).
   */
  readonly targetScale?: TargetScale;
}

/** The loss each task trains with: binary → 1 sigmoid unit; multiclass → class indices (sparse), k softmax units. */
export function lossFor(task: Task): 'binaryCrossentropy' | 'sparseCategoricalCrossentropy' | 'meanSquaredError' {
  if (task === 'binary') return 'binaryCrossentropy';
  if (task === 'multiclass') return 'sparseCategoricalCrossentropy';
  return 'meanSquaredError';
}

/** The metric logged per epoch: accuracy (threshold 0.5 / argmax) or mean absolute error in target units. */
export function metricFor(task: Task): 'accuracy' | 'mae' {
  return task === 'regression' ? 'mae' : 'accuracy';
}

/** Output units of the head: 1 for binary and regression, nClasses for multiclass. */
export function headUnits(task: Task, nClasses: number): number {
  return task === 'multiclass' ? nClasses : 1;
}

/**
 * Builds an uncompiled model mapping `nInputs` features to the task's head. Weights are fully determined
 * by `seed` (glorotUniform kernels, each seeded by deriveSeed(seed, layerName); zero biases).
 * Throws for multiclass with fewer than 2 classes or nInputs < 1.
 */
export function buildModel(
  spec: NeuralModelSpec,
  nInputs: number,
  task: Task,
  nClasses: number,
  seed: number,
  options: BuildOptions = {},
): tf.LayersModel {
  if (!Number.isInteger(nInputs) || nInputs < 1) throw new Error(`A model needs at least one input feature (got ${nInputs}).`);
  if (task === 'multiclass' && nClasses < 2) throw new Error(`A multiclass model needs at least 2 classes (got ${nClasses}).`);
  const scale = task === 'regression' ? options.targetScale : undefined;
  const l2 = spec.l2 * (scale ? scale.std * scale.std : 1);
  const kernelRegularizer = l2 > 0 ? tf.regularizers.l2({ l2 }) : undefined;
  const dense = (name: string, units: number, activation: 'linear' | 'sigmoid' | 'softmax' | NeuralActivation) =>
    tf.layers.dense({
      name,
      units,
      activation,
      kernelInitializer: tf.initializers.glorotUniform({ seed: deriveSeed(seed, name) }),
      biasInitializer: 'zeros',
      ...(kernelRegularizer ? { kernelRegularizer } : {}),
    });

  const model = tf.sequential({ name: `orrery_${spec.kind}` });
  model.add(tf.layers.inputLayer({ inputShape: [nInputs], name: INPUT_LAYER }));
  if (spec.kind === 'mlp') {
    spec.hidden.forEach((units, i) => {
      model.add(dense(hiddenLayerName(i), units, spec.activation));
      if (spec.dropout > 0) {
        model.add(tf.layers.dropout({ name: dropoutLayerName(i), rate: spec.dropout, seed: deriveSeed(seed, dropoutLayerName(i)) }));
      }
    });
  }
  const headActivation = task === 'binary' ? 'sigmoid' : task === 'multiclass' ? 'softmax' : 'linear';
  model.add(dense(HEAD_LAYER, headUnits(task, nClasses), headActivation));
  if (scale) {
    const std = scale.std > 0 && Number.isFinite(scale.std) ? scale.std : 1;
    model.add(
      tf.layers.dense({
        name: TARGET_SCALE_LAYER,
        units: 1,
        trainable: false,
        kernelInitializer: tf.initializers.constant({ value: std }),
        biasInitializer: tf.initializers.constant({ value: scale.mean }),
      }),
    );
  }
  return model;
}

type NeuralActivation = Extract<NeuralModelSpec, { kind: 'mlp' }>['activation'];

/**
 * Gives every Dropout layer a new seed. tfjs 4.22's Dropout passes its fixed `seed` to
 * tf.randomUniform on every call, i.e. it would drop the same units at every step; training calls this
 * before each step with a seed from its own stream, which keeps runs reproducible and masks varied.
 * Touches a field the typings do not expose (Dropout.seed, read in Dropout.call).
 */
export function reseedDropout(model: tf.LayersModel, seed: number): void {
  let i = 0;
  for (const layer of model.layers) {
    if (layer.getClassName() === 'Dropout') (layer as unknown as { seed: number }).seed = (seed + i++) | 0;
  }
}

/** Whether the model has Dropout layers (training skips reseeding otherwise). */
export function hasDropout(model: tf.LayersModel): boolean {
  return model.layers.some((l) => l.getClassName() === 'Dropout');
}

/** Disposes the model's weights and its optimizer's state (model.dispose() alone leaves the latter alive). */
export function disposeModel(model: tf.LayersModel): void {
  const optimizer = model.optimizer as tf.Optimizer | undefined;
  model.dispose();
  optimizer?.dispose();
}
