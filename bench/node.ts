/**
 * The Node side: the core importer on a file stream, and the core training loop on tfjs's wasm and cpu
 * backends (the CLI's backend choice, src/cli/backend.ts). Same code the worker runs, without a browser.
 */
import { createReadStream } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { useNodeBackend } from '../src/cli/backend';
import { importCsv } from '../src/core/data/csv';
import type { Table } from '../src/core/data/table';
import { disposeModel, trainModel, type Matrix } from '../src/core/train/train';
import type { DataFile } from './data';
import { BENCH_MLP, trainingSettings, type ImportRun, type TrainingRun } from './results';

function readStream(path: string): AsyncIterable<string> {
  return createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 }) as AsyncIterable<string>;
}

/** Checks the importer read what was written: every row, every column, all numeric, nothing skipped. */
export function checkNumericTable(table: Table, file: DataFile, skipped: number): string | null {
  const problems: string[] = [];
  if (table.rowCount !== file.rows) problems.push(`${table.rowCount} rows instead of ${file.rows}`);
  if (table.columns.length !== file.columns.length) problems.push(`${table.columns.length} columns instead of ${file.columns.length}`);
  const text = table.columns.filter((c) => c.storage !== 'numeric').map((c) => c.name);
  if (text.length) problems.push(`not numeric: ${text.join(', ')}`);
  if (skipped) problems.push(`${skipped} line(s) skipped`);
  return problems.length ? problems.join('; ') : null;
}

/**
 * Imports `file` `runs` times with `importCsv` over a 1 MiB-chunk UTF-8 stream; times the whole import
 * (read, decode, parse, build columns). Throws when the table does not match the file.
 */
export async function benchNodeImport(file: DataFile, runs: number): Promise<ImportRun[]> {
  const out: ImportRun[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const { table, report } = await importCsv(readStream(file.path), { totalBytes: file.bytes });
    const ms = performance.now() - t0;
    const problem = checkNumericTable(table, file, report.skippedCount);
    if (problem) throw new Error(`Node importCsv misread ${file.name}: ${problem}`);
    out.push({ ms, rows: table.rowCount });
  }
  return out;
}

/** A generated file as a core Table (imported as the worker does); throws when it was misread. */
export async function loadTable(file: DataFile): Promise<Table> {
  const { table, report } = await importCsv(readStream(file.path), { totalBytes: file.bytes });
  const problem = checkNumericTable(table, file, report.skippedCount);
  if (problem) throw new Error(`Node importCsv misread ${file.name}: ${problem}`);
  return table;
}

/** Row-major float32 features (every column but `y`) and target `y` of a training file. */
export async function loadMatrix(file: DataFile): Promise<Matrix> {
  const table = await loadTable(file);
  const features = table.columns.filter((c) => c.name !== 'y');
  const target = table.columns.find((c) => c.name === 'y');
  if (!target || target.storage !== 'numeric') throw new Error(`${file.name} has no numeric column "y".`);
  const n = table.rowCount;
  const nFeatures = features.length;
  const x = new Float32Array(n * nFeatures);
  features.forEach((col, j) => {
    if (col.storage !== 'numeric') return;
    for (let r = 0; r < n; r++) x[r * nFeatures + j] = col.values[r]!;
  });
  return { x, y: Float32Array.from(target.values), n, nFeatures };
}

/**
 * Trains the bench MLP on all of `data` (no validation) with `trainModel` on `backend`, `epochs` epochs.
 * Steady samples/s is trainModel's: step time of every epoch but the first.
 */
export async function benchNodeTraining(backend: 'wasm' | 'cpu', data: Matrix, epochs: number, seed: number): Promise<TrainingRun> {
  const used = await useNodeBackend(backend);
  const tensorsBefore = tf.memory().numTensors;
  const t0 = performance.now();
  const result = await trainModel({
    spec: BENCH_MLP,
    training: trainingSettings(backend, epochs),
    task: 'regression',
    nClasses: 1,
    seed,
    train: data,
    validation: null,
  });
  const wallMs = performance.now() - t0;
  disposeModel(result.model);
  const leaked = tf.memory().numTensors - tensorsBefore;
  return {
    backend,
    used,
    trainRows: data.n,
    epochs: result.history.length,
    steadySamplesPerSec: result.samplesPerSec,
    epochSamplesPerSec: result.history.map((h) => h.samplesPerSec),
    finalLoss: result.history.at(-1)?.loss ?? null,
    wallMs,
    notes: leaked ? [`${leaked} tensor(s) left after disposeModel`] : [],
  };
}
