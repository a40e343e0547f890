/**
 * Explanation speed (issue #4): rows explained per second by KernelSHAP and by the gradient method
 * (expected gradients) on a trained 20-feature MLP, in the app's browser worker (`train`, then `explain`
 * requests) and in Node (the same core code, src/core/explain/insights.ts, on the wasm backend).
 * The peer is in peers.py.
 *
 * Both sides train the same binary project on the same file, then explain table rows 0..n−1 with 20
 * players (the encoded columns), a 100-row background and each method's defaults. Every explain call
 * also pays a fixed cost that does not depend on the rows: summarizing the training rows into the
 * background (k-means), building the feature matrix and, in the browser, the message round trip. It is
 * measured as the fastest of a few 1-row gradient explanations (1,600 gradients: a few ms) and subtracted
 * for the net rate, the figure comparable with the peer (which is handed its 100 background rows).
 */
import { useNodeBackend } from '../src/cli/backend';
import { EG_DEFAULT_STEPS } from '../src/core/explain/gradient';
import { explainModel, type InsightContext } from '../src/core/explain/insights';
import type { ExplainOptions, ExplainReport } from '../src/core/explain/reports';
import { createProject, type ProjectDocument } from '../src/core/pipeline/document';
import { runExperiment } from '../src/core/pipeline/experiment';
import { disposeModel } from '../src/core/train/train';
import { loadInBrowser, type BrowserSession } from './browser';
import { BINARY_TARGET, TRAIN_FEATURES, type DataFile } from './data';
import { loadTable } from './node';
import { BENCH_MLP, EXPLAIN_BACKGROUND, trainingSettings, type ExplainResult, type ExplainRun, type LongTaskWindow } from './results';

export interface ExplainPlan {
  /** Rows of the binary file (bench/data.ts ensureBinaryCsv). */
  readonly fileRows: number;
  readonly epochs: number;
  readonly kernelRows: number;
  readonly gradientRows: number;
  /** Per browser call. */
  readonly timeoutMs: number;
}

export const GRADIENT_STEPS = EG_DEFAULT_STEPS;
export const EXPLAIN_METHODS = ['kernel', 'gradient'] as const;
type Method = (typeof EXPLAIN_METHODS)[number];

/** Binary classification of `label` on x00..x19: the bench MLP with a sigmoid head, wasm, 80/10/10 split. */
export function explainProject(file: DataFile, epochs: number, seed: number): ProjectDocument {
  return createProject(
    { name: file.name, source: { kind: 'file', fileName: file.name, bytes: file.bytes }, columnKinds: {} },
    {
      target: BINARY_TARGET,
      task: 'binary',
      split: { kind: 'random', validation: 0.1, test: 0.1, stratify: true },
      model: BENCH_MLP,
      training: trainingSettings('wasm', epochs),
      seed,
    },
  );
}

/** Table rows 0..rows−1 by `method`, encoded players, the default KernelSHAP budget (2 × 20 + 2048). */
export function explainOptions(method: Method, rows: number, seed: number): ExplainOptions {
  return {
    rows: Array.from({ length: rows }, (_, i) => i),
    maxRows: rows,
    method,
    background: EXPLAIN_BACKGROUND,
    granularity: 'encoded',
    seed,
  };
}

type Explainer = (opts: ExplainOptions) => Promise<ExplainReport>;

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

async function timed(explain: Explainer, opts: ExplainOptions): Promise<{ report: ExplainReport; wallMs: number }> {
  const t0 = performance.now();
  const report = await explain(opts);
  return { report, wallMs: performance.now() - t0 };
}

function check(report: ExplainReport, method: Method, rows: number): void {
  const problems: string[] = [];
  if (report.method !== method) problems.push(`ran ${report.method}`);
  if (report.features.length !== TRAIN_FEATURES) problems.push(`${report.features.length} players instead of ${TRAIN_FEATURES}`);
  if (report.rows.length !== rows) problems.push(`${report.rows.length} rows instead of ${rows}`);
  if (report.background.rows !== EXPLAIN_BACKGROUND) problems.push(`background of ${report.background.rows} rows instead of ${EXPLAIN_BACKGROUND}`);
  if (problems.length) throw new Error(`The ${method} explanation is not the one benchmarked: ${problems.join('; ')}`);
}

