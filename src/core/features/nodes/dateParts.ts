/**
 * `date_parts`: replaces a date-time column by numeric parts, all in UTC (data/infer.ts's parseDateTime
 * reads a date-time without an offset as UTC, so results never depend on the machine's time zone):
 * `<col>:year`, `<col>:month` (1-12), `<col>:day` (day of month, 1-31), `<col>:weekday` (0 = Monday ...
 * 6 = Sunday, as pandas), `<col>:hour` (0-23), and with `cyclic`, for the chosen month, weekday and hour:
 * `<col>:month_sin`/`_cos` = sin/cos(2π·(month − 1)/12), weekday: 2π·weekday/7, hour: 2π·hour/24, so
 * December sits next to January. Outputs are in this order whatever the order of `parts`.
 * A text column is read with parseDateTime (unparsable → missing); a numeric one as ms since the epoch.
 * Nothing is fitted.
 */
import { z } from 'zod';
import { columnAsNumbers } from '../../data/infer';
import type { Column } from '../../data/table';
import { columnList, editLineage, editTable, numericColumn, requireColumn, resolveColumns, trainKind } from './columns';
import { defineFeatureNode } from './define';

const NODE = 'Date parts';

export const DATE_PARTS = ['year', 'month', 'day', 'weekday', 'hour'] as const;
export type DatePart = (typeof DATE_PARTS)[number];
const CYCLES: Partial<Record<DatePart, number>> = { month: 12, weekday: 7, hour: 24 };

export const datePartsParams = z.object({
  columns: columnList,
  parts: z
    .array(z.enum(DATE_PARTS))
    .min(1)
    .refine((p) => new Set(p).size === p.length, 'each part once')
    .default([...DATE_PARTS]),
  cyclic: z.boolean().default(true),
});
export type DatePartsParams = z.infer<typeof datePartsParams>;

export interface DatePartsState {
  readonly columns: string[];
  readonly parts: DatePart[];
  readonly cyclic: boolean;
}

/** The output names for `column`, in output order. */
export function datePartNames(column: string, parts: readonly DatePart[], cyclic: boolean): string[] {
  const chosen = DATE_PARTS.filter((p) => parts.includes(p));
  const names = chosen.map((p) => `${column}:${p}`);
  if (cyclic) for (const p of chosen) if (CYCLES[p] !== undefined) names.push(`${column}:${p}_sin`, `${column}:${p}_cos`);
  return names;
}

/** The value of `part` at time `t` (ms since the epoch), UTC; NaN for NaN. */
export function datePart(t: number, part: DatePart): number {
  if (!Number.isFinite(t)) return NaN;
  const d = new Date(t);
  switch (part) {
    case 'year':
      return d.getUTCFullYear();
    case 'month':
      return d.getUTCMonth() + 1;
    case 'day':
      return d.getUTCDate();
    case 'weekday':
      return (d.getUTCDay() + 6) % 7;
    case 'hour':
      return d.getUTCHours();
  }
}

export const datePartsNode = defineFeatureNode<DatePartsParams, DatePartsState>({
  kind: 'date_parts',
  label: NODE,
  help: 'Splits a date into year, month, weekday and hour, plus sin/cos versions that wrap around.',
  params: datePartsParams,
  paramDocs: {
    columns: { label: 'Columns', help: 'Date columns to split; leave empty for every column that looks like dates.' },
    parts: { label: 'Parts', help: 'Which parts to output: year, month, day of month, weekday (0 = Monday), hour.' },
    cyclic: {
      label: 'Cyclic sin/cos',
      help: 'Adds sine and cosine of month, weekday and hour, so the model sees that December is next to January.',
    },
  },
  fit(input, params, ctx) {
    const columns = resolveColumns(input, params.columns, NODE, ctx, {
      auto: (col) => col.storage === 'string' && trainKind(col, ctx.trainRows) === 'datetime',
    });
    return { columns, parts: [...params.parts], cyclic: params.cyclic };
  },
  apply(input, _params, state) {
    const chosen = DATE_PARTS.filter((p) => state.parts.includes(p));
    const replace = new Map<string, Column[]>();
    for (const name of state.columns) {
      const t = columnAsNumbers(requireColumn(input, name, NODE), 'datetime');
      const values = chosen.map((p) => t.map((v) => datePart(v, p)));
      if (state.cyclic) {
        chosen.forEach((p, i) => {
          const period = CYCLES[p];
          if (period === undefined) return;
          const offset = p === 'month' ? 1 : 0;
          const angle = values[i]!.map((v) => (2 * Math.PI * (v - offset)) / period);
          values.push(angle.map(Math.sin), angle.map(Math.cos));
        });
      }
      const outNames = datePartNames(name, state.parts, state.cyclic);
      replace.set(name, values.map((v, i) => numericColumn(outNames[i]!, v)));
    }
    return editTable(input, NODE, { replace });
  },
  outputColumns(inputColumns, params) {
    if (params.columns.length === 0) return null;
    const chosen = new Set(params.columns);
    return inputColumns.flatMap((c) => (chosen.has(c) ? datePartNames(c, params.parts, params.cyclic) : [c]));
  },
  lineage: (inputColumns, _params, state) =>
    editLineage(inputColumns, {
      replace: new Map(state.columns.map((name) => [name, datePartNames(name, state.parts, state.cyclic).map((n) => [n, [name]] as const)])),
    }),
});
