/**
 * The worker-facing commands against a fake studio (no Worker, no React): what changes in the store
 * on success, failure, cancel and stop.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NodePreview } from '../../core/pipeline/graphExperiment';
import { asNodeId } from '../../core/pipeline/graph/schema';
import type { Method, Params, TrainOutcome } from '../../worker/protocol';
import { setStudio } from '../studio';
import { cancelImport, chooseTarget, importDataset, loadSample, openProjectText, previewNode, stopTraining, train } from './actions';
import { abortError, BASE, emptyProfile, fakeStudio, iris, summary } from './fakeStudio';
import { resetStudioStore, useStudio } from './store';

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

describe('node previews', () => {
  const preview = (nodeId: string, fittedOn = 2): NodePreview =>
    ({ nodeId, columns: ['sepal'], rows: [['5.1']], rowCount: 3, fittedOn, profile: emptyProfile, notes: [] }) as unknown as NodePreview;
  const sourceId = () => useStudio.getState().graphHistory.graph.nodes.find((n) => n.kind === 'source')!.id;
  const splitId = () => useStudio.getState().graphHistory.graph.nodes.find((n) => n.kind === 'split')!.id;

  it('needs data: without a loaded table nothing is asked', async () => {
    const calls: { method: Method; params: unknown }[] = [];
    setStudio(fakeStudio({}, calls));
    await previewNode(sourceId());
    expect(calls).toEqual([]);
    expect(useStudio.getState().nodePreview).toBeNull();
  });

  it('sends the graph as a v2 document (even while Train runs the settings) and keeps the answer', async () => {
    const calls: { method: Method; params: unknown }[] = [];
    setStudio(fakeStudio({ importCsv: async () => summary('Iris flowers', ['sepal', 'species']), profile: async () => emptyProfile, previewNode: async (p) => preview(p.nodeId) }, calls));
    await loadSample(iris, BASE);
    const id = sourceId();
    useStudio.getState().selectGraph({ nodes: [id], edges: [] });
    expect(useStudio.getState().pipelineMode).toBe('settings');
    await previewNode(id);
    const sent = calls.find((c) => c.method === 'previewNode')!.params as Params<'previewNode'>;
    expect(sent.nodeId).toBe(id);
    expect(sent.project).toMatchObject({ version: 2, model: { kind: 'graph' }, target: 'species' });
    expect(sent.project.graph).toBe(useStudio.getState().graphHistory.graph);
    expect(useStudio.getState().nodePreview).toMatchObject({ status: 'done', nodeId: id, preview: { fittedOn: 2 } });
  });

  it('keeps one request in flight: a newer preview aborts the older, whose late answer is dropped', async () => {
    const aborted: string[] = [];
    const answers: ((p: NodePreview) => void)[] = [];
    setStudio(
      fakeStudio({
        importCsv: async () => summary('Iris flowers', ['sepal', 'species']),
        profile: async () => emptyProfile,
        previewNode: (p, o) =>
          new Promise<NodePreview>((resolve) => {
            o.signal?.addEventListener('abort', () => aborted.push(p.nodeId));
            answers.push(resolve);
          }),
      }),
    );
    await loadSample(iris, BASE);
    const first = previewNode(sourceId());
    const second = previewNode(splitId());
    expect(aborted).toEqual([sourceId()]);
    answers[1]!(preview(splitId(), 7));
    await second;
    answers[0]!(preview(sourceId(), 99));
    await first;
    expect(useStudio.getState().nodePreview).toMatchObject({ status: 'done', nodeId: splitId(), preview: { fittedOn: 7 } });
  });

  it('shows a failing node as an error', async () => {
    setStudio(
      fakeStudio({
        importCsv: async () => summary('Iris flowers', ['sepal', 'species']),
        profile: async () => emptyProfile,
        previewNode: async () => Promise.reject(Object.assign(new Error('Impute (impute): no numeric column.'), { name: 'ExperimentError' })),
      }),
    );
    await loadSample(iris, BASE);
    await previewNode(sourceId());
    expect(useStudio.getState().nodePreview).toMatchObject({ status: 'failed', error: 'Impute (impute): no numeric column.' });
  });

  it('is cleared by another selection or a graph edit that changes the output, not by a move; a cleared answer is dropped', async () => {
    let answer: ((p: NodePreview) => void) | null = null;
    setStudio(
      fakeStudio({
        importCsv: async () => summary('Iris flowers', ['sepal', 'species']),
        profile: async () => emptyProfile,
        previewNode: (p) => (answer ? Promise.resolve(preview(p.nodeId)) : new Promise<NodePreview>((resolve) => (answer = resolve))),
      }),
    );
    await loadSample(iris, BASE);
    const s = useStudio.getState;
    const id = sourceId();
    s().selectGraph({ nodes: [id], edges: [] });
    const pending = previewNode(id);
    s().selectGraph({ nodes: [splitId()], edges: [] });
    expect(s().nodePreview).toBeNull();
    answer!(preview(id));
    await pending;
    expect(s().nodePreview).toBeNull();

    s().selectGraph({ nodes: [id], edges: [] });
    await previewNode(id);
    expect(s().nodePreview?.status).toBe('done');
    s().runGraphCommand({ type: 'moveNodes', moves: [{ id: asNodeId(id), position: { x: 500, y: 500 } }] });
    s().runGraphCommand({ type: 'setLabel', nodeId: asNodeId(id), label: 'My data' });
    expect(s().nodePreview?.status).toBe('done');
    s().runGraphCommand({ type: 'setParams', nodeId: asNodeId(id), params: { dropIdentifiers: false } });
    expect(s().nodePreview).toBeNull();

    await previewNode(id);
    await chooseTarget(null);
    expect(s().nodePreview).toBeNull();
  });
});
