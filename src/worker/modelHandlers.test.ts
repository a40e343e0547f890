// The requests about the trained model, through the real dispatcher and client in-process (cpu):
// explain, importance, dependence, fairness, export (ONNX checked by onnxruntime-web in Node, TF.js
// zip), scoring a new CSV with drift, and the scored CSV; the training table stays loaded.
import * as tf from '@tensorflow/tfjs';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { createProject, DEFAULT_MLP } from '../core/pipeline/document';
import { StudioClient, type WorkerLike } from './client';
import { createDispatcher, createHandlers } from './dispatcher';
import type { FromWorker, ToWorker } from './protocol';

function inProcessClient(): StudioClient {
  const listeners: ((ev: MessageEvent<FromWorker>) => void)[] = [];
  const dispatch = createDispatcher(
    createHandlers({
      selectBackend: async (choice) => {
        await tf.setBackend('cpu');
        return { requested: choice, used: 'cpu', reason: 'tests run on cpu', fallbacks: [], adapter: null };
      },
      watchDeviceLoss: () => {},
      loseGpuDevice: () => false,
      fetch: () => Promise.reject(new Error('no network in tests')),
    }),
    (msg) => queueMicrotask(() => listeners.forEach((l) => l({ data: structuredClone(msg) } as MessageEvent<FromWorker>))),
  );
  const worker = {
    postMessage: (msg: ToWorker) => dispatch(structuredClone(msg)),
    addEventListener: (type: string, l: (ev: MessageEvent<FromWorker>) => void) => {
      if (type === 'message') listeners.push(l);
    },
    terminate: () => {},
  } as WorkerLike;
  return new StudioClient(worker);
}

const rowsOf = (n: number, shift = 0) =>
  Array.from({ length: n }, (_, i) => `${((i % 2 ? 1.5 : -1.5) + Math.sin(i) + shift).toFixed(3)},${Math.cos(i * 3).toFixed(3)},${i % 3 ? 'u' : 'v'}`);

let client: StudioClient;

beforeAll(async () => {
  await tf.setBackend('cpu');
  client = inProcessClient();
  const text = ['a,b,group,label', ...rowsOf(200).map((r, i) => `${r},${i % 2 ? 'yes' : 'no'}`)].join('\n');
  await client.call('importCsv', { source: { kind: 'text', text, name: 'blobs.csv' } });
  const base = createProject({ name: 'blobs', source: { kind: 'file', fileName: 'blobs.csv', bytes: 1 }, columnKinds: {} }, { target: 'label', task: 'binary' });
  await client.call('train', { project: { ...base, model: { ...DEFAULT_MLP, hidden: [6] }, training: { ...base.training, epochs: 10 } } });
}, 60_000);

describe('requests about the trained model', () => {
  it('explain, permutation importance, partial dependence and fairness answer with reports', async () => {
    const progress: number[] = [];
    const report = await client.call('explain', { maxRows: 5, method: 'auto', background: 20, granularity: 'source', seed: 1 }, { onEvent: (e) => e.type === 'progress' && progress.push(e.done) });
    expect(report.method).toBe('exact');
    expect(report.features).toEqual(['a', 'b', 'group']);
    expect(report.localAccuracyGap).toBeLessThan(1e-4);
    expect(progress.at(-1)).toBe(5);
    const perm = await client.call('permutationImportance', { repeats: 2, granularity: 'source', seed: 1 });
    expect(perm.features[0]!.name).toBe('a');
    const pd = await client.call('partialDependence', { feature: 'group', maxPoints: 5, iceRows: 5, seed: 1 });
    expect([...pd.grid].sort()).toEqual(['u', 'v']);
    const fair = await client.call('fairness', { columns: ['group'], positive: 'yes' });
    expect(fair.positiveLabel).toBe('yes');
  }, 60_000);

  it('exports ONNX checked with onnxruntime-web, and a TF.js zip', async () => {
    expect(await client.call('exportCheck', {})).toEqual({ onnxProblems: [], tfjsAvailable: true });
    const onnx = await client.call('exportModel', { format: 'onnx' });
    expect(onnx.fileName).toBe('blobs.onnx');
    expect(onnx.verification).toMatchObject({ passed: true, tolerance: 1e-4 });
    expect(onnx.verification!.maxAbsDiff).toBeLessThanOrEqual(1e-4);
    const zip = await client.call('exportModel', { format: 'tfjs' });
    expect(Object.keys(unzipSync(zip.bytes)).sort()).toEqual(['README.md', 'baseline.json', 'model.json', 'preprocessing.json', 'target.json', 'weights.bin']);
  }, 60_000);

  it('scores a new CSV (missing column refused, unseen level counted, drift found, formula escaped); training data stays', async () => {
    await expect(client.call('scoreCsv', { source: { kind: 'text', text: 'a,group\n1,u\n', name: 'bad.csv' } })).rejects.toThrow('The column "b" that the model needs is not in this file.');
    const text = ['a,b,group,note', ...rowsOf(60, 4).map((r, i) => `${i === 1 ? r.replace(/,[uv]$/, ',w') : r},${i === 0 ? '=cmd()' : 'x'}`)].join('\n');
    const scored = await client.call('scoreCsv', { source: { kind: 'text', text, name: 'new.csv' } });
    expect(scored.rowCount).toBe(60);
    expect(scored.predictionColumns).toEqual(['predicted label', 'probability no', 'probability yes']);
    expect(scored.ignoredColumns).toEqual(['note']);
    expect(scored.unseen).toEqual([{ column: 'group', count: 1, examples: ['w'] }]);
    expect(scored.drift.drifted).toContain('a');
    const { csv, fileName } = await client.call('scoredCsv', {});
    expect(fileName).toBe('new-predictions.csv');
    expect(csv.split('\r\n')[1]).toMatch(/^[^,]+,[^,]+,[uv],'=cmd\(\),(yes|no),/);
    // The training data is still the loaded table: another explanation works on it.
    const again = await client.call('explain', { maxRows: 2, method: 'exact', background: 10, granularity: 'source', seed: 2 });
    expect(again.rows).toHaveLength(2);
  }, 60_000);
});
