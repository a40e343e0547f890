/**
 * Writes and reads a trained pipeline as a folder: model.json + weights.bin (the tfjs layers format,
 * loadable by tf.loadLayersModel), preprocessing.json, target.json and baseline.json.
 * A custom IOHandler is used because tfjs' file:// handler lives in tfjs-node, which cannot be
 * installed here (MACHINE.md).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { TrainedArtifacts } from '../core/pipeline/experiment';

export async function saveArtifacts(dir: string, artifacts: TrainedArtifacts): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  const put = async (name: string, data: string | Uint8Array) => {
    await writeFile(join(dir, name), data);
    written.push(name);
  };
  await put('preprocessing.json', JSON.stringify(artifacts.preprocessor, null, 2));
  await put('target.json', JSON.stringify(artifacts.target, null, 2));
  await put('baseline.json', JSON.stringify(artifacts.baseline, null, 2));
  if (artifacts.model) {
    await artifacts.model.save(
      tf.io.withSaveHandler(async (m) => {
        const weightData = m.weightData;
        const buffers = weightData === undefined ? [] : Array.isArray(weightData) ? weightData : [weightData];
        const bytes = new Uint8Array(buffers.reduce((s, b) => s + b.byteLength, 0));
        let off = 0;
        for (const b of buffers) {
          bytes.set(new Uint8Array(b), off);
          off += b.byteLength;
        }
        const modelJson = {
          modelTopology: m.modelTopology,
          format: 'layers-model',
          generatedBy: m.generatedBy,
          convertedBy: m.convertedBy ?? null,
          weightsManifest: [{ paths: ['weights.bin'], weights: m.weightSpecs }],
        };
        await put('model.json', JSON.stringify(modelJson));
        await put('weights.bin', bytes);
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
  }
  return written;
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
