/**
 * Pure reading of export and scoring results for the panel: the ONNX check in words, the drift table's
 * rows in reading order, unseen categories in a sentence. Text only: user data (column names, levels)
 * is returned as strings for React text nodes, never as markup.
 */
import type { ColumnDrift, DriftReport, ShiftLevel } from '../../../core/score/drift';
import type { ExportOutcome, ScoreOutcome } from '../../../worker/protocol';
import { formatCount, formatNumber } from '../../components/format';

export type Verification = NonNullable<ExportOutcome['verification']>;

/** A small difference in short scientific notation: 1.8e-7, 1e-4; 0 as "0"; non-finite as "not a number". */
export function formatDifference(v: number): string {
  if (v === 0) return '0';
  if (!Number.isFinite(v)) return 'not a number';
  if (v >= 0.01 && v < 1000) return formatNumber(v);
  return v
    .toExponential(1)
    .replace(/\.0e/, 'e')
    .replace('e+', 'e');
}

/** "Checked with onnxruntime-web (wasm) on 256 rows of your data: largest difference 1.8e-7 (limit 1e-4) — passed". */
export function verificationText(v: Verification): string {
  const rows = `${formatCount(v.rows)} ${v.rows === 1 ? 'row' : 'rows'}`;
  const verdict = v.passed ? 'passed' : 'FAILED: the exported model does not predict what the studio predicts';
  return `Checked with ${v.runtime} on ${rows} of your data: largest difference ${formatDifference(v.maxAbsDiff)} (limit ${formatDifference(v.tolerance)}) — ${verdict}`;
}

/** What the TF.js zip holds, one line per file (a baseline-only run has no network files). */
export function tfjsContents(hasNetwork: boolean): string[] {
  return [
    ...(hasNetwork
      ? ['model.json and weights.bin: the network, for tf.loadLayersModel()']
      : ['no network: this run kept the baseline, so the files describe its constant prediction']),
    'preprocessing.json: how raw columns become the model inputs (fitted on the training rows)',
    'target.json and baseline.json: the task, target column, classes and the baseline',
    'README.md: what each file is and how to load the model',
  ];
}

/** One row of the drift table, ready to print. */
export interface DriftRow {
  readonly name: string;
  readonly type: ColumnDrift['type'];
  /** "compared", "not in this file" or "not compared". */
  readonly status: string;
  readonly psi: string;
  readonly ksStatistic: string;
  readonly ksPValue: string;
  readonly shift: string;
  readonly drifted: boolean;
  readonly lowConfidence: boolean;
  readonly explanation: string;
}

const SHIFT_WORDS: Readonly<Record<ShiftLevel, string>> = { none: 'none', moderate: 'moderate', major: 'major' };
const STATUS_WORDS: Readonly<Record<ColumnDrift['status'], string>> = { compared: 'compared', absent: 'not in this file', skipped: 'not compared' };
const STATUS_ORDER: Readonly<Record<ColumnDrift['status'], number>> = { compared: 0, absent: 1, skipped: 2 };

/**
 * The drift table's rows: drifted columns first, then the other compared ones, each by PSI (largest
 * first), then columns missing from the file, then those not compared; ties keep the report's order.
 */
export function driftRows(report: DriftReport): DriftRow[] {
  const rank = (c: ColumnDrift) => (c.drifted ? -1 : STATUS_ORDER[c.status]);
  return report.columns
    .map((c, i) => ({ c, i }))
    .sort((a, b) => rank(a.c) - rank(b.c) || (b.c.psi ?? -1) - (a.c.psi ?? -1) || a.i - b.i)
    .map(({ c }) => ({
      name: c.name,
      type: c.type,
      status: STATUS_WORDS[c.status],
      psi: c.psi === null ? '—' : formatNumber(c.psi),
      ksStatistic: c.ks ? formatNumber(c.ks.statistic) : '—',
      ksPValue: c.ks && c.ks.pValue !== null ? formatNumber(c.ks.pValue) : '—',
      shift: c.status === 'compared' ? SHIFT_WORDS[c.shift] : '—',
      drifted: c.drifted,
      lowConfidence: c.lowConfidence,
      explanation: c.explanation,
    }));
}

/** "3 rows of colour had values not seen in training, e.g. “purple”, “teal”." */
export function unseenText(u: ScoreOutcome['unseen'][number]): string {
  const rows = u.count === 1 ? '1 row' : `${formatCount(u.count)} rows`;
  const values = u.count === 1 ? 'a value' : 'values';
  const examples = u.examples.map((e) => `“${e}”`).join(', ');
  return `${rows} of ${u.column} had ${values} not seen in training${examples ? `, e.g. ${examples}` : ''}.`;
}

/** The UTF-8 byte order mark: spreadsheet apps (Excel) read a CSV without it in the local code page. */
export const UTF8_BOM = '\uFEFF';

/** CSV text as a download: with a BOM in front (unless it has one), so spreadsheets read UTF-8 right. */
export function withBom(csv: string): string {
  return csv.startsWith(UTF8_BOM) ? csv : UTF8_BOM + csv;
}
