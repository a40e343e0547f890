/**
 * `clip`: limits outliers to bounds fitted on the training rows.
 * - iqr: [Q1 − k·IQR, Q3 + k·IQR] with k = `iqrMultiplier` (Tukey's fences; quantiles by linear
 *   interpolation, numpy's default);
 * - zscore: [mean − k·std, mean + k·std] with k = `zLimit` (population std), i.e. |z| ≤ k.
 * Values outside are set to the nearest bound; missing stays missing; a column without training values
 * is left as it is (bounds null).
 */
import { z } from 'zod';
import type { Column } from '../../data/table';
import {
  columnList,
  editLineage,
  editTable,
  isNumeric,
  mean,
  numericColumn,
  populationStd,
  quantileSorted,
  requireNumeric,
  resolveColumns,
  sortedPresentAt,
} from './columns';
import { defineFeatureNode } from './define';

const NODE = 'Clip outliers';

export const clipParams = z.object({
  columns: columnList,
  method: z.enum(['iqr', 'zscore']).default('iqr'),
  iqrMultiplier: z.number().min(0).max(1000).default(1.5),
  zLimit: z.number().min(0).max(1000).default(3),
});
export type ClipParams = z.infer<typeof clipParams>;

export interface ClippedColumn {
  readonly name: string;
  /** null when the training rows have no value. */
  readonly lower: number | null;
  readonly upper: number | null;
}

export interface ClipState {
  readonly columns: ClippedColumn[];
}

export const clipNode = defineFeatureNode<ClipParams, ClipState>({
  kind: 'clip',
  label: NODE,
  help: 'Pulls extreme values back to a limit learned from the training rows.',
  params: clipParams,
  paramDocs: {
    columns: { label: 'Columns', help: 'Numeric columns to clip; leave empty for every numeric column.' },
    method: {
      label: 'Method',
      help: 'IQR: limits k interquartile ranges beyond the quartiles (robust); Z-score: limits k standard deviations from the mean.',
    },
    iqrMultiplier: { label: 'IQR multiplier (k)', help: 'For IQR: 1.5 is the usual outlier rule; larger clips less.' },
    zLimit: { label: 'Z-score limit (k)', help: 'For Z-score: values more than k standard deviations from the mean are clipped.' },
  },
  fit(input, params, ctx) {
    const names = resolveColumns(input, params.columns, NODE, ctx, { auto: isNumeric, accepts: isNumeric, needs: 'numbers' });
    return {
      columns: names.map((name): ClippedColumn => {
        const sorted = sortedPresentAt(requireNumeric(input, name, NODE), ctx.trainRows);
        if (sorted.length === 0) return { name, lower: null, upper: null };
        if (params.method === 'iqr') {
          const q1 = quantileSorted(sorted, 0.25);
          const q3 = quantileSorted(sorted, 0.75);
          const k = params.iqrMultiplier;
          return { name, lower: q1 - k * (q3 - q1), upper: q3 + k * (q3 - q1) };
        }
        const m = mean(sorted);
        const s = populationStd(sorted, m);
        return { name, lower: m - params.zLimit * s, upper: m + params.zLimit * s };
      }),
    };
  },
  apply(input, _params, state) {
    const replace = new Map<string, Column[]>();
    for (const { name, lower, upper } of state.columns) {
      const values = requireNumeric(input, name, NODE);
      if (lower === null || upper === null) continue;
      replace.set(name, [numericColumn(name, values.map((v) => (v < lower ? lower : v > upper ? upper : v)))]);
    }
    return editTable(input, NODE, { replace });
  },
  outputColumns: (inputColumns) => [...inputColumns],
  lineage: (inputColumns) => editLineage(inputColumns),
});
