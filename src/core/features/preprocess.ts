/**
 * The default feature pipeline: per input column, impute + standardize (numeric, boolean, datetime) or
 * impute + one-hot with rare levels grouped (categorical). Fitted on the training rows only, then applied
 * to any rows of any table that has the input columns by name (validation, test, a new CSV).
 *
 * The fitted state (`FittedPreprocessor`) is plain JSON: it is saved as model/preprocessing.json and the
 * ONNX exporter rebuilds the same arithmetic from it, so every number the transform uses is in it.
 *
 * Also here: the target's encoding (class list or plain values) and the rows that have a target.
 */
import { columnAsNumbers } from '../data/infer';
import { cellText, columnByName, type Column, type ColumnKind, type Table } from '../data/table';
import type { FeatureSettings, Task } from '../pipeline/document';
import { compareNatural } from './naturalOrder';

/** The label of the bucket that collects rare and unseen levels (made unique if a real level has it). */
export const OTHER_LEVEL = '(other)';

/** How one numeric feature is imputed and scaled: `((value, or impute when missing) - mean) / std`. */
export interface NumericScaling {
  /** Replaces missing (and unreadable) values: the training median or mean, per settings. */
  readonly impute: number;
  readonly imputeStrategy: 'median' | 'mean';
  /** Training mean after imputation; 0 when scaling is off. */
  readonly mean: number;
  /** Training population std after imputation (never 0: a 0 would be stored as 1); 1 when scaling is off. */
  readonly std: number;
}

/**
 * A column used as one numeric feature, read through `columnAsNumbers(col, kind)` (data/infer.ts),
 * which is a per-cell reading for these kinds: numeric (text read as a number), datetime (ms since the
 * epoch, UTC), identifier with numeric storage when identifiers are kept.
 */
export interface FittedNumericInput extends NumericScaling {
  readonly encoding: 'numeric';
  readonly column: string;
  readonly kind: ColumnKind;
}

/**
 * A boolean column as one 0/1 feature, then imputed and scaled like a numeric one. Which cell texts are
 * true is fitted on the training rows (the numeric view of a two-valued column depends on the values
 * present, so a new table could read otherwise): numbers appear as their text (String(v)). Any other text
 * counts as missing and is reported as unseen.
 */
export interface FittedBooleanInput extends NumericScaling {
  readonly encoding: 'boolean';
  readonly column: string;
  readonly kind: 'boolean';
  readonly trueLevels: readonly string[];
  readonly falseLevels: readonly string[];
}

/** A column one-hot encoded over `levels` plus, when some training level was grouped, `otherLevel`. */
export interface FittedOneHotInput {
  readonly encoding: 'one-hot';
  readonly column: string;
  /** categorical, or identifier with string storage when identifiers are kept. */
  readonly kind: ColumnKind;
  /** Kept levels in natural order; numbers in numeric storage appear as their text (String(v)). */
  readonly levels: readonly string[];
  /** Replaces missing cells (the most frequent training level; always one of `levels`). */
  readonly mostFrequent: string;
  /** The grouped bucket's label, or null when every training level was kept (then unseen → all zeros). */
  readonly otherLevel: string | null;
  /** How many training rows went into the bucket (0 when there is none), for display. */
  readonly groupedLevels: number;
}

export type FittedInput = FittedNumericInput | FittedBooleanInput | FittedOneHotInput;

export interface FittedPreprocessor {
  readonly version: 1;
  /** Input columns in table order; each contributes `outputWidth(input)` consecutive outputs. */
  readonly inputs: readonly FittedInput[];
  /** One name per output feature: `age`, `color=red`, `color=(other)`. */
  readonly outputNames: readonly string[];
  /** Columns not used, with a plain-language reason. The target is never listed (it is never a feature). */
  readonly dropped: readonly { readonly column: string; readonly reason: string }[];
}

export function outputWidth(input: FittedInput): number {
  if (input.encoding !== 'one-hot') return 1;
  return input.levels.length + (input.otherLevel === null ? 0 : 1);
}

function outputNamesOf(input: FittedInput): string[] {
  if (input.encoding !== 'one-hot') return [input.column];
  const names = input.levels.map((l) => `${input.column}=${l}`);
  if (input.otherLevel !== null) names.push(`${input.column}=${input.otherLevel}`);
  return names;
}

