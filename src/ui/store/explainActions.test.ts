/**
 * The Explain panel's commands against a fake studio (no Worker, no React): what they send, and what
 * the explain slice holds after success, failure, cancel, a newer request and a new run.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExplainReport, FairnessReportData, PermutationReport } from '../../core/explain/reports';
import type { ExperimentResult } from '../../core/pipeline/experiment';
import { setStudio } from '../studio';
import { cancelInsight, computeDependence, computeFairness, computeImportance, explain, ICE_ROWS, PDP_POINTS } from './explainActions';
import { NO_INSIGHTS } from './explainSlice';
import { abortError, fakeStudio, type Calls } from './fakeStudio';
import { resetStudioStore, useStudio } from './store';

const result = (runId: string) =>
  ({ runId, task: 'binary', target: 'y', classes: ['no', 'yes'], model: 'mlp', features: { inputs: ['a'], encoded: ['a'], dropped: [] } }) as unknown as ExperimentResult;

const report = (ms: number) =>
  ({
    method: 'exact',
    methodReason: 'test',
    space: 'probability',
    granularity: 'source',
    features: ['a'],
    outputs: ['no', 'yes'],
    base: [0.5, 0.5],
    rows: [],
    meanAbs: [0, 0],
    localAccuracyGap: 0,
    background: { rows: 1, summary: 'all' },
    notes: [],
    ms,
  }) as ExplainReport;

/** A handler that waits until aborted, then rejects as the worker does. */
const untilAborted = <T,>(_p: unknown, o: { signal?: AbortSignal }) =>
  new Promise<T>((_, reject) => o.signal?.addEventListener('abort', () => reject(abortError())));

const explanation = () => useStudio.getState().insights.explanation;

beforeEach(() => {
  resetStudioStore();
  useStudio.setState({ result: result('run-1'), runStatus: 'done' });
});
afterEach(() => setStudio(null));

describe('explain', () => {
  it('sends the panel settings with the project seed, streams progress and keeps the report', async () => {
    const calls: Calls = [];
    const done = report(1);
    setStudio(
      fakeStudio(
        {
          explain: async (_p, o) => {
            o.onEvent?.({ type: 'progress', phase: 'explain', done: 3, total: 10 });
            expect(explanation().progress).toEqual({ phase: 'explain', done: 3, total: 10 });
            expect(explanation().request).not.toBeNull();
            // Throttled: the next step within PROGRESS_EVERY_MS is not shown, the last one is.
            o.onEvent?.({ type: 'progress', phase: 'explain', done: 4, total: 10 });
            expect(explanation().progress?.done).toBe(3);
            o.onEvent?.({ type: 'progress', phase: 'explain', done: 10, total: 10 });
            expect(explanation().progress?.done).toBe(10);
            return done;
          },
        },
        calls,
      ),
    );
    useStudio.getState().setExplainSettings({ method: 'kernel', background: 20, granularity: 'encoded' });
    await explain();
    expect(calls).toEqual([{ method: 'explain', params: { method: 'kernel', background: 20, maxRows: 50, granularity: 'encoded', seed: useStudio.getState().project.seed } }]);
    expect(explanation()).toEqual({ report: done, request: null, progress: null, error: null, notice: null });
  });

  it('asks nothing without a trained model or while a run trains', async () => {
    const calls: Calls = [];
    setStudio(fakeStudio({}, calls));
    useStudio.setState({ runStatus: 'running' });
    await explain();
    useStudio.setState({ result: null, runStatus: 'idle' });
    await explain();
    expect(calls).toEqual([]);
  });

  it('a cancelled request leaves the previous report and says so', async () => {
    const first = report(1);
    setStudio(fakeStudio({ explain: async () => first }));
    await explain();
    setStudio(fakeStudio({ explain: untilAborted }));
    const pending = explain();
    expect(explanation().request).not.toBeNull();
    cancelInsight('explanation');
    await pending;
    expect(explanation()).toMatchObject({ report: first, request: null, progress: null, error: null });
    expect(explanation().notice).toMatch(/cancelled.*previous report is kept/i);
  });

  it('an error becomes a message and the previous report stays', async () => {
    const first = report(1);
    setStudio(fakeStudio({ explain: async () => first }));
    await explain();
    setStudio(fakeStudio({ explain: async () => Promise.reject(new Error('Linear SHAP needs a linear model.')) }));
    await explain();
    expect(explanation()).toMatchObject({ report: first, request: null, error: 'Linear SHAP needs a linear model.', notice: null });
  });

  it('a newer request cancels the older one, whose late answer is dropped', async () => {
    let cancelled = 0;
    const late = report(1);
    const fresh = report(2);
    let release: () => void = () => {};
    setStudio(
      fakeStudio({
        explain: (_p, o) =>
          new Promise((resolve) => {
            o.signal?.addEventListener('abort', () => cancelled++);
            release = () => resolve(late);
          }),
      }),
    );
    const older = explain();
    const releaseOlder = release;
    setStudio(fakeStudio({ explain: async () => fresh }));
    await explain();
    releaseOlder();
    await older;
    expect(cancelled).toBe(1);
    expect(explanation().report).toBe(fresh);
  });
});

