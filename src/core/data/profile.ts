/**
 * The dataset profile the UI shows: per-column statistics and plain-language warnings about problems a
 * model would trip on (constant or identifier columns, leakage, duplicates, imbalance, missing data).
 * Cost: O(rows × columns), plus a native sort of each numeric column's values.
 */
import { summarizeColumn, topValues, type ColumnSummary } from './columnSummary';
import { columnAsNumbers, inferKindFromSummary, inferTask } from './infer';
import type { Column, ColumnKind, Table } from './table';

export interface Histogram {
  /** Bin edges, ascending; `counts.length + 1` of them. The last bin includes its right edge. */
  readonly edges: number[];
  readonly counts: number[];
}

export interface NumericStats {
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** Sample standard deviation (ddof = 1); 0 when there is a single value. */
  readonly std: number;
  readonly histogram: Histogram;
}

export interface ColumnProfile {
  readonly name: string;
  /** The kind in effect (the user's choice, else the inferred one). */
  readonly kind: ColumnKind;
  readonly inferredKind: ColumnKind;
  readonly kindReason: string;
  readonly missing: number;
  /** Distinct non-missing values. */
  readonly unique: number;
  /** For numeric, datetime (ms since epoch) and boolean (0/1) columns with at least one value. */
  readonly numeric?: NumericStats;
  /** The 10 most frequent values of categorical, text, identifier and boolean columns. */
  readonly top?: { readonly value: string; readonly count: number }[];
  /** The messages of the table warnings about this column. */
  readonly warnings: string[];
}

export type ProfileWarningKind =
  | 'constant'
  | 'identifier'
  | 'high-cardinality'
  | 'leakage'
  | 'duplicates'
  | 'imbalance'
  | 'missing';

export interface ProfileWarning {
  readonly kind: ProfileWarningKind;
  readonly column?: string;
  readonly message: string;
}

export interface TableProfile {
  readonly rowCount: number;
  readonly columnCount: number;
  /** Rows identical in every column to an earlier row. */
  readonly duplicateRows: number;
  readonly columns: ColumnProfile[];
  readonly warnings: ProfileWarning[];
}

/** Above this share of missing cells a column is flagged. */
const MISSING_SHARE = 0.5;
/** A categorical column with more levels than this, or more than half its rows distinct, is flagged. */
const HIGH_CARDINALITY_LEVELS = 50;
const HIGH_CARDINALITY_SHARE = 0.5;
/** A feature is leaking when it explains the target this well... */
const LEAKAGE_FIT = 0.99;
/** ...and each of its values (or bins) covers this many rows on average (identifiers fit trivially). */
const LEAKAGE_ROWS_PER_GROUP = 10;
/** Numeric features with more distinct values are cut into this many equal-width bins for leakage. */
const LEAKAGE_BINS = 32;
const IMBALANCE_RATIO = 10;
const IMBALANCE_SHARE = 0.1;
const MAX_HISTOGRAM_BINS = 30;
const TOP_VALUES = 10;

const NUMERIC_VIEW_KINDS: ReadonlySet<ColumnKind> = new Set(['numeric', 'datetime', 'boolean']);
const CATEGORY_KINDS: ReadonlySet<ColumnKind> = new Set(['categorical', 'text', 'identifier', 'boolean']);

