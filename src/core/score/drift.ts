/**
 * Data drift: is the new data like the training data? Each raw input column is compared with a small
 * reference fitted on the training rows and saved beside the model (`DriftReference`, plain JSON):
 *
 * - numeric and datetime columns (read with `columnAsNumbers`): quantile bins of the training values
 *   (`bins` of them, edges deduplicated, so point masses make fewer bins) plus a missing bin, compared
 *   by the Population Stability Index; and the two-sample Kolmogorov-Smirnov test (ks.ts, as SciPy's
 *   `ks_2samp(method='asymp')`) between the new values and a seeded sample of at most `sample` training
 *   values (the p-value counts that sample's size, not the training set's);
 * - categorical and boolean columns: the shares of the 50 most frequent training levels, of the other
 *   levels together, and of missing cells, compared by PSI; levels never seen in training are counted
 *   with up to 5 examples (rare training levels are remembered up to 5,000, beyond which unseen levels
 *   cannot be told from rare ones and are not counted);
 * - text and identifier columns are listed as not compared (free text and keys have no distribution to
 *   compare level by level); a column absent from the new table is reported, never an error.
 *
 * Shares count every row, missing included, so each side's bins sum to 1. Missing and non-finite values
 * are missing. Numeric bins are right-closed: bin i holds edges[i−1] < v ≤ edges[i], so a point mass at
 * an edge (all the zeros of a zero-inflated column) stays in one bin.
 *
 * PSI = Σ (new − train) · ln(new / train) over the bins. An empty bin would make the logarithm infinite,
 * so a share below PSI_EPSILON = 1e-4 counts as 1e-4 on either side (the usual practice; it caps one
 * empty bin's contribution near share · ln(share / 1e-4)). Identical shares give exactly 0.
 *
 * Flags: PSI ≥ 0.25 is a major shift, 0.1 ≤ PSI < 0.25 a moderate one; a shift marks the column as
 * drifted only when chance alone would rarely give such a PSI between samples of these sizes (p < 0.01,
 * n_eff · PSI ≈ χ²(bins − 1): with 30 new rows PSI 0.4 over 10 bins is common noise); a KS p-value
 * < 0.01 with D ≥ 0.1 also marks a numeric column as drifted (D ≥ 0.1 keeps huge samples from flagging
 * negligible changes).
 * Confidence: with no drift PSI is still about (k − 1)(1/n_train + 1/n_new) on average for k non-empty
 * bins (its chi-square approximation); when that noise level reaches half the moderate threshold the
 * column is marked low-confidence and its explanation says so.
 *
 * Explanations are plain text meant to be shown as text (they quote category levels, which are user
 * data): never insert them as HTML.
 *
 * Cost: fitting O(train rows · log) per column (one sort); a report O(new rows · log) per column plus the
 * KS p-value (ks.ts).
 */
import { columnAsNumbers } from '../data/infer';
import { columnByName, type Column, type ColumnKind, type Table } from '../data/table';
import { compareNatural } from '../features/naturalOrder';
import { createRng, deriveSeed } from '../util/random';
import { chiSquareSf } from './chiSquare';
import { edgeLabels, formatPair, lowConfidenceNote, missingSentence, noDriftSentence, percent, quoteAll, statsText } from './driftText';
import { ksTwoSample } from './ks';

/** Shares below this count as this in PSI (see the module comment). */
export const PSI_EPSILON = 1e-4;
export const PSI_MODERATE = 0.1;
export const PSI_MAJOR = 0.25;
export const KS_ALPHA = 0.01;
export const KS_MIN_STATISTIC = 0.1;
const MAX_LEVELS = 50;
const MAX_REMEMBERED_LEVELS = 5000;
const MAX_EXAMPLES = 5;
/** Relative change of the median (in training IQRs) below which a shift reads as a change of spread. */
const MEDIAN_SHIFT_IQR = 0.1;
/** Missing-share change (absolute) worth mentioning in an explanation. */
const MISSING_NOTE = 0.05;

interface ReferenceBase {
  readonly name: string;
  /** The kind the column was read as in training. */
  readonly kind: ColumnKind;
  /** Training rows the reference was fitted on. */
  readonly rows: number;
  /** Share of training rows missing (or unreadable, or non-finite). */
  readonly missingShare: number;
}

