/**
 * The commands behind `npm run cli -- <command>` (entry: main.ts): the headless runner of the same project documents and core code the
 * studio uses. Commands: train; explain, permutation-importance, fairness, export, predict (modelCommands.ts). Errors go to stderr in plain words with a non-zero exit code.
 */
import { createReadStream } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { importCsv } from '../core/data/csv';
import { inferTask } from '../core/data/infer';
import { columnByName, type Table } from '../core/data/table';
import { createProject, DEFAULT_MLP, type ModelSpec, type SplitSpec } from '../core/pipeline/document';
import { runGraphExperiment } from '../core/pipeline/graphExperiment';
import { loadAnyProject, type AnyProject } from '../core/pipeline/load';
import type { EpochLog } from '../core/train/train';
import { effectiveKinds, runExperiment } from '../core/pipeline/experiment';
import { createRunRecord } from '../core/pipeline/runRecord';
import { disposeModel } from '../core/train/train';
import { parseTrainArgs, TRAIN_USAGE, UsageError, type TrainArgs } from './args';
import { useNodeBackend } from './backend';
import { DRIFT_REFERENCE_FILE, InputError, MODEL_INFO_FILE, saveArtifacts, type ModelInfo } from './modelStore';
import { MODEL_COMMANDS_USAGE, runModelCommand } from './modelCommands';
import { fitRunReference } from '../core/score/driftColumns';

const USAGE = `Orrery command line

${TRAIN_USAGE}

${MODEL_COMMANDS_USAGE}`;

async function readCsv(path: string) {
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new InputError(`${path} is not a file.`);
    size = s.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`Cannot read ${path}: no such file.`);
  }
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  const result = await importCsv(stream as AsyncIterable<string>, { totalBytes: size });
  return { ...result, size };
}

function modelSpec(args: TrainArgs): ModelSpec {
  if (args.model === 'baseline') return { kind: 'baseline' };
  if (args.model === 'linear') return { kind: 'linear', l2: 0 };
  return { ...DEFAULT_MLP, ...(args.hidden ? { hidden: [...args.hidden] } : {}) };
}

/** The split --split-column or --split-time asks for (with `current`'s fractions), else `current`. */
function splitFor(args: TrainArgs, current: SplitSpec): SplitSpec {
  const test = current.kind === 'column' ? 0.15 : current.test;
  if (args.splitColumn) return { kind: 'column', column: args.splitColumn, validation: current.validation };
  if (args.splitTime) return { kind: 'time', column: args.splitTime, validation: current.validation, test };
  return current;
}

/** The project to run: a saved one (--project, with options overriding it) or one made from the options. */
async function projectFor(args: TrainArgs, table: Table, size: number): Promise<AnyProject> {
  const overrides = (doc: AnyProject): AnyProject => {
    const training = {
      ...doc.training,
      backend: args.backend,
      ...(args.epochs !== null ? { epochs: args.epochs } : {}),
      ...(args.batchSize !== null ? { batchSize: args.batchSize } : {}),
      ...(args.learningRate !== null ? { learningRate: args.learningRate } : {}),
    };
    const target = args.target ?? doc.target;
    return loadAnyProject({
      ...doc,
      training,
      target,
      ...(args.task !== null ? { task: args.task } : {}),
      ...(args.seed !== null ? { seed: args.seed } : {}),
    });
  };
  if (args.project !== null) {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(args.project, 'utf8'));
    } catch (e) {
      throw new InputError(`Cannot read the project ${args.project}: ${e instanceof SyntaxError ? 'it is not valid JSON' : 'no such file'}.`);
    }
    const doc = overrides(loadAnyProject(json));
    if (args.model !== null || args.hidden !== null || args.splitColumn !== null || args.splitTime !== null) {
      if (doc.version === 2) {
        throw new UsageError('--model, --hidden, --split-column and --split-time apply to settings projects; a graph project sets them in its graph.');
      }
      return loadAnyProject({
        ...doc,
        ...(args.model !== null || args.hidden !== null ? { model: modelSpec(args) } : {}),
        split: splitFor(args, doc.split),
      });
    }
    if (!doc.target) throw new InputError(`The project has no target: pass --target COL.`);
    if (!doc.task) {
      const kinds = effectiveKinds(table, doc.dataset.columnKinds);
      return loadAnyProject({ ...doc, task: inferTask(table, doc.target, kinds[doc.target]!).task });
    }
    return doc;
  }
  const base = createProject({ name: basename(args.data), source: { kind: 'file', fileName: basename(args.data), bytes: size }, columnKinds: {} });
  const kinds = effectiveKinds(table, {});
  const task = args.task ?? inferTask(table, args.target!, kinds[args.target!]!).task;
  return overrides({
    ...base,
    target: args.target,
    task,
    model: modelSpec(args),
    split: splitFor(args, base.split),
  });
}