function pct(x: number): string {
  return `${(Math.round(x * 1000) / 10).toFixed(1)}%`;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * Profiles `table` with the column kinds in effect (`kinds`; a missing entry means "use the inferred
 * kind"), and when `target` names a column, the target-related warnings (leakage, imbalance).
 */
export function profileTable(
  table: Table,
  kinds: Readonly<Record<string, ColumnKind>>,
  target?: string | null,
): TableProfile {
  const warnings: ProfileWarning[] = [];
  const summaries = table.columns.map(summarizeColumn);
  const columns: ColumnProfile[] = table.columns.map((col, c) => {
    const s = summaries[c]!;
    const inferred = inferKindFromSummary(col, s);
    const kind = kinds[col.name] ?? inferred.kind;
    const profile: {
      -readonly [K in keyof ColumnProfile]: ColumnProfile[K];
    } = {
      name: col.name,
      kind,
      inferredKind: inferred.kind,
      kindReason: inferred.reason,
      missing: s.missing,
      unique: s.distinct,
      warnings: [],
    };
    if (NUMERIC_VIEW_KINDS.has(kind)) {
      const stats = numericStats(columnAsNumbers(col, kind));
      if (stats !== null) profile.numeric = stats;
    }
    if (CATEGORY_KINDS.has(kind)) profile.top = topValues(col, s, TOP_VALUES);
    warnings.push(...columnWarnings(col.name, kind, s, table.rowCount));
    return profile;
  });

  const duplicateRows = countDuplicateRows(table);
  if (duplicateRows > 0) {
    warnings.push({
      kind: 'duplicates',
      message: `${count(duplicateRows)} ${duplicateRows === 1 ? 'row is an exact copy' : 'rows are exact copies'} of an earlier row. Duplicates can make test scores look better than they are.`,
    });
  }

  const targetIndex = target == null ? -1 : table.columns.findIndex((col) => col.name === target);
  if (targetIndex >= 0) warnings.push(...targetWarnings(table, targetIndex, columns, summaries));

  for (const w of warnings) {
    if (w.column !== undefined) columns.find((p) => p.name === w.column)?.warnings.push(w.message);
  }
  return { rowCount: table.rowCount, columnCount: table.columns.length, duplicateRows, columns, warnings };
}

function columnWarnings(name: string, kind: ColumnKind, s: ColumnSummary, rowCount: number): ProfileWarning[] {
  const out: ProfileWarning[] = [];
  if (s.distinct === 1) {
    out.push({
      kind: 'constant',
      column: name,
      message: `Column "${name}" has the same value in every row${s.missing > 0 ? ' (apart from missing cells)' : ''}, so it cannot help a model.`,
    });
  }
  if (kind === 'identifier') {
    out.push({
      kind: 'identifier',
      column: name,
      message: `Column "${name}" looks like an identifier (${pct(s.distinct / Math.max(1, s.nonMissing))} of its values are different). A model cannot learn from row labels; leave it out of the features.`,
    });
  }
  if (
    kind === 'categorical' &&
    s.nonMissing >= 20 &&
    (s.distinct > HIGH_CARDINALITY_LEVELS || s.distinct > HIGH_CARDINALITY_SHARE * s.nonMissing)
  ) {
    out.push({
      kind: 'high-cardinality',
      column: name,
      message: `Column "${name}" has ${count(s.distinct)} different values (${pct(s.distinct / s.nonMissing)} of its rows). Rare values will be grouped together; if it is really an identifier or free text, change its type.`,
    });
  }
  if (rowCount > 0 && s.missing > MISSING_SHARE * rowCount) {
    out.push({
      kind: 'missing',
      column: name,
      message: `Column "${name}" is ${pct(s.missing / rowCount)} missing (${count(s.missing)} of ${count(rowCount)} rows). Filled-in values will dominate it.`,
    });
  }
  return out;
}

/** Min, max, mean, sample std and histogram of the non-NaN values; null when there are none. */
export function numericStats(values: Float64Array): NumericStats | null {
  let n = 0;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let integers = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v) continue;
    n++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
    if (integers && !Number.isInteger(v)) integers = false;
  }
  if (n === 0) return null;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === v) ss += (v - mean) * (v - mean);
  }
  const std = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;

  // Whole numbers over a short range get one bin per value; otherwise equal-width bins (Sturges).
  let edges: number[];
  if (integers && max - min + 1 <= MAX_HISTOGRAM_BINS) {
    edges = Array.from({ length: max - min + 2 }, (_, i) => min - 0.5 + i);
  } else if (min === max) {
    edges = [min, max];
  } else {
    const bins = Math.min(MAX_HISTOGRAM_BINS, Math.ceil(Math.log2(n)) + 1);
    edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : min + ((max - min) * i) / bins));
  }
  const bins = edges.length - 1;
  const counts = new Array<number>(bins).fill(0);
  const lo = edges[0]!;
  const width = (edges[bins]! - lo) / bins;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v) continue;
    const b = width > 0 ? Math.min(bins - 1, Math.floor((v - lo) / width)) : 0;
    counts[b]!++;
  }
  return { min, max, mean, std, histogram: { edges, counts } };
}

// ---------------------------------------------------------------------------------------------------
// Duplicates

/**
 * Rows equal in every column to an earlier row. Rows are hashed (two 32-bit hashes) in one pass per
 * column; rows with equal hashes are compared cell by cell, so a collision never counts as a duplicate.
 */
