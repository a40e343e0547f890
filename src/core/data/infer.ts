/**
 * Semantic column kinds, the suggested task for a target, and the numeric view of a column that
 * features and profiling share. Inference is a suggestion with a plain-language reason; the user can
 * override any kind in the project document.
 */
import type { Task } from '../pipeline/document';
import { summarizeColumn, usedEntries, type ColumnSummary } from './columnSummary';
import { NumberScanner } from './numberText';
import { columnByName, type Column, type ColumnKind, type Table } from './table';

export interface KindInference {
  readonly kind: ColumnKind;
  readonly reason: string;
}

const TRUE_WORDS: ReadonlySet<string> = new Set(['true', 't', 'yes', 'y', '1', 'on']);
const FALSE_WORDS: ReadonlySet<string> = new Set(['false', 'f', 'no', 'n', '0', 'off']);
/** Column names that announce a key: "id", "user_id", "ID number", "uuid", "order-key"... */
const ID_NAME = /(^|[^a-z])(id|uuid|guid|key)([^a-z]|$)/i;
/** ...or in camelCase: "userId", "customerID". */
const ID_NAME_CAMEL = /[a-z](Id|ID|Key|Uuid|UUID)$/;

/** Share of non-missing values that must parse as dates for a datetime column. */
const DATETIME_SHARE = 0.95;
/** Share of distinct values (among non-missing) above which a column can be an identifier... */
const IDENTIFIER_UNIQUE_SHARE = 0.95;
/** ...given more than this many non-missing values (or a name like "id" and at least 5). */
const IDENTIFIER_MIN_ROWS = 20;
/** Integers with at most this many distinct values (each seen often) are categories, e.g. cylinders. */
const SMALL_INT_LEVELS = 10;
/** At most this many classes for a numeric target to be read as multiclass. */
const MAX_NUMERIC_CLASSES = 20;

function pct(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}

// ---------------------------------------------------------------------------------------------------
// Dates

const DATE_TIME =
  /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Milliseconds since the epoch (UTC) of an ISO-like date or date-time, or NaN. Accepted:
 * YYYY-MM-DD, YYYY/MM/DD, then optionally 'T' or ' ' and HH:mm, HH:mm:ss or HH:mm:ss.fff, then
 * optionally Z or ±hh[:mm]. Without an offset the time is taken as UTC, so results never depend on
 * the machine. Calendar-invalid dates (2023-02-30, 25:00) and bare numbers give NaN.
 */
export function parseDateTime(s: string): number {
  const m = DATE_TIME.exec(s.trim());
  if (m === null) return NaN;
  const year = Number(m[1]);
  const month = Number(m[3]);
  const day = Number(m[4]);
  const hour = m[5] === undefined ? 0 : Number(m[5]);
  const minute = m[6] === undefined ? 0 : Number(m[6]);
  const second = m[7] === undefined ? 0 : Number(m[7]);
  const ms = m[8] === undefined ? 0 : Math.floor(Number(`0.${m[8]}`) * 1000);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return NaN;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCDate() !== day) return NaN;
  date.setUTCHours(hour, minute, second, ms);
  let t = date.getTime();
  const zone = m[9];
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetMinutes = Number(digits.slice(0, 2)) * 60 + (digits.length > 2 ? Number(digits.slice(2)) : 0);
    if (offsetMinutes > 18 * 60) return NaN;
    t -= sign * offsetMinutes * 60_000;
  }
  return t;
}

// ---------------------------------------------------------------------------------------------------
// Kinds

/**
 * The kind of `col` (a column of a table with `rowCount` rows), with a reason a user can read.
 * Cost: one pass, plus a sort of the values of a numeric column.
 */
export function inferColumnKind(col: Column, rowCount: number): KindInference {
  const s = summarizeColumn(col);
  if (s.rowCount !== rowCount) throw new Error(`Column "${col.name}" has ${s.rowCount} cells, expected ${rowCount}.`);
  return inferKindFromSummary(col, s);
}

// Inference reads every cell (~0.6 s for 600k rows × 21 columns) and the worker asks for it at import,
// at every profile request and at every run; tables are never changed once built (table.ts), so the
// answer is kept per table object.
const inferredByTable = new WeakMap<Table, Readonly<Record<string, KindInference>>>();

