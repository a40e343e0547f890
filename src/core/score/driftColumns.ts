/**
 * Which raw columns a trained pipeline's drift check compares, and as what: the model's input columns,
 * with the kind the pipeline read them as (numbers, categories, booleans, date-times; free text and
 * identifiers are listed and skipped by drift.ts).
 */
import type { ColumnKind } from '../data/table';
import type { FittedFeatures } from '../pipeline/experiment';
import { isGraphFeatures } from '../pipeline/scoring';

export function driftColumnsOf(fitted: FittedFeatures): { name: string; kind: ColumnKind }[] {
  if (!isGraphFeatures(fitted)) {
    return fitted.inputs.map((i) => ({ name: i.column, kind: i.encoding === 'one-hot' ? 'categorical' : i.encoding === 'boolean' ? 'boolean' : i.kind === 'identifier' ? 'numeric' : i.kind }));
  }
  return fitted.inputs.map((name) => {
    const view = fitted.source.numericViews[name];
    if (view) return { name, kind: view };
    return { name, kind: fitted.inputTypes?.[name] === 'string' ? 'categorical' : 'numeric' };
  });
}

/** Unseen categorical levels per column, from a drift report (only columns with some). */
export function unseenOf(report: { readonly columns: readonly { readonly name: string; readonly unseen: { readonly count: number; readonly examples: readonly string[] } | null }[] }) {
  return report.columns.flatMap((c) => (c.unseen && c.unseen.count > 0 ? [{ column: c.name, count: c.unseen.count, examples: c.unseen.examples }] : []));
}
