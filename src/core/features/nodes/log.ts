/**
 * `log`: `log1p(x + shift)`, compressing large values. The shift is fitted on the training rows: 0 when
 * their minimum is ≥ 0, else −minimum (so the training minimum maps to 0). A value with x + shift < 0
 * (below the training minimum, or negative when there was no shift) is first raised to 0 (output 0),
 * so the output is always finite for finite input. Missing stays missing.
 */
import { z } from 'zod';
import type { Column } from '../../data/table';
import { columnList, editLineage, editTable, isNumeric, numericColumn, requireNumeric, resolveColumns, sortedPresentAt } from './columns';
import { defineFeatureNode } from './define';

const NODE = 'Log transform';

export const logParams = z.object({ columns: columnList });
export type LogParams = z.infer<typeof logParams>;

export interface LogState {
  readonly columns: { readonly name: string; readonly shift: number }[];
}

export const logNode = defineFeatureNode<LogParams, LogState>({
  kind: 'log',
  label: NODE,
  help: 'Takes log(1 + x), which tames long right tails such as incomes or counts.',
  params: logParams,
  paramDocs: {
    columns: {
      label: 'Columns',
      help: 'Numeric columns to transform; leave empty for every numeric column. Negative training values shift the column up first.',
    },
  },
  fit(input, params, ctx) {
    const names = resolveColumns(input, params.columns, NODE, ctx, { auto: isNumeric, accepts: isNumeric, needs: 'numbers' });
    return {
      columns: names.map((name) => {
        const sorted = sortedPresentAt(requireNumeric(input, name, NODE), ctx.trainRows);
        const min = sorted.length === 0 ? 0 : sorted[0]!;
        return { name, shift: min < 0 ? -min : 0 };
      }),
    };
  },
  apply(input, _params, state) {
    const replace = new Map<string, Column[]>();
    for (const { name, shift } of state.columns) {
      const values = requireNumeric(input, name, NODE);
      replace.set(name, [numericColumn(name, values.map((v) => Math.log1p(Math.max(0, v + shift))))]);
    }
    return editTable(input, NODE, { replace });
  },
  outputColumns: (inputColumns) => [...inputColumns],
  lineage: (inputColumns) => editLineage(inputColumns),
});