export function countDuplicateRows(table: Table): number {
  const n = table.rowCount;
  const h1 = new Int32Array(n).fill(0x12345678);
  const h2 = new Int32Array(n).fill(0x2468ace0 | 0);
  for (const col of table.columns) {
    if (col.storage === 'numeric') {
      const v = col.values;
      const bits = new Int32Array(v.buffer, v.byteOffset, 2 * n);
      for (let i = 0; i < n; i++) {
        // Every NaN (missing) hashes alike, whatever its bit pattern, and -0 like 0 (they compare equal).
        const x = v[i]!;
        const lo = x !== x || x === 0 ? 0 : bits[2 * i]!;
        const hi = x !== x ? 0x7ff80000 : x === 0 ? 0 : bits[2 * i + 1]!;
        h1[i] = mix(mix(h1[i]!, lo, 0x85ebca6b), hi, 0xcc9e2d51);
        h2[i] = mix(mix(h2[i]!, hi, 0x1b873593), lo, 0xe6546b64);
      }
    } else {
      const codes = col.codes;
      for (let i = 0; i < n; i++) {
        h1[i] = mix(h1[i]!, codes[i]!, 0x85ebca6b);
        h2[i] = mix(h2[i]!, codes[i]!, 0x1b873593);
      }
    }
  }
  // Open addressing over typed arrays: slot = 1 + the first row with that content, 0 when empty.
  let capacity = 16;
  while (capacity < 2 * n) capacity *= 2;
  const mask = capacity - 1;
  const slots = new Int32Array(capacity);
  let duplicates = 0;
  for (let i = 0; i < n; i++) {
    let h = h1[i]! & mask;
    for (;;) {
      const slot = slots[h]!;
      if (slot === 0) {
        slots[h] = i + 1;
        break;
      }
      const j = slot - 1;
      if (h1[j] === h1[i] && h2[j] === h2[i] && sameRow(table.columns, i, j)) {
        duplicates++;
        break;
      }
      h = (h + 1) & mask;
    }
  }
  return duplicates;
}

function mix(h: number, x: number, k: number): number {
  h = Math.imul(h ^ x, k);
  return h ^ (h >>> 15);
}

function sameRow(columns: readonly Column[], i: number, j: number): boolean {
  for (const col of columns) {
    if (col.storage === 'numeric') {
      const a = col.values[i]!;
      const b = col.values[j]!;
      if (a !== b && !(a !== a && b !== b)) return false;
    } else if (col.codes[i] !== col.codes[j]) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------
// Target: leakage and imbalance

/** Group ids per row (-1 = missing) and the number of groups, or null when the column is unsuitable. */
function groupsOf(col: Column, s: ColumnSummary): { ids: Int32Array; groups: number } | null {
  if (col.storage === 'string') return { ids: col.codes, groups: col.dictionary.length };
  if (s.nonMissing === 0) return null;
  const ids = new Int32Array(col.values.length);
  if (s.distinct <= 50) {
    // Group k is the value s.levels[k].
    const index = new Map<number, number>();
    s.levels!.forEach((v, k) => index.set(v, k));
    for (let i = 0; i < ids.length; i++) ids[i] = index.get(col.values[i]! === 0 ? 0 : col.values[i]!) ?? -1;
    return { ids, groups: s.distinct };
  }
  const lo = s.min;
  const width = (s.max - lo) / LEAKAGE_BINS;
  for (let i = 0; i < ids.length; i++) {
    const v = col.values[i]!;
    ids[i] = v !== v ? -1 : width > 0 ? Math.min(LEAKAGE_BINS - 1, Math.floor((v - lo) / width)) : 0;
  }
  return { ids, groups: LEAKAGE_BINS };
}

function targetWarnings(
  table: Table,
  targetIndex: number,
  profiles: readonly ColumnProfile[],
  summaries: readonly ColumnSummary[],
): ProfileWarning[] {
  const out: ProfileWarning[] = [];
  const targetCol = table.columns[targetIndex]!;
  const targetKind = profiles[targetIndex]!.kind;
  const ts = summaries[targetIndex]!;
  if (ts.distinct < 2) return out;
  const { task } = inferTask(table, targetCol.name, targetKind);

  if (task !== 'regression') {
    // Classes are the target's distinct values; a numeric column with very many is not really classes.
    if (targetCol.storage === 'numeric' && ts.distinct > 50) return out;
    const classes = groupsOf(targetCol, ts)!;
    const y = classes.ids;
    const classCounts = new Float64Array(classes.groups);
    for (let i = 0; i < y.length; i++) if (y[i]! >= 0) classCounts[y[i]!]!++;
    const labeled = classCounts.reduce((a, b) => a + b, 0);
    let major = -1;
    let minor = -1;
    let present = 0;
    classCounts.forEach((c, k) => {
      if (c === 0) return;
      present++;
      if (major < 0 || c > classCounts[major]!) major = k;
      if (minor < 0 || c < classCounts[minor]!) minor = k;
    });
    const label = (k: number): string =>
      targetCol.storage === 'string' ? targetCol.dictionary[k]! : String(ts.levels![k]!);
    const minorShare = classCounts[minor]! / labeled;
    // With many classes a small share is normal: compare with a tenth of an even split, at most 10%.
    if (classCounts[major]! / classCounts[minor]! > IMBALANCE_RATIO || minorShare < Math.min(IMBALANCE_SHARE, 0.5 / present)) {
      out.push({
        kind: 'imbalance',
        column: targetCol.name,
        message: `The target "${targetCol.name}" is imbalanced: its rarest class "${label(minor)}" has ${pct(minorShare)} of the rows (${count(classCounts[minor]!)} of ${count(labeled)}), the most common "${label(major)}" ${pct(classCounts[major]! / labeled)}. Accuracy will look good even for a model that ignores the rare class.`,
      });
    }
    const baselineError = 1 - classCounts[major]! / labeled;
    table.columns.forEach((col, c) => {
      if (c === targetIndex) return;
      const fit = classificationFit(groupsOf(col, summaries[c]!), y, classes.groups);
      if (fit === null) return;
      const error = 1 - fit.purity;
      if (fit.purity >= LEAKAGE_FIT && error <= 0.1 * baselineError) {
        out.push({
          kind: 'leakage',
          column: col.name,
          message: `Column "${col.name}" predicts the target "${targetCol.name}" almost perfectly: in ${pct(fit.purity)} of rows its value goes with a single class. It may leak the answer (for example, it was recorded after the outcome); check it before training.`,
        });
      }
    });
    return out;
  }

  const yv = columnAsNumbers(targetCol, targetKind);
  table.columns.forEach((col, c) => {
    if (c === targetIndex) return;
    const kind = profiles[c]!.kind;
    let fit: number | null;
    let how: string;
    if (kind === 'numeric' || kind === 'datetime' || kind === 'boolean') {
      const r = correlation(columnAsNumbers(col, kind), yv);
      fit = r === null ? null : Math.abs(r);
      how = `its correlation with the target is ${r === null ? '' : r.toFixed(3)}`;
    } else {
      fit = groupFit(groupsOf(col, summaries[c]!), yv);
      how = `its values explain ${fit === null ? '' : pct(fit)} of the target's variance`;
    }
    if (fit !== null && fit >= LEAKAGE_FIT) {
      out.push({
        kind: 'leakage',
        column: col.name,
        message: `Column "${col.name}" predicts the target "${targetCol.name}" almost perfectly: ${how}. It may leak the answer (for example, it was computed from the target); check it before training.`,
      });
    }
  });
  return out;
}

/**
 * Share of rows (with both values present) whose feature group's most common class is their class.
 * Null when the groups are too small on average (an identifier fits any target) or the feature covers
 * fewer than half the labeled rows.
 */
function classificationFit(
  groups: { ids: Int32Array; groups: number } | null,
  y: Int32Array,
  classes: number,
): { purity: number } | null {
  if (groups === null) return null;
  const { ids } = groups;
  let labeled = 0;
  let both = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i]! < 0) continue;
    labeled++;
    if (ids[i]! >= 0) both++;
  }
  if (both < 10 || both < 0.5 * labeled) return null;
  if (groups.groups * LEAKAGE_ROWS_PER_GROUP > both || groups.groups * classes > 5_000_000) return null;
  const counts = new Int32Array(groups.groups * classes);
  for (let i = 0; i < y.length; i++) {
    const g = ids[i]!;
    const k = y[i]!;
    if (g >= 0 && k >= 0) counts[g * classes + k]!++;
  }
  let correct = 0;
  for (let g = 0; g < groups.groups; g++) {
    let best = 0;
    for (let k = 0; k < classes; k++) best = Math.max(best, counts[g * classes + k]!);
    correct += best;
  }
  return { purity: correct / both };
}

