/**
 * The CLI commands that use a trained model folder (written by `train --out DIR` as DIR/model):
 * explain, permutation-importance, fairness (issue #4), export and predict (issue #5). Each reads the
 * folder, the data file through the studio's importer, runs the same core code as the worker, and
 * writes JSON / CSV / model files. Formats are documented in README.md.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Table } from '../core/data/table';
import { explainModel, fairnessData, permutationReport, type InsightContext } from '../core/explain/insights';
import type { ExplainMethodChoice, ExplainReport, Granularity } from '../core/explain/reports';
import { exportPipelineOnnx, verificationRows, verifyOnnx } from '../core/export/pipelineExport';
import { tfjsZip } from '../core/export/tfjs';
import type { TrainedArtifacts } from '../core/pipeline/experiment';
import { inputColumns, predictionColumns, predictTable, scoredRow } from '../core/pipeline/scoring';
import { driftReport } from '../core/score/drift';
import { unseenOf } from '../core/score/driftColumns';
import { toCsv } from '../core/score/csvWrite';
import { disposeModel } from '../core/train/train';
import { UsageError } from './args';
import { useNodeBackend } from './backend';
import { InputError, loadModelDir, type LoadedModel } from './modelStore';

export const MODEL_COMMANDS_USAGE = `       npm run cli -- explain --model DIR --data FILE.csv --out FILE.json [--rows 0-99] [--method auto|exact|kernel|linear|gradient]
                          [--background N|FILE.csv] [--class NAME] [--granularity source|encoded] [--seed N]
       npm run cli -- permutation-importance --model DIR --data FILE.csv --out FILE.json [--repeats 5] [--granularity source|encoded]
       npm run cli -- fairness --model DIR --data FILE.csv --sensitive COL[,COL...] --out FILE.json
       npm run cli -- export --model DIR --format onnx|tfjs --out PATH [--verify FILE.csv]
       npm run cli -- predict --model DIR --data FILE.csv --out FILE.csv [--drift-report FILE.json]

DIR is the model folder that train writes (OUT/model). --data files must have the model's input columns;
permutation-importance and fairness also need the target column.`;

const allRows = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

/** "0-99,120" → row indices (0-based data rows), checked against the table. */
export function parseRows(spec: string, rowCount: number): Int32Array {
  const rows: number[] = [];
  for (const part of spec.split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!m) throw new UsageError(`--rows must look like 0-99 or 3,7,10-20, got "${spec}".`);
    const a = Number(m[1]);
    const b = m[2] !== undefined ? Number(m[2]) : a;
    if (b < a) throw new UsageError(`--rows: the range ${part.trim()} is backwards.`);
    if (b >= rowCount) throw new UsageError(`--rows: row ${b} is past the end of the data (rows 0-${rowCount - 1}).`);
    for (let r = a; r <= b; r++) rows.push(r);
  }
  return Int32Array.from(new Set(rows));
}

