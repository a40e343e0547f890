/**
 * `target_encode`: replaces a category by the (smoothed) mean target of its training rows, without
 * letting a training row's own target encode it.
 *
 * Encoding of a level with `n` rows and target sum `s`, given the prior mean `p` and smoothing `m`:
 * `(s + m·p) / (n + m)` (an m-estimate: a rare level is pulled toward the prior). Missing and unseen
 * levels get `p`. (A training fold that holds every training target has nothing out of fold: its rows
 * get NaN; this needs all training targets in one fold, e.g. a single training row with a target.)
 * - Rows not in training (validation, test, new data) use statistics of all training rows.
 * - Training rows are split into `folds` folds (seeded shuffle of the sorted training rows); a training
 *   row is encoded with statistics (and prior) of the other folds only ("out of fold"). Apply therefore
 *   needs the same training rows as fit (`ApplyContext.trainRows`, checked by a fingerprint).
 * Targets: binary (class index 0/1) → the positive rate; regression → the mean; multiclass (ctx.task) →
 * one column `<col>:te:<k>` per class index k holding the smoothed rate of class k.
 * The state keeps per-fold sums and counts, so it is O(folds × levels × outputs).
 */
import { z } from 'zod';
import type { Column } from '../../data/table';
import { createRng, deriveSeed, shuffleInPlace } from '../../util/random';
import { compareNatural } from '../naturalOrder';
import { columnList, editLineage, editTable, levelTexts, numericColumn, requireColumn } from './columns';
import { defineFeatureNode } from './define';
import { categoricalColumns } from './encode';
import { FeatureNodeError } from './types';

const NODE = 'Target encode';

export const targetEncodeParams = z.object({
  columns: columnList,
  smoothing: z.number().min(0).max(1e6).default(10),
  folds: z.number().int().min(2).max(20).default(5),
});
export type TargetEncodeParams = z.infer<typeof targetEncodeParams>;

export interface TargetEncodedColumn {
  readonly name: string;
  /** Training levels, in natural order. */
  readonly levels: string[];
  /** [fold][level]: training rows with a target. */
  readonly counts: number[][];
  /** [fold][level][output]: sum of the target (or of the class-k indicator). */
  readonly sums: number[][][];
}

export interface TargetEncodeState {
  /** 1, or the number of classes for a multiclass target (then one output per class). */
  readonly outputs: number;
  readonly multiclass: boolean;
  readonly smoothing: number;
  readonly folds: number;
  /** The seed of the fold shuffle (derived from the project seed). */
  readonly foldSeed: number;
  /** Identifies the training rows: their count and a 32-bit FNV-1a hash of them, sorted. */
  readonly train: { readonly count: number; readonly hash: number };
  /** [fold]: training rows with a target, whatever their level (the prior's denominator). */
  readonly totalCounts: number[];
  /** [fold][output]: their target sums. */
  readonly totalSums: number[][];
  readonly columns: TargetEncodedColumn[];
}

function fingerprint(sortedRows: Int32Array): { count: number; hash: number } {
  let h = 0x811c9dc5;
  for (const r of sortedRows) {
    for (let b = 0; b < 32; b += 8) h = Math.imul(h ^ ((r >>> b) & 0xff), 0x01000193) >>> 0;
  }
  return { count: sortedRows.length, hash: h };
}

/**
 * The fold (0..folds-1) of each training row, by table row (-1 for other rows): the training rows are
 * sorted (so their order in `trainRows` does not matter), shuffled with `foldSeed`, and dealt round-robin.
 */
export function assignFolds(trainRows: Int32Array, rowCount: number, folds: number, foldSeed: number): Int32Array {
  const sorted = Int32Array.from(trainRows).sort();
  const order = shuffleInPlace(Int32Array.from(sorted.keys()), createRng(foldSeed));
  const fold = new Int32Array(rowCount).fill(-1);
  order.forEach((pos, i) => (fold[sorted[pos]!] = i % folds));
  return fold;
}

/** Per fold, per output: what one row with target `y` adds to the sums. */
function contribution(y: number, outputs: number, multiclass: boolean): number[] {
  if (!multiclass) return [y];
  const v = new Array<number>(outputs).fill(0);
  v[y] = 1;
  return v;
}

function sumOver(rows: readonly number[][]): number[] {
  const out = new Array<number>(rows[0]?.length ?? 0).fill(0);
  for (const r of rows) r.forEach((v, j) => (out[j]! += v));
  return out;
}