/** Share of the target's variance explained by the feature's group means (eta²), or null. */
function groupFit(groups: { ids: Int32Array; groups: number } | null, y: Float64Array): number | null {
  if (groups === null) return null;
  const { ids } = groups;
  const sums = new Float64Array(groups.groups);
  const ns = new Float64Array(groups.groups);
  let n = 0;
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    const g = ids[i]!;
    if (v !== v || g < 0) continue;
    sums[g]! += v;
    ns[g]!++;
    total += v;
    n++;
  }
  let used = 0;
  for (let g = 0; g < groups.groups; g++) if (ns[g]! > 0) used++;
  if (n < 10 || used < 2 || used * LEAKAGE_ROWS_PER_GROUP > n) return null;
  const mean = total / n;
  let ssTotal = 0;
  let ssWithin = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    const g = ids[i]!;
    if (v !== v || g < 0) continue;
    ssTotal += (v - mean) ** 2;
    ssWithin += (v - sums[g]! / ns[g]!) ** 2;
  }
  return ssTotal > 0 ? 1 - ssWithin / ssTotal : null;
}

/** Pearson correlation over rows where both are present; null with fewer than 3 rows or no spread. */
export function correlation(x: Float64Array, y: Float64Array): number | null {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i]!;
    const b = y[i]!;
    if (a !== a || b !== b) continue;
    n++;
    sx += a;
    sy += b;
  }
  if (n < 3) return null;
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i]!;
    const b = y[i]!;
    if (a !== a || b !== b) continue;
    sxy += (a - mx) * (b - my);
    sxx += (a - mx) ** 2;
    syy += (b - my) ** 2;
  }
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}