export interface NumericReference extends ReferenceBase {
  readonly type: 'numeric';
  /** Interior bin edges, ascending and distinct; bins are right-closed (see the module comment). */
  readonly edges: readonly number[];
  /** Share of training rows in each bin (edges.length + 1 entries); with missingShare they sum to 1. */
  readonly shares: readonly number[];
  /** 25th, 50th and 75th percentiles of the present training values (linear interpolation); null when none. */
  readonly quartiles: readonly [number, number, number] | null;
  /** A seeded sample of the present training values, ascending, for the KS test. */
  readonly sample: readonly number[];
}

export interface CategoricalReference extends ReferenceBase {
  readonly type: 'categorical';
  /** The most frequent training levels (at most 50) and their share of training rows, most frequent first. */
  readonly levels: readonly { readonly level: string; readonly share: number }[];
  /** Share of training rows with any other level. */
  readonly otherShare: number;
  /** The other training levels in natural order, to tell rare levels from unseen ones; null when over 5,000. */
  readonly otherLevels: readonly string[] | null;
}

export interface SkippedReference {
  readonly name: string;
  readonly kind: ColumnKind;
  readonly type: 'skipped';
  /** Why it is not compared, as a noun phrase: "free text", "an identifier". */
  readonly reason: string;
}

export type ColumnReference = NumericReference | CategoricalReference | SkippedReference;

/** What new data is compared with; plain JSON (no NaN, Infinity or typed arrays), saved beside the model. */
export interface DriftReference {
  readonly version: 1;
  readonly columns: readonly ColumnReference[];
}

export type ShiftLevel = 'none' | 'moderate' | 'major';

export interface BinComparison {
  /** "≤ 10", "10 – 20", "> 90", a level, "other values" or "missing". */
  readonly label: string;
  readonly train: number;
  readonly new: number;
}

export interface ColumnDrift {
  readonly name: string;
  readonly type: 'numeric' | 'categorical' | 'skipped';
  /** compared; absent from the new table; skipped (a kind that is not compared). */
  readonly status: 'compared' | 'absent' | 'skipped';
  readonly rows: { readonly train: number; readonly new: number };
  readonly missingShare: { readonly train: number; readonly new: number } | null;
  /** Shares per bin on both sides (the bins PSI is computed over); empty unless compared. */
  readonly bins: readonly BinComparison[];
  readonly psi: number | null;
  /**
   * How often a PSI this large arises by chance between samples of these sizes from one distribution
   * (n_eff · PSI ≈ χ² with bins − 1 degrees of freedom, n_eff = 1 / (1/n_train + 1/n_new)); null when
   * not compared. A shift counts as drift only when this is below 0.01.
   */
  readonly psiPValue: number | null;
  readonly shift: ShiftLevel;
  /** Numeric columns with present values on both sides; pValue null when the samples are too small. */
  readonly ks: { readonly statistic: number; readonly pValue: number | null; readonly drifted: boolean } | null;
  /** Numeric columns: medians of the present values (null when none). */
  readonly median: { readonly train: number | null; readonly new: number | null } | null;
  /** Categorical columns: rows whose level was never seen in training (null when it cannot be told). */
  readonly unseen: { readonly count: number; readonly examples: readonly string[] } | null;
  readonly lowConfidence: boolean;
  readonly drifted: boolean;
  /** One plain-text sentence or two, starting with the column name. */
  readonly explanation: string;
}

export interface DriftReport {
  /** New rows compared. */
  readonly rows: number;
  /** One entry per reference column, in the reference's order. */
  readonly columns: readonly ColumnDrift[];
  /** Drifted columns, the largest PSI first. */
  readonly drifted: readonly string[];
  /** Reference columns missing from the new table. */
  readonly absent: readonly string[];
  readonly summary: string;
}

// ---------------------------------------------------------------------------------------------------
// Shared helpers

/** Population Stability Index of two share vectors over the same bins (see the module comment). */
export function psi(train: readonly number[], actual: readonly number[]): number {
  if (train.length !== actual.length) throw new Error('psi: the two share vectors need the same bins.');
  let sum = 0;
  for (let i = 0; i < train.length; i++) {
    const e = Math.max(train[i]!, PSI_EPSILON);
    const a = Math.max(actual[i]!, PSI_EPSILON);
    sum += (a - e) * Math.log(a / e);
  }
  return sum;
}

