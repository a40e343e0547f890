/**
 * The contract of a feature node kind (issue #3): a NodeKindDef (id, ports, zod params with defaults,
 * docs) plus `fit` (statistics from the training rows only) and `apply` (every row of a table).
 *
 * A feature node is a table → table transform. `fit` returns plain JSON (no NaN, Infinity, typed
 * arrays or undefined): it is saved with the model and later read by the ONNX exporter, so every number
 * `apply` uses is in it, and `apply(input, params, JSON.parse(JSON.stringify(state)), ctx)` gives the
 * same table as with the original state (tested for every kind). `lineage` says which input columns
 * each output column is computed from, so explanations of the encoded matrix can be summed back to the
 * user's columns (pipeline/lineage.ts).
 */
import type { Table } from '../../data/table';
import type { Task } from '../../pipeline/document';
import type { NodeKindDef, PortSpec } from '../../pipeline/nodeKind';

export interface FitContext {
  /** Rows of the input table that are training rows (distinct). `fit` reads no other row's values. */
  readonly trainRows: Int32Array;
  /** The target column's name, or null when none is set. Nodes never transform it (select keeps it). */
  readonly target: string | null;
  /** The project's seed; a kind that draws random numbers derives its own stream from it. */
  readonly seed: number;
  /** class index or value per TABLE row (NaN = missing), when a target is set */
  readonly targetValues: Float64Array | null;
  /**
   * How to read `targetValues` (only target_encode cares): 'multiclass' → class indices 0..k-1, one
   * output per class; 'binary' (index 1 = positive) and 'regression' → numbers, their mean. When absent,
   * values are read as numbers (the same arithmetic as binary and regression).
   */
  readonly task?: Task;
}

export interface ApplyContext {
  /**
   * The training rows the state was fitted with (any order), so that kinds fitted out of fold
   * (target_encode) encode those rows without their own targets; null when scoring new data.
   */
  readonly trainRows: Int32Array | null;
}

/**
 * Output column → the input columns of the node it is computed from, in the output's column order. A
 * Map, not a Record: object keys that look like integers ("2024") would be reordered.
 */
export type Lineage = ReadonlyMap<string, readonly string[]>;

export interface FeatureNodeDef<P, S> extends NodeKindDef<P> {
  /** Feature nodes have one input port `in` and one output port `out`, both 'table'. */
  readonly category: 'feature';
  /**
   * Statistics from `ctx.trainRows` of `input` (never from other rows: the no-leakage tests change every
   * other row and compare states). `params` must satisfy `this.params`. Throws a `FeatureNodeError`
   * naming the node and the column when a needed column is missing or of the wrong storage.
   */
  fit(input: Table, params: P, ctx: FitContext): S;
  /**
   * Every row of `input` transformed; the output has the same `rowCount` and `sourceLines`, and shares
   * untouched columns with `input` (no one mutates a table). Throws a `FeatureNodeError` naming the node
   * and the column when a column the state needs is missing or of the wrong storage.
   */
  apply(input: Table, params: P, state: S, ctx: ApplyContext): Table;
  /**
   * The output column names predicted without data, or null when they depend on the data (levels,
   * vocabulary, which columns are numeric when `columns` is empty...). When not null, equal to the names
   * `apply(fit(...))` gives for a table with exactly these columns and this target (tested). `target`
   * matters because nodes never transform it (select keeps it, "all columns" leaves it out).
   */
  outputColumns?(inputColumns: readonly string[], params: P, target?: string | null): string[] | null;
  /**
   * For a table with exactly `inputColumns` (in that order) on which `apply(input, params, state)`
   * succeeds: one entry per output column, in output order (the keys equal apply's column names,
   * tested for every kind), giving the input columns that column is computed from. A passed-through or
   * transformed-in-place column maps to itself; `color=red` → `color`; `a*b` → `a`, `b`; a formula → the
   * columns its expression reads (none for a constant formula); `x:lag:1` → `x`. Sources are the
   * columns whose values the output carries: the time column that only orders lag and rolling rows, and
   * the target behind target encoding's fitted statistics, are not sources. `target` is the fitted
   * target's name (null when unknown); when it is in `inputColumns` it is traced like any other column
   * (lag and rolling may read it). Cost: O(outputs).
   */
  lineage(inputColumns: readonly string[], params: P, state: S, target: string | null): Lineage;
}

/** The ports every feature node has. */
export const FEATURE_INPUTS: readonly PortSpec[] = [{ id: 'in', type: 'table' }];
export const FEATURE_OUTPUTS: readonly PortSpec[] = [{ id: 'out', type: 'table' }];

/**
 * Thrown by `fit` and `apply` for a problem the user can fix (a missing column, text where numbers are
 * needed, a formula that does not parse...). The message starts with the node's label; `column` names
 * the column at fault when there is one, for inline errors on the node.
 */
export class FeatureNodeError extends Error {
  override readonly name: string = 'FeatureNodeError';
  readonly node: string;
  readonly column: string | null;
  constructor(node: string, message: string, column: string | null = null) {
    super(`${node}: ${message}`);
    this.node = node;
    this.column = column;
  }
}
