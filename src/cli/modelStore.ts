/**
 * Writes and reads a trained pipeline as a folder: the files of the TF.js export (core/export/tfjs.ts,
 * the one implementation of the format): model.json + weights.bin (the tfjs layers format, loadable by
 * tf.loadLayersModel), preprocessing.json, target.json and baseline.json; `train` adds model-info.json
 * and drift-reference.json (as extras), which the model commands read back with loadModelDir.
 * Reading uses tf.io.fromMemory because tfjs' file:// handler lives in tfjs-node, which cannot be
 * installed here (MACHINE.md).
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { modelFiles } from '../core/export/tfjs';
import type { TrainedArtifacts } from '../core/pipeline/experiment';
import type { DriftReference } from '../core/score/drift';

/** Beside the export's files, `train` writes what the run was and its training data's distribution. */
export const MODEL_INFO_FILE = 'model-info.json';
export const DRIFT_REFERENCE_FILE = 'drift-reference.json';

/** Writes the export's files into `dir` (created if needed); returns their names in writing order. */
export async function saveArtifacts(dir: string, artifacts: TrainedArtifacts, extra: Readonly<Record<string, string>> = {}): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files = await modelFiles(artifacts, extra);
  for (const [name, bytes] of Object.entries(files)) await writeFile(join(dir, name), bytes);
  return Object.keys(files);
}

/** Loads model.json + weights.bin written by saveArtifacts. */
export async function loadLayersModelFromDir(dir: string): Promise<tf.LayersModel> {
  const modelJson = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as {
    modelTopology: object;
    weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[];
  };
  const weights = await readFile(join(dir, 'weights.bin'));
  const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength);
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: modelJson.modelTopology,
      weightSpecs: modelJson.weightsManifest.flatMap((g) => g.weights),
      weightData,
    }),
  );
}

/** Bad input the user can fix (a missing file, a folder that is not a model); main.ts prints it plainly. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/** What `train` saved about the run besides the model (model-info.json). */
export interface ModelInfo {
  readonly name: string;
  readonly modelKind: string;
}

export interface LoadedModel {
  readonly artifacts: TrainedArtifacts;
  readonly info: ModelInfo;
  readonly reference: DriftReference | null;
}

async function readJson<T>(dir: string, name: string, required: boolean): Promise<T | null> {
  try {
    return JSON.parse(await readFile(join(dir, name), 'utf8')) as T;
  } catch (e) {
    if (!required && (e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new InputError(`Cannot read ${join(dir, name)}: ${e instanceof SyntaxError ? 'it is not valid JSON' : 'no such file'}. Is ${dir} a model folder written by train (OUT/model)?`);
  }
}

/** Reads a model folder written by `train` (OUT/model): the artifacts, what the run was, its drift reference. */
export async function loadModelDir(dir: string): Promise<LoadedModel> {
  const preprocessor = (await readJson<TrainedArtifacts['preprocessor']>(dir, 'preprocessing.json', true))!;
  const target = (await readJson<TrainedArtifacts['target']>(dir, 'target.json', true))!;
  const baseline = (await readJson<TrainedArtifacts['baseline']>(dir, 'baseline.json', true))!;
  const info = (await readJson<ModelInfo>(dir, MODEL_INFO_FILE, false)) ?? { name: basename(dir), modelKind: 'mlp' };
  const reference = await readJson<DriftReference>(dir, DRIFT_REFERENCE_FILE, false);
  let hasModel = true;
  try {
    await stat(join(dir, 'model.json'));
  } catch {
    hasModel = false;
  }
  const model = hasModel ? await loadLayersModelFromDir(dir) : null;
  return { artifacts: { preprocessor, target, baseline, model }, info: hasModel ? info : { ...info, modelKind: 'baseline' }, reference };
}
