/**
 * One experiment, end to end, from a table and a project document: target rows, split, preprocessing
 * fitted on train rows only, baseline, model training, evaluation on validation and test.
 *
 * Shared by the worker (browser) and the CLI (Node). It never picks a tfjs backend: the caller has
 * already done so and passes its name for the record.
 */
import type * as tf from '@tensorflow/tfjs';
import { columnByName, type ColumnKind, type Table } from '../data/table';
import { inferColumnKinds } from '../data/infer';
import { fitPreprocessor, transform, fitTarget, encodeTarget, targetRows, type FittedPreprocessor, type TargetEncoding } from '../features/preprocess';
import { fitBaseline, predictBaseline, type Baseline } from '../models/baseline';
import { trainModel, predict, anomalyScores, type EpochLog, type TrainCallbacks, type Matrix, type NetworkChoice } from '../train/train';
import { anomalyMetrics, classificationMetrics, quantile, regressionMetrics } from '../evaluate/metrics';
import { randomSplit, columnSplit, timeSplit } from '../evaluate/split';
import type { Metrics, SplitIndices } from '../evaluate/types';
import type { ProjectDocument, SplitSpec, Task, TrainingSettings } from './document';
import { deriveSeed } from '../util/random';
import { columnTimes } from './windowMatrix';
import { fitMeanScorer, meanScores, normalRows, type AnomalyDetector, type AnomalySettings } from './anomaly';
import { reconstructProblem } from '../models/layers/head';

export interface ExperimentResult {
  readonly runId: string;
  readonly startedAt: string;
  readonly task: Task;
  readonly target: string;
  readonly classes: readonly string[] | null;
  /** 'baseline', 'linear', 'mlp' (v1 settings) or 'graph'. */
  readonly model: string;
  readonly backend: string;
  readonly splitSizes: { readonly train: number; readonly validation: number; readonly test: number };
  /** Rows left out because their target is missing. */
  readonly excludedMissingTarget: number;
  readonly features: {
    readonly inputs: readonly string[];
    readonly encoded: readonly string[];
    readonly dropped: readonly { readonly column: string; readonly reason: string }[];
  };
  readonly history: readonly EpochLog[];
  readonly bestEpoch: number | null;
  readonly stoppedBy: 'completed' | 'early-stopping' | 'user';
  readonly metrics: {
    readonly test: Metrics;
    readonly validation: Metrics | null;
    readonly baseline: { readonly test: Metrics; readonly validation: Metrics | null };
  };
  readonly timings: {
    readonly totalMs: number;
    readonly preprocessMs: number;
    readonly trainMs: number;
    readonly evaluateMs: number;
    readonly samplesPerSec: number | null;
  };
  readonly warnings: readonly string[];
}

/**
 * The fitted features of a run, as saved beside the model: the default pipeline's preprocessor (v1
 * settings), or the graph's fitted feature nodes in order.
 */
export type FittedFeatures = FittedPreprocessor | FittedFeatureGraph;

export interface FittedFeatureGraph {
  readonly version: 1;
  readonly kind: 'graph';
  /** Columns read from the source table (the target excluded). */
  readonly inputs: readonly string[];
  /** Source-node treatment: identifier columns dropped, datetime/boolean texts read as numbers. */
  readonly source: { readonly dropped: readonly string[]; readonly numericViews: Readonly<Record<string, ColumnKind>> };
  /** How each input is stored in the source table: 'number' (numeric storage) or 'string' (text). */
  readonly inputTypes?: Readonly<Record<string, 'number' | 'string'>>;
  readonly steps: readonly { readonly nodeId: string; readonly kind: string; readonly params: unknown; readonly state: unknown }[];
  readonly outputNames: readonly string[];
  /** The Input node's time window: row r is read with the window - 1 rows before it (absent = 1). */
  readonly window?: number;
  /** The column whose times order those rows (windowMatrix.ts); absent = file order. */
  readonly timeColumn?: string;
}

