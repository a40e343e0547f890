/**
 * The "Export and score" commands against a fake studio (no Worker, no React, no DOM): what they send,
 * and what the export slice holds after success, a failed check, cancel, errors and a new run.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExperimentResult } from '../../core/pipeline/experiment';
import type { ExportOutcome, ScoreOutcome } from '../../worker/protocol';
import { setStudio } from '../studio';
import { cancelExport, cancelScoring, checkExport, exportModel, scoreFile, scoredCsv } from './exportActions';
import { NO_EXPORT, NO_SCORE } from './exportSlice';
import { abortError, fakeStudio, type Calls } from './fakeStudio';
import { resetStudioStore, useStudio } from './store';

const result = (runId: string) => ({ runId, task: 'multiclass', target: 'species', model: 'mlp' }) as unknown as ExperimentResult;

const onnxFile = (passed: boolean): ExportOutcome => ({
  fileName: 'iris.onnx',
  bytes: new Uint8Array([8, 1, 2]),
  format: 'onnx',
  verification: { rows: 30, maxAbsDiff: passed ? 2e-7 : 0.2, tolerance: 1e-4, passed, runtime: 'onnxruntime-web (wasm)' },
  ms: 5,
});

const scored = (name: string, rowCount: number) => ({ name, rowCount, columns: ['a', 'predicted species'], predictionColumns: ['predicted species'] }) as unknown as ScoreOutcome;

/** A handler that waits until aborted, then rejects as the worker does. */
const untilAborted = <T,>(_p: unknown, o: { signal?: AbortSignal }) =>
  new Promise<T>((_, reject) => o.signal?.addEventListener('abort', () => reject(abortError())));

const exports = () => useStudio.getState().exports;
const scoring = () => useStudio.getState().scoring;
const file = (text: string) => new Blob([text], { type: 'text/csv' });

beforeEach(() => {
  resetStudioStore();
  useStudio.setState({ result: result('run-1'), runStatus: 'done' });
});
afterEach(() => setStudio(null));

describe('checkExport', () => {
  it('keeps what the worker says blocks an ONNX export', async () => {
    const check = { onnxProblems: ['Node "tfidf_1" (TF-IDF) has no ONNX export.'], tfjsAvailable: true };
    setStudio(fakeStudio({ exportCheck: async () => check }));
    await checkExport();
    expect(exports().check).toBe(check);
    expect(exports().checkError).toBeNull();
  });

  it('a failed check is a message', async () => {
    setStudio(fakeStudio({ exportCheck: async () => Promise.reject(new Error('Train a model first.')) }));
    await checkExport();
    expect(exports()).toMatchObject({ check: null, checkError: 'Train a model first.' });
  });
});