function shiftLevel(p: number): ShiftLevel {
  return p >= PSI_MAJOR ? 'major' : p >= PSI_MODERATE ? 'moderate' : 'none';
}

/** Linear-interpolation quantile (NumPy's default) of ascending values; `sorted` must not be empty. */
function quantile(sorted: ArrayLike<number>, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Present (finite) values of `rows`, ascending, -0 read as 0 (JSON cannot keep -0). */
function presentSorted(values: Float64Array, rows: Int32Array): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const v = values[rows[i]!]!;
    if (Number.isFinite(v)) out.push(v + 0);
  }
  return Float64Array.from(out).sort();
}

/** Cell text as the features read levels: string storage → its text, numbers → String(v); null when missing. */
function levelText(col: Column): (row: number) => string | null {
  if (col.storage === 'string') return (row) => (col.codes[row]! < 0 ? null : col.dictionary[col.codes[row]!]!);
  return (row) => {
    const v = col.values[row]!;
    return Number.isNaN(v) ? null : String(v);
  };
}

/** Index of the right-closed bin holding v: the number of edges strictly below v. */
function binOf(edges: readonly number[], v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const allRows = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i);

// ---------------------------------------------------------------------------------------------------
// Fitting

function fitNumeric(col: Column, kind: ColumnKind, rows: Int32Array, bins: number, sampleSize: number, seed: number): NumericReference {
  const sorted = presentSorted(columnAsNumbers(col, kind), rows);
  const edges: number[] = [];
  if (sorted.length > 0) {
    for (let j = 1; j < bins; j++) {
      const e = quantile(sorted, j / bins) + 0;
      if (edges.length === 0 || e > edges[edges.length - 1]!) edges.push(e);
    }
  }
  const counts = new Float64Array(edges.length + 1);
  for (const v of sorted) counts[binOf(edges, v)]!++;
  let sample: number[];
  if (sorted.length <= sampleSize) sample = Array.from(sorted);
  else {
    // Partial Fisher-Yates over positions: a uniform sample without replacement, seeded per column.
    const rng = createRng(deriveSeed(seed, `drift:${col.name}`));
    const idx = Int32Array.from({ length: sorted.length }, (_, i) => i);
    for (let i = 0; i < sampleSize; i++) {
      const j = i + Math.floor(rng() * (idx.length - i));
      const t = idx[i]!;
      idx[i] = idx[j]!;
      idx[j] = t;
    }
    sample = Array.from(idx.subarray(0, sampleSize), (i) => sorted[i]!).sort((a, b) => a - b);
  }
  return {
    name: col.name,
    kind,
    type: 'numeric',
    rows: rows.length,
    missingShare: (rows.length - sorted.length) / rows.length,
    edges,
    shares: Array.from(counts, (c) => c / rows.length),
    quartiles: sorted.length === 0 ? null : [quantile(sorted, 0.25), quantile(sorted, 0.5), quantile(sorted, 0.75)],
    sample,
  };
}

