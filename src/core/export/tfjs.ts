/**
 * The TensorFlow.js export of a trained pipeline: the one implementation of the saved-model format,
 * used by the CLI's model folder (cli/modelStore.ts) and the studio's download (a zip).
 *
 * Files: model.json (tfjs "layers-model" format; its weightsManifest names weights.bin, so both
 * `tf.loadLayersModel(url)` and `tf.io.fromMemory` load it), weights.bin, preprocessing.json (the
 * fitted features), target.json (task, target column, classes), baseline.json, plus extra JSON files
 * by name (e.g. drift-reference.json). A baseline-only run has no model.json / weights.bin.
 * The zip adds README.md: what each file is, how to load the model, and how preprocessing.json maps raw
 * columns to the input matrix. The README is built from fixed text and numbers only: column names,
 * levels and classes (user data) appear in the JSON files, never in the README's code or prose.
 *
 * Pure: artifacts in, bytes out (fflate for the zip; its entries carry a fixed date, 1980-01-01, so the
 * same run gives the same bytes). Cost: one copy of the weights, plus compression for the zip.
 */
import * as tf from '@tensorflow/tfjs';
import { strToU8, zipSync } from 'fflate';
import type { FittedFeatures, TrainedArtifacts } from '../pipeline/experiment';

/** Names the export writes itself; an extra file may not take one of them. */
const RESERVED = new Set(['model.json', 'weights.bin', 'preprocessing.json', 'target.json', 'baseline.json', 'README.md']);
/** A plain file name: no folders, no leading dot (so a zip entry cannot escape its folder). */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
/** Step kinds are registry names; anything else is not written into the README. */
const SAFE_KIND = /^[a-z][a-z0-9_-]{0,39}$/;
/** DOS epoch: the earliest date a zip entry can hold, fixed for reproducible archives. */
const ZIP_DATE = new Date(1980, 0, 1);
/** What a known extra file is, for the README. */
const EXTRA_DESCRIPTIONS: Readonly<Record<string, string>> = {
  'drift-reference.json': 'what the training data looked like, per input column, to check new data for drift',
};

const json = (value: unknown): Uint8Array => strToU8(JSON.stringify(value, null, 2));

