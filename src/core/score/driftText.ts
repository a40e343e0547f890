/**
 * The drift report's plain-language parts (drift.ts): numbers and percentages as people read them,
 * the statistics in brackets, and the sentences for a column without drift or with few rows. Text
 * only: the sentences quote category levels (user data) and are shown as text, never as HTML.
 */
import type { ColumnKind } from '../data/table';
import type { ColumnDrift, ShiftLevel } from './drift';

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `v` with `sig` significant digits: 52,300 / 41 / 0.123 / 1.23e-7. */
function formatNumber(v: number, sig = 3): string {
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs >= 1e15 || abs < 1e-4) return v.toPrecision(sig);
  if (abs >= 10 ** sig) {
    const step = 10 ** (Math.floor(Math.log10(abs)) - sig + 1);
    const rounded = Math.round(abs / step) * step;
    return `${v < 0 ? '-' : ''}${groupThousands(String(rounded))}`;
  }
  const text = String(Number(abs.toPrecision(sig)));
  const [int, frac] = text.split('.');
  return `${v < 0 ? '-' : ''}${groupThousands(int!)}${frac === undefined ? '' : `.${frac}`}`;
}

export function formatValue(v: number, kind: ColumnKind, sig = 3): string {
  // Date covers ±8.64e15 ms; a number beyond that (a kind override gone wrong) prints as a number.
  if (kind === 'datetime' && Math.abs(v) <= 8.64e15) {
    const iso = new Date(v).toISOString();
    return sig <= 3 ? iso.slice(0, 10) : sig <= 5 ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso;
  }
  return formatNumber(v, sig);
}

/** Two values formatted alike, with more digits until they read differently (when they differ). */
export function formatPair(a: number, b: number, kind: ColumnKind): [string, string] {
  for (let sig = 3; sig < 17; sig++) {
    const fa = formatValue(a, kind, sig);
    const fb = formatValue(b, kind, sig);
    if (fa !== fb || a === b) return [fa, fb];
  }
  return [formatValue(a, kind, 17), formatValue(b, kind, 17)];
}

export function percent(share: number): string {
  if (share > 0 && share < 0.005) return '<1%';
  return `${Math.round(share * 100)}%`;
}

export function statsText(p: number | null, ks: ColumnDrift['ks']): string {
  const parts: string[] = [];
  if (p !== null) parts.push(`PSI ${p >= 10 ? p.toFixed(1) : p.toFixed(2)}`);
  if (ks) {
    parts.push(`KS D=${ks.statistic.toFixed(2)}`);
    if (ks.pValue !== null) parts.push(ks.pValue < 0.001 ? 'p<0.001' : `p=${Number(ks.pValue.toPrecision(2))}`);
  }
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

export const quoteAll = (levels: readonly string[]): string => levels.map((l) => `"${l}"`).join(', ');

export function missingSentence(train: number, now: number): string {
  return `${now > train ? 'more' : 'fewer'} values are missing: ${percent(now)} of rows vs ${percent(train)} in training`;
}


/** A column without drift; a PSI that looks large but is within chance for these sample sizes says so. */
export function noDriftSentence(name: string, shift: ShiftLevel, p: number | null, psiP: number | null, n: number, ks: ColumnDrift['ks']): string {
  if (shift === 'none' || p === null || psiP === null) return `${name}: no notable change${statsText(p, ks)}.`;
  const chance = `PSI ${p.toFixed(2)} would be a ${shift} shift, but with ${n} new row${n === 1 ? '' : 's'} a value this large happens by chance (p=${Number(psiP.toPrecision(2))})`;
  return `${name}: no clear change: ${chance}${statsText(null, ks)}.`;
}

export function lowConfidenceNote(nTrain: number, nNew: number): string {
  return nNew === 0 ? '' : ` Few rows (${nNew} new, ${nTrain} in training), so this is a rough indication.`;
}

export function edgeLabels(edges: readonly number[], kind: ColumnKind): string[] {
  if (edges.length === 0) return ['all values'];
  const f = (v: number) => formatValue(v, kind, 4);
  const labels = [`≤ ${f(edges[0]!)}`];
  for (let i = 1; i < edges.length; i++) labels.push(`${f(edges[i - 1]!)} – ${f(edges[i]!)}`);
  labels.push(`> ${f(edges[edges.length - 1]!)}`);
  return labels;
}