function fitCategorical(col: Column, kind: ColumnKind, rows: Int32Array): CategoricalReference {
  const text = levelText(col);
  const counts = new Map<string, number>();
  let missing = 0;
  for (let i = 0; i < rows.length; i++) {
    const t = text(rows[i]!);
    if (t === null) missing++;
    else counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  const byFrequency = [...counts.entries()].sort((a, b) => b[1] - a[1] || compareNatural(a[0], b[0]));
  const top = byFrequency.slice(0, MAX_LEVELS);
  const rest = byFrequency.slice(MAX_LEVELS);
  let other = 0;
  for (const [, c] of rest) other += c;
  return {
    name: col.name,
    kind,
    type: 'categorical',
    rows: rows.length,
    missingShare: missing / rows.length,
    levels: top.map(([level, c]) => ({ level, share: c / rows.length })),
    otherShare: other / rows.length,
    otherLevels: rest.length > MAX_REMEMBERED_LEVELS ? null : rest.map(([l]) => l).sort(compareNatural),
  };
}

/**
 * Fits the reference on `trainRows` of `table` for `columns` (the model's raw inputs, with the kinds
 * they were read as). Options: `bins` (10) quantile bins per numeric column, `sample` (2000) training
 * values kept per numeric column for the KS test, `seed` (0) for that sample. Throws when a column is
 * not in the table or there are no training rows.
 */
export function fitDriftReference(
  table: Table,
  columns: readonly { readonly name: string; readonly kind: ColumnKind }[],
  trainRows: Int32Array,
  opts: { readonly bins?: number; readonly sample?: number; readonly seed?: number } = {},
): DriftReference {
  const bins = opts.bins ?? 10;
  const sampleSize = opts.sample ?? 2000;
  if (!(Number.isInteger(bins) && bins >= 1)) throw new Error(`fitDriftReference: bins must be a positive integer (got ${bins}).`);
  if (!(Number.isInteger(sampleSize) && sampleSize >= 1)) throw new Error(`fitDriftReference: sample must be a positive integer (got ${sampleSize}).`);
  if (trainRows.length === 0) throw new Error('fitDriftReference: no training rows.');
  const refs = columns.map(({ name, kind }): ColumnReference => {
    const col = columnByName(table, name);
    if (!col) throw new Error(`fitDriftReference: the column "${name}" is not in the table.`);
    if (kind === 'numeric' || kind === 'datetime') return fitNumeric(col, kind, trainRows, bins, sampleSize, opts.seed ?? 0);
    if (kind === 'categorical' || kind === 'boolean') return fitCategorical(col, kind, trainRows);
    return { name, kind, type: 'skipped', reason: kind === 'text' ? 'free text' : 'an identifier' };
  });
  return { version: 1, columns: refs };
}

// ---------------------------------------------------------------------------------------------------
// Comparing

/** The largest |contribution| bin of the PSI sum. */
function largestContribution(train: readonly number[], actual: readonly number[]): number {
  let best = 0;
  let bestValue = -Infinity;
  for (let i = 0; i < train.length; i++) {
    const e = Math.max(train[i]!, PSI_EPSILON);
    const a = Math.max(actual[i]!, PSI_EPSILON);
    const c = (a - e) * Math.log(a / e);
    if (c > bestValue) {
      bestValue = c;
      best = i;
    }
  }
  return best;
}

/** The chance of a PSI at least `p` between samples of these sizes from one distribution (see ColumnDrift). */
function psiPValue(p: number, train: readonly number[], actual: readonly number[], nTrain: number, nNew: number): number | null {
  if (nNew === 0 || nTrain === 0) return null;
  let k = 0;
  for (let i = 0; i < train.length; i++) if (train[i]! > 0 || actual[i]! > 0) k++;
  return chiSquareSf(p / (1 / nTrain + 1 / nNew), Math.max(k - 1, 1));
}


function lowConfidence(train: readonly number[], actual: readonly number[], nTrain: number, nNew: number): boolean {
  let k = 0;
  for (let i = 0; i < train.length; i++) if (train[i]! > 0 || actual[i]! > 0) k++;
  return nNew === 0 || Math.max(k - 1, 1) * (1 / nTrain + 1 / nNew) >= PSI_MODERATE / 2;
}



function compareNumeric(ref: NumericReference, col: Column, rows: Int32Array): ColumnDrift {
  const sorted = presentSorted(columnAsNumbers(col, ref.kind), rows);
  const n = rows.length;
  const counts = new Float64Array(ref.edges.length + 1);
  for (const v of sorted) counts[binOf(ref.edges, v)]!++;
  const newMissing = n === 0 ? 0 : (n - sorted.length) / n;
  const trainShares = [...ref.shares, ref.missingShare];
  const newShares = n === 0 ? trainShares.map(() => 0) : [...Array.from(counts, (c) => c / n), newMissing];
  const p = n === 0 ? null : psi(trainShares, newShares);
  const ksResult = sorted.length > 0 && ref.sample.length > 0 ? ksTwoSample(Float64Array.from(ref.sample), sorted) : null;
  const ks = ksResult && {
    statistic: ksResult.statistic,
    pValue: Number.isNaN(ksResult.pValue) ? null : ksResult.pValue,
    drifted: !Number.isNaN(ksResult.pValue) && ksResult.pValue < KS_ALPHA && ksResult.statistic >= KS_MIN_STATISTIC,
  };
  const shift = p === null ? 'none' : shiftLevel(p);
  const psiP = p === null ? null : psiPValue(p, trainShares, newShares, ref.rows, n);
  const drifted = (shift !== 'none' && psiP !== null && psiP < KS_ALPHA) || ks?.drifted === true;
  const medianNew = sorted.length === 0 ? null : quantile(sorted, 0.5);
  const medianTrain = ref.quartiles?.[1] ?? null;
  const low = lowConfidence(trainShares, newShares, ref.rows, n);

  let explanation: string;
  if (n === 0) explanation = `${ref.name}: no new rows to compare.`;
  else if (!drifted) explanation = noDriftSentence(ref.name, shift, p, psiP, n, ks);
  else {
    const missingBin = trainShares.length - 1;
    let what: string;
    if (largestContribution(trainShares, newShares) === missingBin || medianNew === null || medianTrain === null) {
      what = missingSentence(ref.missingShare, newMissing);
    } else {
      const [q1, , q3] = ref.quartiles!;
      const iqr = q3 - q1;
      const moved = Math.abs(medianNew - medianTrain) > (iqr > 0 ? MEDIAN_SHIFT_IQR * iqr : 0);
      if (moved) {
        const [a, b] = formatPair(medianNew, medianTrain, ref.kind);
        what = `the new values are ${medianNew > medianTrain ? 'higher' : 'lower'} on the whole: median ${a} vs ${b} in training`;
      } else {
        const [n1, t1] = formatPair(quantile(sorted, 0.25), q1, ref.kind);
        const [n3, t3] = formatPair(quantile(sorted, 0.75), q3, ref.kind);
        what = `the values are spread differently: the middle half lies between ${n1} and ${n3} vs ${t1} and ${t3} in training`;
      }
      if (Math.abs(newMissing - ref.missingShare) >= MISSING_NOTE) what += `; ${missingSentence(ref.missingShare, newMissing)}`;
    }
    explanation = `${ref.name}: ${what}${statsText(p, ks)}.`;
  }
  if (low) explanation += lowConfidenceNote(ref.rows, n);
  const labels = [...edgeLabels(ref.edges, ref.kind), 'missing'];
  return {
    name: ref.name,
    type: 'numeric',
    status: 'compared',
    rows: { train: ref.rows, new: n },
    missingShare: { train: ref.missingShare, new: newMissing },
    bins: labels.map((label, i) => ({ label, train: trainShares[i]!, new: newShares[i]! })),
    psi: p,
    psiPValue: psiP,
    shift,
    ks,
    median: { train: medianTrain, new: medianNew },
    unseen: null,
    lowConfidence: low,
    drifted,
    explanation,
  };
}

function compareCategorical(ref: CategoricalReference, col: Column, rows: Int32Array): ColumnDrift {
  const text = levelText(col);
  const slot = new Map(ref.levels.map((l, i) => [l.level, i]));
  const known = ref.otherLevels === null ? null : new Set(ref.otherLevels);
  const counts = new Float64Array(ref.levels.length + 2);
  const otherSlot = ref.levels.length;
  const missingSlot = ref.levels.length + 1;
  let unseenCount = 0;
  const examples: string[] = [];
  for (let i = 0; i < rows.length; i++) {
    const t = text(rows[i]!);
    if (t === null) {
      counts[missingSlot]!++;
      continue;
    }
    const s = slot.get(t);
    if (s !== undefined) {
      counts[s]!++;
      continue;
    }
    counts[otherSlot]!++;
    if (known !== null && !known.has(t)) {
      unseenCount++;
      if (examples.length < MAX_EXAMPLES && !examples.includes(t)) examples.push(t);
    }
  }
  const n = rows.length;
  const trainShares = [...ref.levels.map((l) => l.share), ref.otherShare, ref.missingShare];
  const newShares = n === 0 ? trainShares.map(() => 0) : Array.from(counts, (c) => c / n);
  const p = n === 0 ? null : psi(trainShares, newShares);
  const shift = p === null ? 'none' : shiftLevel(p);
  const psiP = p === null ? null : psiPValue(p, trainShares, newShares, ref.rows, n);
  const drifted = shift !== 'none' && psiP !== null && psiP < KS_ALPHA;
  const unseen = known === null ? null : { count: unseenCount, examples };
  const low = lowConfidence(trainShares, newShares, ref.rows, n);
  const newMissing = n === 0 ? 0 : counts[missingSlot]! / n;

  let explanation: string;
  let unseenTold = false;
  if (n === 0) explanation = `${ref.name}: no new rows to compare.`;
  else if (!drifted) explanation = noDriftSentence(ref.name, shift, p, psiP, n, null);
  else {
    const i = largestContribution(trainShares, newShares);
    const share = `${percent(newShares[i]!)} of rows vs ${percent(trainShares[i]!)} in training`;
    let what: string;
    if (i === missingSlot) what = missingSentence(ref.missingShare, newMissing);
    else if (i !== otherSlot) what = `the mix of values changed: "${ref.levels[i]!.level}" is ${share}`;
    else if (unseen && unseen.count > counts[otherSlot]! / 2) {
      what = `${percent(unseen.count / n)} of rows have values never seen in training, e.g. ${quoteAll(unseen.examples)}`;
      unseenTold = true;
    } else what = `the mix of values changed: less common values are ${share}`;
    explanation = `${ref.name}: ${what}${statsText(p, null)}.`;
  }
  if (unseen && unseen.count > 0 && !unseenTold) {
    explanation += ` ${unseen.count} row${unseen.count === 1 ? ' has a value' : 's have values'} never seen in training, e.g. ${quoteAll(unseen.examples)}.`;
  }
  if (low) explanation += lowConfidenceNote(ref.rows, n);
  const labels = [...ref.levels.map((l) => l.level), 'other values', 'missing'];
  return {
    name: ref.name,
    type: 'categorical',
    status: 'compared',
    rows: { train: ref.rows, new: n },
    missingShare: { train: ref.missingShare, new: newMissing },
    bins: labels.map((label, j) => ({ label, train: trainShares[j]!, new: newShares[j]! })),
    psi: p,
    psiPValue: psiP,
    shift,
    ks: null,
    median: null,
    unseen,
    lowConfidence: low,
    drifted,
    explanation,
  };
}

function notCompared(ref: ColumnReference, status: 'absent' | 'skipped', explanation: string): ColumnDrift {
  return {
    name: ref.name,
    type: ref.type,
    status,
    rows: { train: ref.type === 'skipped' ? 0 : ref.rows, new: 0 },
    missingShare: null,
    bins: [],
    psi: null,
    psiPValue: null,
    shift: 'none',
    ks: null,
    median: null,
    unseen: null,
    lowConfidence: false,
    drifted: false,
    explanation,
  };
}

/**
 * Compares `rows` of `table` (all rows when omitted) with the reference, column by column (by name).
 * Never throws for data it cannot compare: absent columns and skipped kinds are reported as such.
 */
export function driftReport(ref: DriftReference, table: Table, rows?: Int32Array): DriftReport {
  const use = rows ?? allRows(table.rowCount);
  const columns = ref.columns.map((c): ColumnDrift => {
    if (c.type === 'skipped') return notCompared(c, 'skipped', `${c.name}: not compared (${c.reason}).`);
    const col = columnByName(table, c.name);
    if (!col) return notCompared(c, 'absent', `${c.name}: this column is not in the new data.`);
    return c.type === 'numeric' ? compareNumeric(c, col, use) : compareCategorical(c, col, use);
  });
  const drifted = columns
    .filter((c) => c.drifted)
    .sort((a, b) => (b.psi ?? 0) - (a.psi ?? 0) || (b.ks?.statistic ?? 0) - (a.ks?.statistic ?? 0));
  const absent = columns.filter((c) => c.status === 'absent').map((c) => c.name);
  const compared = columns.filter((c) => c.status === 'compared').length;
  const parts: string[] = [];
  if (drifted.length === 0) parts.push(`No column changed notably (${compared} compared).`);
  else {
    const list = drifted.map((c) => `${c.name} (${c.shift === 'none' ? 'distribution changed' : `${c.shift} shift`})`).join(', ');
    parts.push(`${drifted.length} of ${compared} compared column${compared === 1 ? '' : 's'} drifted: ${list}.`);
  }
  if (absent.length > 0) parts.push(`Not in the new data: ${absent.join(', ')}.`);
  return { rows: use.length, columns, drifted: drifted.map((c) => c.name), absent, summary: parts.join(' ') };
}
