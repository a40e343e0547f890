// Anomaly detection with the graph's reconstruct head: the autoencoder learns from the normal training
// rows only, scores every row by its reconstruction error, and is compared with the distance-to-mean
// baseline; the baseline scorer and the row selection are checked by hand.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { importCsvText } from '../data/csv';
import { disposeModel, type Matrix } from '../train/train';
import { fitMeanScorer, meanScores, normalRows } from './anomaly';
import { autoencoderProject, planeCsv } from './anomaly.testing';
import { runGraphExperiment } from './graphExperiment';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('normalRows, fitMeanScorer, meanScores', () => {
  const m: Matrix = { x: Float32Array.from([1, 2, 10, 20, 3, 6, 5, 2]), y: Float32Array.from([0, 1, 0, 0]), n: 4, nFeatures: 2 };

  it('keeps the rows labelled 0, in order', () => {
    const normal = normalRows(m);
    expect(normal.n).toBe(3);
    expect(Array.from(normal.x)).toEqual([1, 2, 3, 6, 5, 2]);
    expect(Array.from(normal.y)).toEqual([0, 0, 0]);
  });

  it('scores the mean squared z-score against the normal rows\' mean and standard deviation', () => {
    const scorer = fitMeanScorer(normalRows(m));
    // Columns [1, 3, 5] and [2, 6, 2]: means 3 and 10/3, population std sqrt(8/3) and sqrt(32/9).
    expect(scorer.mean[0]).toBeCloseTo(3, 12);
    expect(scorer.mean[1]).toBeCloseTo(10 / 3, 12);
    expect(scorer.std[0]).toBeCloseTo(Math.sqrt(8 / 3), 12);
    expect(scorer.std[1]).toBeCloseTo(Math.sqrt(32 / 9), 12);
    const scores = meanScores(scorer, m);
    expect(scores[1]).toBeCloseTo(((10 - 3) ** 2 / (8 / 3) + (20 - 10 / 3) ** 2 / (32 / 9)) / 2, 4);
    // A constant feature has std 1, not 0.
    expect(fitMeanScorer({ ...m, x: Float32Array.from([1, 5, 1, 5, 1, 5, 1, 5]) }).std).toEqual([1, 1]);
  });

  it('scores a time window by its last step', () => {
    const windowed: Matrix = { x: Float32Array.from([9, 9, 0, 1, 9, 9, 2, 3]), y: Float32Array.from([0, 0]), n: 2, nFeatures: 4, rowShape: [2, 2] };
    const scorer = fitMeanScorer(windowed);
    expect(scorer.mean).toEqual([1, 2]);
    expect(Array.from(meanScores(scorer, windowed))).toEqual([1, 1]);
  });
});

describe('runGraphExperiment with a reconstruct head', () => {
  const { table } = importCsvText(planeCsv(600, 4));

  it('trains on the normal training rows only and ranks the anomalies far above the distance-to-mean baseline', async () => {
    const doc = autoencoderProject();
    let batchesPerEpoch = 0;
    const { result, artifacts } = await runGraphExperiment(table, doc, 'cpu', { onBatch: (_b, batches) => void (batchesPerEpoch = batches) });
    const { test, validation, baseline } = result.metrics;
    if (test.kind !== 'anomaly' || baseline.test.kind !== 'anomaly') throw new Error(`expected anomaly metrics, got ${test.kind}`);
    expect(validation?.kind).toBe('anomaly');
    expect(test.classes).toEqual(['0', '1']);
    expect(test.n).toBe(result.splitSizes.test);
    expect(test.n_anomalies).toBeGreaterThan(0);
    // The shuffled rows keep their size, so distance from the mean hardly tells them apart.
    expect(baseline.test.roc_auc!).toBeLessThan(0.75);
    expect(test.roc_auc!).toBeGreaterThan(0.9);
    expect(test.mean_score_anomaly!).toBeGreaterThan(5 * test.mean_score_normal!);
    // Only the normal training rows were batched: 32 rows a batch.
    const note = result.warnings.find((w) => w.startsWith('Anomaly detection'))!;
    const normalTrain = Number(/rebuild the (\d+) training rows of the normal class "0"/.exec(note)![1]);
    expect(normalTrain).toBeLessThan(result.splitSizes.train);
    expect(batchesPerEpoch).toBe(Math.ceil(normalTrain / 32));
    expect(result.history.at(-1)!.metricName).toBe('mae');
    expect(artifacts.anomaly).toMatchObject({ quantile: 0.95, threshold: test.threshold, baselineThreshold: baseline.test.threshold, classes: ['0', '1'] });
    expect(artifacts.model!.outputs[0]!.shape).toEqual([null, 5]);
    disposeModel(artifacts.model!);
  });

  it('refuses a task other than binary with the editor\'s reason', async () => {
    const doc = autoencoderProject('regression');
    await expect(runGraphExperiment(table, doc, 'cpu')).rejects.toThrow(/reconstruct head .* needs a binary target .*the task is regression/);
  });
});
