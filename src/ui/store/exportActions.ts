/**
 * The "Export and score" panel's commands (issue #5): ask what can be exported, export the last trained
 * model (ONNX, checked in onnxruntime-web by the worker, or a TF.js zip), score a new CSV with it, and
 * fetch the scored rows as CSV text. The worker keeps the model and the scored rows; the page receives
 * file bytes, reports and text.
 *
 * One export and one scoring at a time. Cancel clears the request at once and drops its late answer
 * (the worker stops at its next check; an ONNX check already running in onnxruntime finishes first).
 * A failed or cancelled request keeps the previous export and the previous scoring result. When the
 * run's result changes (a new run, new data, an opened project) everything is cleared and what still
 * runs is cancelled (the subscription at the end), so no file or report describes another model.
 *
 * Saving a file is the components' part (features/export/download.ts): these commands return the bytes
 * or text, so they run without a DOM in unit tests.
 */
import type { ExportOutcome, WorkerEvent } from '../../worker/protocol';
import { studio } from '../studio';
import { errorText, isAbortError } from './actions';
import { NO_EXPORT, NO_SCORE, type ExportFormat, type ExportState, type ScoreJob, type ScoreState } from './exportSlice';
import { useStudio } from './store';

const get = useStudio.getState;
const set = useStudio.setState;

const FORMAT_NAMES: Readonly<Record<ExportFormat, string>> = { onnx: 'ONNX', tfjs: 'TF.js' };

let requests = 0;
let checkRequest = 0;
let exportController: AbortController | null = null;
let scoreController: AbortController | null = null;

function patchExports(change: Partial<ExportState>): void {
  set((s) => ({ exports: { ...s.exports, ...change } }));
}

function patchScoring(change: Partial<ScoreState>): void {
  set((s) => ({ scoring: { ...s.scoring, ...change } }));
}

function patchScoreJob(request: number, change: Partial<ScoreJob>): void {
  set((s) => (s.scoring.job?.request === request ? { scoring: { ...s.scoring, job: { ...s.scoring.job, ...change } } } : {}));
}

/** A trained model the worker holds, and no run replacing it. */
function modelReady(): boolean {
  const s = get();
  return s.result !== null && s.runStatus !== 'running';
}

/** Asks the worker whether the model can be exported to ONNX (and why not). A newer ask supersedes an older. */
export async function checkExport(): Promise<void> {
  if (!modelReady()) return;
  const request = ++requests;
  checkRequest = request;
  patchExports({ check: null, checkError: null });
  try {
    const check = await studio().call('exportCheck', {});
    if (checkRequest === request) patchExports({ check });
  } catch (e) {
    if (checkRequest === request) patchExports({ checkError: errorText(e) });
  }
}

/**
 * Exports the model in `format`, streaming the worker's status lines into the job. Resolves with the
 * file (also kept in the slice) or null when it failed, was cancelled or is no longer current.
 */
export async function exportModel(format: ExportFormat): Promise<ExportOutcome | null> {
  if (!modelReady() || get().exports.job !== null) return null;
  const controller = new AbortController();
  exportController = controller;
  const request = ++requests;
  const current = () => get().exports.job?.request === request;
  patchExports({ job: { format, request, message: null }, error: null, notice: null });
  const onEvent = (e: WorkerEvent): void => {
    if (e.type === 'status' && current()) set((s) => ({ exports: { ...s.exports, job: { format, request, message: e.message } } }));
  };
  try {
    const outcome = await studio().call('exportModel', { format }, { signal: controller.signal, onEvent });
    if (!current()) return null;
    patchExports({ job: null, [format]: outcome });
    return outcome;
  } catch (e) {
    if (!current()) return null;
    if (isAbortError(e)) patchExports({ job: null, notice: `${FORMAT_NAMES[format]} export cancelled.` });
    else patchExports({ job: null, error: `The ${FORMAT_NAMES[format]} export failed: ${errorText(e)}` });
    return null;
  } finally {
    if (exportController === controller) exportController = null;
  }
}

/** Cancels the export in flight: it is cleared at once and its answer dropped; earlier files stay. */
export function cancelExport(): void {
  const job = get().exports.job;
  exportController?.abort();
  exportController = null;
  if (job) patchExports({ job: null, notice: `${FORMAT_NAMES[job.format]} export cancelled.` });
}

/**
 * Scores a CSV file with the last trained model: the worker imports it, checks the columns the model
 * needs, predicts every row and compares each input with the training data (drift). A newer file
 * cancels the older one. On failure or cancel the previous result stays.
 */
export async function scoreFile(file: Blob, name: string): Promise<void> {
  if (!modelReady()) return;
  scoreController?.abort();
  const controller = new AbortController();
  scoreController = controller;
  const request = ++requests;
  const current = () => get().scoring.job?.request === request;
  patchScoring({ job: { request, name, progress: null, message: null }, error: null, notice: null, downloadError: null });
  const onEvent = (e: WorkerEvent): void => {
    if (e.type === 'progress') patchScoreJob(request, { progress: { phase: e.phase, done: e.done, total: e.total } });
    else if (e.type === 'status') patchScoreJob(request, { message: e.message });
  };
  try {
    const outcome = await studio().call('scoreCsv', { source: { kind: 'file', file, name } }, { signal: controller.signal, onEvent });
    if (current()) patchScoring({ job: null, outcome });
  } catch (e) {
    if (!current()) return;
    if (isAbortError(e)) patchScoring({ job: null, notice: cancelledScoring() });
    else patchScoring({ job: null, error: errorText(e) });
  } finally {
    if (scoreController === controller) scoreController = null;
  }
}

const cancelledScoring = (): string => (get().scoring.outcome ? 'Scoring cancelled. The previous result is kept.' : 'Scoring cancelled.');

/** Cancels the scoring in flight: it is cleared at once and its answer dropped; the previous result stays. */
export function cancelScoring(): void {
  const job = get().scoring.job;
  scoreController?.abort();
  scoreController = null;
  if (job) patchScoring({ job: null, notice: cancelledScoring() });
}

/**
 * The scored rows with their predictions as CSV text (written by the worker, escaped against formula
 * injection), for the result shown. Null when there is none, a scoring runs (the worker's rows would
 * not match what is shown), or it failed (the message goes to `downloadError`).
 */
export async function scoredCsv(): Promise<{ readonly fileName: string; readonly csv: string } | null> {
  const s = get().scoring;
  if (s.outcome === null || s.job !== null || s.downloading) return null;
  const outcome = s.outcome;
  const current = () => get().scoring.outcome === outcome;
  patchScoring({ downloading: true, downloadError: null });
  try {
    const file = await studio().call('scoredCsv', {});
    if (!current()) return null;
    patchScoring({ downloading: false });
    return file;
  } catch (e) {
    if (current()) patchScoring({ downloading: false, downloadError: errorText(e) });
    return null;
  }
}

// Exports and scores describe one trained model: another result (or none) clears them and cancels what runs.
useStudio.subscribe((s, prev) => {
  if (s.result === prev.result) return;
  exportController?.abort();
  scoreController?.abort();
  exportController = null;
  scoreController = null;
  checkRequest = 0;
  if (s.exports !== NO_EXPORT || s.scoring !== NO_SCORE) set({ exports: NO_EXPORT, scoring: NO_SCORE });
});