/** Timed 1-row calls for the overhead; the fastest counts (the work is fixed, slower ones met other load). */
const OVERHEAD_PROBES = 3;

/**
 * Warm-up and overhead (1-row gradient calls: one untimed, then the fastest of OVERHEAD_PROBES), then each method once. Stops at the
 * first failure (a browser call that timed out leaves the worker busy); the rest are reported as skipped.
 */
async function measure(explain: Explainer, plan: ExplainPlan, seed: number, where: ExplainResult['where'], backend: string): Promise<ExplainResult[]> {
  const out: ExplainResult[] = [];
  let overheadMs: number;
  try {
    await explain(explainOptions('gradient', 1, seed));
    overheadMs = Infinity;
    for (let i = 0; i < OVERHEAD_PROBES; i++) overheadMs = Math.min(overheadMs, (await timed(explain, explainOptions('gradient', 1, seed))).wallMs);
  } catch (e) {
    return EXPLAIN_METHODS.map((method) => ({ where, method, backend, run: null, error: `warm-up: ${message(e)}` }));
  }
  let failed: string | null = null;
  for (const method of EXPLAIN_METHODS) {
    if (failed) {
      out.push({ where, method, backend, run: null, error: `skipped after: ${failed}` });
      continue;
    }
    const rows = method === 'kernel' ? plan.kernelRows : plan.gradientRows;
    try {
      const { report, wallMs } = await timed(explain, explainOptions(method, rows, seed));
      check(report, method, rows);
      const net = wallMs - overheadMs;
      const run: ExplainRun = {
        rows,
        wallMs,
        reportMs: report.ms,
        overheadMs,
        rowsPerSec: rows / (wallMs / 1000),
        netRowsPerSec: net > 0 ? rows / (net / 1000) : null,
        localAccuracyGap: report.localAccuracyGap,
        background: { rows: report.background.rows, summary: report.background.summary },
        notes: [],
      };
      out.push({ where, method, backend, run });
    } catch (e) {
      failed = `${method}: ${message(e)}`;
      out.push({ where, method, backend, run: null, error: message(e) });
    }
  }
  return out;
}

function checkTraining(encoded: readonly string[], used: string): void {
  if (encoded.length !== TRAIN_FEATURES) throw new Error(`trained on ${encoded.length} encoded features, not ${TRAIN_FEATURES}`);
  if (used !== 'wasm') throw new Error(`asked for wasm, ran on ${used}`);
}

export interface ExplainSetup {
  /** Training rows of the split (both sides use the same split). */
  readonly trainRows: number;
}

/** Node: trains the project with runExperiment on wasm (as the CLI does), then explainModel directly. */
export async function benchNodeExplain(file: DataFile, plan: ExplainPlan, seed: number): Promise<{ setup: ExplainSetup; results: ExplainResult[] }> {
  const used = await useNodeBackend('wasm');
  const table = await loadTable(file);
  const { result, artifacts } = await runExperiment(table, explainProject(file, plan.epochs, seed), used);
  try {
    checkTraining(result.features.encoded, used);
    const ctx: InsightContext = { artifacts, table, modelKind: result.model };
    const results = await measure((opts) => explainModel(ctx, opts), plan, seed, 'node', used);
    return { setup: { trainRows: result.splitSizes.train }, results };
  } finally {
    if (artifacts.model) disposeModel(artifacts.model);
  }
}

/**
 * Browser: loads the file into the app's worker, trains with the `train` request (wasm), then times
 * `explain` requests from the page (the page's round trip; the report's own `ms` is kept beside it).
 */
export async function benchBrowserExplain(
  session: BrowserSession,
  file: DataFile,
  plan: ExplainPlan,
  seed: number,
): Promise<{ setup: ExplainSetup; results: ExplainResult[]; longTasks: LongTaskWindow }> {
  await loadInBrowser(session, file, plan.timeoutMs);
  const { result, backend } = await session.call('train', { project: explainProject(file, plan.epochs, seed) }, plan.timeoutMs);
  checkTraining(result.features.encoded, backend.used);
  const mark = await session.now();
  const results = await measure((opts) => session.call('explain', opts, plan.timeoutMs), plan, seed, 'browser', backend.used);
  const longTasks = await session.longTasksSince(mark, 'explain');
  return { setup: { trainRows: result.splitSizes.train }, results, longTasks };
}
