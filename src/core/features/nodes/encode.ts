/**
 * Category encoders: `onehot` (one 0/1 column per level) and `ordinal` (one integer per level). Levels
 * are cell texts (numbers in numeric storage read as `String(v)`), counted on the training rows.
 */
import { z } from 'zod';
import type { Column, Table } from '../../data/table';
import { compareNatural } from '../naturalOrder';
import { OTHER_LEVEL } from '../preprocess';
import { columnList, editLineage, editTable, levelTexts, numericColumn, requireColumn, resolveColumns, trainKind } from './columns';
import { defineFeatureNode } from './define';
import type { FitContext } from './types';

/**
 * Columns an empty list picks for the encoders: text columns the studio would read as categorical or
 * boolean from the training rows (not free text, identifiers or dates, which would explode into levels).
 */
export function categoricalColumns(input: Table, requested: readonly string[], node: string, ctx: FitContext): string[] {
  return resolveColumns(input, requested, node, ctx, {
    auto: (col) => col.storage === 'string' && ['categorical', 'boolean'].includes(trainKind(col, ctx.trainRows)),
  });
}

/** Training rows per level of `col`, in first-seen order (missing cells not counted). */
export function levelCounts(col: Column, trainRows: Int32Array): Map<string, number> {
  const text = levelTexts(col);
  const counts = new Map<string, number>();
  for (let i = 0; i < trainRows.length; i++) {
    const t = text(trainRows[i]!);
    if (t !== null) counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  return counts;
}

/** Levels most frequent first, ties in natural order. */
function byFrequency(counts: ReadonlyMap<string, number>): string[] {
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || compareNatural(a[0], b[0])).map(([l]) => l);
}

// ---------------------------------------------------------------------------------------------------
// One-hot

const ONEHOT = 'One-hot encode';

export const onehotParams = z.object({
  columns: columnList,
  minCount: z.number().int().min(1).max(1_000_000).default(1),
  maxLevels: z.number().int().min(1).max(1000).default(20),
});
export type OnehotParams = z.infer<typeof onehotParams>;

export interface OnehotColumn {
  readonly name: string;
  /** Kept levels in natural order: one output column `<name>=<level>` each. */
  readonly levels: string[];
  /** The bucket for grouped (rare, beyond maxLevels) and unseen levels, last; null when none was grouped. */
  readonly other: string | null;
}

export interface OnehotState {
  readonly columns: OnehotColumn[];
}

export const onehotName = (column: string, level: string): string => `${column}=${level}`;

/**
 * Replaces each column by one 0/1 column per kept level. Kept: levels with at least `minCount` training
 * rows, at most `maxLevels` of them (most frequent first, ties in natural order); the others go to an
 * "(other)" column (made unique if a level has that name), which also takes levels unseen in training.
 * Without an "(other)" column an unseen level is all zeros; a missing cell is always all zeros. A column
 * with no training value gives no columns.
 */
export const onehotNode = defineFeatureNode<OnehotParams, OnehotState>({
  kind: 'onehot',
  label: ONEHOT,
  help: 'Turns a category column into one 0/1 column per category.',
  params: onehotParams,
  paramDocs: {
    columns: { label: 'Columns', help: 'Category columns to encode; leave empty for every text column that looks categorical.' },
    minCount: { label: 'Minimum count', help: 'Categories seen in fewer training rows are grouped into "(other)".' },
    maxLevels: { label: 'Maximum categories', help: 'Keeps only this many of the most frequent categories; the rest go to "(other)".' },
  },
  fit(input, params, ctx) {
    const names = categoricalColumns(input, params.columns, ONEHOT, ctx);
    return {
      columns: names.map((name) => {
        const counts = levelCounts(requireColumn(input, name, ONEHOT), ctx.trainRows);
        const kept = byFrequency(counts)
          .filter((l) => counts.get(l)! >= params.minCount)
          .slice(0, params.maxLevels);
        let other: string | null = null;
        if (kept.length < counts.size) {
          other = OTHER_LEVEL;
          while (counts.has(other)) other = `${other}_`;
        }
        return { name, levels: kept.sort(compareNatural), other };
      }),
    };
  },
  apply(input, _params, state) {
    const replace = new Map<string, Column[]>();
    for (const fitted of state.columns) {
      const col = requireColumn(input, fitted.name, ONEHOT);
      const width = fitted.levels.length + (fitted.other === null ? 0 : 1);
      const slot = new Map(fitted.levels.map((l, j) => [l, j]));
      const otherSlot = fitted.other === null ? -1 : fitted.levels.length;
      const outs = Array.from({ length: width }, () => new Float64Array(input.rowCount));
      const text = levelTexts(col);
      for (let r = 0; r < input.rowCount; r++) {
        const t = text(r);
        if (t === null) continue;
        const j = slot.get(t) ?? otherSlot;
        if (j >= 0) outs[j]![r] = 1;
      }
      const labels = fitted.other === null ? fitted.levels : [...fitted.levels, fitted.other];
      replace.set(col.name, labels.map((l, j) => numericColumn(onehotName(col.name, l), outs[j]!)));
    }
    return editTable(input, ONEHOT, { replace });
  },
  outputColumns: () => null,
  lineage(inputColumns, _params, state) {
    return editLineage(inputColumns, {
      replace: new Map(
        state.columns.map(({ name, levels, other }) => [
          name,
          (other === null ? levels : [...levels, other]).map((l) => [onehotName(name, l), [name]] as const),
        ]),
      ),
    });
  },
});

