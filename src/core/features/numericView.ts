/**
 * The numeric view of a column for the features: numeric → its values, boolean → 0/1, datetime → ms
 * since the epoch; NaN marks a missing or unreadable cell.
 *
 * TODO: switch to `columnAsNumbers` from ../data/infer once it lands, so features and profiling read
 * booleans and dates the same way. This stand-in is kept deliberately small.
 */
import type { Column, ColumnKind } from '../data/table';

const TRUE_TOKENS = new Set(['true', 't', 'yes', 'y', '1', 'on']);
const FALSE_TOKENS = new Set(['false', 'f', 'no', 'n', '0', 'off']);

function textAsNumber(text: string, kind: ColumnKind): number {
  const s = text.trim();
  if (s === '') return NaN;
  if (kind === 'boolean') {
    const l = s.toLowerCase();
    if (TRUE_TOKENS.has(l)) return 1;
    if (FALSE_TOKENS.has(l)) return 0;
    return NaN;
  }
  if (kind === 'datetime') return Date.parse(s);
  const v = Number(s);
  return Number.isFinite(v) ? v : NaN;
}

/** One value per table row (length rowCount). Non-finite values count as missing. */
export function numericView(col: Column, kind: ColumnKind): Float64Array {
  if (col.storage === 'numeric') {
    if (kind !== 'boolean') return col.values;
    // A numeric boolean column: any non-zero value is true.
    return col.values.map((v) => (Number.isNaN(v) ? NaN : v !== 0 ? 1 : 0));
  }
  const byCode = col.dictionary.map((t) => textAsNumber(t, kind));
  const out = new Float64Array(col.codes.length);
  for (let i = 0; i < out.length; i++) {
    const c = col.codes[i]!;
    out[i] = c < 0 ? NaN : byCode[c]!;
  }
  return out;
}
