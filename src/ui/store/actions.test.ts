/**
 * The worker-facing commands against a fake studio (no Worker, no React): what changes in the store
 * on success, failure, cancel and stop.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallOptions } from '../../worker/client';
import type { DatasetSummary, Method, Params, Result, TrainOutcome } from '../../worker/protocol';
import type { SampleEntry } from '../features/samples/sampleIndex';
import { setStudio, type Studio } from '../studio';
import { cancelImport, chooseTarget, importDataset, loadSample, openProjectText, stopTraining, train } from './actions';
import { resetStudioStore, useStudio } from './store';

type Handler<K extends Method> = (params: Params<K>, options: CallOptions) => Promise<Result<K>>;
type Handlers = { [K in Method]?: Handler<K> };

function fakeStudio(handlers: Handlers, calls: { method: Method; params: unknown }[] = []): Studio {
  return {
    call: (<K extends Method>(method: K, params: Params<K>, options: CallOptions = {}) => {
      calls.push({ method, params });
      const h = handlers[method] as Handler<K> | undefined;
      return h ? h(params, options) : Promise.reject(new Error(`unexpected ${method}`));
    }) as Studio['call'],
  };
}

const abortError = () => Object.assign(new Error('Cancelled.'), { name: 'AbortError' });

const summary = (name: string, columns: string[]): DatasetSummary =>
  ({
    name,
    bytes: 100,
    rowCount: 3,
    columns: columns.map((c) => ({ name: c, inferred: { kind: c === 'species' ? 'categorical' : 'numeric', reason: 'test' } })),
    report: { delimiter: ',', lineEnding: 'LF', hadBom: false, skipped: [], skippedCount: 0, blankLines: 0, repeatedHeaders: 0, coerced: [], warnings: [], bytes: 100 },
    preview: [],
    importMs: 1,
    inferMs: 1,
  }) as unknown as DatasetSummary;

const iris: SampleEntry = {
  id: 'iris',
  name: 'Iris flowers',
  file: 'iris.csv',
  description: '',
  target: 'species',
  task: 'multiclass',
  rows: 3,
  columns: 2,
  source: '',
  licence: '',
};

const emptyProfile = { rowCount: 3, columnCount: 2, duplicateRows: 0, columns: [], warnings: [] } as unknown as Result<'profile'>;
const BASE = 'http://127.0.0.1/app/';

beforeEach(() => resetStudioStore());
afterEach(() => setStudio(null));

describe('importing', () => {
  it('loads a sample by absolute URL and takes its target and task', async () => {
    const calls: { method: Method; params: unknown }[] = [];
    setStudio(
      fakeStudio(
        {
          importCsv: async (_p, o) => {
            o.onEvent?.({ type: 'progress', phase: 'import', done: 50, total: 100 });
            expect(useStudio.getState().importProgress).toEqual({ phase: 'import', done: 50, total: 100 });
            return summary('Iris flowers', ['sepal', 'species']);
          },
          profile: async () => emptyProfile,
        },
        calls,
      ),
    );
    await loadSample(iris, BASE);
    const s = useStudio.getState();
    expect(calls[0]).toEqual({
      method: 'importCsv',
      params: { source: { kind: 'url', url: 'http://127.0.0.1/app/samples/iris.csv', name: 'Iris flowers' } },
    });
    expect(s.project).toMatchObject({ name: 'iris', target: 'species', task: 'multiclass', dataset: { source: { kind: 'sample', id: 'iris' } } });
    expect(s.summary?.name).toBe('Iris flowers');
    expect([s.importing, s.importProgress, s.importError]).toEqual([null, null, null]);
    expect(calls[1]).toEqual({ method: 'profile', params: { kinds: {}, target: 'species' } });
  });

  it('keeps the previous dataset and project when an import fails', async () => {
    setStudio(fakeStudio({ importCsv: async () => summary('Iris flowers', ['sepal', 'species']), profile: async () => emptyProfile }));
    await loadSample(iris, BASE);
    const before = useStudio.getState();
    const csvError = Object.assign(new Error('The file is empty.'), { name: 'CsvImportError' });
    setStudio(fakeStudio({ importCsv: async () => Promise.reject(csvError) }));
    await importDataset({ kind: 'text', text: '', name: 'empty.csv' }, { name: 'empty.csv', source: { kind: 'file', fileName: 'empty.csv', bytes: 0 } }, 'empty', null);
    const after = useStudio.getState();
    expect(after.importError).toBe('The file is empty.');
    expect(after.summary).toBe(before.summary);
    expect(after.project).toBe(before.project);
  });

  it('treats a cancelled import as a notice, not an error', async () => {
    setStudio(fakeStudio({ importCsv: (_p, o) => new Promise((_, reject) => o.signal?.addEventListener('abort', () => reject(abortError()))) }));
    const pending = importDataset({ kind: 'text', text: 'a\n1', name: 'a.csv' }, { name: 'a.csv', source: { kind: 'file', fileName: 'a.csv', bytes: 3 } }, 'a', null);
    expect(useStudio.getState().importing).toEqual({ name: 'a.csv' });
    cancelImport();
    await pending;
    const s = useStudio.getState();
    expect([s.importing, s.importError, s.summary]).toEqual([null, null, null]);
    expect(s.importNotice).toMatch(/cancelled/);
  });
});

describe('target', () => {
  it('asks the worker for the task with the column kind, and re-profiles with the target', async () => {
    const calls: { method: Method; params: unknown }[] = [];
    setStudio(
      fakeStudio(
        {
          importCsv: async () => summary('x.csv', ['a', 'species']),
          profile: async () => emptyProfile,
          suggestTask: async () => ({ task: 'binary', reason: 'two classes' }),
        },
        calls,
      ),
    );
    await importDataset({ kind: 'text', text: '', name: 'x.csv' }, { name: 'x.csv', source: { kind: 'file', fileName: 'x.csv', bytes: 1 } }, 'x', null);
    expect(useStudio.getState().project.target).toBeNull();
    await chooseTarget('species');
    const s = useStudio.getState();
    expect(calls).toContainEqual({ method: 'suggestTask', params: { target: 'species', kind: 'categorical' } });
    expect(calls).toContainEqual({ method: 'profile', params: { kinds: {}, target: 'species' } });
    expect([s.project.target, s.project.task]).toEqual(['species', 'binary']);
    expect(s.taskSuggestion?.suggestion.reason).toBe('two classes');
  });
});

describe('training', () => {
  it('streams events into the run slice, stops on request and records the run', async () => {
    let resolveTrain: ((o: TrainOutcome) => void) | null = null;
    setStudio(
      fakeStudio({
        importCsv: async () => summary('Iris flowers', ['sepal', 'species']),
        profile: async () => emptyProfile,
        train: (_p, o) =>
          new Promise<TrainOutcome>((resolve) => {
            resolveTrain = resolve;
            const report = { requested: 'auto', used: 'wasm', reason: 'fastest here', fallbacks: [], adapter: null } as const;
            o.onEvent?.({ type: 'backend', report });
            o.onEvent?.({ type: 'status', message: 'Training' });
            const log = { epoch: 1, loss: 1, valLoss: 1.1, metric: 0.5, valMetric: 0.4, metricName: 'accuracy', samplesPerSec: 100, elapsedMs: 10 } as const;
            o.onEvent?.({ type: 'epoch', log });
            o.onEvent?.({ type: 'batch', epoch: 2, batch: 3, batches: 10, loss: 0.9 });
            o.signal?.addEventListener('abort', () => {
              const m = { kind: 'classification', n: 1, accuracy: 1, precision_macro: 1, recall_macro: 1, f1_macro: 1, roc_auc: null, log_loss: 0.1, per_class: [], confusion_matrix: [], classes: ['a'] } as const;
              resolve({
                backend: report,
                result: {
                  runId: 'run-x',
                  startedAt: '2025-01-01T00:00:00.000Z',
                  task: 'multiclass',
                  target: 'species',
                  classes: ['a'],
                  model: 'mlp',
                  backend: 'wasm',
                  splitSizes: { train: 1, validation: 1, test: 1 },
                  excludedMissingTarget: 0,
                  features: { inputs: [], encoded: [], dropped: [] },
                  history: [log],
                  bestEpoch: 1,
                  stoppedBy: 'user',
                  metrics: { test: m, validation: null, baseline: { test: m, validation: null } },
                  timings: { totalMs: 5, preprocessMs: 1, trainMs: 3, evaluateMs: 1, samplesPerSec: 100 },
                  warnings: [],
                },
              });
            });
          }),
      }),
    );
    await loadSample(iris, BASE);
    const running = train();
    let s = useStudio.getState();
    expect(s.runStatus).toBe('running');
    expect(s.backend?.used).toBe('wasm');
    expect(s.runMessage).toBe('Training');
    expect(s.epochs).toHaveLength(1);
    expect(s.batch).toEqual({ epoch: 2, batch: 3, batches: 10 });
    expect(resolveTrain).not.toBeNull();
    stopTraining();
    await running;
    s = useStudio.getState();
    expect(s.runStatus).toBe('stopped');
    expect(s.result?.stoppedBy).toBe('user');
    expect(s.batch).toBeNull();
    expect(s.project.runs).toHaveLength(1);
    expect(s.project.runs[0]).toMatchObject({ id: 'run-x', backend: 'wasm', stoppedBy: 'user', model: 'MLP 64-64 relu' });
  });

  it('does not start without a target', async () => {
    const calls: { method: Method; params: unknown }[] = [];
    setStudio(fakeStudio({ importCsv: async () => summary('x.csv', ['a']), profile: async () => emptyProfile }, calls));
    await importDataset({ kind: 'text', text: '', name: 'x.csv' }, { name: 'x.csv', source: { kind: 'file', fileName: 'x.csv', bytes: 1 } }, 'x', null);
    await train();
    expect(calls.map((c) => c.method)).not.toContain('train');
    expect(useStudio.getState().runStatus).toBe('idle');
  });
});

describe('opening projects', () => {
  it('changes nothing but the error message for an invalid file', async () => {
    const before = useStudio.getState().project;
    await openProjectText('{"format":"orrery-project","version":1}');
    const s = useStudio.getState();
    expect(s.project).toBe(before);
    expect(s.projectError).toMatch(/invalid/);
  });
});
