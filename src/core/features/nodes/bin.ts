/**
 * `bin`: cuts a numeric column into `bins` intervals whose edges are fitted on the training rows, and
 * outputs the bin index (0..bins-1, in place of the column) or one 0/1 column per bin (`<col>:bin:<k>`).
 * - equal_width: edges evenly spaced from the training min to the training max;
 * - quantile: edges at the training quantiles k/bins (linear interpolation, numpy's default).
 * A value v falls in bin k when edge[k] ≤ v < edge[k+1] (the last bin also takes its upper edge); values
 * beyond the training range go to the first or last bin. There are always `bins` bins, so a quantile
 * bin can stay empty when many training values are equal (scikit-learn's KBinsDiscretizer would drop
 * it). Missing → missing index (NaN), or all zeros in one-hot.
 */
import { z } from 'zod';
import type { Column } from '../../data/table';
import { columnList, editLineage, editTable, isNumeric, numericColumn, quantileSorted, requireNumeric, resolveColumns, sortedPresentAt } from './columns';
import { defineFeatureNode } from './define';

const NODE = 'Bin';

export const binParams = z.object({
  columns: columnList,
  strategy: z.enum(['equal_width', 'quantile']).default('quantile'),
  bins: z.number().int().min(2).max(100).default(5),
  output: z.enum(['index', 'onehot']).default('index'),
});
export type BinParams = z.infer<typeof binParams>;

export interface BinnedColumn {
  readonly name: string;
  /** bins + 1 ascending edges; null when the training rows have no value (every output is missing). */
  readonly edges: number[] | null;
}

export interface BinState {
  readonly columns: BinnedColumn[];
  readonly bins: number;
  readonly onehot: boolean;
}

export const binName = (column: string, k: number): string => `${column}:bin:${k}`;

/**
 * The bin index of `v` given ascending edges (NaN for NaN): how many inner edges are ≤ v, comparing
 * both as 32-bit floats. An exported model (ONNX, float32 inputs) can only compare that way, and a
 * value a hair from an edge (a test value -0.053 against the interpolated edge -0.05299999999999999)
 * would otherwise fall in different bins in the studio and in the export.
 */
export function binIndex(edges: readonly number[], v: number): number {
  if (Number.isNaN(v)) return NaN;
  const f = Math.fround(v);
  let k = 0;
  for (let i = 1; i < edges.length - 1; i++) if (Math.fround(edges[i]!) <= f) k = i;
  return k;
}

export const binNode = defineFeatureNode<BinParams, BinState>({
  kind: 'bin',
  label: NODE,
  help: 'Groups a number into ranges (bins), e.g. ages into 5 age groups.',
  params: binParams,
  paramDocs: {
    columns: { label: 'Columns', help: 'Numeric columns to bin; leave empty for every numeric column.' },
    strategy: {
      label: 'Strategy',
      help: 'Equal width: ranges of the same size; Quantile: ranges holding about the same number of training rows.',
    },
    bins: { label: 'Number of bins', help: 'How many ranges to cut each column into.' },
    output: { label: 'Output', help: 'Index: the bin number 0, 1, 2...; One-hot: one 0/1 column per bin.' },
  },
  fit(input, params, ctx) {
    const names = resolveColumns(input, params.columns, NODE, ctx, { auto: isNumeric, accepts: isNumeric, needs: 'numbers' });
    const n = params.bins;
    return {
      columns: names.map((name) => {
        const sorted = sortedPresentAt(requireNumeric(input, name, NODE), ctx.trainRows);
        if (sorted.length === 0) return { name, edges: null };
        const lo = sorted[0]!;
        const hi = sorted[sorted.length - 1]!;
        const edges = Array.from({ length: n + 1 }, (_, k) =>
          params.strategy === 'equal_width' ? (k === n ? hi : lo + ((hi - lo) * k) / n) : quantileSorted(sorted, k / n),
        );
        return { name, edges };
      }),
      bins: n,
      onehot: params.output === 'onehot',
    };
  },
  apply(input, _params, state) {
    const replace = new Map<string, Column[]>();
    for (const { name, edges } of state.columns) {
      const values = requireNumeric(input, name, NODE);
      const index = values.map((v) => (edges === null ? NaN : binIndex(edges, v)));
      if (!state.onehot) {
        replace.set(name, [numericColumn(name, index)]);
        continue;
      }
      const outs = Array.from({ length: state.bins }, () => new Float64Array(input.rowCount));
      index.forEach((k, r) => {
        if (!Number.isNaN(k)) outs[k]![r] = 1;
      });
      replace.set(name, outs.map((v, k) => numericColumn(binName(name, k), v)));
    }
    return editTable(input, NODE, { replace });
  },
  outputColumns(inputColumns, params) {
    if (params.output === 'index') return [...inputColumns];
    if (params.columns.length === 0) return null;
    const chosen = new Set(params.columns);
    return inputColumns.flatMap((c) => (chosen.has(c) ? Array.from({ length: params.bins }, (_, k) => binName(c, k)) : [c]));
  },
  lineage(inputColumns, _params, state) {
    if (!state.onehot) return editLineage(inputColumns);
    return editLineage(inputColumns, {
      replace: new Map(state.columns.map(({ name }) => [name, Array.from({ length: state.bins }, (_, k) => [binName(name, k), [name]] as const)])),
    });
  },
});
