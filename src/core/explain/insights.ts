/**
 * The studio's explanations of a trained pipeline, end to end (issue #4): which rows, which background,
 * which players (the user's source columns or the encoded model inputs), which method; then the plain
 * reports of reports.ts. The math lives in shapley.ts, kernelShap.ts, linearShap.ts, gradient.ts,
 * permutation.ts, pdp.ts and fairness.ts; this module only wires a trained pipeline (scoring.ts) to it.
 * Shared by the worker and the CLI, so both explain the same way.
 *
 * The model function explained is the pipeline's output per row: class probabilities (binary: both
 * classes), or the predicted value (regression); linear SHAP works on the logit instead (it says so).
 */
import * as tf from '@tensorflow/tfjs';
import { columnAsNumbers } from '../data/infer';
import { cellText, columnByName, type Column, type Table } from '../data/table';
import { encodeTarget } from '../features/preprocess';
import { rocAuc } from '../evaluate/metrics';
import type { TrainedArtifacts } from '../pipeline/experiment';
import { encodedSources } from '../pipeline/lineage';
import { predictedClasses, featureMatrix, inputColumns, isGraphFeatures, outputsPerRow, predictMatrix, windowOf, type FeatureMatrix } from '../pipeline/scoring';
import { createRng, deriveSeed, shuffleInPlace } from '../util/random';
import { fairnessReport } from './fairness';
import { expectedGradients } from './gradient';
import { kernelShap } from './kernelShap';
import { kmeansBackground, weightedMean } from './kmeans';
import { playersBySource, sumToPlayers } from './grouping';
import { linearShapPlayers } from './linearShap';
import { partialDependence, pdpGrid } from './pdp';
import { importanceScore, permutationImportance } from './permutation';
import type { ExplainOptions, ExplainReport, ExplainedRow, FairnessReportData, Granularity, PartialDependenceReport, PermutationReport } from './reports';
import { chooseMethod, exactShapley } from './shapley';
import type { Background, BatchModel, ExplainControl, ExplainModelKind, Players } from './types';

/** A trained pipeline and the table it was trained on (its `split` says which rows are which). */
export interface InsightContext {
  readonly artifacts: TrainedArtifacts;
  readonly table: Table;
  /** The run's model kind (ExperimentResult.model). */
  readonly modelKind: string;
  /** Where background rows come from (default: the training split of `table`). */
  readonly background?: { readonly table: Table; readonly rows: Int32Array };
}

/** Training rows drawn for k-means are capped here (k-means is O(rows × k × d) per iteration). */
const KMEANS_MAX_INPUT_ROWS = 5000;

const elapsed = (t0: number) => Math.round(performance.now() - t0);

function split(ctx: InsightContext) {
  const s = ctx.artifacts.split;
  if (!s) throw new Error('This model was saved without its data split: train it again to explain it.');
  return s;
}

/** Up to `m` rows of `rows`, drawn without replacement (seeded), in table order. */
function sampleRows(rows: Int32Array, m: number, seed: number): Int32Array {
  if (rows.length <= m) return rows;
  const copy = Int32Array.from(rows);
  shuffleInPlace(copy, createRng(seed));
  return copy.subarray(0, m).sort();
}

/** Output names: the classes, or the target for regression. */
function outputNames(artifacts: TrainedArtifacts): string[] {
  if (artifacts.anomaly) return ['anomaly score'];
  return artifacts.target.classes ? [...artifacts.target.classes] : [artifacts.target.column];
}

/** The space the model function's outputs are in (before any method-specific change). */
const outputSpace = (artifacts: TrainedArtifacts): 'probability' | 'value' | 'score' =>
  artifacts.anomaly ? 'score' : artifacts.target.task === 'regression' ? 'value' : 'probability';

