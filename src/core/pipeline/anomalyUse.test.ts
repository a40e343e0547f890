// A trained anomaly detector (the autoencoder template) is used like any model: scored new rows are
// flagged above its threshold, its score is explained (attributions add up to the score), its
// permutation importance is measured on ROC AUC, and its ONNX export reproduces the score and flags.
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsvText } from '../data/csv';
import { explainModel, fairnessData, permutationReport, type InsightContext } from '../explain/insights';
import { exportPipelineOnnx, verificationRows, verifyOnnx } from '../export/pipelineExport';
import { onnxCheckerFailures } from '../export/onnx/testing';
import { onnxFeeds } from '../export/onnx/feeds';
import { anomalyScores, disposeModel } from '../train/train';
import { autoencoderProject, planeCsv } from './anomaly.testing';
import { runGraphExperiment } from './graphExperiment';
import { anomalyThreshold, featureMatrix, predictionColumns, predictTable } from './scoring';

let ctx: InsightContext;
const { table } = importCsvText(planeCsv(300, 7));

beforeAll(async () => {
  await tf.setBackend('cpu');
  const doc = autoencoderProject();
  const { result, artifacts } = await runGraphExperiment(table, { ...doc, training: { ...doc.training, epochs: 15 } }, 'cpu');
  ctx = { artifacts, table, modelKind: result.model };
}, 60_000);
afterAll(() => disposeModel(ctx.artifacts.model!));

describe('using an anomaly detector', () => {
  it('scores rows by reconstruction error and flags those above the threshold', () => {
    const { artifacts } = ctx;
    expect(artifacts.anomaly).toBeDefined();
    const p = predictTable(artifacts, table);
    expect(p.k).toBe(1);
    const m = featureMatrix(artifacts.preprocessor, table);
    expect(Array.from(p.outputs)).toEqual(Array.from(anomalyScores(artifacts.model!, m.x, m.n, m.nFeatures)));
    const t = anomalyThreshold(artifacts);
    p.labels!.forEach((label, r) => expect(label).toBe(p.outputs[r]! > t ? '1' : '0'));
    expect(predictionColumns(artifacts)).toEqual(['predicted is_anomaly', 'anomaly score']);
  });

  it('explains the score: exact Shapley values over the 5 columns add up to it; gradients are refused', async () => {
    const r = await explainModel(ctx, { maxRows: 4, method: 'auto', background: 20, granularity: 'source', seed: 1 });
    expect(r.method).toBe('exact');
    expect(r.outputs).toEqual(['anomaly score']);
    expect(r.space).toBe('score');
    expect(r.localAccuracyGap).toBeLessThan(1e-4);
    await expect(explainModel(ctx, { maxRows: 2, method: 'gradient', background: 5, granularity: 'source', seed: 1 })).rejects.toThrow(/exact Shapley values or KernelSHAP/);
  });

  it('permutation importance is measured on ROC AUC; fairness counts flagged rows as selected', async () => {
    const perm = await permutationReport(ctx, { repeats: 2, granularity: 'source', seed: 1 });
    expect(perm.metric).toBe('ROC AUC');
    expect(perm.baselineScore).toBeGreaterThan(0.5);
    const fair = fairnessData(ctx, ['a']);
    expect(fair.columns[0]!.groups.length).toBeGreaterThan(1);
  });

  it('exports to ONNX: anomaly_score and label match the studio; the file passes onnx.checker', async () => {
    const { artifacts } = ctx;
    const bytes = exportPipelineOnnx(artifacts, { name: 'plane', modelKind: 'graph' });
    const rows = verificationRows(artifacts, table, artifacts.split!.test, 1000);
    const v = await verifyOnnx(bytes, artifacts, table, rows, ort as unknown as Parameters<typeof verifyOnnx>[4]);
    expect(v.maxAbsDiff).toBeLessThanOrEqual(1e-4);
    // The labels too: run the model once more and compare the flags.
    const session = await ort.InferenceSession.create(bytes);
    const feeds: Record<string, ort.Tensor> = {};
    for (const f of onnxFeeds(artifacts.preprocessor, table, rows)) feeds[f.name] = new ort.Tensor('float32', f.data as Float32Array, f.dims);
    const out = await session.run(feeds);
    const studio = predictTable(artifacts, table, rows);
    expect(Array.from(out['label']!.data as string[])).toEqual(studio.labels);
    expect(onnxCheckerFailures([{ label: 'autoencoder', bytes }])).toEqual([]);
  });
});
