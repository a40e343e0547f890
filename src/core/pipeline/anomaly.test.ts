// Anomaly detection with the graph's reconstruct head: the autoencoder learns from the normal training
// rows only, scores every row by its reconstruction error, and is compared with the distance-to-mean
// baseline; the baseline scorer and the row selection are checked by hand.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { importCsvText } from '../data/csv';
import { disposeModel, type Matrix } from '../train/train';
import { createRng } from '../util/random';
import { fitMeanScorer, meanScores, normalRows } from './anomaly';
import { createProject } from './document';
import { migrateV1ToV2 } from './graph/migrate';
import type { ProjectDocumentV2 } from './graph/projectV2';
import type { NodeId } from './graph/schema';
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

/** Rows near a plane in 5 features, 8% of them shuffled among their features (off the plane, same size). */
function planeCsv(n: number, seed: number): string {
  const rng = createRng(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const basis = [
    [1, 0.6, -0.5, 0.8, 0.2],
    [0.1, 0.7, 0.6, -0.4, 1],
  ];
  const lines = ['a,b,c,d,e,is_anomaly'];
  for (let i = 0; i < n; i++) {
    const z = [gaussian(), gaussian()];
    const row = basis[0]!.map((_, j) => z[0]! * basis[0]![j]! + z[1]! * basis[1]![j]! + 0.05 * gaussian());
    const anomalous = rng() < 0.08;
    // A rotation by 2 is never the identity, and moves every value to another feature.
    const values = anomalous ? row.map((_, j) => row[(j + 2) % row.length]!) : row;
    lines.push(`${values.map((v) => v.toFixed(4)).join(',')},${anomalous ? 1 : 0}`);
  }
  return lines.join('\n');
}

/** The migrated default graph with its layers replaced by 5 → 8 → 2 → 8 → reconstruct. */
function autoencoderProject(task: 'binary' | 'regression' = 'binary'): ProjectDocumentV2 {
  const v1 = createProject({ name: 'plane', source: { kind: 'file', fileName: 'plane.csv', bytes: 1 }, columnKinds: {} }, { target: 'is_anomaly', task });
  const doc = migrateV1ToV2({ ...v1, training: { ...v1.training, epochs: 60, learningRate: 0.01, batchSize: 32, earlyStopping: { enabled: true, patience: 8 } } });
  const old = new Set(doc.graph.nodes.filter((n) => n.kind === 'dense' || n.kind === 'dropout').map((n) => n.id));
  const input = doc.graph.nodes.find((n) => n.kind === 'input')!;
  const output = doc.graph.nodes.find((n) => n.kind === 'output')!;
  const layer = (id: string, units: number, activation: string) => ({ id: id as NodeId, kind: 'dense', params: { units, activation }, position: { x: 0, y: 0 } });
  const layers = [layer('enc', 8, 'tanh'), layer('code', 2, 'none'), layer('dec', 8, 'tanh')];
  const chain = [input.id, ...layers.map((l) => l.id), output.id];
  const graph = {
    nodes: [...doc.graph.nodes.filter((n) => !old.has(n.id)).map((n) => (n.id === output.id ? { ...n, params: { head: 'reconstruct', threshold: 0.95 } } : n)), ...layers],
    edges: [
      ...doc.graph.edges.filter((e) => !old.has(e.source) && !old.has(e.target) && !(e.source === input.id && e.target === output.id)),
      ...chain.slice(1).map((target, i) => ({ id: `e_${i}`, source: chain[i]!, sourcePort: 'out', target, targetPort: 'in' })),
    ],
  } as unknown as ProjectDocumentV2['graph'];
  return { ...doc, graph };
}

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