/** What a run leaves behind besides its numbers: enough to save, reload and predict. */
export interface TrainedArtifacts {
  readonly preprocessor: FittedFeatures;
  readonly target: TargetEncoding;
  readonly baseline: Baseline;
  /** null for the baseline model. The caller owns it and must dispose it (disposeModel). */
  readonly model: tf.LayersModel | null;
  /** The run's table rows per split (explanations draw background rows from train, explain test rows). */
  readonly split?: SplitIndices;
  /** Anomaly runs (reconstruct head): the thresholds and the baseline scorer. The model is an autoencoder then. */
  readonly anomaly?: AnomalyDetector;
}

/** Features fitted on training rows, able to turn any rows of the run's table into a matrix. */
export interface FeatureFit {
  readonly fitted: FittedFeatures;
  readonly outputNames: readonly string[];
  readonly inputs: readonly string[];
  readonly dropped: readonly { readonly column: string; readonly reason: string }[];
  /** Row-major rows.length × (values per row): outputNames.length, or window × outputNames.length. */
  matrix(rows: Int32Array): Float32Array;
  /** Each row's shape when the model reads sequences ([window, features]); absent for flat rows. */
  readonly rowShape?: readonly number[];
  /** Plain-language notes for the run's warnings (e.g. rows without a time). */
  readonly warnings?: readonly string[];
}

/**
 * What varies between the settings-driven pipeline (v1) and the graph (v2); everything else (target
 * rows, split, baseline, training loop, evaluation) is shared by `runPlan`.
 */
export interface RunPlan {
  readonly target: string | null;
  readonly task: Task | null;
  readonly split: SplitSpec;
  readonly seed: number;
  readonly training: TrainingSettings;
  /** Recorded as the result's `model`. */
  readonly modelKind: string;
  /** Fits the features on `trainRows`; `targetValues` (class index or value per table row, NaN missing). */
  fitFeatures(table: Table, trainRows: Int32Array, targetValues: Float64Array, task: Task): FeatureFit;
  /** null: the baseline alone. */
  readonly network: NetworkChoice | null;
  /**
   * Anomaly detection (the graph's reconstruct head): the network is an autoencoder trained on the
   * normal rows only and evaluated as an anomaly scorer (pipeline/anomaly.ts). Binary tasks only.
   */
  readonly anomaly?: AnomalySettings;
}

export interface ExperimentCallbacks extends TrainCallbacks {
  readonly onStatus?: (message: string) => void;
  readonly now?: () => number;
}

export class ExperimentError extends Error {
  override readonly name = 'ExperimentError';
}

/** Column kinds with the user's overrides applied on top of inference. */
export function effectiveKinds(table: Table, overrides: Readonly<Record<string, ColumnKind>>): Record<string, ColumnKind> {
  const inferred = inferColumnKinds(table);
  const kinds: Record<string, ColumnKind> = {};
  for (const col of table.columns) kinds[col.name] = overrides[col.name] ?? inferred[col.name]!.kind;
  return kinds;
}

function makeSplit(table: Table, spec: SplitSpec, projectSeed: number, rows: Int32Array, strata: Int32Array | null, warnings: string[]): SplitIndices {
  const seed = deriveSeed(projectSeed, 'split');
  if (spec.kind === 'random') {
    return randomSplit(rows, { validation: spec.validation, test: spec.test }, seed, spec.stratify ? strata : null);
  }
  if (spec.kind === 'time') return makeTimeSplit(table, spec, rows, warnings);
  const col = columnByName(table, spec.column);
  if (!col) throw new ExperimentError(`The split column "${spec.column}" is not in the data.`);
  const s = columnSplit(rows, col, spec.validation, seed, strata);
  for (const u of s.unrecognized) {
    warnings.push(`${u.count} row(s) have split value "${u.value}", which is not train/validation/test: they are left out.`);
  }
  return s;
}

