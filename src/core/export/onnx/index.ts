/**
 * ONNX export, assembly: after the feature part has added the graph inputs and the feature tensor,
 * `exportOnnx` adds the model (or the baseline), the task's named outputs and the metadata, and
 * serializes. The outputs are the contract a user's runtime codes against:
 *   classification  probabilities  float [N, classes]  (binary: [1 − p, p] from the sigmoid unit)
 *                   label          string [N]          the class name of the row's argmax (ties → first)
 *   regression      prediction     float [N, 1]        in the target's own units
 * Metadata (ModelProto.metadata_props): `task`, `classes` (JSON array, classification only) and every
 * entry of `metadata` (the caller's: features, versions …); a key given twice is an error.
 */
import type * as tf from '@tensorflow/tfjs';
import type { OnnxGraphBuilder } from './graphBuilder';
import { addLayersModel, modelExportProblems, OnnxExportError } from './model';
import { serializeModel } from './serialize';

export { OnnxExportError, modelExportProblems, addLayersModel } from './model';
export { serializeModel, parseModel } from './serialize';

export interface OnnxExportInput {
  /** The trained model, or null for the baseline (constant predictions, see models/baseline.ts). */
  readonly model: tf.LayersModel | null;
  readonly task: 'binary' | 'multiclass' | 'regression';
  /** Class names in the order of the model's output units (binary: [negative, positive]); null for regression. */
  readonly classes: readonly string[] | null;
  /** Baseline only: the class priors (one per class) or, for regression, [mean]. */
  readonly baselinePrediction?: readonly number[];
  /**
   * An anomaly detector (binary task; the model is an autoencoder, or null for its baseline scorer):
   * the outputs become `anomaly_score` (mean squared reconstruction error, or mean squared z-score
   * for the baseline) and `label` (classes[1] above `threshold`, else classes[0]).
   */
  readonly anomaly?: {
    readonly threshold: number;
    /** The model's time window (1 = flat rows): a window model reconstructs its last step. */
    readonly window: number;
    readonly baseline: { readonly mean: readonly number[]; readonly std: readonly number[] };
  };
}

/** The outputs' fixed names: no graph input (column) may already use them. */
export const OUTPUT_PROBABILITIES = 'probabilities';
export const OUTPUT_LABEL = 'label';
export const OUTPUT_PREDICTION = 'prediction';
export const OUTPUT_ANOMALY_SCORE = 'anomaly_score';

/**
 * Completes `b` and returns ModelProto bytes. `featureOutput` names the float tensor ([N, d], or
 * [N, window, k] for windowed models) the feature part produced; the model reads it as its input.
 * Throws OnnxExportError, before changing `b`, when the model cannot be translated or the input is
 * inconsistent (class count vs. output units, a missing baseline prediction, a metadata key given
 * twice), or when an output name is already taken in `b`. Cost: one read of every weight, one copy
 * of them into the bytes.
 */
