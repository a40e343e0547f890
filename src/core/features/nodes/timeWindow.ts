/**
 * Features from earlier rows of time-ordered data: `lag` (the value k rows earlier) and `rolling`
 * (statistics of the previous `window` rows). Both never look ahead:
 * - rows are ordered by the time column (numbers, or date-times read with parseDateTime), ties by row
 *   index; a row with a missing time gets missing outputs and is nobody's history;
 * - a row's outputs are computed from rows strictly before it in that order only (never itself, never a
 *   later time), so a change at a later time never changes them (a fast-check property test).
 * Each output column goes right after its source column. Nothing is fitted: the rows are those of the
 * table being transformed, so on new data the first rows have no history (missing outputs).
 * The target may be listed (its past values are legitimate features), unlike in other nodes.
 */
import { z } from 'zod';
import { columnAsNumbers } from '../../data/infer';
import type { Column, Table } from '../../data/table';
import { columnList, editLineage, editTable, isNumeric, numericColumn, requireColumn, requireNumeric, resolveColumns } from './columns';
import { defineFeatureNode } from './define';
import { FeatureNodeError, type FitContext } from './types';

const timeColumnParam = z.string().max(1000).default('');
const timeColumnDoc = {
  label: 'Time column',
  help: 'The column that orders the rows in time (dates or numbers). Only earlier rows are ever used.',
};

/** Ascending time of each row (NaN when missing or unreadable). */
function readTimes(input: Table, name: string, node: string): Float64Array {
  const col = requireColumn(input, name, node);
  return col.storage === 'numeric' ? col.values : columnAsNumbers(col, 'datetime');
}

/** Rows with a time, ordered by time then row index. Cost: a sort, O(n log n). */
export function timeOrder(times: Float64Array): Int32Array {
  const rows: number[] = [];
  for (let r = 0; r < times.length; r++) if (!Number.isNaN(times[r]!)) rows.push(r);
  rows.sort((a, b) => times[a]! - times[b]! || a - b);
  return Int32Array.from(rows);
}

function resolveTimed(input: Table, columns: readonly string[], timeColumn: string, node: string, ctx: FitContext): string[] {
  if (timeColumn === '') throw new FeatureNodeError(node, 'choose the time column that orders the rows.');
  const times = readTimes(input, timeColumn, node);
  if (!ctx.trainRows.some((r) => !Number.isNaN(times[r]!))) {
    throw new FeatureNodeError(node, `the time column "${timeColumn}" has no dates or numbers in the training rows.`, timeColumn);
  }
  return resolveColumns(input, columns, node, ctx, {
    auto: isNumeric,
    accepts: isNumeric,
    needs: 'numbers',
    exclude: new Map([[timeColumn, 'it is the time column']]),
    targetAllowed: true,
  });
}

// ---------------------------------------------------------------------------------------------------
// Lag

const LAG = 'Lag';

export const lagParams = z.object({
  timeColumn: timeColumnParam,
  columns: columnList,
  lags: z
    .array(z.number().int().min(1).max(1000))
    .min(1)
    .max(50)
    .refine((l) => new Set(l).size === l.length, 'each lag once')
    .default([1]),
});
export type LagParams = z.infer<typeof lagParams>;

export interface LagState {
  readonly timeColumn: string;
  readonly columns: string[];
  readonly lags: number[];
}

export const lagName = (column: string, k: number): string => `${column}:lag:${k}`;

/** Value of the row k places earlier in time order (NaN for the first k rows and rows without a time). */
export const lagNode = defineFeatureNode<LagParams, LagState>({
  kind: 'lag',
  label: LAG,
  help: 'Adds the value from k rows earlier in time, e.g. yesterday\'s sales next to today\'s.',
  params: lagParams,
  paramDocs: {
    timeColumn: timeColumnDoc,
    columns: { label: 'Columns', help: 'Numeric columns to lag (the target is allowed); leave empty for every numeric column.' },
    lags: { label: 'Lags', help: 'How many rows back, e.g. 1 (the previous row) and 7 (a week back in daily data).' },
  },
  fit(input, params, ctx) {
    const columns = resolveTimed(input, params.columns, params.timeColumn, LAG, ctx);
    return { timeColumn: params.timeColumn, columns, lags: [...params.lags] };
  },
  apply(input, _params, state) {
    const order = timeOrder(readTimes(input, state.timeColumn, LAG));
    const after = new Map<string, Column[]>();
    for (const name of state.columns) {
      const values = requireNumeric(input, name, LAG);
      after.set(
        name,
        state.lags.map((k) => {
          const out = new Float64Array(input.rowCount).fill(NaN);
          for (let p = k; p < order.length; p++) out[order[p]!] = values[order[p - k]!]!;
          return numericColumn(lagName(name, k), out);
        }),
      );
    }
    return editTable(input, LAG, { after });
  },
  outputColumns(inputColumns, params) {
    if (params.columns.length === 0) return null;
    const chosen = new Set(params.columns);
    return inputColumns.flatMap((c) => (chosen.has(c) ? [c, ...params.lags.map((k) => lagName(c, k))] : [c]));
  },
  lineage: (inputColumns, _params, state) =>
    editLineage(inputColumns, { after: new Map(state.columns.map((c) => [c, state.lags.map((k) => [lagName(c, k), [c]] as const)])) }),
});

