/**
 * Using a trained pipeline on any table: the fitted features applied to its rows (never refitted), the
 * model's outputs, and the checks new data needs (every input column present; text where numbers are
 * expected counted). Shared by the worker (scoring a new CSV, explanations, export verification) and
 * the CLI (predict, explain), so every consumer reads rows exactly as training did.
 */
import { columnAsNumbers } from '../data/infer';
import { columnByName, type Column, type Table } from '../data/table';
import { FEATURE_NODES } from '../features/nodes/registry';
import type { FeatureNodeDef } from '../features/nodes/types';
import { transformWithReport, type FittedPreprocessor, type UnseenLevels } from '../features/preprocess';
import { predictBaseline } from '../models/baseline';
import { predict } from '../train/train';
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

/** Encoded (model input) column names, in matrix order. */
export const encodedNames = (fitted: FittedFeatures): readonly string[] => fitted.outputNames;

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

/** Outputs per row: k = 2 (binary: [1 − p, p]), the class count (multiclass) or 1 (regression). */
export function outputsPerRow(artifacts: Pick<TrainedArtifacts, 'target'>): number {
  const { task, classes } = artifacts.target;
  return task === 'regression' ? 1 : task === 'binary' ? 2 : classes!.length;
}

/** The model's (or, without one, the baseline's) outputs for a feature matrix: n × outputsPerRow. */
export function predictMatrix(artifacts: Pick<TrainedArtifacts, 'target' | 'baseline' | 'model'>, m: Pick<FeatureMatrix, 'x' | 'n' | 'nFeatures' | 'rowShape'>): Float32Array {
  const k = outputsPerRow(artifacts);
  if (!artifacts.model) return predictBaseline(artifacts.baseline, m.n);
  return predict(artifacts.model, m.x, m.n, m.nFeatures, artifacts.target.task, artifacts.target.task === 'multiclass' ? k : 2, m.rowShape);
}

export interface Predictions {
  /** n × k outputs (see outputsPerRow). */
  readonly outputs: Float32Array;
  readonly k: number;
  /** Classification: the predicted class per row (the most probable). null for regression. */
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
  const labels = classes ? Array.from(argmaxRows(outputs, k), (c) => classes[c]!) : null;
  return { outputs, k, labels, unseen: m.unseen };
}