/** The pipeline's model as a function of encoded rows. */
function batchModel(artifacts: TrainedArtifacts, m: Pick<FeatureMatrix, 'nFeatures' | 'rowShape'>): BatchModel {
  return (x, n) => predictMatrix(artifacts, { x, n, nFeatures: m.nFeatures, ...(m.rowShape ? { rowShape: m.rowShape } : {}) });
}

/**
 * The players: each source column (all its encoded columns, across the time window) or each encoded
 * column (across the window). Source columns that share an encoded column (a product a*b, a formula)
 * are one player named after all of them ("a, b"): grouping.ts' playersBySource.
 */
export function playersFor(artifacts: TrainedArtifacts, granularity: Granularity): { names: string[]; players: Players; encodedOf: number[][] } {
  const fitted = artifacts.preprocessor;
  const encoded = fitted.outputNames;
  const window = windowOf(fitted);
  const positions = (j: number) => Array.from({ length: window }, (_, t) => t * encoded.length + j);
  if (granularity === 'encoded') {
    return { names: [...encoded], players: encoded.map((_, j) => positions(j)), encodedOf: encoded.map((_, j) => [j]) };
  }
  const { names, players } = playersBySource(encodedSources(fitted, artifacts.target.column), window, encoded.length);
  // Each player's encoded columns (its positions at any time step), for display and tests.
  const encodedOf = players.map((ps) => [...new Set(ps.map((pos) => pos % encoded.length))]);
  return { names, players, encodedOf };
}

/** Backgrounds already computed, per fitted pipeline and source table (k-means is the slow part of a call). */
const backgrounds = new WeakMap<object, WeakMap<Table, Map<string, { bg: Background; summary: 'all' | 'kmeans' }>>>();

/**
 * Background rows from the training split: all of them when few, else a weighted k-means summary of
 * `size` centres. Remembered per (pipeline, table, size, seed): the same request gets the same rows.
 */
function background(ctx: InsightContext, size: number, seed: number): { bg: Background; summary: 'all' | 'kmeans' } {
  const source = ctx.background ?? { table: ctx.table, rows: split(ctx).train };
  const byTable = backgrounds.get(ctx.artifacts.preprocessor) ?? new WeakMap<Table, Map<string, { bg: Background; summary: 'all' | 'kmeans' }>>();
  backgrounds.set(ctx.artifacts.preprocessor, byTable);
  const cache = byTable.get(source.table) ?? new Map<string, { bg: Background; summary: 'all' | 'kmeans' }>();
  byTable.set(source.table, cache);
  const key = `${size}|${seed}|${source.rows.length}|${source.rows[0] ?? -1}|${source.rows[source.rows.length - 1] ?? -1}`;
  const hit = cache.get(key);
  if (hit) return hit;
  if (source.rows.length === 0) throw new Error('There are no background rows to compare with.');
  const drawn = sampleRows(source.rows, Math.max(size, Math.min(source.rows.length, KMEANS_MAX_INPUT_ROWS)), deriveSeed(seed, 'background'));
  const m = featureMatrix(ctx.artifacts.preprocessor, source.table, drawn);
  const made: { bg: Background; summary: 'all' | 'kmeans' } =
    m.n <= size
      ? { bg: { x: m.x, n: m.n, d: m.nFeatures, weights: new Float64Array(m.n).fill(1 / m.n) }, summary: 'all' }
      : { bg: kmeansBackground(m.x, m.n, m.nFeatures, size, deriveSeed(seed, 'kmeans')), summary: 'kmeans' };
  cache.set(key, made);
  return made;
}

/**
 * The linear model's affine map in logit space (before the head's sigmoid/softmax), composed through
 * any later frozen linear layer (regression's target_scale): W (d × k) and b. Throws for other models.
 */
