/**
 * Writes and reads a trained pipeline as a folder: the files of the TF.js export (core/export/tfjs.ts,
 * the one implementation of the format): model.json + weights.bin (the tfjs layers format, loadable by
 * tf.loadLayersModel), preprocessing.json, target.json and baseline.json.
 * Reading uses tf.io.fromMemory because tfjs' file:// handler lives in tfjs-node, which cannot be
 * installed here (MACHINE.md).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { modelFiles } from '../core/export/tfjs';
import type { TrainedArtifacts } from '../core/pipeline/experiment';

/** Writes the export's files into `dir` (created if needed); returns their names in writing order. */
export async function saveArtifacts(dir: string, artifacts: TrainedArtifacts): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files = await modelFiles(artifacts);
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