/** The chronological split: the earliest rows train, the latest test; rows without a time are left out. */
function makeTimeSplit(table: Table, spec: Extract<SplitSpec, { kind: 'time' }>, rows: Int32Array, warnings: string[]): SplitIndices {
  const col = columnByName(table, spec.column);
  if (!col) throw new ExperimentError(`The time column "${spec.column}" is not in the data.`);
  const times = columnTimes(col);
  const timed = rows.filter((r) => !Number.isNaN(times[r]!)).length;
  if (timed < 2) {
    throw new ExperimentError(`The time column "${spec.column}" has ${timed === 0 ? 'no dates or numbers' : 'a time in only one row'} among the rows with a target: a time split needs at least 2.`);
  }
  const s = timeSplit(rows, times, { validation: spec.validation, test: spec.test });
  if (s.missingTime > 0) warnings.push(`${s.missingTime} row(s) have no time in "${spec.column}": the time split leaves them out.`);
  return s;
}

function evaluate(task: Task, classes: readonly string[] | null, y: Float32Array, out: Float32Array): Metrics {
  if (task === 'regression') return regressionMetrics(y, out);
  return classificationMetrics(y, out, classes!);
}

/** Rows with a target, the seeded split, and the target encoded for every table row. */
export interface RowPlan {
  readonly split: SplitIndices;
  /** Rows left out for a missing target. */
  readonly missing: number;
  readonly targetEnc: TargetEncoding;
  /** Class index or value per table row (NaN when missing); regression classes are fitted on train rows. */
  readonly targetValues: Float64Array;
}

/**
 * Which rows train, validate and test: rows with a target, split by `spec` (stratified on the target's
 * classes when asked). Pushes plain-language notes to `warnings`. Throws ExperimentError when too few
 * rows have a target or a binary target does not have exactly 2 classes.
 */
export function planRows(table: Table, target: string, task: Task, spec: SplitSpec, seed: number, warnings: string[]): RowPlan {
  const { rows, missing } = targetRows(table, target);
  if (missing > 0) warnings.push(`${missing} row(s) with a missing target were left out.`);
  if (rows.length < 3) throw new ExperimentError(`Only ${rows.length} row(s) have a target value: at least 3 are needed.`);

  // Strata from the target's classes over all target rows (class names only, no statistics leak).
  const allTarget = task === 'regression' ? null : fitTarget(table, target, task, rows);
  if (allTarget && allTarget.classes && task === 'binary' && allTarget.classes.length !== 2) {
    throw new ExperimentError(
      `A binary task needs exactly 2 target classes; "${target}" has ${allTarget.classes.length}. Choose multiclass or another target.`,
    );
  }
  let strataByRow: Int32Array | null = null;
  if (allTarget) {
    // encodeTarget gives one entry per row in `rows`; splits want strata indexed by table row.
    const strata = encodeTarget(allTarget, table, rows);
    strataByRow = new Int32Array(table.rowCount).fill(-1);
    for (let i = 0; i < rows.length; i++) strataByRow[rows[i]!] = strata[i]!;
  }
  const split = makeSplit(table, spec, seed, rows, strataByRow, warnings);
  const targetEnc = allTarget ?? fitTarget(table, target, task, split.train);
  const allRows = Int32Array.from({ length: table.rowCount }, (_, i) => i);
  return { split, missing, targetEnc, targetValues: Float64Array.from(encodeTarget(targetEnc, table, allRows)) };
}

/**
 * Runs a v1 project's experiment on `table`: the default preprocessing from its settings, then its
 * model. Throws ExperimentError with a plain message for a document that cannot run on this table
 * (no target, unknown column, too few rows...). `backend` is only recorded.
 */