// ---------------------------------------------------------------------------------------------------
// Ordinal

const ORDINAL = 'Ordinal encode';

export const ordinalParams = z.object({
  columns: columnList,
  order: z.enum(['frequency', 'alphabetical']).default('frequency'),
  unseen: z.enum(['minus_one', 'missing']).default('minus_one'),
});
export type OrdinalParams = z.infer<typeof ordinalParams>;

export interface OrdinalColumn {
  readonly name: string;
  /** Training levels; level i encodes as i. */
  readonly levels: string[];
}

export interface OrdinalState {
  readonly columns: OrdinalColumn[];
  /** The code of a level not seen in training: -1, or null for missing (NaN). */
  readonly unseenCode: number | null;
}

/**
 * Replaces each column by one number per level: 0, 1, 2... in order of training frequency (most frequent
 * first, ties in natural order) or in natural order ("alphabetical": numbers by value, then text A→Z
 * ignoring case). A level unseen in training gives -1 (or missing, per `unseen`); a missing cell stays
 * missing (NaN).
 */
export const ordinalNode = defineFeatureNode<OrdinalParams, OrdinalState>({
  kind: 'ordinal',
  label: ORDINAL,
  help: 'Turns each category into a number (0, 1, 2...). Compact, but implies an order.',
  params: ordinalParams,
  paramDocs: {
    columns: { label: 'Columns', help: 'Category columns to encode; leave empty for every text column that looks categorical.' },
    order: {
      label: 'Order',
      help: 'Frequency: the most common category gets 0; Alphabetical: numbers by value, then text from A to Z.',
    },
    unseen: {
      label: 'Unseen categories',
      help: 'What a category not seen in training becomes: -1, or a missing value (to impute later).',
    },
  },
  fit(input, params, ctx) {
    const names = categoricalColumns(input, params.columns, ORDINAL, ctx);
    return {
      columns: names.map((name) => {
        const counts = levelCounts(requireColumn(input, name, ORDINAL), ctx.trainRows);
        return { name, levels: params.order === 'frequency' ? byFrequency(counts) : [...counts.keys()].sort(compareNatural) };
      }),
      unseenCode: params.unseen === 'minus_one' ? -1 : null,
    };
  },
  apply(input, _params, state) {
    const unseen = state.unseenCode ?? NaN;
    const replace = new Map<string, Column[]>();
    for (const fitted of state.columns) {
      const col = requireColumn(input, fitted.name, ORDINAL);
      const code = new Map(fitted.levels.map((l, j) => [l, j]));
      const text = levelTexts(col);
      const out = new Float64Array(input.rowCount);
      for (let r = 0; r < input.rowCount; r++) {
        const t = text(r);
        out[r] = t === null ? NaN : (code.get(t) ?? unseen);
      }
      replace.set(col.name, [numericColumn(col.name, out)]);
    }
    return editTable(input, ORDINAL, { replace });
  },
  outputColumns: (inputColumns) => [...inputColumns],
  lineage: (inputColumns) => editLineage(inputColumns),
});