describe('exportModel', () => {
  it('sends the format, streams status lines into the job and keeps the file', async () => {
    const calls: Calls = [];
    const done = onnxFile(true);
    setStudio(
      fakeStudio(
        {
          exportModel: async (_p, o) => {
            o.onEvent?.({ type: 'status', message: 'Checking the export with onnxruntime-web' });
            expect(exports().job).toMatchObject({ format: 'onnx', message: 'Checking the export with onnxruntime-web' });
            return done;
          },
        },
        calls,
      ),
    );
    expect(await exportModel('onnx')).toBe(done);
    expect(calls).toEqual([{ method: 'exportModel', params: { format: 'onnx' } }]);
    expect(exports()).toMatchObject({ job: null, onnx: done, tfjs: null, error: null, notice: null });
  });

  it('keeps a file whose check failed: the panel flags it, the user may still save it', async () => {
    const failed = onnxFile(false);
    setStudio(fakeStudio({ exportModel: async () => failed }));
    expect(await exportModel('onnx')).toBe(failed);
    expect(exports().onnx?.verification?.passed).toBe(false);
    expect(exports().error).toBeNull();
  });

  it('an error becomes a message and the earlier file stays', async () => {
    const first = onnxFile(true);
    setStudio(fakeStudio({ exportModel: async () => first }));
    await exportModel('onnx');
    setStudio(fakeStudio({ exportModel: async () => Promise.reject(new Error('This pipeline cannot be exported to ONNX: …')) }));
    expect(await exportModel('onnx')).toBeNull();
    expect(exports()).toMatchObject({ job: null, onnx: first, error: 'The ONNX export failed: This pipeline cannot be exported to ONNX: …' });
  });

  it('Cancel clears the job at once, says so, and drops the late answer', async () => {
    let aborted = false;
    let finish: () => void = () => {};
    setStudio(
      fakeStudio({
        // As the worker's ONNX check: it cannot stop inside onnxruntime and answers normally later.
        exportModel: (_p, o) =>
          new Promise((resolve) => {
            o.signal?.addEventListener('abort', () => (aborted = true));
            finish = () => resolve(onnxFile(true));
          }),
      }),
    );
    const pending = exportModel('onnx');
    expect(exports().job?.format).toBe('onnx');
    cancelExport();
    expect(aborted).toBe(true);
    expect(exports()).toMatchObject({ job: null, notice: 'ONNX export cancelled.' });
    finish();
    expect(await pending).toBeNull();
    expect(exports().onnx).toBeNull();
  });

  it('one export at a time; nothing without a trained model or while a run trains', async () => {
    const calls: Calls = [];
    setStudio(fakeStudio({ exportModel: untilAborted }, calls));
    const pending = exportModel('onnx');
    expect(await exportModel('tfjs')).toBeNull();
    cancelExport();
    await pending;
    useStudio.setState({ runStatus: 'running' });
    expect(await exportModel('tfjs')).toBeNull();
    useStudio.setState({ result: null, runStatus: 'idle' });
    expect(await exportModel('tfjs')).toBeNull();
    expect(calls.map((c) => c.params)).toEqual([{ format: 'onnx' }]);
  });
});

describe('scoreFile', () => {
  it('sends the file as an import source, streams progress, keeps the result', async () => {
    const calls: Calls = [];
    const done = scored('new.csv', 12);
    const blob = file('a\n1\n');
    setStudio(
      fakeStudio(
        {
          scoreCsv: async (_p, o) => {
            o.onEvent?.({ type: 'progress', phase: 'import', done: 4, total: 8 });
            o.onEvent?.({ type: 'status', message: 'Predicting' });
            expect(scoring().job).toMatchObject({ name: 'new.csv', progress: { phase: 'import', done: 4, total: 8 }, message: 'Predicting' });
            return done;
          },
        },
        calls,
      ),
    );
    await scoreFile(blob, 'new.csv');
    expect(calls).toEqual([{ method: 'scoreCsv', params: { source: { kind: 'file', file: blob, name: 'new.csv' } } }]);
    expect(scoring()).toMatchObject({ job: null, outcome: done, error: null, notice: null });
  });

  it('an error (a missing column) is a message and the previous result stays', async () => {
    const first = scored('good.csv', 3);
    setStudio(fakeStudio({ scoreCsv: async () => first }));
    await scoreFile(file('x'), 'good.csv');
    setStudio(fakeStudio({ scoreCsv: async () => Promise.reject(new Error('The column "Island" that the model needs is not in this file.')) }));
    await scoreFile(file('y'), 'bad.csv');
    expect(scoring()).toMatchObject({ job: null, outcome: first, error: 'The column "Island" that the model needs is not in this file.' });
    // A new file clears the old message.
    setStudio(fakeStudio({ scoreCsv: async () => first }));
    await scoreFile(file('x'), 'good.csv');
    expect(scoring().error).toBeNull();
  });

  it('Cancel keeps the previous result and says so', async () => {
    const first = scored('good.csv', 3);
    setStudio(fakeStudio({ scoreCsv: async () => first }));
    await scoreFile(file('x'), 'good.csv');
    setStudio(fakeStudio({ scoreCsv: untilAborted }));
    const pending = scoreFile(file('y'), 'big.csv');
    expect(scoring().job?.name).toBe('big.csv');
    cancelScoring();
    await pending;
    expect(scoring()).toMatchObject({ job: null, outcome: first, error: null, notice: 'Scoring cancelled. The previous result is kept.' });
  });

  it('a newer file cancels the older, whose late answer is dropped', async () => {
    let release: () => void = () => {};
    let cancelled = 0;
    setStudio(
      fakeStudio({
        scoreCsv: (_p, o) =>
          new Promise((resolve) => {
            o.signal?.addEventListener('abort', () => cancelled++);
            release = () => resolve(scored('old.csv', 1));
          }),
      }),
    );
    const older = scoreFile(file('a'), 'old.csv');
    const releaseOlder = release;
    const fresh = scored('new.csv', 2);
    setStudio(fakeStudio({ scoreCsv: async () => fresh }));
    await scoreFile(file('b'), 'new.csv');
    releaseOlder();
    await older;
    expect(cancelled).toBe(1);
    expect(scoring().outcome).toBe(fresh);
  });
});

