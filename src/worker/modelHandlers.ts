/**
 * The worker's requests about the last trained model (issues #4 and #5): explanations, importance,
 * partial dependence, fairness, export (ONNX verified with onnxruntime-web, TF.js zip) and scoring a
 * new CSV with drift. The model, its fitted features and the training table stay in the worker; the
 * UI receives reports and file bytes only.
 */
import { importCsv } from '../core/data/csv';
import type { Table } from '../core/data/table';
import { explainModel, fairnessData, partialDependenceReport, permutationReport, type InsightContext } from '../core/explain/insights';
import { exportPipelineOnnx, onnxProblems, verificationRows, verifyOnnx } from '../core/export/pipelineExport';
import { tfjsZip } from '../core/export/tfjs';
import { fitRunReference, unseenOf } from '../core/score/driftColumns';
import { driftReport, type DriftReference } from '../core/score/drift';
import { toCsv } from '../core/score/csvWrite';
import { checkColumns, inputColumns, predictionColumns as predictionColumnsOf, predictTable, scoredRow, type Predictions } from '../core/pipeline/scoring';
import { yieldToEventLoop } from '../core/util/yield';
import type { HandlerContext } from './dispatcher';
import type { ImportSource, Params, Result } from './protocol';

/** A trained run as the worker keeps it. */
export interface TrainedRun extends InsightContext {
  readonly name: string;
}

const PREVIEW_ROWS = 20;
/** Test rows the ONNX export is checked on. */
const VERIFY_ROWS = 256;

type ModelMethods = 'explain' | 'permutationImportance' | 'partialDependence' | 'fairness' | 'exportCheck' | 'exportModel' | 'scoreCsv' | 'scoredCsv';
type ModelHandlers = { [K in ModelMethods]: (params: Params<K>, ctx: HandlerContext) => Promise<Result<K>> };

export interface ModelHandlerEnv {
  /** The last trained run, or null. */
  run(): TrainedRun | null;
  /** Opens an import source as text (the same reader as importCsv). */
  open(source: ImportSource, ctx: HandlerContext): Promise<{ text: AsyncIterable<string> | string; bytes: number | null }>;
}

/** Progress events at most this often (the last one always goes out), as training's batch events. */
const PROGRESS_INTERVAL_MS = 100;

function control(ctx: HandlerContext, phase: string) {
  let last = 0;
  return {
    shouldStop: () => ctx.signal.aborted,
    onProgress: (done: number, total: number) => {
      const now = performance.now();
      if (now - last < PROGRESS_INTERVAL_MS && done < total) return;
      last = now;
      ctx.emit({ type: 'progress', phase, done, total });
    },
  };
}

/** The training rows' distribution per input column, fitted once per trained run (drift checks). */
const references = new WeakMap<TrainedRun['artifacts'], DriftReference>();
function referenceOf(run: TrainedRun): DriftReference {
  let ref = references.get(run.artifacts);
  if (!ref) {
    ref = fitRunReference(run.table, run.artifacts) ?? undefined;
    if (!ref) throw new Error('This model kept no training rows to compare new data with.');
    references.set(run.artifacts, ref);
  }
  return ref;
}

/** Thrown at a handler's checkpoints once its request is cancelled (the client reads the name). */
const cancelled = (message: string): Error => Object.assign(new Error(message), { name: 'AbortError' });

const safeName = (name: string) => name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '') || 'model';

export function createModelHandlers(env: ModelHandlerEnv): ModelHandlers {
  let scored: { name: string; table: Table; predictions: Predictions; columns: string[] } | null = null;
  const requireRun = (): TrainedRun => {
    const run = env.run();
    if (!run) throw new Error('Train a model first.');
    return run;
  };

  return {
    async explain(params, ctx) {
      return explainModel(requireRun(), params, control(ctx, 'explain'));
    },
    async permutationImportance(params, ctx) {
      return permutationReport(requireRun(), params, control(ctx, 'importance'));
    },
    async partialDependence(params, ctx) {
      return partialDependenceReport(requireRun(), params, control(ctx, 'partial-dependence'));
    },
    async fairness({ columns, positive }) {
      return fairnessData(requireRun(), columns, positive);
    },
    async exportCheck() {
      const run = requireRun();
      return { onnxProblems: onnxProblems(run.artifacts), tfjsAvailable: true };
    },
    async exportModel({ format }, ctx) {
      const run = requireRun();
      const t0 = performance.now();
      const base = safeName(run.name.replace(/\.csv$/i, ''));
      if (format === 'tfjs') {
        const bytes = await tfjsZip(run.artifacts);
        if (ctx.signal.aborted) throw cancelled('Export cancelled.');
        return { fileName: `${base}-tfjs.zip`, bytes, format, verification: null, ms: Math.round(performance.now() - t0) };
      }
      ctx.emit({ type: 'status', message: 'Writing the ONNX model' });
      const bytes = exportPipelineOnnx(run.artifacts, { name: run.name, modelKind: run.modelKind });
      // Loading onnxruntime-web and running the check is the slow part: skip it once cancelled (the
      // yield lets a queued cancel message arrive).
      await yieldToEventLoop();
      if (ctx.signal.aborted) throw cancelled('Export cancelled.');
      ctx.emit({ type: 'status', message: 'Checking the export with onnxruntime-web' });
      const rows = verificationRows(run.artifacts, run.table, run.artifacts.split?.test ?? null, VERIFY_ROWS);
      const verification = await verifyOnnx(bytes, run.artifacts, run.table, rows);
      return { fileName: `${base}.onnx`, bytes, format, verification, ms: Math.round(performance.now() - t0) };
    },
    async scoreCsv({ source }, ctx) {
      const run = requireRun();
      const t0 = performance.now();
      const { text, bytes } = await env.open(source, ctx);
      const { table, report } = await importCsv(text, { signal: ctx.signal, ...(bytes !== null ? { totalBytes: bytes } : {}) });
      checkColumns(run.artifacts.preprocessor, table);
      ctx.emit({ type: 'status', message: 'Predicting' });
      const predictions = predictTable(run.artifacts, table);
      const used = new Set(inputColumns(run.artifacts.preprocessor));
      const reference = referenceOf(run);
      const drift = driftReport(reference, table);
      const predictionColumns = predictionColumnsOf(run.artifacts);
      const columns = [...table.columns.map((c) => c.name), ...predictionColumns];
      // A cancelled request must not replace the rows that scoredCsv writes for the result on screen.
      await yieldToEventLoop();
      if (ctx.signal.aborted) throw cancelled('Scoring cancelled.');
      scored = { name: source.name, table, predictions, columns };
      const preview: string[][] = [];
      for (let r = 0; r < Math.min(PREVIEW_ROWS, table.rowCount); r++) preview.push(scoredRow(table, predictions, r).map((v) => (v === null ? '' : String(v))));
      return {
        name: source.name,
        rowCount: table.rowCount,
        columns,
        predictionColumns,
        preview,
        ignoredColumns: table.columns.map((c) => c.name).filter((n) => !used.has(n)),
        unseen: unseenOf(drift),
        drift,
        importReport: report,
        ms: Math.round(performance.now() - t0),
      };
    },
    async scoredCsv() {
      if (!scored) throw new Error('Score a file first.');
      const s = scored;
      const rows = function* () {
        for (let r = 0; r < s.table.rowCount; r++) yield scoredRow(s.table, s.predictions, r);
      };
      return { fileName: `${safeName(s.name.replace(/\.csv$/i, ''))}-predictions.csv`, csv: toCsv(s.columns, rows()) };
    },
  };
}