describe('a new run', () => {
  it('clears every report and cancels what is still running', async () => {
    const importance = { metric: 'accuracy', baselineScore: 0.9, repeats: 5, granularity: 'source', features: [], rows: 10, ms: 1 } as PermutationReport;
    setStudio(fakeStudio({ explain: async () => report(1), permutationImportance: async () => importance }));
    await explain();
    await computeImportance();
    expect(useStudio.getState().insights.importance.report).toBe(importance);
    let aborted = false;
    setStudio(
      fakeStudio({
        fairness: (p, o) => {
          o.signal?.addEventListener('abort', () => (aborted = true));
          return untilAborted<FairnessReportData>(p, o);
        },
      }),
    );
    const pending = computeFairness(['a']);
    useStudio.setState({ result: result('run-2') });
    await pending;
    expect(aborted).toBe(true);
    expect(useStudio.getState().insights).toBe(NO_INSIGHTS);
  });

  it('keeps the chosen class', () => {
    useStudio.getState().setExplainOutput('yes');
    useStudio.setState({ result: result('run-2') });
    expect(useStudio.getState().explainOutput).toBe('yes');
  });
});

describe('the other reports', () => {
  it('send their parameters', async () => {
    const calls: Calls = [];
    setStudio(
      fakeStudio(
        {
          permutationImportance: async () => ({}) as PermutationReport,
          partialDependence: async () => ({}) as never,
          fairness: async () => ({}) as FairnessReportData,
        },
        calls,
      ),
    );
    const seed = useStudio.getState().project.seed;
    useStudio.getState().setExplainSettings({ repeats: 3 });
    await computeImportance();
    await computeDependence('a');
    await computeFairness(['a', 'b']);
    expect(calls).toEqual([
      { method: 'permutationImportance', params: { repeats: 3, granularity: 'source', seed } },
      { method: 'partialDependence', params: { feature: 'a', maxPoints: PDP_POINTS, iceRows: ICE_ROWS, seed } },
      { method: 'fairness', params: { columns: ['a', 'b'] } },
    ]);
  });

  it('each kind keeps its own request: cancelling one leaves the others running', async () => {
    const importance = { metric: 'accuracy' } as PermutationReport;
    let finish: () => void = () => {};
    setStudio(
      fakeStudio({
        explain: untilAborted,
        permutationImportance: () => new Promise((resolve) => (finish = () => resolve(importance))),
      }),
    );
    const a = explain();
    const b = computeImportance();
    cancelInsight('explanation');
    finish();
    await Promise.all([a, b]);
    const s = useStudio.getState().insights;
    expect(s.explanation.notice).toBe('Cancelled.');
    expect(s.importance.report).toBe(importance);
  });
});
