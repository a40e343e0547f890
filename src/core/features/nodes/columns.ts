/**
 * Helpers the feature kinds share: column lookup with errors that name the node and the column, which
 * columns a kind applies to, numeric views, training statistics, and assembling the output table.
 *
 * Also the symbolic twin of `editTable`, `editLineage`, which gives a kind's lineage from the same
 * edit by names (so the two agree on output order by construction).
 *
 * Conventions every kind follows (see README.md):
 * - missing = NaN in numeric storage, code -1 in string storage; training statistics skip missing and
 *   non-finite values;
 * - a kind never transforms the target: listing it throws, and "all columns" (an empty list) leaves it out.
 */
import { z } from 'zod';
import { inferColumnKind } from '../../data/infer';
import { cellText, columnByName, type Column, type ColumnKind, type NumericColumn, type Table } from '../../data/table';
import { FeatureNodeError, type FitContext, type Lineage } from './types';

/** The `columns` parameter of most kinds: empty means every applicable column. */
export const columnList = z.array(z.string().max(1000)).max(10_000).default([]);

/** The column named `name`, or a FeatureNodeError naming the node and the column. */
export function requireColumn(input: Table, name: string, node: string): Column {
  const col = columnByName(input, name);
  if (col === undefined) throw new FeatureNodeError(node, `the column "${name}" is not in the table.`, name);
  return col;
}

/** The values of a numeric-storage column (the column's own array: do not modify it). */
export function requireNumeric(input: Table, name: string, node: string): Float64Array {
  const col = requireColumn(input, name, node);
  if (col.storage !== 'numeric') {
    throw new FeatureNodeError(node, `the column "${name}" holds text, but this node needs numbers.`, name);
  }
  return col.values;
}

export interface ColumnRule {
  /** Which columns an empty list selects (the target and `exclude` are never selected). */
  readonly auto: (col: Column) => boolean;
  /** Columns that may be listed; others throw with `needs` (e.g. "numbers"). Default: any. */
  readonly accepts?: (col: Column) => boolean;
  readonly needs?: string;
  /** Columns that can be neither listed nor selected, with why (e.g. the time column). */
  readonly exclude?: ReadonlyMap<string, string>;
  /** True when the target may be listed (lag and rolling only look back, so they may use it). */
  readonly targetAllowed?: boolean;
}

/**
 * The columns a node works on, in the order listed (or in table order when `requested` is empty).
 * Throws for a listed column that is missing, listed twice, the target, excluded or not accepted.
 */
export function resolveColumns(
  input: Table,
  requested: readonly string[],
  node: string,
  ctx: FitContext,
  rule: ColumnRule,
): string[] {
  if (requested.length === 0) {
    return input.columns
      .filter((c) => c.name !== ctx.target && !(rule.exclude?.has(c.name) ?? false) && rule.auto(c))
      .map((c) => c.name);
  }
  const seen = new Set<string>();
  for (const name of requested) {
    const col = requireColumn(input, name, node);
    if (seen.has(name)) throw new FeatureNodeError(node, `the column "${name}" is listed twice.`, name);
    seen.add(name);
    if (name === ctx.target && rule.targetAllowed !== true) {
      throw new FeatureNodeError(node, `"${name}" is the target; a feature node never changes the target.`, name);
    }
    const why = rule.exclude?.get(name);
    if (why !== undefined) throw new FeatureNodeError(node, `the column "${name}" cannot be used: ${why}.`, name);
    if (rule.accepts !== undefined && !rule.accepts(col)) {
      throw new FeatureNodeError(node, `the column "${name}" cannot be used: this node needs ${rule.needs ?? 'another kind of column'}.`, name);
    }
  }
  return [...requested];
}

export const isNumeric = (col: Column): boolean => col.storage === 'numeric';

/** The column restricted to `rows` (row i of the result is table row rows[i]). */
function subColumn(col: Column, rows: Int32Array): Column {
  if (col.storage === 'numeric') {
    return { name: col.name, storage: 'numeric', values: Float64Array.from(rows, (r) => col.values[r]!) };
  }
  return { name: col.name, storage: 'string', codes: Int32Array.from(rows, (r) => col.codes[r]!), dictionary: col.dictionary };
}

/**
 * The kind the studio would infer for `col` from the training rows alone (data/infer.ts), so that an
 * empty column list never depends on other rows. Cost: one summary of the training cells.
 */
