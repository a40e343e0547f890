/**
 * `select` (keep the listed columns) and `drop` (remove them). Nothing is fitted; the state records the
 * resolved lists so a saved model applies the same columns.
 */
import { z } from 'zod';
import { columnList, editLineage, editTable, requireColumn } from './columns';
import { defineFeatureNode } from './define';
import { FeatureNodeError } from './types';

const SELECT = 'Select columns';
const DROP = 'Drop columns';

export const selectParams = z.object({ columns: columnList });
export type SelectParams = z.infer<typeof selectParams>;

export interface SelectState {
  /** Columns kept, in table order (the target excluded: it is always kept when present). */
  readonly keep: string[];
  readonly target: string | null;
}

/** Keeps the listed columns (in table order) and always the target; an empty list keeps everything. */
export const selectNode = defineFeatureNode<SelectParams, SelectState>({
  kind: 'select',
  label: SELECT,
  help: 'Keeps only the columns you list (the target is always kept).',
  params: selectParams,
  paramDocs: {
    columns: { label: 'Columns to keep', help: 'Every other column is removed; leave empty to keep all.' },
  },
  fit(input, params, ctx) {
    for (const name of params.columns) requireColumn(input, name, SELECT);
    const listed = new Set(params.columns);
    const keep = input.columns
      .filter((c) => c.name !== ctx.target && (listed.size === 0 || listed.has(c.name)))
      .map((c) => c.name);
    return { keep, target: ctx.target };
  },
  apply(input, _params, state) {
    for (const name of state.keep) requireColumn(input, name, SELECT);
    const keep = new Set(state.keep);
    if (state.target !== null) keep.add(state.target);
    return { ...input, columns: input.columns.filter((c) => keep.has(c.name)) };
  },
  outputColumns(inputColumns, params, target = null) {
    const listed = new Set(params.columns);
    return inputColumns.filter((c) => listed.size === 0 || listed.has(c) || c === target);
  },
  lineage(inputColumns, _params, state) {
    const keep = new Set(state.keep);
    if (state.target !== null) keep.add(state.target);
    return editLineage(inputColumns, { replace: new Map(inputColumns.filter((c) => !keep.has(c)).map((c) => [c, []])) });
  },
});

export const dropParams = z.object({ columns: columnList });
export type DropParams = z.infer<typeof dropParams>;

export interface DropState {
  readonly drop: string[];
}

/**
 * Removes the listed columns. `fit` throws for a listed column that is not in the table (a typo) or is
 * the target; `apply` tolerates a listed column that is absent (new data without an ID column is fine).
 */
export const dropNode = defineFeatureNode<DropParams, DropState>({
  kind: 'drop',
  label: DROP,
  help: 'Removes the columns you list, e.g. IDs or columns that would leak the answer.',
  params: dropParams,
  paramDocs: {
    columns: { label: 'Columns to remove', help: 'These columns are not passed on to later nodes.' },
  },
  fit(input, params, ctx) {
    for (const name of params.columns) {
      requireColumn(input, name, DROP);
      if (name === ctx.target) {
        throw new FeatureNodeError(DROP, `"${name}" is the target; it cannot be dropped.`, name);
      }
    }
    return { drop: [...new Set(params.columns)] };
  },
  apply(input, _params, state) {
    const drop = new Set(state.drop);
    return editTable(input, DROP, { replace: new Map(input.columns.filter((c) => drop.has(c.name)).map((c) => [c.name, []])) });
  },
  outputColumns(inputColumns, params) {
    const drop = new Set(params.columns);
    return inputColumns.filter((c) => !drop.has(c));
  },
  lineage: (inputColumns, _params, state) => editLineage(inputColumns, { replace: new Map(state.drop.map((c) => [c, []])) }),
});
