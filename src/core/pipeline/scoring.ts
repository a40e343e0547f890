/**
 * Using a trained pipeline on any table: the fitted features applied to its rows (never refitted), the
 * model's outputs, and the checks new data needs (every input column present; text where numbers are
 * expected counted). Shared by the worker (scoring a new CSV, explanations, export verification) and
 * the CLI (predict, explain), so every consumer reads rows exactly as training did.
 */
import { columnAsNumbers } from '../data/infer';
import { cellText, columnByName, type Column, type Table } from '../data/table';
import { FEATURE_NODES } from '../features/nodes/registry';
import type { FeatureNodeDef } from '../features/nodes/types';
import { transformWithReport, type FittedPreprocessor, type UnseenLevels } from '../features/preprocess';
import { predictBaseline } from '../models/baseline';
import { anomalyScores, predict } from '../train/train';
import { meanScores } from './anomaly';
import type { FittedFeatureGraph, FittedFeatures, TrainedArtifacts } from './experiment';
import { columnTimes, timeRowOrder, windowMatrix, type RowOrder } from './windowMatrix';

/** The columns a new table must have, or a plain message naming those it lacks. */
export class MissingColumnsError extends Error {
  override readonly name = 'MissingColumnsError';
  readonly columns: readonly string[];
  constructor(columns: readonly string[]) {
    super(
      columns.length === 1
        ? `The column "${columns[0]}" that the model needs is not in this file.`
        : `${columns.length} columns that the model needs are not in this file: ${columns.map((c) => `"${c}"`).join(', ')}.`,
    );
    this.columns = columns;
  }
}

export const isGraphFeatures = (f: FittedFeatures): f is FittedFeatureGraph => 'kind' in f && f.kind === 'graph';

/** The raw columns the fitted features read (the model's inputs, in table order). */
export function inputColumns(fitted: FittedFeatures): string[] {
  return isGraphFeatures(fitted) ? [...fitted.inputs] : fitted.inputs.map((i) => i.column);
}

/** The time window the model reads (1 = one row at a time). */
export const windowOf = (fitted: FittedFeatures): number => (isGraphFeatures(fitted) ? (fitted.window ?? 1) : 1);

/** Throws MissingColumnsError listing every input column `table` lacks. Extra columns are fine. */
export function checkColumns(fitted: FittedFeatures, table: Table): void {
  const missing = inputColumns(fitted).filter((c) => !columnByName(table, c));
  if (missing.length > 0) throw new MissingColumnsError(missing);
}

export interface FeatureMatrix {
  /** Row-major: rows × nFeatures values. */
  readonly x: Float32Array;
  readonly n: number;
  /** Values per row: encoded features × window. */
  readonly nFeatures: number;
  /** [window, features] when the model reads sequences. */
  readonly rowShape?: readonly number[];
  /** v1 pipelines only: categorical levels the model did not see in training, per column. */
  readonly unseen: readonly UnseenLevels[];
}

/** A graph pipeline's source step on new data: dropped identifiers, datetime/boolean text read as numbers. */
function applySource(fitted: FittedFeatureGraph, table: Table): Table {
  const dropped = new Set(fitted.source.dropped);
  const columns: Column[] = [];
  for (const col of table.columns) {
    if (dropped.has(col.name)) continue;
    const view = fitted.source.numericViews[col.name];
    if (view && col.storage === 'string') {
      columns.push({ name: col.name, storage: 'numeric', values: columnAsNumbers(col, view) });
      continue;
    }
    const expected = fitted.inputTypes?.[col.name];
    if (expected === 'number' && col.storage === 'string') {
      // A column that was numbers in training arrives as text: read each cell as a number (others missing).
      columns.push({ name: col.name, storage: 'numeric', values: columnAsNumbers(col, 'numeric') });
      continue;
    }
    columns.push(col);
  }
  return { columns, rowCount: table.rowCount, sourceLines: table.sourceLines };
}

/** The graph's final feature table for every row of `table` (steps applied with their fitted state). */
export function applyFeatureGraph(fitted: FittedFeatureGraph, table: Table): Table {
  let current = applySource(fitted, table);
  for (const step of fitted.steps) {
    const def = FEATURE_NODES[step.kind] as FeatureNodeDef<unknown, unknown> | undefined;
    if (!def) throw new Error(`This model uses a feature step "${step.kind}" that this version of Orrery does not know.`);
    current = def.apply(current, def.params.parse(step.params), step.state, { trainRows: null });
  }
  return current;
}

/** The row order of a time window read by a time column (as in training); null for file order. */
function historyOf(fitted: FittedFeatureGraph, table: Table): RowOrder | null {
  if ((fitted.window ?? 1) <= 1 || !fitted.timeColumn) return null;
  const col = columnByName(table, fitted.timeColumn);
  if (!col) throw new MissingColumnsError([fitted.timeColumn]);
  return timeRowOrder(columnTimes(col));
}

const allRows = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

/**
 * The model's input for `rows` of `table` (all rows by default), through the fitted features.
 * Throws MissingColumnsError when an input column is missing. Cost: O(rows × features × window),
 * plus the feature steps (which read whole columns: a graph's steps run on every row of `table`).
 */
