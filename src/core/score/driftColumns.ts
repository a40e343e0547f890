/**
 * Which raw columns a trained pipeline's drift check compares, and as what: the model's input columns,
 * with the kind the pipeline read them as (numbers, categories, booleans, date-times; free text and
 * identifiers are listed and skipped by drift.ts).
 */
import type { ColumnKind, Table } from '../data/table';
import type { FittedFeatures, TrainedArtifacts } from '../pipeline/experiment';
import { fitDriftReference, type DriftReference } from './drift';
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

/**
 * What new data is compared with for a trained run: its input columns' distribution over the run's
 * training rows (never other rows); null when the run kept no training rows.
 */
export function fitRunReference(table: Table, artifacts: Pick<TrainedArtifacts, 'preprocessor' | 'split'>): DriftReference | null {
  const train = artifacts.split?.train;
  if (!train || train.length === 0) return null;
  return fitDriftReference(table, driftColumnsOf(artifacts.preprocessor), train);
}

/** Unseen categorical levels per column, from a drift report (only columns with some). */
export function unseenOf(report: { readonly columns: readonly { readonly name: string; readonly unseen: { readonly count: number; readonly examples: readonly string[] } | null }[] }) {
  return report.columns.flatMap((c) => (c.unseen && c.unseen.count > 0 ? [{ column: c.name, count: c.unseen.count, examples: c.unseen.examples }] : []));
}