/** `inferColumnKind` for every column, computed once per table object (tables are immutable). */
export function inferColumnKinds(table: Table): Readonly<Record<string, KindInference>> {
  const cached = inferredByTable.get(table);
  if (cached) return cached;
  const out: Record<string, KindInference> = {};
  for (const col of table.columns) out[col.name] = inferColumnKind(col, table.rowCount);
  inferredByTable.set(table, out);
  return out;
}

/** `inferColumnKind` from an already computed summary (profiling computes it anyway). */
export function inferKindFromSummary(col: Column, s: ColumnSummary): KindInference {
  if (s.nonMissing === 0) {
    return { kind: col.storage === 'numeric' ? 'numeric' : 'categorical', reason: 'every cell is missing' };
  }
  const unique = s.distinct / s.nonMissing;
  const nameHint = ID_NAME.test(col.name) || ID_NAME_CAMEL.test(col.name);
  const enoughRows = s.nonMissing > IDENTIFIER_MIN_ROWS || (nameHint && s.nonMissing >= 5);

  if (col.storage === 'numeric') {
    if (s.distinct === 2 && s.min === 0 && s.max === 1) {
      return { kind: 'boolean', reason: 'only the values 0 and 1' };
    }
    if (s.allIntegers && enoughRows && unique >= IDENTIFIER_UNIQUE_SHARE) {
      // All-different integers are keys when named so or when they densely fill their range (1..n);
      // counts or amounts that happen to differ stay numeric.
      const span = s.max - s.min + 1;
      if (nameHint || span <= 2 * s.distinct) {
        return {
          kind: 'identifier',
          reason: `${pct(unique)} of the values are different integers${nameHint ? ' and the name suggests a key' : ', numbered like row ids'}`,
        };
      }
    }
    if (s.allIntegers && s.distinct <= SMALL_INT_LEVELS && s.distinct * 20 <= s.nonMissing) {
      return { kind: 'categorical', reason: `whole numbers with only ${s.distinct} different values` };
    }
    return { kind: 'numeric', reason: `numbers with ${s.distinct} different values` };
  }

  const entries = usedEntries(col, s);
  const lower = new Set(entries.map((e) => e.text.trim().toLowerCase()));
  if (lower.size === 2) {
    const [a, b] = [...lower] as [string, string];
    if ((TRUE_WORDS.has(a) && FALSE_WORDS.has(b)) || (TRUE_WORDS.has(b) && FALSE_WORDS.has(a))) {
      return { kind: 'boolean', reason: `two values that read as true/false ("${entries[0]!.text}", "${entries[1]!.text}"...)` };
    }
  }

  // Datetime: weighted by counts; stops as soon as too many values fail to parse.
  const allowedFailures = (1 - DATETIME_SHARE) * s.nonMissing;
  let failures = 0;
  for (const e of entries) {
    if (Number.isNaN(parseDateTime(e.text))) {
      failures += e.count;
      if (failures > allowedFailures) break;
    }
  }
  if (failures <= allowedFailures) {
    return { kind: 'datetime', reason: `${pct(1 - failures / s.nonMissing)} of the values are dates` };
  }

  // Word and length statistics over (up to) the first thousand distinct values.
  const sample = entries.length > 1000 ? entries.slice(0, 1000) : entries;
  let words = 0;
  let chars = 0;
  for (const e of sample) {
    chars += e.text.length;
    words += e.text.split(/\s+/).filter((w) => w !== '').length;
  }
  const avgWords = words / sample.length;
  const avgChars = chars / sample.length;
  const wordy = avgWords >= 3 || avgChars >= 30;

  if (wordy && unique > 0.5 && s.distinct > 10) {
    return {
      kind: 'text',
      reason: `free text: ${pct(unique)} different values, ${avgWords.toFixed(1)} words on average`,
    };
  }
  if (enoughRows && unique >= IDENTIFIER_UNIQUE_SHARE && (nameHint || !wordy)) {
    return {
      kind: 'identifier',
      reason: `${pct(unique)} of the values are different${nameHint ? ' and the name suggests a key' : ''}`,
    };
  }
  return { kind: 'categorical', reason: `text with ${s.distinct} different values` };
}