// ---------------------------------------------------------------------------------------------------
// Rolling

const ROLLING = 'Rolling window';

export const ROLLING_STATS = ['mean', 'min', 'max', 'std'] as const;
export type RollingStat = (typeof ROLLING_STATS)[number];

export const rollingParams = z
  .object({
    timeColumn: timeColumnParam,
    columns: columnList,
    window: z.number().int().min(1).max(1000).default(3),
    stats: z
      .array(z.enum(ROLLING_STATS))
      .min(1)
      .refine((s) => new Set(s).size === s.length, 'each statistic once')
      .default(['mean']),
    minPeriods: z.number().int().min(1).max(1000).default(1),
  })
  .refine((p) => p.minPeriods <= p.window, { message: 'cannot need more values than the window holds', path: ['minPeriods'] });
export type RollingParams = z.infer<typeof rollingParams>;

export interface RollingState {
  readonly timeColumn: string;
  readonly columns: string[];
  readonly window: number;
  /** In ROLLING_STATS order. */
  readonly stats: RollingStat[];
  readonly minPeriods: number;
}

export const rollingName = (column: string, stat: RollingStat, window: number): string => `${column}:rolling_${stat}:${window}`;

/**
 * Over the previous `window` rows in time order (not the row itself), skipping missing values: mean, min,
 * max, std (sample std, ddof = 1, as pandas; missing with fewer than two values). Missing when fewer than
 * `minPeriods` values are present. Outputs per column in the order mean, min, max, std.
 * Cost: O(rows × window) per column.
 */
export const rollingNode = defineFeatureNode<RollingParams, RollingState>({
  kind: 'rolling',
  label: ROLLING,
  help: 'Adds the mean (or min, max, std) of the previous rows in time, never including the current one.',
  params: rollingParams,
  paramDocs: {
    timeColumn: timeColumnDoc,
    columns: { label: 'Columns', help: 'Numeric columns to summarize (the target is allowed); leave empty for every numeric column.' },
    window: { label: 'Window', help: 'How many previous rows each statistic looks at.' },
    stats: { label: 'Statistics', help: 'Mean, minimum, maximum and/or standard deviation of the window.' },
    minPeriods: { label: 'Minimum values', help: 'Fewer values than this in the window (early rows, gaps) gives a missing value.' },
  },
  fit(input, params, ctx) {
    const columns = resolveTimed(input, params.columns, params.timeColumn, ROLLING, ctx);
    return {
      timeColumn: params.timeColumn,
      columns,
      window: params.window,
      stats: ROLLING_STATS.filter((s) => params.stats.includes(s)),
      minPeriods: params.minPeriods,
    };
  },
  apply(input, _params, state) {
    const order = timeOrder(readTimes(input, state.timeColumn, ROLLING));
    const after = new Map<string, Column[]>();
    for (const name of state.columns) {
      const values = requireNumeric(input, name, ROLLING);
      const outs = state.stats.map(() => new Float64Array(input.rowCount).fill(NaN));
      for (let p = 0; p < order.length; p++) {
        let n = 0;
        let sum = 0;
        let min = Infinity;
        let max = -Infinity;
        for (let q = Math.max(0, p - state.window); q < p; q++) {
          const v = values[order[q]!]!;
          if (Number.isNaN(v)) continue;
          n++;
          sum += v;
          if (v < min) min = v;
          if (v > max) max = v;
        }
        if (n < state.minPeriods) continue;
        const mean = sum / n;
        state.stats.forEach((stat, i) => {
          let out: number;
          if (stat === 'mean') out = mean;
          else if (stat === 'min') out = min;
          else if (stat === 'max') out = max;
          else {
            let ss = 0;
            for (let q = Math.max(0, p - state.window); q < p; q++) {
              const v = values[order[q]!]!;
              if (!Number.isNaN(v)) ss += (v - mean) ** 2;
            }
            out = n < 2 ? NaN : Math.sqrt(ss / (n - 1));
          }
          outs[i]![order[p]!] = out;
        });
      }
      after.set(name, outs.map((v, i) => numericColumn(rollingName(name, state.stats[i]!, state.window), v)));
    }
    return editTable(input, ROLLING, { after });
  },
  outputColumns(inputColumns, params) {
    if (params.columns.length === 0) return null;
    const chosen = new Set(params.columns);
    const stats = ROLLING_STATS.filter((s) => params.stats.includes(s));
    return inputColumns.flatMap((c) => (chosen.has(c) ? [c, ...stats.map((s) => rollingName(c, s, params.window))] : [c]));
  },
  lineage: (inputColumns, _params, state) =>
    editLineage(inputColumns, {
      after: new Map(state.columns.map((c) => [c, state.stats.map((s) => [rollingName(c, s, state.window), [c]] as const)])),
    }),
});