async function train(argv: readonly string[]): Promise<void> {
  const args = parseTrainArgs(argv);
  const t0 = performance.now();
  const { table, report, size } = await readCsv(args.data);
  const importMs = performance.now() - t0;
  for (const [what, col] of [['target', args.target], ['split', args.splitColumn], ['time', args.splitTime]] as const) {
    if (col !== null && !columnByName(table, col)) {
      throw new InputError(
        `The ${what} column "${col}" is not in ${basename(args.data)}. Its columns are: ${table.columns.map((c) => c.name).join(', ')}.`,
      );
    }
  }
  const doc = await projectFor(args, table, size);
  if (doc.target !== null && !columnByName(table, doc.target)) {
    throw new InputError(`The project's target column "${doc.target}" is not in ${basename(args.data)}.`);
  }
  const task = doc.task;

  const backend = await useNodeBackend(args.backend);
  const log = (s: string) => {
    if (!args.json) process.stderr.write(`${s}\n`);
  };
  log(`Imported ${table.rowCount} rows × ${table.columns.length} columns from ${args.data} (${report.skippedCount} line(s) skipped). Task: ${task}. Backend: ${backend}.`);
  const callbacks = {
    onEpoch: (e: EpochLog) =>
      log(`epoch ${e.epoch}: loss ${e.loss.toFixed(4)}${e.valLoss !== null ? `, val_loss ${e.valLoss.toFixed(4)}` : ''}`),
  };
  const { result, artifacts } =
    doc.version === 2 ? await runGraphExperiment(table, doc, backend, callbacks) : await runExperiment(table, doc, backend, callbacks);

  const metrics = {
    format: 'orrery-metrics',
    version: 1,
    run_id: result.runId,
    started_at: result.startedAt,
    data: args.data,
    target: result.target,
    task: result.task,
    classes: result.classes,
    model: result.model,
    backend: result.backend,
    split_sizes: result.splitSizes,
    excluded_missing_target: result.excludedMissingTarget,
    test: result.metrics.test,
    validation: result.metrics.validation,
    baseline: result.metrics.baseline,
    best_epoch: result.bestEpoch,
    epochs_run: result.history.length,
    stopped_by: result.stoppedBy,
    history: result.history,
    features: result.features,
    timings: {
      import_ms: importMs,
      preprocess_ms: result.timings.preprocessMs,
      train_ms: result.timings.trainMs,
      evaluate_ms: result.timings.evaluateMs,
      total_ms: performance.now() - t0,
      samples_per_sec: result.timings.samplesPerSec,
    },
    import: {
      rows: table.rowCount,
      columns: table.columns.length,
      bytes: report.bytes,
      delimiter: report.delimiter,
      skipped_count: report.skippedCount,
      skipped: report.skipped,
      blank_lines: report.blankLines,
      repeated_headers: report.repeatedHeaders,
      coerced: report.coerced,
      warnings: report.warnings,
    },
    warnings: result.warnings,
  };
  const runDoc: AnyProject = {
    ...doc,
    runs: [...doc.runs, createRunRecord(result, doc.version === 2 ? { kind: 'graph' } : doc.model, result.backend)],
  };
  await mkdir(args.out, { recursive: true });
  await writeFile(join(args.out, 'metrics.json'), JSON.stringify(metrics, null, 2));
  await writeFile(join(args.out, 'project.json'), JSON.stringify(runDoc, null, 2));
  // Besides the model, what the model commands (explain, predict, export) need: the run's kind and name,
  // and the training rows' distribution for drift checks.
  const info: ModelInfo = { name: basename(args.data), modelKind: result.model };
  const reference = fitRunReference(table, artifacts);
  await saveArtifacts(join(args.out, 'model'), artifacts, {
    [MODEL_INFO_FILE]: JSON.stringify(info, null, 2),
    ...(reference ? { [DRIFT_REFERENCE_FILE]: JSON.stringify(reference) } : {}),
  });
  if (artifacts.model) disposeModel(artifacts.model);
  if (args.json) process.stdout.write(`${JSON.stringify(metrics, null, 2)}\n`);
  else log(`Wrote ${join(args.out, 'metrics.json')}, project.json and model/.`);
}

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 1 : 0;
    }
    if (command === 'train') {
      await train(rest);
      return 0;
    }
    if (await runModelCommand(command, rest, readCsv)) return 0;
    throw new UsageError(`Unknown command "${command}".`);
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    process.stderr.write(`orrery: ${err.message}\n`);
    if (err instanceof UsageError) process.stderr.write(`\n${USAGE}\n`);
    // Our errors are plain sentences; a stack only helps with a bug (a TypeError and the like), or on request.
    else if (['TypeError', 'RangeError', 'ReferenceError', 'SyntaxError'].includes(err.name) || process.env['ORRERY_DEBUG']) {
      process.stderr.write(`${err.stack ?? ''}\n`);
    }
    return 2;
  }
}

