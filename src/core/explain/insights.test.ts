// The studio's explanations of real trained pipelines: attributions add up to the model's outputs
// (local accuracy) whatever the method, source-column attributions are the sums of the encoded ones
// for additive methods, and the importance / dependence / fairness reports run on the test split.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { importCsvText } from '../data/csv';
import { createProject, DEFAULT_MLP, type ModelSpec } from '../pipeline/document';
import { runExperiment } from '../pipeline/experiment';
import { featureMatrix, predictMatrix } from '../pipeline/scoring';
import { disposeModel } from '../train/train';
import { explainModel, fairnessData, partialDependenceReport, permutationReport, playersFor, type InsightContext } from './insights';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function data(n: number): string {
  const lines = ['x1,x2,colour,group,label'];
  for (let i = 0; i < n; i++) {
    const pos = i % 2 === 0;
    lines.push(`${((pos ? 1 : -1) + Math.sin(i)).toFixed(3)},${Math.cos(i * 3).toFixed(3)},${['red', 'blue', 'green'][i % 3]},${i % 5 === 0 ? 'A' : 'B'},${pos ? 'yes' : 'no'}`);
  }
  return lines.join('\n');
}

async function trained(model: ModelSpec, task: 'binary' | 'regression' = 'binary'): Promise<InsightContext> {
  const { table } = importCsvText(data(160));
  const doc = createProject({ name: 't', source: { kind: 'file', fileName: 't.csv', bytes: 1 }, columnKinds: {} }, { target: task === 'binary' ? 'label' : 'x2', task });
  const { result, artifacts } = await runExperiment(table, { ...doc, model, training: { ...doc.training, epochs: 8, earlyStopping: { enabled: false, patience: 5 } } }, 'cpu');
  return { artifacts, table, modelKind: result.model };
}

describe('explainModel', () => {
  it('linear model, auto: exact linear SHAP on the logit, per encoded column = w·(x − E[x]) summed to sources', async () => {
    const ctx = await trained({ kind: 'linear', l2: 0 });
    const enc = await explainModel(ctx, { maxRows: 5, method: 'auto', background: 20, granularity: 'encoded', seed: 1 });
    const src = await explainModel(ctx, { maxRows: 5, method: 'auto', background: 20, granularity: 'source', seed: 1 });
    expect(enc.method).toBe('linear');
    expect(enc.space).toBe('logit');
    expect(enc.outputs).toEqual(['yes']);
    expect(enc.localAccuracyGap).toBeLessThan(1e-4);
    // The logit recomputed from the probability the model gives.
    const m = featureMatrix(ctx.artifacts.preprocessor, ctx.table, Int32Array.from(enc.rows.map((r) => r.row)));
    const p = predictMatrix(ctx.artifacts, m);
    enc.rows.forEach((r, i) => expect(r.fx[0]).toBeCloseTo(Math.log(p[i * 2 + 1]! / p[i * 2]!), 4));
    // Source = the sum of its encoded columns (colour=… one-hot columns → colour).
    const { encodedOf } = playersFor(ctx.artifacts, 'source');
    expect(src.features).toEqual(['x1', 'x2', 'colour', 'group']);
    src.rows.forEach((r, i) => {
      src.features.forEach((_, j) => {
        const sum = encodedOf[j]!.reduce((s, e) => s + enc.rows[i]!.phi[e]!, 0);
        expect(r.phi[j]).toBeCloseTo(sum, 9);
      });
    });
    disposeModel(ctx.artifacts.model!);
  });

  it('MLP: exact Shapley and KernelSHAP hold local accuracy on class probabilities; gradient reports its gap', async () => {
    const ctx = await trained({ ...DEFAULT_MLP, hidden: [8] });
    const exact = await explainModel(ctx, { maxRows: 4, method: 'auto', background: 10, granularity: 'source', seed: 2 });
    expect(exact.method).toBe('exact');
    expect(exact.outputs).toEqual(['no', 'yes']);
    expect(exact.localAccuracyGap).toBeLessThan(1e-4);
    for (const r of exact.rows) {
      for (let o = 0; o < 2; o++) {
        const sum = exact.features.reduce((s, _, j) => s + r.phi[j * 2 + o]!, exact.base[o]!);
        expect(sum).toBeCloseTo(r.fx[o]!, 4);
      }
      // Probabilities of the two classes: their attributions are opposite.
      exact.features.forEach((_, j) => expect(r.phi[j * 2]).toBeCloseTo(-r.phi[j * 2 + 1]!, 5));
    }
    const kernel = await explainModel(ctx, { maxRows: 4, method: 'kernel', background: 10, granularity: 'source', seed: 2 });
    expect(kernel.localAccuracyGap).toBeLessThan(1e-4);
    // With 4 players every coalition is enumerated: KernelSHAP equals the exact values.
    kernel.rows.forEach((r, i) => r.phi.forEach((v, j) => expect(v).toBeCloseTo(exact.rows[i]!.phi[j]!, 4)));
    const grad = await explainModel(ctx, { maxRows: 3, method: 'gradient', background: 10, granularity: 'encoded', seed: 2 });
    expect(grad.method).toBe('gradient');
    expect(grad.localAccuracyGap).toBeLessThan(0.02);
    disposeModel(ctx.artifacts.model!);
  });

  it('permutation importance, partial dependence and fairness run on the test split', async () => {
    const ctx = await trained({ ...DEFAULT_MLP, hidden: [8] });
    const perm = await permutationReport(ctx, { repeats: 3, granularity: 'source', seed: 3 });
    expect(perm.metric).toBe('accuracy');
    expect(perm.features.map((f) => f.name).sort()).toEqual(['colour', 'group', 'x1', 'x2']);
    // x1 carries the label; x2 and group do not.
    expect(perm.features[0]!.name).toBe('x1');
    const pd = await partialDependenceReport(ctx, { feature: 'colour', maxPoints: 5, iceRows: 10, seed: 3 });
    expect(pd.kind).toBe('categorical');
    expect([...pd.grid].sort()).toEqual(['blue', 'green', 'red']);
    expect(pd.ice).toHaveLength(10);
    expect(pd.average).toHaveLength(3 * 2);
    const fair = fairnessData(ctx, ['group']);
    expect(fair.columns[0]!.groups.map((g) => g.group).sort()).toEqual(['A', 'B']);
    expect(fair.rows).toBe(ctx.artifacts.split!.test.length);
    expect(fair.positiveLabel).toBe('yes');
    // The user may count the other class as the favourable outcome.
    expect(fairnessData(ctx, ['group'], 'no').positiveLabel).toBe('no');
    expect(() => fairnessData(ctx, ['group'], 'maybe')).toThrow('"maybe" is not one of the model\'s classes (no, yes).');
    disposeModel(ctx.artifacts.model!);
  });
});