function affineOf(model: tf.LayersModel, d: number): { w: Float64Array; b: Float64Array; k: number } {
  let w: Float64Array | null = null; // d × k so far
  let b: Float64Array | null = null;
  let k = d;
  for (const layer of model.layers) {
    const cls = layer.getClassName();
    if (cls === 'InputLayer' || cls === 'Dropout') continue;
    if (cls !== 'Dense') throw new Error(`Linear SHAP needs a linear model; layer "${layer.name}" is a ${cls}.`);
    const [kernel, bias] = layer.getWeights();
    const kv = Float64Array.from(kernel!.dataSync());
    const units = kernel!.shape[1]!;
    const bv = bias ? Float64Array.from(bias.dataSync()) : new Float64Array(units);
    if (!w) {
      w = kv;
      b = bv;
    } else {
      const nw = new Float64Array(d * units);
      const nb = Float64Array.from(bv);
      for (let i = 0; i < d; i++) for (let u = 0; u < units; u++) for (let j = 0; j < k; j++) nw[i * units + u]! += w[i * k + j]! * kv[j * units + u]!;
      for (let u = 0; u < units; u++) for (let j = 0; j < k; j++) nb[u]! += b![j]! * kv[j * units + u]!;
      w = nw;
      b = nb;
    }
    k = units;
  }
  if (!w || !b) throw new Error('Linear SHAP: the model has no Dense layer.');
  return { w, b, k };
}

function displayValues(ctx: InsightContext, row: number, names: readonly string[], encodedOf: readonly number[][], granularity: Granularity, m: FeatureMatrix, i: number) {
  const values: string[] = [];
  const numeric: (number | null)[] = [];
  const encodedCount = ctx.artifacts.preprocessor.outputNames.length;
  const last = (windowOf(ctx.artifacts.preprocessor) - 1) * encodedCount;
  names.forEach((name, p) => {
    if (granularity === 'encoded') {
      const v = m.x[i * m.nFeatures + last + encodedOf[p]![0]!]!;
      values.push(String(Math.round(v * 1e6) / 1e6));
      numeric.push(Number.isFinite(v) ? v : null);
      return;
    }
    const col = columnByName(ctx.table, name);
    if (!col) {
      values.push('');
      numeric.push(null);
      return;
    }
    values.push(cellText(col, row));
    const v = col.storage === 'numeric' ? col.values[row]! : NaN;
    numeric.push(Number.isFinite(v) ? v : null);
  });
  return { values, numeric };
}

/**
 * Attributions for rows of the table (default: a seeded sample of the test split). Cost: exact
 * 2^players × background model rows per explained row; KernelSHAP samples × background; linear O(d·k);
 * gradient samples × model gradient evaluations.
 */