function parse(argv: readonly string[], options: Record<string, { type: 'string' | 'boolean' }>) {
  try {
    return parseArgs({ args: [...argv], strict: true, allowPositionals: false, options }).values as Record<string, string | boolean | undefined>;
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}

function need(values: Record<string, string | boolean | undefined>, key: string): string {
  const v = values[key];
  if (typeof v !== 'string' || v === '') throw new UsageError(`--${key} is required.`);
  return v;
}

function granularityOf(v: string | boolean | undefined): Granularity {
  if (v === undefined) return 'source';
  if (v !== 'source' && v !== 'encoded') throw new UsageError(`--granularity must be source or encoded, got "${String(v)}".`);
  return v;
}

function intOf(name: string, v: string | boolean | undefined, fallback: number, min = 1): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, got "${String(v)}".`);
  return n;
}

type ReadCsv = (path: string) => Promise<{ table: Table }>;

async function withModel<T>(dir: string, f: (m: LoadedModel) => Promise<T>): Promise<T> {
  await useNodeBackend('wasm');
  const m = await loadModelDir(dir);
  try {
    return await f(m);
  } finally {
    if (m.artifacts.model) disposeModel(m.artifacts.model);
  }
}

const METHODS: readonly ExplainMethodChoice[] = ['auto', 'exact', 'kernel', 'linear', 'gradient'];

/** One explained row in the file: raw-column attributions for the chosen output(s). */
function explainJson(report: ExplainReport, only: string | null) {
  const outputs = only === null ? report.outputs.map((_, o) => o) : [report.outputs.indexOf(only)];
  const ko = report.outputs.length;
  return {
    format: 'orrery-explanations',
    version: 1,
    method: report.method,
    method_reason: report.methodReason,
    space: report.space,
    granularity: report.granularity,
    features: report.features,
    outputs: outputs.map((o) => report.outputs[o]),
    base_value: outputs.map((o) => report.base[o]),
    local_accuracy_gap: report.localAccuracyGap,
    background: report.background,
    notes: report.notes,
    rows: report.rows.map((r) => ({
      row: r.row,
      line: r.line,
      output: outputs.map((o) => r.fx[o]),
      values: Object.fromEntries(report.features.map((f, j) => [f, r.values[j]])),
      attributions: Object.fromEntries(report.features.map((f, j) => [f, outputs.map((o) => r.phi[j * ko + o])])),
    })),
    mean_abs: Object.fromEntries(report.features.map((f, j) => [f, outputs.map((o) => report.meanAbs[j * ko + o])])),
  };
}

async function explainCommand(argv: readonly string[], readCsv: ReadCsv): Promise<void> {
  const v = parse(argv, {
    model: { type: 'string' },
    data: { type: 'string' },
    out: { type: 'string' },
    rows: { type: 'string' },
    method: { type: 'string' },
    background: { type: 'string' },
    class: { type: 'string' },
    granularity: { type: 'string' },
    seed: { type: 'string' },
  });
  const dir = need(v, 'model');
  const out = need(v, 'out');
  const method = (v.method ?? 'auto') as ExplainMethodChoice;
  if (!METHODS.includes(method)) throw new UsageError(`--method must be one of ${METHODS.join(', ')}, got "${String(v.method)}".`);
  const seed = intOf('seed', v.seed, 42, 0);
  const { table } = await readCsv(need(v, 'data'));
  const rows = typeof v.rows === 'string' ? parseRows(v.rows, table.rowCount) : allRows(Math.min(table.rowCount, 100));
  let background: InsightContext['background'] = { table, rows: allRows(table.rowCount) };
  let bgSize = 100;
  if (typeof v.background === 'string') {
    if (/^\d+$/.test(v.background)) bgSize = intOf('background', v.background, 100);
    else {
      const bg = (await readCsv(v.background)).table;
      background = { table: bg, rows: allRows(bg.rowCount) };
      bgSize = Math.min(bg.rowCount, 100);
    }
  }
  await withModel(dir, async ({ artifacts, info }) => {
    const cls = typeof v.class === 'string' ? v.class : null;
    if (cls !== null && !(artifacts.target.classes ?? []).includes(cls)) {
      throw new UsageError(`--class "${cls}" is not one of the model's classes: ${(artifacts.target.classes ?? []).join(', ') || '(regression has none)'}.`);
    }
    const ctx: InsightContext = { artifacts: { ...artifacts, split: { train: background.rows, validation: new Int32Array(0), test: rows } }, table, modelKind: info.modelKind, background };
    const report = await explainModel(ctx, { rows: Array.from(rows), maxRows: rows.length, method, background: bgSize, granularity: granularityOf(v.granularity), seed });
    if (cls !== null && !report.outputs.includes(cls)) {
      throw new UsageError(`--class "${cls}": ${report.method} attributions are on the logit of "${report.outputs.join('", "')}" only.`);
    }
    await writeFile(out, JSON.stringify(explainJson(report, cls), null, 2));
    process.stderr.write(`Explained ${report.rows.length} row(s) with ${report.methodReason}; largest local-accuracy gap ${report.localAccuracyGap.toExponential(2)}. Wrote ${out}.\n`);
  });
}

/** A model's artifacts with every row of `table` as the evaluated split. */
const evaluatedOn = (artifacts: TrainedArtifacts, table: Table): TrainedArtifacts => ({
  ...artifacts,
  split: { train: allRows(table.rowCount), validation: new Int32Array(0), test: allRows(table.rowCount) },
});

function requireTarget(artifacts: TrainedArtifacts, table: Table): void {
  if (!table.columns.some((c) => c.name === artifacts.target.column)) {
    throw new InputError(`The data has no "${artifacts.target.column}" column: this command compares predictions with the true target.`);
  }
}

async function permutationCommand(argv: readonly string[], readCsv: ReadCsv): Promise<void> {
  const v = parse(argv, { model: { type: 'string' }, data: { type: 'string' }, out: { type: 'string' }, repeats: { type: 'string' }, granularity: { type: 'string' }, seed: { type: 'string' } });
  const out = need(v, 'out');
  const { table } = await readCsv(need(v, 'data'));
  await withModel(need(v, 'model'), async ({ artifacts, info }) => {
    requireTarget(artifacts, table);
    const report = await permutationReport(
      { artifacts: evaluatedOn(artifacts, table), table, modelKind: info.modelKind },
      { repeats: intOf('repeats', v.repeats, 5), granularity: granularityOf(v.granularity), seed: intOf('seed', v.seed, 42, 0) },
    );
    await writeFile(out, JSON.stringify({ format: 'orrery-permutation-importance', version: 1, ...report }, null, 2));
    process.stderr.write(`Permutation importance of ${report.features.length} feature(s) on ${report.rows} rows (${report.metric} ${report.baselineScore.toFixed(4)}). Wrote ${out}.\n`);
  });
}

