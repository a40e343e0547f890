/**
 * `scale`: `(x − center) / scale` per numeric column, both fitted on the training rows:
 * - standard: mean and population standard deviation (ddof 0, as scikit-learn's StandardScaler);
 * - minmax: min and (max − min), so training values land in [0, 1];
 * - robust: median and interquartile range Q3 − Q1 (quantiles by linear interpolation, numpy's default).
 * A scale of 0 (a constant column) is stored as 1; a column with no training value gets center 0,
 * scale 1. Missing stays missing.
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

const NODE = 'Scale';

export const SCALE_METHODS = ['standard', 'minmax', 'robust'] as const;
export type ScaleMethod = (typeof SCALE_METHODS)[number];

export const scaleParams = z.object({
  columns: columnList,
  method: z.enum(SCALE_METHODS).default('standard'),
});
export type ScaleParams = z.infer<typeof scaleParams>;

export interface ScaledColumn {
  readonly name: string;
  readonly center: number;
  /** Never 0. */
  readonly scale: number;
}

export interface ScaleState {
  readonly columns: ScaledColumn[];
}

/** Center and scale of the finite training values, ascending in `sorted`. */
export function fitScale(sorted: Float64Array, method: ScaleMethod): { center: number; scale: number } {
  if (sorted.length === 0) return { center: 0, scale: 1 };
  let center: number;
  let scale: number;
  if (method === 'standard') {
    center = mean(sorted);
    scale = populationStd(sorted, center);
  } else if (method === 'minmax') {
    center = sorted[0]!;
    scale = sorted[sorted.length - 1]! - center;
  } else {
    center = quantileSorted(sorted, 0.5);
    scale = quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25);
  }
  return { center, scale: scale > 0 && Number.isFinite(scale) ? scale : 1 };
}

export const scaleNode = defineFeatureNode<ScaleParams, ScaleState>({
  kind: 'scale',
  label: NODE,
  help: 'Puts numeric columns on a comparable scale, using statistics of the training rows only.',
  params: scaleParams,
  paramDocs: {
    columns: { label: 'Columns', help: 'Numeric columns to scale; leave empty for every numeric column.' },
    method: {
      label: 'Method',
      help: 'Standard: subtract the mean, divide by the standard deviation; Min-max: map the training range to 0..1; Robust: subtract the median, divide by the interquartile range (robust to outliers).',
    },
  },
  fit(input, params, ctx) {
    const names = resolveColumns(input, params.columns, NODE, ctx, { auto: isNumeric, accepts: isNumeric, needs: 'numbers' });
    return {
      columns: names.map((name) => ({
        name,
        ...fitScale(sortedPresentAt(requireNumeric(input, name, NODE), ctx.trainRows), params.method),
      })),
    };
  },
  apply(input, _params, state) {
    const replace = new Map<string, Column[]>();
    for (const { name, center, scale } of state.columns) {
      const values = requireNumeric(input, name, NODE);
      replace.set(name, [numericColumn(name, values.map((v) => (v - center) / scale))]);
    }
    return editTable(input, NODE, { replace });
  },
  outputColumns: (inputColumns) => [...inputColumns],
  lineage: (inputColumns) => editLineage(inputColumns),
});
