/**
 * `impute`: fills missing cells with a value fitted on the training rows (mean, median, most frequent)
 * or a constant, optionally adding a 0/1 column `<col>_missing` right after each imputed column.
 */
import { z } from 'zod';
import type { Column } from '../../data/table';
import { compareNatural } from '../naturalOrder';
import {
  columnList,
  editLineage,
  editTable,
  isNumeric,
  levelTexts,
  mean,
  numericColumn,
  quantileSorted,
  requireColumn,
  resolveColumns,
  sortedPresentAt,
} from './columns';
import { defineFeatureNode } from './define';
import { FeatureNodeError } from './types';

const NODE = 'Impute';

export const IMPUTE_STRATEGIES = ['mean', 'median', 'most_frequent', 'constant'] as const;

export const imputeParams = z.object({
  columns: columnList,
  strategy: z.enum(IMPUTE_STRATEGIES).default('median'),
  value: z.union([z.number().refine(Number.isFinite, 'must be a finite number'), z.string().max(1000)]).default(0),
  addIndicator: z.boolean().default(false),
});
export type ImputeParams = z.infer<typeof imputeParams>;

export interface ImputedColumn {
  readonly name: string;
  /**
   * The fill: a number for a numeric column, text for a text column; null when the training rows have
   * no value to take it from (then missing cells stay missing).
   */
  readonly fill: number | string | null;
  readonly storage: 'numeric' | 'string';
}

export interface ImputeState {
  readonly columns: ImputedColumn[];
  readonly addIndicator: boolean;
}

/** The indicator column's name for `column`. */
export const missingIndicatorName = (column: string): string => `${column}_missing`;

function fitColumn(col: Column, params: ImputeParams, trainRows: Int32Array): ImputedColumn {
  const storage = col.storage;
  if (params.strategy === 'constant') {
    if (storage === 'string') return { name: col.name, fill: String(params.value), storage };
    const v = typeof params.value === 'number' ? params.value : params.value.trim() === '' ? NaN : Number(params.value);
    if (!Number.isFinite(v)) {
      throw new FeatureNodeError(NODE, `the constant "${params.value}" is not a number, but the column "${col.name}" holds numbers.`, col.name);
    }
    return { name: col.name, fill: v, storage };
  }
  if (col.storage === 'numeric' && params.strategy !== 'most_frequent') {
    const sorted = sortedPresentAt(col.values, trainRows);
    if (sorted.length === 0) return { name: col.name, fill: null, storage };
    return { name: col.name, fill: params.strategy === 'mean' ? mean(sorted) : quantileSorted(sorted, 0.5), storage };
  }
  // Most frequent: ties go to the smallest number, or the first level in natural order.
  const text = levelTexts(col);
  const counts = new Map<string, number>();
  for (let i = 0; i < trainRows.length; i++) {
    const t = text(trainRows[i]!);
    if (t !== null) counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  let best: string | null = null;
  let bestCount = 0;
  for (const [level, count] of counts) {
    if (count > bestCount || (count === bestCount && best !== null && compareNatural(level, best) < 0)) {
      best = level;
      bestCount = count;
    }
  }
  if (best === null) return { name: col.name, fill: null, storage };
  return { name: col.name, fill: storage === 'numeric' ? Number(best) : best, storage };
}

function applyColumn(col: Column, imputed: ImputedColumn): Column {
  if (imputed.storage !== col.storage) {
    throw new FeatureNodeError(NODE, `the column "${col.name}" was ${imputed.storage === 'numeric' ? 'numbers' : 'text'} when fitted.`, col.name);
  }
  if (imputed.fill === null) return col;
  if (col.storage === 'numeric') {
    const fill = imputed.fill as number;
    return numericColumn(col.name, col.values.map((v) => (Number.isNaN(v) ? fill : v)));
  }
  const fill = imputed.fill as string;
  let code = col.dictionary.indexOf(fill);
  const dictionary = code >= 0 ? col.dictionary : [...col.dictionary, fill];
  if (code < 0) code = col.dictionary.length;
  return { name: col.name, storage: 'string', codes: col.codes.map((c) => (c < 0 ? code : c)), dictionary };
}

function indicator(col: Column): Column {
  const bits = new Float64Array(col.storage === 'numeric' ? col.values.length : col.codes.length);
  for (let i = 0; i < bits.length; i++) {
    bits[i] = (col.storage === 'numeric' ? Number.isNaN(col.values[i]!) : col.codes[i]! < 0) ? 1 : 0;
  }
  return numericColumn(missingIndicatorName(col.name), bits);
}

/**
 * Mean and median read numeric columns only (an empty list picks the numeric columns; listing a text
 * column throws); most_frequent and constant read both (an empty list picks every column but the
 * target). The fill is fitted on the training rows; the indicator marks the cells that were missing.
 */
export const imputeNode = defineFeatureNode<ImputeParams, ImputeState>({
  kind: 'impute',
  label: NODE,
  help: 'Fills in missing values, using statistics of the training rows only.',
  params: imputeParams,
  paramDocs: {
    columns: { label: 'Columns', help: 'Columns to fill; leave empty for every column the strategy can fill.' },
    strategy: {
      label: 'Strategy',
      help: 'Mean: the average; Median: the middle value, robust to outliers; Most frequent: the commonest value (works for text); Constant: the value below.',
    },
    value: { label: 'Constant value', help: 'Used by the Constant strategy (a number for numeric columns).' },
    addIndicator: {
      label: 'Add missing indicator',
      help: 'Adds a column <name>_missing that is 1 where the value was missing, so the model can learn from missingness.',
    },
  },
  fit(input, params, ctx) {
    const numericOnly = params.strategy === 'mean' || params.strategy === 'median';
    const names = resolveColumns(input, params.columns, NODE, ctx, {
      auto: numericOnly ? isNumeric : () => true,
      accepts: numericOnly ? isNumeric : () => true,
      needs: `numbers for the ${params.strategy} (use most frequent or constant for text)`,
    });
    return {
      columns: names.map((name) => fitColumn(requireColumn(input, name, NODE), params, ctx.trainRows)),
      addIndicator: params.addIndicator,
    };
  },
  apply(input, _params, state) {
    const replace = new Map<string, Column[]>();
    const after = new Map<string, Column[]>();
    for (const imputed of state.columns) {
      const col = requireColumn(input, imputed.name, NODE);
      replace.set(col.name, [applyColumn(col, imputed)]);
      if (state.addIndicator) after.set(col.name, [indicator(col)]);
    }
    return editTable(input, NODE, { replace, after });
  },
  outputColumns(inputColumns, params, target = null) {
    if (!params.addIndicator) return [...inputColumns];
    const numericOnly = params.strategy === 'mean' || params.strategy === 'median';
    if (params.columns.length === 0 && numericOnly) return null;
    const chosen = new Set(params.columns.length > 0 ? params.columns : inputColumns.filter((c) => c !== target));
    return inputColumns.flatMap((c) => (chosen.has(c) ? [c, missingIndicatorName(c)] : [c]));
  },
  lineage(inputColumns, _params, state) {
    if (!state.addIndicator) return editLineage(inputColumns);
    return editLineage(inputColumns, { after: new Map(state.columns.map(({ name }) => [name, [[missingIndicatorName(name), [name]]]])) });
  },
});