export function exportOnnx(b: OnnxGraphBuilder, featureOutput: string, input: OnnxExportInput, metadata: Record<string, string>): Uint8Array {
  const classification = input.task !== 'regression';
  const classes = input.classes ?? [];
  const width = classification ? classes.length : 1;
  const entries: [string, string][] = [['task', input.task], ...(classification ? [['classes', JSON.stringify(classes)] as [string, string]] : []), ...Object.entries(metadata)];
  // Everything that can be refused is refused before the builder changes.
  const problems = [...inputProblems(input, classes), ...metadataProblems(b, entries)];
  if (problems.length > 0) throw new OnnxExportError(problems);

  if (input.anomaly) {
    addAnomalyOutputs(b, featureOutput, input, input.anomaly, classes);
    for (const [key, value] of entries) b.metadata.push({ key, value });
    return serializeModel(b, {
      producer: 'Orrery',
      graphName: 'orrery',
      docString: 'Orrery anomaly detector. Outputs: anomaly_score, float [N, 1] (higher = more unusual); label, string [N] (the anomaly class above the threshold).',
    });
  }
  const [outputName, labelName] = classification
    ? [reserveOutput(b, OUTPUT_PROBABILITIES), reserveOutput(b, OUTPUT_LABEL)]
    : [reserveOutput(b, OUTPUT_PREDICTION), null];
  const scores = input.model ? modelScores(b, input.model, featureOutput, input.task) : baselineScores(b, featureOutput, input.baselinePrediction!);
  b.node('Identity', [scores], {}, { outputs: [outputName], name: outputName });
  if (labelName) {
    // Ties go to the first class, as the studio's own argmax (evaluate/metrics.ts).
    const index = b.node('ArgMax', [outputName], { axis: { kind: 'int', value: 1 }, keepdims: { kind: 'int', value: 0 }, select_last_index: { kind: 'int', value: 0 } }, { name: 'argmax' })[0]!;
    const names = b.constant('class_names', { type: 'string', dims: [classes.length], values: classes });
    b.node('Gather', [names, index], { axis: { kind: 'int', value: 0 } }, { outputs: [labelName], name: labelName });
    b.outputs.push({ name: outputName, type: 'float', shape: ['N', width] });
    b.outputs.push({ name: labelName, type: 'string', shape: ['N'] });
  } else {
    b.outputs.push({ name: outputName, type: 'float', shape: ['N', 1] });
  }
  for (const [key, value] of entries) b.metadata.push({ key, value });
  return serializeModel(b, { producer: 'Orrery', graphName: 'orrery', docString: describeOutputs(input.task) });
}

function inputProblems(input: OnnxExportInput, classes: readonly string[]): string[] {
  const classification = input.task !== 'regression';
  if (input.anomaly) {
    if (input.task !== 'binary' || classes.length !== 2) return ['An anomaly detector needs a binary target with 2 class names.'];
    if (!Number.isFinite(input.anomaly.threshold)) return ['The anomaly threshold is not a number.'];
    return input.model ? modelExportProblems(input.model) : [];
  }
  if (classification && (input.task === 'binary' ? classes.length !== 2 : classes.length < 2)) {
    return [`A ${input.task} model needs ${input.task === 'binary' ? 'exactly' : 'at least'} 2 class names (got ${classes.length}).`];
  }
  const width = classification ? classes.length : 1;
  if (!input.model) {
    const row = input.baselinePrediction;
    const fine = row && row.length === width && row.every((v) => Number.isFinite(v));
    return fine ? [] : [`The baseline needs ${width} finite prediction value${width === 1 ? '' : 's'} (got ${row ? JSON.stringify(row) : 'none'}).`];
  }
  const shape = input.model.outputs[0]?.shape ?? [];
  const units = input.task === 'multiclass' ? width : 1;
  if (input.model.outputs.length !== 1 || shape.length !== 2 || shape[1] !== units) {
    return [`The ${input.task} model must output [batch, ${units}], but it outputs ${JSON.stringify(shape)}.`];
  }
  return modelExportProblems(input.model);
}

function metadataProblems(b: OnnxGraphBuilder, entries: readonly (readonly [string, string])[]): string[] {
  const keys = new Set(b.metadata.map((m) => m.key));
  const problems: string[] = [];
  for (const [key] of entries) {
    if (keys.has(key)) problems.push(`The metadata key "${key}" is given twice.`);
    keys.add(key);
  }
  return problems;
}

/** Claims an output's fixed name; a graph input (a column) already named so is reported plainly. */
function reserveOutput(b: OnnxGraphBuilder, name: string): string {
  try {
    return b.reserve(name);
  } catch {
    throw new OnnxExportError([`The output name "${name}" is already used in the graph (e.g. by an input column of that name): rename that column.`]);
  }
}