export function featureMatrix(fitted: FittedFeatures, table: Table, rows: Int32Array = allRows(table.rowCount)): FeatureMatrix {
  checkColumns(fitted, table);
  if (!isGraphFeatures(fitted)) {
    const { x, unseen } = transformWithReport(fitted as FittedPreprocessor, table, rows);
    return { x, n: rows.length, nFeatures: fitted.outputNames.length, unseen };
  }
  const out = applyFeatureGraph(fitted, table);
  const cols = fitted.outputNames.map((name) => {
    const col = columnByName(out, name);
    if (!col || col.storage !== 'numeric') throw new Error(`The feature "${name}" could not be computed from this file.`);
    return col.values;
  });
  const window = windowOf(fitted);
  return {
    x: windowMatrix(cols, rows, window, historyOf(fitted, table)),
    n: rows.length,
    nFeatures: cols.length * window,
    ...(window > 1 ? { rowShape: [window, cols.length] } : {}),
    unseen: [],
  };
}

/**
 * Outputs per row: k = 2 (binary: [1 − p, p]), the class count (multiclass) or 1 (regression; and an
 * anomaly detector's score, the autoencoder's reconstruction error).
 */
export function outputsPerRow(artifacts: Pick<TrainedArtifacts, 'target' | 'anomaly'>): number {
  const { task, classes } = artifacts.target;
  if (artifacts.anomaly) return 1;
  return task === 'regression' ? 1 : task === 'binary' ? 2 : classes!.length;
}

type Scorable = Pick<TrainedArtifacts, 'target' | 'baseline' | 'model' | 'anomaly'>;

/**
 * The model's (or, without one, the baseline's) outputs for a feature matrix: n × outputsPerRow. An
 * anomaly detector gives each row's score: the autoencoder's reconstruction error (its baseline: the
 * distance to the normal mean).
 */
export function predictMatrix(artifacts: Scorable, m: Pick<FeatureMatrix, 'x' | 'n' | 'nFeatures' | 'rowShape'>): Float32Array {
  const k = outputsPerRow(artifacts);
  if (artifacts.anomaly) {
    return artifacts.model ? anomalyScores(artifacts.model, m.x, m.n, m.nFeatures, m.rowShape) : meanScores(artifacts.anomaly.baseline, m);
  }
  if (!artifacts.model) return predictBaseline(artifacts.baseline, m.n);
  return predict(artifacts.model, m.x, m.n, m.nFeatures, artifacts.target.task, artifacts.target.task === 'multiclass' ? k : 2, m.rowShape);
}

/** An anomaly detector's threshold: rows scoring above it are flagged (the autoencoder's, or its baseline's). */
export function anomalyThreshold(artifacts: Pick<TrainedArtifacts, 'anomaly' | 'model'>): number {
  const a = artifacts.anomaly!;
  return artifacts.model && a.threshold !== null ? a.threshold : a.baselineThreshold;
}

/** The predicted class index per row: argmax of the outputs, or for an anomaly detector 1 (flagged) above its threshold. */
export function predictedClasses(artifacts: Scorable, outputs: Float32Array): Int32Array {
  if (!artifacts.anomaly) return argmaxRows(outputs, outputsPerRow(artifacts));
  const t = anomalyThreshold(artifacts);
  return Int32Array.from(outputs, (s) => (s > t ? 1 : 0));
}

export interface Predictions {
  /** n × k outputs (see outputsPerRow); an anomaly detector's score per row. */
  readonly outputs: Float32Array;
  readonly k: number;
  /** Classification: the predicted class per row (the most probable; an anomaly detector's flag). null for regression. */
  readonly labels: readonly string[] | null;
  readonly unseen: readonly UnseenLevels[];
}

/** The predicted class index per row: argmax of each row's k outputs (first on ties). */
export function argmaxRows(outputs: Float32Array, k: number): Int32Array {
  const n = outputs.length / k;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (outputs[i * k + j]! > outputs[i * k + best]!) best = j;
    out[i] = best;
  }
  return out;
}

/** Predictions for `rows` of a table (all rows by default). Throws MissingColumnsError for missing inputs. */
export function predictTable(artifacts: TrainedArtifacts, table: Table, rows?: Int32Array): Predictions {
  const m = featureMatrix(artifacts.preprocessor, table, rows);
  const outputs = predictMatrix(artifacts, m);
  const k = outputsPerRow(artifacts);
  const classes = artifacts.target.classes;
  const labels = classes ? Array.from(predictedClasses(artifacts, outputs), (c) => classes[c]!) : null;
  return { outputs, k, labels, unseen: m.unseen };
}

/**
 * The columns a scored file gets (worker download and CLI predict): `predicted <target>` and one
 * `probability <class>` per class (classification); `predicted <target>` (regression); for an anomaly
 * detector `predicted <target>` (the flag: the anomaly class above the threshold) and `anomaly score`.
 */
export function predictionColumns(artifacts: Pick<TrainedArtifacts, 'target' | 'anomaly'>): string[] {
  const { column, classes } = artifacts.target;
  if (artifacts.anomaly) return [`predicted ${column}`, 'anomaly score'];
  if (!classes) return [`predicted ${column}`];
  return [`predicted ${column}`, ...classes.map((c) => `probability ${c}`)];
}

/** Row r's cells for `predictionColumns`. */
export function predictionCells(p: Predictions, r: number): (string | number)[] {
  if (!p.labels) return [p.outputs[r]!];
  const cells: (string | number)[] = [p.labels[r]!];
  for (let j = 0; j < p.k; j++) cells.push(p.outputs[r * p.k + j]!);
  return cells;
}

/** A scored file's row r: the file's cells (text stays text, numbers numbers, missing null), then the predictions. */
export function scoredRow(table: Table, p: Predictions, r: number): (string | number | null)[] {
  const cells: (string | number | null)[] = table.columns.map((c) => (c.storage === 'numeric' ? (Number.isFinite(c.values[r]!) ? c.values[r]! : null) : cellText(c, r) || null));
  return [...cells, ...predictionCells(p, r)];
}