export async function explainModel(ctx: InsightContext, opts: ExplainOptions, control: ExplainControl = {}): Promise<ExplainReport> {
  const t0 = performance.now();
  const { artifacts } = ctx;
  const notes: string[] = [];
  const rows = opts.rows ? Int32Array.from(opts.rows) : sampleRows(split(ctx).test, opts.maxRows, deriveSeed(opts.seed, 'explain-rows'));
  if (rows.length === 0) throw new Error('There are no rows to explain (the test split is empty).');
  for (const r of rows) if (!(r >= 0 && r < ctx.table.rowCount)) throw new Error(`Row ${r} is not in the data (it has ${ctx.table.rowCount} rows).`);
  const { names, players, encodedOf } = playersFor(artifacts, opts.granularity);
  const kind: ExplainModelKind = ctx.modelKind === 'linear' || ctx.modelKind === 'mlp' || ctx.modelKind === 'graph' ? ctx.modelKind : 'baseline';
  if (artifacts.anomaly && (opts.method === 'gradient' || opts.method === 'linear')) {
    throw new Error('An anomaly detector\'s score (its reconstruction error) is explained with exact Shapley values or KernelSHAP; choose auto, exact or kernel.');
  }
  const choice = chooseMethod({ players: players.length, modelKind: artifacts.model ? (artifacts.anomaly ? 'graph' : kind) : 'baseline', requested: opts.method });
  const m = featureMatrix(artifacts.preprocessor, ctx.table, rows);
  const k = outputsPerRow(artifacts);
  const { bg, summary } = background(ctx, opts.background, opts.seed);
  const d = m.nFeatures;
  const f = batchModel(artifacts, m);
  let outputs = outputNames(artifacts);
  let space: ExplainReport['space'] = outputSpace(artifacts);
  let base: number[] = [];
  let gap = 0;
  const explained: ExplainedRow[] = [];
  const push = (i: number, fx: number[], phi: number[]) => {
    const row = rows[i]!;
    explained.push({ row, line: ctx.table.sourceLines?.[row] ?? null, fx, phi, ...displayValues(ctx, row, names, encodedOf, opts.granularity, m, i) });
  };

  if (choice.method === 'linear') {
    const { w, b, k: kl } = affineOf(artifacts.model!, d);
    // Binary: the logit of the positive class; multiclass: each class's logit; regression: the value.
    if (artifacts.target.task === 'binary') outputs = [outputs[1]!];
    if (artifacts.target.task !== 'regression') space = 'logit';
    const mean = weightedMean(bg);
    for (let i = 0; i < m.n; i++) {
      const a = linearShapPlayers(w, m.x.subarray(i * d, (i + 1) * d), mean, kl, b, players);
      base = Array.from(a.base);
      gap = Math.max(gap, a.localAccuracyGap);
      push(i, Array.from(a.fx), Array.from(a.phi));
      control.onProgress?.(i + 1, m.n);
    }
  } else if (choice.method === 'gradient') {
    // One output unit per class for multiclass; a binary model's single sigmoid unit is class 1 (class 0 = −phi).
    const units = artifacts.target.task === 'multiclass' ? k : 1;
    const perOutput: { phi: Float64Array; base: number; fx: Float64Array; gap: Float64Array }[] = [];
    for (let u = 0; u < units; u++) {
      perOutput.push(
        await expectedGradients({
          model: artifacts.model!,
          x: m.x,
          rows: m.n,
          rowShape: m.rowShape ?? [d],
          background: bg,
          output: u,
          seed: deriveSeed(opts.seed, `gradient:${u}`),
          ...(control.shouldStop ? { shouldStop: control.shouldStop } : {}),
          onProgress: (done, total) => control.onProgress?.(u * total + done, units * total),
        }),
      );
    }
    const scale = artifacts.target.task === 'regression' ? regressionScale(artifacts.model!) : 1;
    if (scale !== 1) notes.push('Gradients are taken through the model, including its target scaling.');
    const kk = k;
    base = Array.from({ length: kk }, (_, o) => (units === 1 && kk === 2 ? (o === 1 ? perOutput[0]!.base : 1 - perOutput[0]!.base) : perOutput[o]!.base));
    for (let i = 0; i < m.n; i++) {
      const per = new Float64Array(d * kk);
      const fx: number[] = [];
      for (let o = 0; o < kk; o++) {
        const src = units === 1 && kk === 2 ? perOutput[0]! : perOutput[o]!;
        const sign = units === 1 && kk === 2 && o === 0 ? -1 : 1;
        for (let j = 0; j < d; j++) per[j * kk + o] = sign * src.phi[i * d + j]!;
        fx.push(units === 1 && kk === 2 && o === 0 ? 1 - src.fx[i]! : src.fx[i]!);
        gap = Math.max(gap, src.gap[i]!);
      }
      push(i, fx, Array.from(sumToPlayers(per, kk, players)));
    }
    notes.push('Gradient attributions integrate the model\'s gradient from each background row to the explained row; their sum matches the prediction up to the integration error shown.');
  } else {
    for (let i = 0; i < m.n; i++) {
      if (control.shouldStop?.()) throw Object.assign(new Error('Cancelled.'), { name: 'AbortError' });
      const x = m.x.slice(i * d, (i + 1) * d);
      const a =
        choice.method === 'exact'
          ? await exactShapley(f, x, bg, players, { ...(control.shouldStop ? { shouldStop: control.shouldStop } : {}) })
          : await kernelShap(f, x, bg, players, {
              seed: deriveSeed(opts.seed, `kernel:${rows[i]}`),
              ...(opts.kernelSamples ? { nSamples: opts.kernelSamples } : {}),
              ...(control.shouldStop ? { shouldStop: control.shouldStop } : {}),
            });
      base = Array.from(a.base);
      gap = Math.max(gap, a.localAccuracyGap);
      push(i, Array.from(a.fx), Array.from(a.phi));
      control.onProgress?.(i + 1, m.n);
    }
  }
  const ko = outputs.length;
  const meanAbs = new Array<number>(names.length * ko).fill(0);
  for (const r of explained) for (let j = 0; j < meanAbs.length; j++) meanAbs[j]! += Math.abs(r.phi[j]!) / explained.length;
  if (!artifacts.model) notes.push('This is the baseline model: it predicts the same for every row, so every attribution is 0.');
  if (windowOf(artifacts.preprocessor) > 1) notes.push('The model reads a time window: a feature\'s attribution covers its values at every step of the window.');
  return {
    method: choice.method,
    methodReason: choice.reason,
    space,
    granularity: opts.granularity,
    features: names,
    outputs,
    base,
    rows: explained,
    meanAbs,
    localAccuracyGap: gap,
    background: { rows: bg.n, summary },
    notes,
    ms: elapsed(t0),
  };
}