export function trainKind(col: Column, trainRows: Int32Array): ColumnKind {
  return inferColumnKind(subColumn(col, trainRows), trainRows.length).kind;
}

/** The text of every cell (numbers as `String(v)`, missing → null), as level names. */
export function levelTexts(col: Column): (row: number) => string | null {
  if (col.storage === 'string') {
    return (row) => {
      const c = col.codes[row]!;
      return c < 0 ? null : col.dictionary[c]!;
    };
  }
  return (row) => (Number.isNaN(col.values[row]!) ? null : cellText(col, row));
}

/** Finite values of `values` at `rows`, in row order. */
function presentAt(values: Float64Array, rows: Int32Array): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const v = values[rows[i]!]!;
    if (Number.isFinite(v)) out.push(v);
  }
  return Float64Array.from(out);
}

/** Finite values of `values` at `rows`, sorted ascending. */
export function sortedPresentAt(values: Float64Array, rows: Int32Array): Float64Array {
  return presentAt(values, rows).sort();
}

/**
 * The p-quantile (0 ≤ p ≤ 1) of ascending `sorted` by linear interpolation between order statistics
 * (numpy's default, "type 7"): position (n − 1)·p. NaN when empty.
 */
export function quantileSorted(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export function mean(values: Float64Array): number {
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/** Population standard deviation (ddof = 0) around `m`. */
export function populationStd(values: Float64Array, m: number): number {
  let ss = 0;
  for (const v of values) ss += (v - m) ** 2;
  return Math.sqrt(ss / values.length);
}

export function numericColumn(name: string, values: Float64Array): NumericColumn {
  return { name, storage: 'numeric', values };
}

export interface TableEdit {
  /** Columns replaced, by name, with the columns taking their place (none = removed). */
  readonly replace?: ReadonlyMap<string, readonly Column[]>;
  /** Columns inserted right after the named column (after its replacement, if any). */
  readonly after?: ReadonlyMap<string, readonly Column[]>;
  /** Columns added at the end. */
  readonly append?: readonly Column[];
}

/**
 * The output table: `input`'s columns in order with `edit` applied; same rowCount and sourceLines.
 * Throws when a new column's name is already taken (by a kept or another new column).
 */
export function editTable(input: Table, node: string, edit: TableEdit): Table {
  const out: Column[] = [];
  const fresh: Column[] = [];
  const add = (cols: readonly Column[]): void => {
    out.push(...cols);
    fresh.push(...cols);
  };
  for (const col of input.columns) {
    const replacement = edit.replace?.get(col.name);
    if (replacement === undefined) out.push(col);
    else add(replacement);
    add(edit.after?.get(col.name) ?? []);
  }
  add(edit.append ?? []);
  const freshSet = new Set(fresh);
  const taken = new Set(out.filter((c) => !freshSet.has(c)).map((c) => c.name));
  for (const c of fresh) {
    if (taken.has(c.name)) {
      throw new FeatureNodeError(node, `the output would have two columns named "${c.name}"; rename one first.`, c.name);
    }
    taken.add(c.name);
  }
  return { columns: out, rowCount: input.rowCount, sourceLines: input.sourceLines };
}

/** An output column with the input columns it is computed from. */
export type Derived = readonly [name: string, sources: readonly string[]];

export interface LineageEdit {
  /** Input columns replaced, by name, with the outputs taking their place (none = removed). */
  readonly replace?: ReadonlyMap<string, readonly Derived[]>;
  /** Outputs inserted right after the named input column (after its replacement, if any). */
  readonly after?: ReadonlyMap<string, readonly Derived[]>;
  /** Outputs added at the end. */
  readonly append?: readonly Derived[];
}

/**
 * The lineage of `editTable(input, node, edit)` for a table whose columns are `inputColumns`: the same
 * walk over the columns, by name. Untouched columns map to themselves. Entries for columns not in
 * `inputColumns` are ignored (editTable ignores them too).
 */
export function editLineage(inputColumns: readonly string[], edit: LineageEdit = {}): Lineage {
  const out = new Map<string, readonly string[]>();
  const add = (derived: readonly Derived[]): void => {
    for (const [name, sources] of derived) out.set(name, sources);
  };
  for (const name of inputColumns) {
    const replacement = edit.replace?.get(name);
    if (replacement === undefined) out.set(name, [name]);
    else add(replacement);
    add(edit.after?.get(name) ?? []);
  }
  add(edit.append ?? []);
  return out;
}