export function runExperiment(
  table: Table,
  doc: ProjectDocument,
  backend: string,
  cb: ExperimentCallbacks = {},
): Promise<{ result: ExperimentResult; artifacts: TrainedArtifacts }> {
  const kinds = effectiveKinds(table, doc.dataset.columnKinds);
  const plan: RunPlan = {
    target: doc.target,
    task: doc.task,
    split: doc.split,
    seed: doc.seed,
    training: doc.training,
    modelKind: doc.model.kind,
    fitFeatures: (t, trainRows) => {
      const pre = fitPreprocessor(t, kinds, doc.target!, doc.features, trainRows);
      return {
        fitted: pre,
        outputNames: pre.outputNames,
        inputs: pre.inputs.map((i) => i.column),
        dropped: pre.dropped,
        matrix: (rows) => transform(pre, t, rows),
      };
    },
    network: doc.model.kind === 'baseline' ? null : { spec: doc.model },
  };
  return runPlan(table, plan, backend, cb);
}

/**
 * The shared experiment: target rows, seeded (stratified) split, features fitted on training rows
 * only, baseline, training, evaluation on validation and test. Cost: dominated by training
 * (epochs x rows x model size).
 */
export async function runPlan(
  table: Table,
  plan: RunPlan,
  backend: string,
  cb: ExperimentCallbacks = {},
): Promise<{ result: ExperimentResult; artifacts: TrainedArtifacts }> {
  const now = cb.now ?? (() => Date.now());
  const t0 = now();
  const startedAt = new Date().toISOString();
  const warnings: string[] = [];
  if (!plan.target) throw new ExperimentError('Choose a target column first.');
  const targetCol = columnByName(table, plan.target);
  if (!targetCol) throw new ExperimentError(`The target column "${plan.target}" is not in the data.`);
  if (!plan.task) throw new ExperimentError('Choose a task (binary, multiclass or regression) first.');
  const task = plan.task;
  const detector = plan.anomaly ?? null;
  if (detector && task !== 'binary') throw new ExperimentError(reconstructProblem(task, 1)!);

  cb.onStatus?.('Splitting rows');
  const { split, missing, targetEnc, targetValues } = planRows(table, plan.target, task, plan.split, plan.seed, warnings);

  cb.onStatus?.('Fitting preprocessing on training rows');
  const tPre = now();
  const features = plan.fitFeatures(table, split.train, targetValues, task);
  warnings.push(...(features.warnings ?? []));
  if (features.outputNames.length === 0) {
    throw new ExperimentError('No usable feature columns are left: every column was dropped or excluded.');
  }
  const rowShape = features.rowShape;
  const toMatrix = (rows: Int32Array): Matrix => ({
    x: features.matrix(rows),
    y: encodeTarget(targetEnc, table, rows),
    n: rows.length,
    nFeatures: rowShape ? rowShape.reduce((a, b) => a * b, 1) : features.outputNames.length,
    ...(rowShape ? { rowShape } : {}),
  });
  const trainM = toMatrix(split.train);
  const valM = split.validation.length > 0 ? toMatrix(split.validation) : null;
  const testM = toMatrix(split.test);
  const preprocessMs = now() - tPre;
  const classes = targetEnc.classes;
  const nClasses = classes ? classes.length : 1;

  const baseline = fitBaseline(task, trainM.y, nClasses);
  let baselineTest: Metrics;
  let baselineVal: Metrics | null;
  // An autoencoder learns from the normal rows only; the labels only evaluate (pipeline/anomaly.ts).
  const fitM = detector ? normalRows(trainM) : trainM;
  const fitValM = detector && valM ? normalRows(valM) : valM;
  let scorer: AnomalyDetector['baseline'] | null = null;
  let baselineThreshold = NaN;
  if (detector) {
    if (fitM.n === 0) throw new ExperimentError(`No training row has the normal class "${classes![0]}": an autoencoder learns from normal rows.`);
    warnings.push(
      `Anomaly detection: the model learned to rebuild the ${fitM.n} training rows of the normal class "${classes![0]}" only ` +
        `(${trainM.n - fitM.n} "${classes![1]}" training rows left out); "${classes![1]}" marks the anomalies and is used only to evaluate. ` +
        `Rows scoring above the ${detector.quantile} quantile of the normal training rows' scores are flagged.`,
    );
    if (fitM.n < trainM.n - fitM.n) {
      warnings.push(
        `The normal class "${classes![0]}" is the rarer one among the training rows (${fitM.n} of ${trainM.n}), while anomalies are usually rare: ` +
          `if "${classes![1]}" is what normal rows look like, relabel the target so the normal class comes first (e.g. 0/1, no/yes).`,
      );
    }
    scorer = fitMeanScorer(fitM);
    baselineThreshold = quantile(meanScores(scorer, fitM), detector.quantile);
    baselineTest = anomalyMetrics(testM.y, meanScores(scorer, testM), baselineThreshold, classes!);
    baselineVal = valM ? anomalyMetrics(valM.y, meanScores(scorer, valM), baselineThreshold, classes!) : null;
  } else {
    baselineTest = evaluate(task, classes, testM.y, predictBaseline(baseline, testM.n));
    baselineVal = valM ? evaluate(task, classes, valM.y, predictBaseline(baseline, valM.n)) : null;
  }

  let model: tf.LayersModel | null = null;
  let history: EpochLog[] = [];
  let bestEpoch: number | null = null;
  let stoppedBy: ExperimentResult['stoppedBy'] = 'completed';
  let samplesPerSec: number | null = null;
  const tTrain = now();
  if (plan.network) {
    cb.onStatus?.('Training');
    const trained = await trainModel(
      {
        ...plan.network,
        training: plan.training,
        task,
        nClasses,
        seed: deriveSeed(plan.seed, 'model'),
        train: fitM,
        validation: fitValM && fitValM.n > 0 ? fitValM : null,
        ...(detector ? { objective: 'reconstruct' as const } : {}),
      },
      cb,
    );
    model = trained.model;
    history = trained.history;
    bestEpoch = trained.bestEpoch;
    stoppedBy = trained.stoppedBy;
    samplesPerSec = trained.samplesPerSec;
  }
  const trainMs = now() - tTrain;

  cb.onStatus?.('Evaluating on the test split');
  const tEval = now();
  let test: Metrics;
  let validation: Metrics | null;
  let threshold: number | null = null;
  if (model && detector) {
    const scores = (m: Matrix) => anomalyScores(model!, m.x, m.n, m.nFeatures, rowShape);
    threshold = quantile(scores(fitM), detector.quantile);
    test = anomalyMetrics(testM.y, scores(testM), threshold, classes!);
    validation = valM ? anomalyMetrics(valM.y, scores(valM), threshold, classes!) : null;
  } else if (model) {
    test = evaluate(task, classes, testM.y, predict(model, testM.x, testM.n, testM.nFeatures, task, nClasses, rowShape));
    validation = valM ? evaluate(task, classes, valM.y, predict(model, valM.x, valM.n, valM.nFeatures, task, nClasses, rowShape)) : null;
  } else {
    test = baselineTest;
    validation = baselineVal;
  }
  const evaluateMs = now() - tEval;

  const result: ExperimentResult = {
    runId: `run-${startedAt.replace(/[:.]/g, '-')}`,
    startedAt,
    task,
    target: plan.target,
    classes,
    model: plan.modelKind,
    backend: model ? backend : 'none',
    splitSizes: { train: split.train.length, validation: split.validation.length, test: split.test.length },
    excludedMissingTarget: missing,
    features: {
      inputs: features.inputs,
      encoded: features.outputNames,
      dropped: features.dropped,
    },
    history,
    bestEpoch,
    stoppedBy,
    metrics: { test, validation, baseline: { test: baselineTest, validation: baselineVal } },
    timings: { totalMs: now() - t0, preprocessMs, trainMs, evaluateMs, samplesPerSec },
    warnings,
  };
  const anomaly: AnomalyDetector | null =
    detector && scorer ? { quantile: detector.quantile, threshold, baseline: scorer, baselineThreshold, classes: classes! } : null;
  return { result, artifacts: { preprocessor: features.fitted, target: targetEnc, baseline, model, split, ...(anomaly ? { anomaly } : {}) } };
}