export const targetEncodeNode = defineFeatureNode<TargetEncodeParams, TargetEncodeState>({
  kind: 'target_encode',
  label: NODE,
  help: "Replaces each category by the average target of its training rows, computed out of fold so a row never sees its own answer.",
  params: targetEncodeParams,
  paramDocs: {
    columns: { label: 'Columns', help: 'Category columns to encode; leave empty for every text column that looks categorical.' },
    smoothing: {
      label: 'Smoothing',
      help: "How many rows' worth of the overall average each category is blended with; larger pulls rare categories toward it.",
    },
    folds: { label: 'Folds', help: 'Training rows are split into this many parts; each part is encoded from the others only.' },
  },
  fit(input, params, ctx) {
    if (ctx.target === null || ctx.targetValues === null) {
      throw new FeatureNodeError(NODE, 'choose a target first: this node encodes categories by their average target.');
    }
    const names = categoricalColumns(input, params.columns, NODE, ctx);
    const y = ctx.targetValues;
    const multiclass = ctx.task === 'multiclass';
    const sorted = Int32Array.from(ctx.trainRows).sort();
    let outputs = 1;
    let withTarget = 0;
    for (const r of sorted) {
      const v = y[r]!;
      if (!Number.isFinite(v)) continue;
      withTarget++;
      if (multiclass) {
        if (!Number.isInteger(v) || v < 0) throw new FeatureNodeError(NODE, `a multiclass target must be class indices 0, 1, 2..., got ${v}.`);
        outputs = Math.max(outputs, v + 1);
      }
    }
    if (withTarget === 0) throw new FeatureNodeError(NODE, 'no training row has a target value.');
    const foldSeed = deriveSeed(ctx.seed, 'target_encode');
    const fold = assignFolds(sorted, input.rowCount, params.folds, foldSeed);
    const zeros = () => new Array<number>(outputs).fill(0);
    const totalCounts = new Array<number>(params.folds).fill(0);
    const totalSums = Array.from({ length: params.folds }, zeros);
    for (const r of sorted) {
      const v = y[r]!;
      if (!Number.isFinite(v)) continue;
      const f = fold[r]!;
      totalCounts[f]!++;
      contribution(v, outputs, multiclass).forEach((c, j) => (totalSums[f]![j]! += c));
    }
    const columns = names.map((name): TargetEncodedColumn => {
      const text = levelTexts(requireColumn(input, name, NODE));
      const levelSet = new Set<string>();
      for (const r of sorted) {
        const t = text(r);
        if (t !== null && Number.isFinite(y[r]!)) levelSet.add(t);
      }
      const levels = [...levelSet].sort(compareNatural);
      const index = new Map(levels.map((l, i) => [l, i]));
      const counts = Array.from({ length: params.folds }, () => new Array<number>(levels.length).fill(0));
      const sums = Array.from({ length: params.folds }, () => Array.from({ length: levels.length }, zeros));
      for (const r of sorted) {
        const t = text(r);
        const v = y[r]!;
        if (t === null || !Number.isFinite(v)) continue;
        const l = index.get(t)!;
        const f = fold[r]!;
        counts[f]![l]!++;
        contribution(v, outputs, multiclass).forEach((c, j) => (sums[f]![l]![j]! += c));
      }
      return { name, levels, counts, sums };
    });
    return {
      outputs,
      multiclass,
      smoothing: params.smoothing,
      folds: params.folds,
      foldSeed,
      train: fingerprint(sorted),
      totalCounts,
      totalSums,
      columns,
    };
  },
  apply(input, _params, state, ctx) {
    let fold: Int32Array | null = null;
    if (ctx.trainRows !== null) {
      const sorted = Int32Array.from(ctx.trainRows).sort();
      const fp = fingerprint(sorted);
      if (fp.count !== state.train.count || fp.hash !== state.train.hash) {
        throw new FeatureNodeError(NODE, 'the training rows differ from those it was fitted on; fit it again.');
      }
      fold = assignFolds(sorted, input.rowCount, state.folds, state.foldSeed);
    }
    const k = state.outputs;
    const m = state.smoothing;
    // Index 0..folds-1: statistics without that fold; index `folds`: all training rows.
    const n = state.folds;
    const allCount = state.totalCounts.reduce((a, b) => a + b, 0);
    const allSums = sumOver(state.totalSums);
    const priors = Array.from({ length: n + 1 }, (_, f) => {
      const count = f === n ? allCount : allCount - state.totalCounts[f]!;
      if (f === n) return allSums.map((s) => s / allCount);
      // A fold holding every target leaves nothing to encode its rows from: missing.
      return allSums.map((s, j) => (count > 0 ? (s - state.totalSums[f]![j]!) / count : NaN));
    });
    const replace = new Map<string, Column[]>();
    for (const fitted of state.columns) {
      const col = requireColumn(input, fitted.name, NODE);
      const levelCount = sumOver(fitted.counts);
      const levelSums = fitted.levels.map((_, l) => sumOver(fitted.sums.map((byLevel) => byLevel[l]!)));
      // enc[f][l][j]: the encoding of level l, output j, for a row in fold f (f = n: not a training row).
      const enc = Array.from({ length: n + 1 }, (_, f) =>
        fitted.levels.map((_, l) => {
          const count = f === n ? levelCount[l]! : levelCount[l]! - fitted.counts[f]![l]!;
          return priors[f]!.map((p, j) => {
            const sum = f === n ? levelSums[l]![j]! : levelSums[l]![j]! - fitted.sums[f]![l]![j]!;
            return count + m > 0 ? (sum + m * p) / (count + m) : p;
          });
        }),
      );
      const index = new Map(fitted.levels.map((l, i) => [l, i]));
      const text = levelTexts(col);
      const outs = Array.from({ length: k }, () => new Float64Array(input.rowCount));
      for (let r = 0; r < input.rowCount; r++) {
        const f = fold === null || fold[r]! < 0 ? n : fold[r]!;
        const t = text(r);
        const l = t === null ? undefined : index.get(t);
        const values = l === undefined ? priors[f]! : enc[f]![l]!;
        for (let j = 0; j < k; j++) outs[j]![r] = values[j]!;
      }
      replace.set(
        col.name,
        state.multiclass
          ? outs.map((values, j) => numericColumn(targetEncodeName(col.name, j), values))
          : [numericColumn(col.name, outs[0]!)],
      );
    }
    return editTable(input, NODE, { replace });
  },
  outputColumns: () => null,
  lineage(inputColumns, _params, state) {
    if (!state.multiclass) return editLineage(inputColumns);
    return editLineage(inputColumns, {
      replace: new Map(
        state.columns.map(({ name }) => [name, Array.from({ length: state.outputs }, (_, j) => [targetEncodeName(name, j), [name]] as const)]),
      ),
    });
  },
});

/** The multiclass output column for class index `k`. */
export function targetEncodeName(column: string, k: number): string {
  return `${column}:te:${k}`;
}