describe('scoredCsv', () => {
  it('asks the worker for the scored rows of the result shown', async () => {
    const calls: Calls = [];
    const csv = { fileName: 'new-predictions.csv', csv: "a,predicted species\r\n'=1+2,setosa\r\n" };
    setStudio(fakeStudio({ scoreCsv: async () => scored('new.csv', 1), scoredCsv: async () => csv }, calls));
    expect(await scoredCsv()).toBeNull(); // nothing scored yet
    await scoreFile(file('a'), 'new.csv');
    expect(await scoredCsv()).toBe(csv);
    expect(calls.map((c) => c.method)).toEqual(['scoreCsv', 'scoredCsv']);
    expect(scoring()).toMatchObject({ downloading: false, downloadError: null });
  });

  it('a failure is a message beside the button', async () => {
    setStudio(fakeStudio({ scoreCsv: async () => scored('new.csv', 1), scoredCsv: async () => Promise.reject(new Error('Score a file first.')) }));
    await scoreFile(file('a'), 'new.csv');
    expect(await scoredCsv()).toBeNull();
    expect(scoring()).toMatchObject({ downloading: false, downloadError: 'Score a file first.' });
  });
});

describe('a new run', () => {
  it('clears exports and scores and cancels what still runs', async () => {
    setStudio(fakeStudio({ exportModel: async () => onnxFile(true), scoreCsv: async () => scored('new.csv', 1), exportCheck: async () => ({ onnxProblems: [], tfjsAvailable: true }) }));
    await checkExport();
    await exportModel('onnx');
    await scoreFile(file('a'), 'new.csv');
    expect(exports().onnx).not.toBeNull();
    let aborted = 0;
    const watch = <T,>(p: unknown, o: { signal?: AbortSignal }) => {
      o.signal?.addEventListener('abort', () => aborted++);
      return untilAborted<T>(p, o);
    };
    setStudio(fakeStudio({ exportModel: watch, scoreCsv: watch }));
    const pendingExport = exportModel('tfjs');
    const pendingScore = scoreFile(file('b'), 'other.csv');
    // Train starts: the run slice drops the result.
    useStudio.setState({ result: null, runStatus: 'running' });
    await Promise.all([pendingExport, pendingScore]);
    expect(aborted).toBe(2);
    expect(exports()).toBe(NO_EXPORT);
    expect(scoring()).toBe(NO_SCORE);
  });

  it('drops an export check that answers after the model changed', async () => {
    let answer: () => void = () => {};
    setStudio(fakeStudio({ exportCheck: () => new Promise((resolve) => (answer = () => resolve({ onnxProblems: ['old model'], tfjsAvailable: true }))) }));
    const pending = checkExport();
    useStudio.setState({ result: result('run-2') });
    answer();
    await pending;
    expect(exports().check).toBeNull();
  });
});
