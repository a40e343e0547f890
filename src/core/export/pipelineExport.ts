/**
 * Exporting a trained pipeline (issue #5): the ONNX file with the fitted preprocessing inside (the
 * features part from onnx/features.ts, the model part from onnx/index.ts), the check that it can be
 * exported at all, and its verification with onnxruntime-web against the studio's own predictions.
 * Shared by the worker (the Export panel) and the CLI (`export`).
 *
 * onnxruntime-web is imported dynamically, only by `verifyOnnx`: its wasm is ~28 MB and nothing else
 * needs it (MACHINE.md).
 */
import { columnByName, type Table } from '../data/table';
import type { TrainedArtifacts } from '../pipeline/experiment';
import { anomalyThreshold, featureMatrix, isGraphFeatures, outputsPerRow, predictMatrix } from '../pipeline/scoring';
import { columnTimes, timeRowOrder } from '../pipeline/windowMatrix';
import { addFeatureGraph, featureExportProblems } from './onnx/features';
import { onnxFeeds } from './onnx/feeds';
import { OnnxGraphBuilder } from './onnx/graphBuilder';
import { exportOnnx } from './onnx/index';
import { modelExportProblems } from './onnx/model';

/** The largest |ONNX − studio| difference accepted by the verification. */
export const ONNX_TOLERANCE = 1e-4;

/** Why this pipeline cannot be exported to ONNX, one message per node or layer at fault; empty = it can. */
export function onnxProblems(artifacts: TrainedArtifacts): string[] {
  return [...featureExportProblems(artifacts.preprocessor), ...(artifacts.model ? modelExportProblems(artifacts.model) : [])];
}

/** The ONNX model bytes. Throws with the problems' messages when it cannot be exported. */
export function exportPipelineOnnx(artifacts: TrainedArtifacts, about: { name: string; modelKind: string }): Uint8Array {
  const problems = onnxProblems(artifacts);
  if (problems.length > 0) throw new Error(`This pipeline cannot be exported to ONNX: ${problems.join(' ')}`);
  const b = new OnnxGraphBuilder();
  const features = addFeatureGraph(b, artifacts.preprocessor);
  const { task, classes, column } = artifacts.target;
  return exportOnnx(
    b,
    features.output,
    {
      model: artifacts.model,
      task,
      classes,
      ...(artifacts.anomaly
        ? { anomaly: { threshold: anomalyThreshold(artifacts), window: isGraphFeatures(artifacts.preprocessor) ? (artifacts.preprocessor.window ?? 1) : 1, baseline: artifacts.anomaly.baseline } }
        : artifacts.model
          ? {}
          : { baselinePrediction: baselineRow(artifacts) }),
    },
    {
      'orrery.name': about.name,
      'orrery.model': about.modelKind,
      'orrery.task': task,
      'orrery.target': column,
      'orrery.classes': JSON.stringify(classes),
      'orrery.inputs': JSON.stringify(features.inputs),
      'orrery.encoded_features': JSON.stringify(artifacts.preprocessor.outputNames),
      ...(isGraphFeatures(artifacts.preprocessor) && (artifacts.preprocessor.window ?? 1) > 1
        ? {
            // A window model reads the rows of one call as consecutive, oldest first, zeros before the first.
            'orrery.window': String(artifacts.preprocessor.window),
            'orrery.row_order': artifacts.preprocessor.timeColumn ? `ascending ${artifacts.preprocessor.timeColumn}` : 'file order',
          }
        : {}),
    },
  );
}

/**
 * The rows an export is checked on: up to `max` of `preferred` (the test split); for a model that reads
 * a time window, the first `max` rows in the order it reads history (file order or its time column),
 * because the exported model takes the rows of one call as consecutive, with zeros before the first.
 */
export function verificationRows(artifacts: TrainedArtifacts, table: Table, preferred: Int32Array | null, max: number): Int32Array {
  const fitted = artifacts.preprocessor;
  if (isGraphFeatures(fitted) && (fitted.window ?? 1) > 1) {
    if (fitted.timeColumn) {
      const col = columnByName(table, fitted.timeColumn);
      if (col) return timeRowOrder(columnTimes(col)).order.slice(0, max);
    }
    return Int32Array.from({ length: Math.min(max, table.rowCount) }, (_, i) => i);
  }
  const rows = preferred && preferred.length > 0 ? preferred : Int32Array.from({ length: table.rowCount }, (_, i) => i);
  return rows.slice(0, max);
}

/** The baseline's constant output row (what a baseline-only pipeline predicts for every row). */
function baselineRow(artifacts: TrainedArtifacts): number[] {
  const one = predictMatrix({ ...artifacts, model: null }, { x: new Float32Array(0), n: 1, nFeatures: 0 });
  return Array.from(one);
}

export interface OnnxVerification {
  readonly rows: number;
  readonly maxAbsDiff: number;
  readonly tolerance: number;
  readonly passed: boolean;
  readonly runtime: string;
}

/** The onnxruntime API used here (onnxruntime-web's, also onnxruntime-node's). */
interface Ort {
  readonly InferenceSession: { create(bytes: Uint8Array): Promise<{ run(feeds: Record<string, unknown>): Promise<Record<string, { data: unknown }>>; release?(): Promise<void> }> };
  readonly Tensor: new (type: string, data: Float32Array | string[], dims: readonly number[]) => unknown;
}

/**
 * Runs the exported model with onnxruntime on `rows` of `table` and compares its outputs
 * (`probabilities` or `prediction`) with the studio's own. `ort` defaults to onnxruntime-web, loaded now.
 */
export async function verifyOnnx(bytes: Uint8Array, artifacts: TrainedArtifacts, table: Table, rows: Int32Array, ort?: Ort): Promise<OnnxVerification> {
  const rt = ort ?? ((await import('onnxruntime-web')) as unknown as Ort);
  const session = await rt.InferenceSession.create(bytes);
  const feeds: Record<string, unknown> = {};
  for (const f of onnxFeeds(artifacts.preprocessor, table, rows)) {
    feeds[f.name] = new rt.Tensor(f.type === 'float' ? 'float32' : 'string', f.data, f.dims);
  }
  const out = await session.run(feeds);
  await session.release?.();
  const expected = predictMatrix(artifacts, featureMatrix(artifacts.preprocessor, table, rows));
  const name = artifacts.anomaly ? 'anomaly_score' : artifacts.target.task === 'regression' ? 'prediction' : 'probabilities';
  const got = out[name]?.data as Float32Array | undefined;
  if (!got) throw new Error(`The exported model has no "${name}" output.`);
  const k = outputsPerRow(artifacts);
  if (got.length !== rows.length * k) throw new Error(`The exported model gave ${got.length} values for ${rows.length} rows × ${k} outputs.`);
  let maxAbsDiff = 0;
  for (let i = 0; i < got.length; i++) {
    const diff = Math.abs(got[i]! - expected[i]!);
    maxAbsDiff = Number.isNaN(diff) ? Infinity : Math.max(maxAbsDiff, diff);
  }
  return { rows: rows.length, maxAbsDiff, tolerance: ONNX_TOLERANCE, passed: maxAbsDiff <= ONNX_TOLERANCE, runtime: ort ? 'onnxruntime' : 'onnxruntime-web (wasm)' };
}