/** A regression model's frozen target scale (1 when none): gradients already include it. */
function regressionScale(model: tf.LayersModel): number {
  const layer = model.layers.find((l) => l.name === 'target_scale');
  if (!layer) return 1;
  return layer.getWeights()[0]!.dataSync()[0]!;
}

/** A copy of `table` limited to `rows`, with column `name` taken from rows `from` (a permutation) or set to one value. */
function withColumn(table: Table, name: string, make: (col: Column) => Column): Table {
  return { ...table, columns: table.columns.map((c) => (c.name === name ? make(c) : c)) };
}

function permutedColumn(col: Column, rows: Int32Array, permutation: Int32Array): Column {
  // Row rows[i] takes the value of row rows[permutation[i]]; other rows keep theirs.
  if (col.storage === 'numeric') {
    const values = Float64Array.from(col.values);
    for (let i = 0; i < rows.length; i++) values[rows[i]!] = col.values[rows[permutation[i]!]!]!;
    return { ...col, values };
  }
  const codes = Int32Array.from(col.codes);
  for (let i = 0; i < rows.length; i++) codes[rows[i]!] = col.codes[rows[permutation[i]!]!]!;
  return { ...col, codes };
}

function constantColumn(col: Column, value: number | string): Column {
  const n = col.storage === 'numeric' ? col.values.length : col.codes.length;
  if (typeof value === 'number') return { name: col.name, storage: 'numeric', values: new Float64Array(n).fill(value) };
  return { name: col.name, storage: 'string', codes: new Int32Array(n), dictionary: [value] };
}

/** The test split's targets (class index or value per row). */
function testTargets(ctx: InsightContext, rows: Int32Array): Float32Array {
  return encodeTarget(ctx.artifacts.target, ctx.table, rows);
}

/**
 * Permutation importance on the test split: each feature (a source column permuted in the raw table,
 * or an encoded column permuted in the model's input) shuffled `repeats` times; the drop in accuracy
 * (classification) or R² (regression). Cost: features × repeats predictions of the test split.
 */
