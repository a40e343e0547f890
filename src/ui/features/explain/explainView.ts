/**
 * Pure reading of an ExplainReport for the views: which output is shown, what its numbers mean, and
 * one feature's attributions. `phi` is features × outputs, row-major (reports.ts).
 */
import type { ExplainReport, ExplainedRow } from '../../../core/explain/reports';
import { formatNumber } from '../../components/format';

type Space = ExplainReport['space'];

/**
 * The output shown when the user has not chosen one: the second (positive) class of a binary model's
 * two probabilities, else the first output (a linear binary model has only the positive class's logit).
 */
export function defaultOutput(outputs: readonly string[], binary: boolean): number {
  return binary && outputs.length === 2 ? 1 : 0;
}

/** Index of the chosen output name in `outputs`, or the default when it is null or not there. */
export function outputIndex(outputs: readonly string[], chosen: string | null, binary: boolean): number {
  const i = chosen === null ? -1 : outputs.indexOf(chosen);
  return i >= 0 ? i : defaultOutput(outputs, binary);
}

/** What the attributions of `output` add up to, in words for the charts' labels. */
export function spaceLabel(space: Space, output: string): string {
  switch (space) {
    case 'probability':
      return `probability of class “${output}”`;
    case 'logit':
      return `logit of “${output}” — linear SHAP works on the logit`;
    case 'value':
      return 'predicted value';
    case 'score':
      return 'anomaly score (reconstruction error)';
  }
}

/** Short form for axis titles. */
export function spaceAxis(space: Space, output: string): string {
  if (space === 'value') return 'predicted value';
  if (space === 'score') return 'anomaly score';
  return `${space === 'logit' ? 'logit' : 'P'}(${output})`;
}

/** Row `row`'s attribution of feature `f` to output `o` (k outputs). */
export function phiAt(row: ExplainedRow, f: number, o: number, k: number): number {
  return row.phi[f * k + o] ?? 0;
}

/** Every feature's attributions to output `o` in `row`, in feature order. */
export function rowPhis(report: ExplainReport, row: ExplainedRow, o: number): number[] {
  const k = report.outputs.length;
  return report.features.map((_, f) => phiAt(row, f, o, k));
}

/** Mean |phi| of each feature for output `o`, in feature order. */
export function meanAbsOf(report: ExplainReport, o: number): number[] {
  const k = report.outputs.length;
  return report.features.map((_, f) => report.meanAbs[f * k + o] ?? 0);
}

/** "Line 12" (the file's line; 1 is the header) or "Row 11" (table index) when the line is unknown. */
export function rowName(row: ExplainedRow): string {
  return row.line !== null ? `Line ${row.line}` : `Row ${row.row}`;
}

/** "within 3.1e-7" style text for the largest gap between the attributions' sum and the prediction. */
export function gapText(gap: number): string {
  if (gap === 0) return 'Attributions add up to the prediction exactly.';
  return `Attributions add up to the prediction within ${gap.toExponential(1)}.`;
}

/** A feature name cut to `max` characters (the full name stays in a <title> for pointer users). */
export function shortName(name: string, max = 26): string {
  return name.length > max ? `${name.slice(0, max - 1)}…` : name;
}

/** "+0.1234" / "−0.05": a contribution with its sign (a real minus sign). */
export function formatSigned(v: number): string {
  return v < 0 ? `−${formatNumber(-v)}` : `+${formatNumber(v)}`;
}