/** model.json and weights.bin of a layers model, via a save handler (no file system, no network). */
async function layersModelFiles(model: tf.LayersModel): Promise<{ modelJson: Uint8Array; weights: Uint8Array }> {
  let files: { modelJson: Uint8Array; weights: Uint8Array } | null = null;
  await model.save(
    tf.io.withSaveHandler(async (m) => {
      const weightData = m.weightData;
      const buffers = weightData === undefined ? [] : Array.isArray(weightData) ? weightData : [weightData];
      const weights = new Uint8Array(buffers.reduce((s, b) => s + b.byteLength, 0));
      let off = 0;
      for (const b of buffers) {
        weights.set(new Uint8Array(b), off);
        off += b.byteLength;
      }
      const modelJson = {
        modelTopology: m.modelTopology,
        format: 'layers-model',
        generatedBy: m.generatedBy,
        convertedBy: m.convertedBy ?? null,
        weightsManifest: [{ paths: ['weights.bin'], weights: m.weightSpecs }],
      };
      files = { modelJson: strToU8(JSON.stringify(modelJson)), weights };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (files === null) throw new Error('The model could not be saved.');
  return files;
}

/**
 * The export's files by name: model.json + weights.bin (absent for a baseline-only run),
 * preprocessing.json, target.json, baseline.json, then `extra` (text, usually JSON) under its names.
 * Throws when an extra name is not a plain file name or is one of the export's own.
 */
export async function modelFiles(artifacts: TrainedArtifacts, extra: Readonly<Record<string, string>> = {}): Promise<Record<string, Uint8Array>> {
  for (const name of Object.keys(extra)) {
    if (!SAFE_NAME.test(name) || RESERVED.has(name)) throw new Error(`"${name}" cannot be the name of an extra export file.`);
  }
  const files: Record<string, Uint8Array> = {};
  if (artifacts.model) {
    const { modelJson, weights } = await layersModelFiles(artifacts.model);
    files['model.json'] = modelJson;
    files['weights.bin'] = weights;
  }
  files['preprocessing.json'] = json(artifacts.preprocessor);
  files['target.json'] = json(artifacts.target);
  files['baseline.json'] = json(artifacts.baseline);
  for (const [name, text] of Object.entries(extra)) files[name] = strToU8(text);
  return files;
}

/** `modelFiles` plus README.md, zipped (deflate). */
export async function tfjsZip(artifacts: TrainedArtifacts, extra: Readonly<Record<string, string>> = {}): Promise<Uint8Array> {
  const files = await modelFiles(artifacts, extra);
  files['README.md'] = strToU8(exportReadme(artifacts, Object.keys(extra)));
  return zipSync(files, { mtime: ZIP_DATE });
}

// ---------------------------------------------------------------------------------------------------
// README.md: fixed text, numbers and registry names only.

const LOAD_SNIPPET = `\`\`\`js
import * as tf from '@tensorflow/tfjs';

// In a page: serve this folder and load model.json by URL (weights.bin is fetched beside it).
const model = await tf.loadLayersModel('/models/my-model/model.json');

// In Node: read both files and load them from memory.
import { readFile } from 'node:fs/promises';
const modelJson = JSON.parse(await readFile('model.json', 'utf8'));
const bin = await readFile('weights.bin');
const modelFromDisk = await tf.loadLayersModel(tf.io.fromMemory({
  modelTopology: modelJson.modelTopology,
  weightSpecs: modelJson.weightsManifest.flatMap((group) => group.weights),
  weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
}));

// Predict on a matrix: one row per example, one column per feature (see below).
const x = tf.tensor2d(matrix, [rowCount, featureCount]);
const outputs = model.predict(x).arraySync();
\`\`\``;

const V1_SNIPPET = `\`\`\`js
// pre = JSON.parse(preprocessing.json); rows = [{ column name: value, ... }, ...]
// Values as the CSV shows them (text or numbers); missing = null, undefined or ''.
// Datetime columns: milliseconds since 1970-01-01 UTC (e.g. Date.parse('2024-05-01T00:00:00Z')).
function toMatrix(pre, rows) {
  const width = pre.outputNames.length;
  const x = new Float32Array(rows.length * width);
  rows.forEach((row, r) => {
    let offset = 0;
    for (const input of pre.inputs) {
      const raw = row[input.column];
      const missing = raw === null || raw === undefined || raw === '';
      if (input.encoding === 'numeric') {
        const v = missing ? NaN : Number(raw);
        x[r * width + offset] = ((Number.isFinite(v) ? v : input.impute) - input.mean) / input.std;
        offset += 1;
      } else if (input.encoding === 'boolean') {
        const text = missing ? null : String(raw);
        const v = input.trueLevels.includes(text) ? 1 : input.falseLevels.includes(text) ? 0 : input.impute;
        x[r * width + offset] = (v - input.mean) / input.std;
        offset += 1;
      } else {
        // one-hot: missing reads as the most frequent level, unseen levels as the other bucket
        // (or all zeros when there is none).
        let j = input.levels.indexOf(missing ? input.mostFrequent : String(raw));
        if (j < 0 && input.otherLevel !== null) j = input.levels.length;
        if (j >= 0) x[r * width + offset + j] = 1;
        offset += input.levels.length + (input.otherLevel === null ? 0 : 1);
      }
    }
  });
  return x;
}
\`\`\``;

function outputsText(task: string): string {
  switch (task) {
    case 'binary':
      return 'This is a binary classifier: the model outputs one column, the probability of the second class in `target.json`\'s `classes` (the first class has 1 minus it).';
    case 'multiclass':
      return 'This is a multiclass classifier: the model outputs one probability per class, in the order of `target.json`\'s `classes`.';
    case 'regression':
      return 'This is a regression model: the model outputs one column, the predicted value in the target\'s own units.';
    default:
      return 'See `target.json` for the task and the classes.';
  }
}

function baselineText(task: string): string {
  return task === 'regression'
    ? 'It predicts `baseline.json`\'s `mean` (the training mean of the target) for every row.'
    : 'It predicts `baseline.json`\'s `priors` (the training class frequencies, in the order of `target.json`\'s `classes`) for every row; the predicted class is the most frequent one.';
}

function preprocessingText(pre: FittedFeatures): string {
  if ('kind' in pre && pre.kind === 'graph') {
    const steps = pre.steps.map((s, i) => `${i + 1}. \`${SAFE_KIND.test(s.kind) ? s.kind : '(unrecognised step)'}\``);
    const window = pre.window ?? 1;
    return [
      `\`preprocessing.json\` describes a pipeline graph (\`"kind": "graph"\`): the source columns (\`inputs\`), then ${pre.steps.length} fitted step${pre.steps.length === 1 ? '' : 's'} applied in order, each with its parameters and the state fitted on the training rows:`,
      '',
      ...steps,
      '',
      `They produce ${pre.outputNames.length} feature${pre.outputNames.length === 1 ? '' : 's'} per row (\`outputNames\`). The steps are applied by \`npm run cli -- predict\` and by the Orrery studio; each step kind has its own arithmetic, so there is no generic snippet here.`,
      ...(window > 1
        ? [
            '',
            `The model reads sequences: each example is a row with the ${window - 1} row${window === 2 ? '' : 's'} before it, so the input has shape [rows, ${window}, ${pre.outputNames.length}].`,
          ]
        : []),
    ].join('\n');
  }
  return [
    `\`preprocessing.json\` (\`"version": 1\`) lists the input columns in \`inputs\`, each fitted on the training rows, and the ${pre.outputNames.length} matrix column${pre.outputNames.length === 1 ? '' : 's'} they produce in \`outputNames\`. Each input adds consecutive matrix columns:`,
    '',
    '- `numeric`: one column, `(value − mean) / std`, a missing or unreadable value replaced by `impute` first;',
    '- `boolean`: one column, 1 for a text in `trueLevels`, 0 for one in `falseLevels`, otherwise `impute`; then `(v − mean) / std`;',
    '- `one-hot`: one column per level in `levels`, plus one for `otherLevel` when it is not null.',
    '',
    'This function builds the matrix from rows given as objects keyed by column name:',
    '',
    V1_SNIPPET,
  ].join('\n');
}

/** The zip's README.md for these artifacts and extra file names (already checked as plain names). */
function exportReadme(artifacts: TrainedArtifacts, extraNames: readonly string[]): string {
  const task = artifacts.target.task;
  const files = [
    ...(artifacts.model
      ? [
          '- `model.json`: the network in the TensorFlow.js layers format; its `weightsManifest` points to `weights.bin`.',
          '- `weights.bin`: the weights (float32, little-endian) in the order `model.json` lists them.',
        ]
      : []),
    '- `preprocessing.json`: how raw columns become the model\'s input matrix, fitted on the training rows.',
    '- `target.json`: the task, the target column and the class labels (in output order).',
    '- `baseline.json`: the baseline the model was compared with (training class frequencies or mean).',
    ...extraNames.map((n) => `- \`${n}\`: ${EXTRA_DESCRIPTIONS[n] ?? 'saved with the model by Orrery'}.`),
  ];
  const model = artifacts.model
    ? ['## Loading the model', '', LOAD_SNIPPET, '', outputsText(task)]
    : ['## A baseline, not a network', '', 'This run trained the baseline only, so there is no `model.json`: the baseline ignores the features.', baselineText(task)];
  return [
    '# Orrery model export (TensorFlow.js)',
    '',
    'Exported by Orrery. The column names, levels and classes of your data are in the JSON files only.',
    '',
    '## Files',
    '',
    ...files,
    '',
    ...model,
    '',
    '## From raw columns to the matrix',
    '',
    preprocessingText(artifacts.preprocessor),
    '',
  ].join('\n');
}