// ---------------------------------------------------------------------------------------------------
// Task

/**
 * The task for predicting `target` (of kind `kind`): two classes → binary; 3 or more text classes, or
 * 3..20 whole numbers each seen at least 5 times on average → multiclass; other numbers → regression.
 * Throws when there is no column named `target`.
 */
export function inferTask(table: Table, target: string, kind: ColumnKind): { task: Task; reason: string } {
  const col = columnByName(table, target);
  if (col === undefined) throw new Error(`There is no column named "${target}".`);
  const s = summarizeColumn(col);
  if (s.distinct < 2) {
    return { task: 'binary', reason: `"${target}" has ${s.distinct === 0 ? 'no values' : 'only one value'}, so there is nothing to predict yet` };
  }
  if (kind === 'boolean' || s.distinct === 2) {
    return { task: 'binary', reason: `"${target}" has two values` };
  }
  if (col.storage === 'string' || kind === 'categorical') {
    if (kind === 'numeric' || kind === 'datetime') {
      return { task: 'regression', reason: `"${target}" is treated as a number` };
    }
    return { task: 'multiclass', reason: `"${target}" has ${s.distinct} classes` };
  }
  if (kind === 'numeric' && s.allIntegers && s.distinct <= MAX_NUMERIC_CLASSES && s.distinct * 5 <= s.nonMissing) {
    return {
      task: 'multiclass',
      reason: `"${target}" has only ${s.distinct} different whole numbers, read as classes (choose regression if their order matters)`,
    };
  }
  return { task: 'regression', reason: `"${target}" is a number with ${s.distinct} different values` };
}

// ---------------------------------------------------------------------------------------------------
// Numeric view

/**
 * One number per row (NaN = missing or unreadable), as features and profiling read `col` as `kind`:
 * - numeric storage: the values themselves (the column's own array: do not modify it), except for
 *   boolean, where two distinct values map to 0 (smaller) and 1 (larger), and otherwise non-zero → 1;
 * - boolean text: true-like words (true, t, yes, y, 1, on) → 1 and false-like → 0, case-insensitive;
 *   a two-valued column whose values are not such words maps the lexicographically larger to 1;
 * - datetime text: ms since the epoch via `parseDateTime`;
 * - any other text: the cell read as a number if it is one (e.g. for a user override to numeric).
 * Cost: O(rows) plus one conversion per distinct text.
 */
export function columnAsNumbers(col: Column, kind: ColumnKind): Float64Array {
  if (col.storage === 'numeric') {
    if (kind !== 'boolean') return col.values;
    const s = summarizeColumn(col);
    const low = s.min;
    const high = s.max;
    const out = new Float64Array(col.values.length);
    for (let i = 0; i < out.length; i++) {
      const v = col.values[i]!;
      out[i] = v !== v ? NaN : s.distinct === 2 ? (v === high ? 1 : v === low ? 0 : NaN) : v !== 0 ? 1 : 0;
    }
    return out;
  }
  const byCode = new Float64Array(col.dictionary.length);
  if (kind === 'boolean') {
    const used = usedEntries(col, summarizeColumn(col));
    const words = used.every((e) => {
      const w = e.text.trim().toLowerCase();
      return TRUE_WORDS.has(w) || FALSE_WORDS.has(w);
    });
    let larger: string | null = null;
    if (!words && used.length === 2) larger = used[0]!.text > used[1]!.text ? used[0]!.text : used[1]!.text;
    col.dictionary.forEach((text, c) => {
      const w = text.trim().toLowerCase();
      if (larger !== null && used.length === 2) byCode[c] = text === larger ? 1 : 0;
      else byCode[c] = TRUE_WORDS.has(w) ? 1 : FALSE_WORDS.has(w) ? 0 : NaN;
    });
  } else if (kind === 'datetime') {
    col.dictionary.forEach((text, c) => (byCode[c] = parseDateTime(text)));
  } else {
    const scanner = new NumberScanner();
    col.dictionary.forEach((text, c) => (byCode[c] = scanner.scan(text)));
  }
  const out = new Float64Array(col.codes.length);
  for (let i = 0; i < out.length; i++) {
    const c = col.codes[i]!;
    out[i] = c < 0 ? NaN : byCode[c]!;
  }
  return out;
}