function median(sorted: Float64Array): number {
  const n = sorted.length;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Imputation and scaling fitted on one value per training row (NaN or ±Infinity = missing). */
function fitScaling(values: Float64Array, settings: FeatureSettings): NumericScaling | string {
  const present = values.filter((v) => Number.isFinite(v));
  if (present.length === 0) return 'no values in the training rows';
  const sorted = present.sort();
  if (sorted[0] === sorted[sorted.length - 1]) return `constant in the training rows (always ${sorted[0]})`;
  let sum = 0;
  for (const v of sorted) sum += v;
  const impute = settings.numeric.impute === 'median' ? median(sorted) : sum / sorted.length;
  const n = values.length;
  const missing = n - sorted.length;
  const mean = (sum + missing * impute) / n;
  let ss = missing * (impute - mean) ** 2;
  for (const v of sorted) ss += (v - mean) ** 2;
  const std = Math.sqrt(ss / n);
  const scaled = settings.numeric.scale === 'standard';
  return {
    impute,
    imputeStrategy: settings.numeric.impute,
    mean: scaled ? mean : 0,
    std: scaled && std > 0 ? std : 1,
  };
}

/** The column restricted to `rows` (row i of the result is table row rows[i]). */
function subColumn(col: Column, rows: Int32Array): Column {
  if (col.storage === 'numeric') return { name: col.name, storage: 'numeric', values: Float64Array.from(rows, (r) => col.values[r]!) };
  return { name: col.name, storage: 'string', codes: rows.map((r) => col.codes[r]!), dictionary: col.dictionary };
}

function fitNumeric(col: Column, kind: ColumnKind, rows: Int32Array, settings: FeatureSettings): FittedNumericInput | string {
  const values = columnAsNumbers(subColumn(col, rows), kind);
  const scaling = fitScaling(values, settings);
  return typeof scaling === 'string' ? scaling : { encoding: 'numeric', column: col.name, kind, ...scaling };
}

function fitBoolean(col: Column, rows: Int32Array, settings: FeatureSettings): FittedBooleanInput | string {
  // Read as the profile does (true/false words, or the larger of two values as true), on train rows only.
  const bits = columnAsNumbers(subColumn(col, rows), 'boolean');
  const scaling = fitScaling(bits, settings);
  if (typeof scaling === 'string') return scaling;
  const text = levelTexts(col);
  const trueLevels = new Set<string>();
  const falseLevels = new Set<string>();
  for (let i = 0; i < rows.length; i++) {
    const t = text(rows[i]!);
    if (t !== null && bits[i] === 1) trueLevels.add(t);
    else if (t !== null && bits[i] === 0) falseLevels.add(t);
  }
  return {
    encoding: 'boolean',
    column: col.name,
    kind: 'boolean',
    trueLevels: [...trueLevels].sort(compareNatural),
    falseLevels: [...falseLevels].sort(compareNatural),
    ...scaling,
  };
}

/** The text of every cell (missing → null), computed once per distinct value. */
function levelTexts(col: Column): (row: number) => string | null {
  if (col.storage === 'string') return (row) => (col.codes[row]! < 0 ? null : col.dictionary[col.codes[row]!]!);
  return (row) => {
    const v = col.values[row]!;
    return Number.isNaN(v) ? null : cellText(col, row);
  };
}

function fitOneHot(
  col: Column,
  kind: ColumnKind,
  rows: Int32Array,
  settings: FeatureSettings,
): FittedOneHotInput | string {
  const text = levelTexts(col);
  const counts = new Map<string, number>();
  for (let i = 0; i < rows.length; i++) {
    const t = text(rows[i]!);
    if (t !== null) counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  if (counts.size === 0) return 'no values in the training rows';
  if (counts.size === 1) return `constant in the training rows (always "${[...counts.keys()][0]!}")`;
  const byFrequency = [...counts.entries()].sort((a, b) => b[1] - a[1] || compareNatural(a[0], b[0]));
  const { minCount, maxLevels } = settings.categorical;
  const kept = byFrequency.filter(([, c]) => c >= minCount).slice(0, maxLevels);
  if (kept.length === 0) {
    return `every level is rarer than ${minCount} training rows (minimum count), so nothing would remain but "${OTHER_LEVEL}"`;
  }
  const levels = kept.map(([l]) => l).sort(compareNatural);
  let groupedLevels = 0;
  for (const [, c] of byFrequency) groupedLevels += c;
  for (const [, c] of kept) groupedLevels -= c;
  let otherLevel: string | null = null;
  if (kept.length < byFrequency.length) {
    otherLevel = OTHER_LEVEL;
    while (counts.has(otherLevel)) otherLevel = `${otherLevel}_`;
  }
  return {
    encoding: 'one-hot',
    column: col.name,
    kind,
    levels,
    mostFrequent: byFrequency[0]![0],
    otherLevel,
    groupedLevels,
  };
}

/**
 * Fits the default pipeline on `trainRows` of `table`. Reads only those rows: no statistic leaks from
 * validation or test rows. `kinds` must give a kind for every column (throws otherwise).
 *
 * Column rules: the target is never a feature; `settings.excluded` columns are dropped; identifier
 * columns are dropped when `settings.dropIdentifiers` (else used as numeric or categorical by storage);
 * text columns are dropped (they need a TF-IDF node); columns constant (or empty) in the training rows are
 * dropped; categorical columns whose every level is rarer than `minCount` are dropped.
 * Cost: O(columns × trainRows) plus a sort per column.
 */
export function fitPreprocessor(
  table: Table,
  kinds: Readonly<Record<string, ColumnKind>>,
  target: string,
  settings: FeatureSettings,
  trainRows: Int32Array,
): FittedPreprocessor {
  const excluded = new Set(settings.excluded);
  const inputs: FittedInput[] = [];
  const dropped: { column: string; reason: string }[] = [];
  for (const col of table.columns) {
    if (col.name === target) continue;
    const kind = kinds[col.name];
    if (kind === undefined) throw new Error(`No column kind given for column "${col.name}".`);
    if (excluded.has(col.name)) {
      dropped.push({ column: col.name, reason: 'excluded by the user' });
      continue;
    }
    if (kind === 'identifier' && settings.dropIdentifiers) {
      dropped.push({ column: col.name, reason: 'identifier column (a row id or unique key predicts nothing new)' });
      continue;
    }
    if (kind === 'text') {
      dropped.push({ column: col.name, reason: 'text features need a TF-IDF node (not in the default pipeline)' });
      continue;
    }
    const fitted =
      kind === 'categorical' || (kind === 'identifier' && col.storage === 'string')
        ? fitOneHot(col, kind, trainRows, settings)
        : kind === 'boolean'
          ? fitBoolean(col, trainRows, settings)
          : fitNumeric(col, kind, trainRows, settings);
    if (typeof fitted === 'string') dropped.push({ column: col.name, reason: fitted });
    else inputs.push(fitted);
  }
  return { version: 1, inputs, outputNames: inputs.flatMap(outputNamesOf), dropped };
}

/** Unseen categorical or boolean levels met by a transform, per column (only columns with some). */
export interface UnseenLevels {
  readonly column: string;
  /** Rows whose level was not seen in training: categorical → the other bucket, or all zeros without one;
   * boolean (also a training text that was neither true nor false) → imputed. */
  readonly count: number;
  /** Up to 5 distinct unseen levels, in order of appearance. */
  readonly examples: readonly string[];
}

function requireColumn(table: Table, name: string): Column {
  const col = columnByName(table, name);
  if (!col) throw new Error(`The column "${name}" (a model input) is not in this table.`);
  return col;
}

/**
 * `transform` plus a count of unseen categorical levels. Throws an Error naming the column when an
 * input column is missing from `table`. Cost: O(rows × inputs); the output is rows × outputs float32.
 */
export function transformWithReport(
  pre: FittedPreprocessor,
  table: Table,
  rows: Int32Array,
): { x: Float32Array; unseen: UnseenLevels[] } {
  const width = pre.outputNames.length;
  const x = new Float32Array(rows.length * width);
  const unseen: UnseenLevels[] = [];
  let offset = 0;
  for (const input of pre.inputs) {
    const col = requireColumn(table, input.column);
    if (input.encoding === 'numeric') {
      const values = columnAsNumbers(col, input.kind);
      for (let i = 0; i < rows.length; i++) {
        const v = values[rows[i]!]!;
        x[i * width + offset] = ((Number.isFinite(v) ? v : input.impute) - input.mean) / input.std;
      }
    } else if (input.encoding === 'boolean') {
      const bit = new Map<string, number>([...input.falseLevels.map((l) => [l, 0] as const), ...input.trueLevels.map((l) => [l, 1] as const)]);
      const text = levelTexts(col);
      let count = 0;
      const examples: string[] = [];
      for (let i = 0; i < rows.length; i++) {
        const t = text(rows[i]!);
        let v = t === null ? undefined : bit.get(t);
        if (t !== null && v === undefined) {
          count++;
          if (examples.length < 5 && !examples.includes(t)) examples.push(t);
        }
        v ??= input.impute;
        x[i * width + offset] = (v - input.mean) / input.std;
      }
      if (count > 0) unseen.push({ column: input.column, count, examples });
    } else {
      const slot = new Map<string, number>(input.levels.map((l, j) => [l, j]));
      const otherSlot = input.otherLevel === null ? -1 : input.levels.length;
      const missingSlot = slot.get(input.mostFrequent) ?? otherSlot;
      const text = levelTexts(col);
      let count = 0;
      const examples: string[] = [];
      for (let i = 0; i < rows.length; i++) {
        const t = text(rows[i]!);
        let j: number;
        if (t === null) j = missingSlot;
        else {
          const s = slot.get(t);
          if (s === undefined) {
            count++;
            if (examples.length < 5 && !examples.includes(t)) examples.push(t);
            j = otherSlot;
          } else j = s;
        }
        if (j >= 0) x[i * width + offset + j] = 1;
      }
      if (count > 0) unseen.push({ column: input.column, count, examples });
    }
    offset += outputWidth(input);
  }
  return { x, unseen };
}

/**
 * Applies a fitted preprocessor to `rows` of any table with the input columns (by name): a row-major
 * `rows.length × pre.outputNames.length` matrix. Unseen levels go to the other bucket if the column has
 * one, else encode as all zeros (see `transformWithReport` to count them).
 */
export function transform(pre: FittedPreprocessor, table: Table, rows: Int32Array): Float32Array {
  return transformWithReport(pre, table, rows).x;
}

// ---------------------------------------------------------------------------------------------------
// Target

export interface TargetEncoding {
  /** The target column's name. */
  readonly column: string;
  readonly task: Task;
  /**
   * Classification: class labels (text; numbers as String(v)) in natural order, except that for exactly
   * two classes the "positive" one is second: a label reading 1/true/yes/y/t/positive/pos when exactly
   * one of the two does, else the second in natural order. null for regression.
   */
  readonly classes: string[] | null;
}

const POSITIVE = new Set(['1', 'true', 'yes', 'y', 't', 'positive', 'pos']);

function requireTarget(table: Table, target: string): Column {
  const col = columnByName(table, target);
  if (!col) throw new Error(`The target column "${target}" is not in this table.`);
  return col;
}

/**
 * Fits the target encoding on `rows` (missing targets ignored). For classification the class list is
 * every label present in those rows; it does not check the count against the task (the caller gives a
 * plain message for a binary target without exactly two classes).
 */
export function fitTarget(table: Table, target: string, task: Task, rows: Int32Array): TargetEncoding {
  const col = requireTarget(table, target);
  if (task === 'regression') return { column: target, task, classes: null };
  const text = levelTexts(col);
  const seen = new Set<string>();
  for (let i = 0; i < rows.length; i++) {
    const t = text(rows[i]!);
    if (t !== null) seen.add(t);
  }
  const classes = [...seen].sort(compareNatural);
  if (classes.length === 2) {
    const pos = classes.map((c) => POSITIVE.has(c.trim().toLowerCase()));
    if (pos[0] && !pos[1]) classes.reverse();
  }
  return { column: target, task, classes };
}

/**
 * The target of `rows` as float32: classification → class index in `enc.classes`, -1 for a label not in
 * the class list (a class absent where the encoding was fitted); regression → the numeric value (see
 * columnAsNumbers(col, 'numeric'): text read as a number). A missing target gives NaN in both cases: pass
 * rows from `targetRows`.
 */
export function encodeTarget(enc: TargetEncoding, table: Table, rows: Int32Array): Float32Array {
  const col = requireTarget(table, enc.column);
  const y = new Float32Array(rows.length);
  if (enc.classes === null) {
    const values = columnAsNumbers(col, 'numeric');
    for (let i = 0; i < rows.length; i++) y[i] = values[rows[i]!]!;
    return y;
  }
  const index = new Map(enc.classes.map((c, j) => [c, j]));
  const text = levelTexts(col);
  for (let i = 0; i < rows.length; i++) {
    const t = text(rows[i]!);
    y[i] = t === null ? NaN : (index.get(t) ?? -1);
  }
  return y;
}

/** The rows whose target is present, ascending, and how many were left out. */
export function targetRows(table: Table, target: string): { rows: Int32Array; missing: number } {
  const col = requireTarget(table, target);
  const text = levelTexts(col);
  const keep: number[] = [];
  for (let r = 0; r < table.rowCount; r++) if (text(r) !== null) keep.push(r);
  return { rows: Int32Array.from(keep), missing: table.rowCount - keep.length };
}