async function fairnessCommand(argv: readonly string[], readCsv: ReadCsv): Promise<void> {
  const v = parse(argv, { model: { type: 'string' }, data: { type: 'string' }, out: { type: 'string' }, sensitive: { type: 'string' } });
  const out = need(v, 'out');
  const columns = need(v, 'sensitive').split(',').map((s) => s.trim()).filter(Boolean);
  const { table } = await readCsv(need(v, 'data'));
  for (const c of columns) if (!table.columns.some((col) => col.name === c)) throw new InputError(`The sensitive column "${c}" is not in the data.`);
  await withModel(need(v, 'model'), async ({ artifacts, info }) => {
    requireTarget(artifacts, table);
    const report = fairnessData({ artifacts: evaluatedOn(artifacts, table), table, modelKind: info.modelKind }, columns);
    await writeFile(out, JSON.stringify({ format: 'orrery-fairness', version: 1, ...report }, null, 2));
    for (const c of report.columns) for (const w of c.warnings) process.stderr.write(`warning: ${w}\n`);
    process.stderr.write(`Fairness report for ${columns.join(', ')} on ${report.rows} rows. Wrote ${out}.\n`);
  });
}

async function exportCommand(argv: readonly string[], readCsv: ReadCsv): Promise<void> {
  const v = parse(argv, { model: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, verify: { type: 'string' } });
  const out = need(v, 'out');
  const format = need(v, 'format');
  if (format !== 'onnx' && format !== 'tfjs') throw new UsageError(`--format must be onnx or tfjs, got "${format}".`);
  await withModel(need(v, 'model'), async ({ artifacts, info, reference }) => {
    if (format === 'tfjs') {
      await writeFile(out, await tfjsZip(artifacts, reference ? { 'drift-reference.json': JSON.stringify(reference) } : {}));
      process.stderr.write(`Wrote the TF.js export to ${out}.\n`);
      return;
    }
    const bytes = exportPipelineOnnx(artifacts, { name: info.name, modelKind: info.modelKind });
    await writeFile(out, bytes);
    process.stderr.write(`Wrote ${out} (${bytes.length} bytes).\n`);
    if (typeof v.verify === 'string') {
      const { table } = await readCsv(v.verify);
      const check = await verifyOnnx(bytes, artifacts, table, verificationRows(artifacts, table, null, 1000));
      process.stderr.write(`Checked with ${check.runtime} on ${check.rows} rows: largest difference ${check.maxAbsDiff.toExponential(2)} (${check.passed ? 'within' : 'OVER'} ${check.tolerance}).\n`);
      if (!check.passed) throw new InputError('The ONNX export does not reproduce the studio\'s predictions.');
    }
  });
}

async function predictCommand(argv: readonly string[], readCsv: ReadCsv): Promise<void> {
  const v = parse(argv, { model: { type: 'string' }, data: { type: 'string' }, out: { type: 'string' }, 'drift-report': { type: 'string' } });
  const out = need(v, 'out');
  const { table } = await readCsv(need(v, 'data'));
  await withModel(need(v, 'model'), async ({ artifacts, reference }) => {
    const p = predictTable(artifacts, table);
    const header = [...table.columns.map((c) => c.name), ...predictionColumns(artifacts)];
    const rows = function* () {
      for (let r = 0; r < table.rowCount; r++) {
        yield scoredRow(table, p, r);
      }
    };
    await writeFile(out, toCsv(header, rows()));
    const ignored = table.columns.map((c) => c.name).filter((n) => !inputColumns(artifacts.preprocessor).includes(n));
    process.stderr.write(`Predicted ${table.rowCount} row(s); wrote ${out}.${ignored.length ? ` Ignored column(s): ${ignored.join(', ')}.` : ''}\n`);
    if (typeof v['drift-report'] === 'string') {
      if (!reference) throw new InputError('This model folder has no drift-reference.json (train it again with this version to compare new data with its training data).');
      const report = driftReport(reference, table);
      await writeFile(v['drift-report'], JSON.stringify({ format: 'orrery-drift', version: 1, ...report, unseen: unseenOf(report) }, null, 2));
      for (const c of report.columns) if (c.drifted) process.stderr.write(`drift: ${c.explanation}\n`);
      for (const u of unseenOf(report)) process.stderr.write(`unseen: ${u.count} row(s) of "${u.column}" have values not seen in training (e.g. ${u.examples.join(', ')}).\n`);
    }
  });
}

/** Runs a model command; returns false when `command` is not one of them. */
export async function runModelCommand(command: string, argv: readonly string[], readCsv: ReadCsv): Promise<boolean> {
  const commands: Record<string, (a: readonly string[], r: ReadCsv) => Promise<void>> = {
    explain: explainCommand,
    'permutation-importance': permutationCommand,
    fairness: fairnessCommand,
    export: exportCommand,
    predict: predictCommand,
  };
  const run = commands[command];
  if (!run) return false;
  await run(argv, readCsv);
  return true;
}