function describeOutputs(task: OnnxExportInput['task']): string {
  return task === 'regression'
    ? 'Orrery model. Output: prediction, float [N, 1], in the target\'s units.'
    : 'Orrery model. Outputs: probabilities, float [N, classes] (order as metadata "classes"); label, string [N].';
}

/** The model's output as [N, width]: binary's single sigmoid unit p becomes [1 − p, p]. */
function modelScores(b: OnnxGraphBuilder, model: tf.LayersModel, x: string, task: OnnxExportInput['task']): string {
  const out = addLayersModel(b, model, x);
  if (task !== 'binary') return out;
  const negative = b.node('Sub', [b.floats('one', [], [1]), out], {}, { name: 'negative_class' })[0]!;
  return b.node('Concat', [negative, out], { axis: { kind: 'int', value: 1 } }, { name: 'binary_probabilities' })[0]!;
}

/** The baseline's constant row (priors or [mean]) repeated for each of the N rows of `x`. */
function baselineScores(b: OnnxGraphBuilder, x: string, row: readonly number[]): string {
  const batch = b.node('Shape', [x], { end: { kind: 'int', value: 1 } }, { name: 'batch_size' })[0]!;
  const target = b.node('Concat', [batch, b.int64s('baseline_width', [1], [row.length])], { axis: { kind: 'int', value: 0 } }, { name: 'baseline_shape' })[0]!;
  return b.node('Expand', [b.floats('baseline_row', [1, row.length], row), target], {}, { name: 'baseline' })[0]!;
}

/**
 * anomaly_score [N, 1] and label [N] of an anomaly detector: the scored features are the row (or a
 * window's last step); the score is the mean over features of (reconstruction − features)², or of the
 * z-score² for the baseline scorer (pipeline/anomaly.ts), as train.ts' anomalyScores computes it.
 */
function addAnomalyOutputs(b: OnnxGraphBuilder, x: string, input: OnnxExportInput, a: NonNullable<OnnxExportInput['anomaly']>, classes: readonly string[]): void {
  const scoreName = reserveOutput(b, OUTPUT_ANOMALY_SCORE);
  const labelName = reserveOutput(b, OUTPUT_LABEL);
  const scored = a.window > 1 ? b.node('Gather', [x, b.int64s('last_step', [], [a.window - 1])], { axis: { kind: 'int', value: 1 } }, { name: 'last_step' })[0]! : x;
  const diff = input.model
    ? b.node('Sub', [addLayersModel(b, input.model, x), scored], {}, { name: 'reconstruction_error' })[0]!
    : b.node('Div', [b.node('Sub', [scored, b.floats('normal_mean', [a.baseline.mean.length], a.baseline.mean)], {}, { name: 'centred' })[0]!, b.floats('normal_std', [a.baseline.std.length], a.baseline.std)], {}, { name: 'z_score' })[0]!;
  const squared = b.node('Mul', [diff, diff], {}, { name: 'squared_error' })[0]!;
  const flat = b.node('ReduceMean', [squared], { axes: { kind: 'ints', value: [1] }, keepdims: { kind: 'int', value: 0 } }, { name: 'mean_squared_error' })[0]!;
  b.node('Unsqueeze', [flat, b.int64s('score_axis', [1], [1])], {}, { outputs: [scoreName], name: scoreName });
  const above = b.node('Greater', [flat, b.floats('threshold', [], [a.threshold])], {}, { name: 'above_threshold' })[0]!;
  const index = b.node('Cast', [above], { to: { kind: 'int', value: 7 } }, { name: 'flag_index' })[0]!;
  const names = b.constant('class_names', { type: 'string', dims: [classes.length], values: classes });
  b.node('Gather', [names, index], { axis: { kind: 'int', value: 0 } }, { outputs: [labelName], name: labelName });
  b.outputs.push({ name: scoreName, type: 'float', shape: ['N', 1] });
  b.outputs.push({ name: labelName, type: 'string', shape: ['N'] });
}
