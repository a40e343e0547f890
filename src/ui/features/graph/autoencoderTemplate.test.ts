// The autoencoder template runs end to end: on the breast-cancer sample with "diagnosis" as the
// anomaly label (benign = normal, malignant = anomaly), it trains on benign rows only and returns
// anomaly metrics beside the distance-to-mean baseline, which the run history records by ROC AUC.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { importCsvText } from '../../../core/data/csv';
import { createProject } from '../../../core/pipeline/document';
import { migrateV1ToV2 } from '../../../core/pipeline/graph/migrate';
import { runGraphExperiment } from '../../../core/pipeline/graphExperiment';
import { createRunRecord } from '../../../core/pipeline/runRecord';
import { disposeModel } from '../../../core/train/train';
import { EDITOR_KINDS } from './editorKinds';
import { buildTemplate } from './templates';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('autoencoder template', () => {
  it('flags malignant tumours in the breast-cancer sample by reconstruction error', async () => {
    const { table } = importCsvText(readFileSync(join(import.meta.dirname, '../../../../public/samples/breast-cancer.csv'), 'utf8'));
    const v1 = createProject({ name: 'bc', source: { kind: 'file', fileName: 'breast-cancer.csv', bytes: 1 }, columnKinds: {} }, { target: 'diagnosis', task: 'binary' });
    const base = migrateV1ToV2(v1);
    const doc = { ...base, graph: buildTemplate('autoencoder', EDITOR_KINDS), training: { ...base.training, epochs: 60, learningRate: 0.01 } };

    const { result, artifacts } = await runGraphExperiment(table, doc, 'cpu');
    const { test, baseline } = result.metrics;
    if (test.kind !== 'anomaly' || baseline.test.kind !== 'anomaly') throw new Error(`expected anomaly metrics, got ${test.kind}`);
    expect(test.classes).toEqual(['benign', 'malignant']);
    expect(artifacts.model!.outputs[0]!.shape).toEqual([null, 30]);
    // Seeded run on cpu: about 0.90 (the distance-to-mean baseline: 0.94; chance: 0.5).
    expect(test.roc_auc!).toBeGreaterThan(0.85);
    expect(test.mean_score_anomaly!).toBeGreaterThan(test.mean_score_normal!);
    expect(test.flagged).toBeGreaterThan(0);
    expect(result.warnings.some((w) => /learned to rebuild the \d+ training rows of the normal class "benign" only/.test(w))).toBe(true);

    const run = createRunRecord(result, { kind: 'graph' }, 'cpu');
    expect(run.test['roc_auc']).toBe(test.roc_auc);
    expect(run.baseline['roc_auc']).toBe(baseline.test.roc_auc);
    disposeModel(artifacts.model!);
  });
});