export async function permutationReport(
  ctx: InsightContext,
  opts: { repeats: number; granularity: Granularity; seed: number },
  control: ExplainControl = {},
): Promise<PermutationReport> {
  const t0 = performance.now();
  const { artifacts, table } = ctx;
  const rows = split(ctx).test;
  if (rows.length < 2) throw new Error('Permutation importance needs at least 2 test rows.');
  const y = testTargets(ctx, rows);
  const classes = artifacts.target.classes ?? [];
  const m = featureMatrix(artifacts.preprocessor, table, rows);
  // An anomaly detector is scored on how well its score ranks anomalies above normal rows (ROC AUC).
  const scoreOf = (out: Float32Array) => (artifacts.anomaly ? { metric: 'roc_auc', score: rocAuc(y, out) ?? 0.5 } : importanceScore(artifacts.target.task, y, out, classes));
  const base = scoreOf(predictMatrix(artifacts, m));
  let names: string[];
  let score: (feature: number, permutation: Int32Array) => number;
  if (opts.granularity === 'encoded') {
    const { names: n, players } = playersFor(artifacts, 'encoded');
    names = n;
    const x = new Float32Array(m.x.length);
    score = (feature, permutation) => {
      x.set(m.x);
      for (let i = 0; i < m.n; i++) for (const pos of players[feature]!) x[i * m.nFeatures + pos] = m.x[permutation[i]! * m.nFeatures + pos]!;
      return scoreOf(predictMatrix(artifacts, { ...m, x })).score;
    };
  } else {
    names = inputColumns(artifacts.preprocessor);
    score = (feature, permutation) => {
      const t = withColumn(table, names[feature]!, (c) => permutedColumn(c, rows, permutation));
      return scoreOf(predictMatrix(artifacts, featureMatrix(artifacts.preprocessor, t, rows))).score;
    };
  }
  const r = await permutationImportance({
    names,
    repeats: opts.repeats,
    seed: opts.seed,
    metric: base.metric === 'r2' ? 'R²' : base.metric === 'roc_auc' ? 'ROC AUC' : 'accuracy',
    baselineScore: base.score,
    n: rows.length,
    scoreWithPermutation: score,
    ...(control.onProgress ? { onProgress: control.onProgress } : {}),
    ...(control.shouldStop ? { shouldStop: control.shouldStop } : {}),
  });
  return { ...r, granularity: opts.granularity, rows: rows.length, ms: elapsed(t0) };
}

/** How a source column is varied for partial dependence: numbers over quantiles, or text over its most frequent levels. */
function columnGridKind(fitted: TrainedArtifacts['preprocessor'], col: Column): 'numeric' | 'categorical' {
  if (col.storage === 'numeric') return 'numeric';
  if (isGraphFeatures(fitted) && fitted.source.numericViews[col.name]) return 'numeric';
  if (!isGraphFeatures(fitted)) {
    const input = fitted.inputs.find((i) => i.column === col.name);
    if (input && input.encoding === 'numeric') return 'numeric';
  }
  return 'categorical';
}

/**
 * Partial dependence and ICE curves of one source column over up to `iceRows` test rows (seeded
 * sample). Cost: grid points × one prediction of those rows (features re-applied each time).
 */
export async function partialDependenceReport(
  ctx: InsightContext,
  opts: { feature: string; maxPoints: number; iceRows: number; seed: number },
  control: ExplainControl = {},
): Promise<PartialDependenceReport> {
  const t0 = performance.now();
  const { artifacts, table } = ctx;
  if (!inputColumns(artifacts.preprocessor).includes(opts.feature)) throw new Error(`"${opts.feature}" is not one of the model's input columns.`);
  const col = columnByName(table, opts.feature)!;
  const kind = columnGridKind(artifacts.preprocessor, col);
  const train = split(ctx).train;
  const grid =
    kind === 'numeric'
      ? pdpGrid(Float64Array.from(train, (r) => (col.storage === 'numeric' ? col.values[r]! : columnAsNumbers(col, 'datetime')[r]!)), 'numeric', opts.maxPoints)
      : pdpGrid(Array.from(train, (r) => (col.storage === 'string' ? (col.codes[r]! >= 0 ? col.dictionary[col.codes[r]!]! : null) : String(col.values[r]))), 'categorical', opts.maxPoints);
  if (grid.values.length === 0) throw new Error(`"${opts.feature}" has no values in the training rows to vary.`);
  const rows = sampleRows(split(ctx).test, opts.iceRows, deriveSeed(opts.seed, 'pdp-rows'));
  const k = outputsPerRow(artifacts);
  const values = grid.values as readonly (number | string)[];
  const r = await partialDependence({
    grid: values,
    nRows: rows.length,
    k,
    predictAt: (g) => predictMatrix(artifacts, featureMatrix(artifacts.preprocessor, withColumn(table, opts.feature, (c) => constantColumn(c, values[g]!)), rows)),
    ...(control.onProgress ? { onProgress: control.onProgress } : {}),
    ...(control.shouldStop ? { shouldStop: control.shouldStop } : {}),
  });
  const G = values.length;
  const ice = Array.from(rows, (row, i) => ({ row, values: Array.from(r.ice.subarray(i * G * k, (i + 1) * G * k)) }));
  return {
    feature: opts.feature,
    kind,
    grid: [...values],
    outputs: outputNames(artifacts),
    average: Array.from(r.average),
    ice,
    space: outputSpace(artifacts),
    rows: rows.length,
    ms: elapsed(t0),
  };
}

/** Numbers with many values are grouped by quartile ("age: 30 to 45"), so groups are large enough to compare. */
function groupLabels(col: Column, rows: Int32Array): string[] {
  if (col.storage === 'string') return Array.from(rows, (r) => (col.codes[r]! >= 0 ? col.dictionary[col.codes[r]!]! : ''));
  const vals = Array.from(rows, (r) => col.values[r]!).filter((v) => Number.isFinite(v));
  const distinct = new Set(vals);
  if (distinct.size <= 10) return Array.from(rows, (r) => (Number.isFinite(col.values[r]!) ? String(col.values[r]) : ''));
  const sorted = [...vals].sort((a, b) => a - b);
  const q = [0.25, 0.5, 0.75].map((p) => sorted[Math.floor(p * (sorted.length - 1))]!);
  const edges = [...new Set(q)];
  const fmt = (v: number) => String(Math.round(v * 1000) / 1000);
  return Array.from(rows, (r) => {
    const v = col.values[r]!;
    if (!Number.isFinite(v)) return '';
    const b = edges.findIndex((e) => v <= e);
    if (b === 0) return `${col.name} ≤ ${fmt(edges[0]!)}`;
    if (b === -1) return `${col.name} > ${fmt(edges[edges.length - 1]!)}`;
    return `${fmt(edges[b - 1]!)} < ${col.name} ≤ ${fmt(edges[b]!)}`;
  });
}

/** The fairness report over the test split for the chosen sensitive columns (any column of the table). */
export function fairnessData(ctx: InsightContext, columns: readonly string[], positive?: string): FairnessReportData {
  const { artifacts, table } = ctx;
  if (columns.length === 0) throw new Error('Choose at least one sensitive column.');
  const rows = split(ctx).test;
  const sensitive = columns.map((name) => {
    const col = columnByName(table, name);
    if (!col) throw new Error(`The column "${name}" is not in the data.`);
    return { column: name, groupOf: groupLabels(col, rows) };
  });
  const y = testTargets(ctx, rows);
  const out = predictMatrix(artifacts, featureMatrix(artifacts.preprocessor, table, rows));
  const pred = artifacts.target.task === 'regression' ? out : Float32Array.from(predictedClasses(artifacts, out));
  const classes = artifacts.target.classes ?? [];
  const positiveIndex = positive === undefined ? -1 : classes.indexOf(positive);
  if (positive !== undefined && positiveIndex < 0) throw new Error(`"${positive}" is not one of the model's classes (${classes.join(', ')}).`);
  const report = fairnessReport({
    sensitive,
    ...(positiveIndex >= 0 ? { positive: positiveIndex } : {}),
    task: artifacts.target.task,
    y,
    pred,
    ...(artifacts.target.classes ? { classes: artifacts.target.classes } : {}),
  });
  return { ...report, rows: rows.length };
}
