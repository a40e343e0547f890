/**
 * The feature half of the ONNX export against the studio's own transforms: each case fits a pipeline on
 * the first 30 rows of a small table (missing cells, categories unseen in training in the last rows),
 * exports only the feature graph (its output = the feature tensor), runs it in onnxruntime-node on
 * every row with onnxFeeds, and compares with the reference: `transform` (v1) or the source's treatment
 * then each kind's `apply` with trainRows null (graph). Max abs diff ≤ 1e-4, NaN exactly where the
 * reference has NaN. Every exported model then goes through onnx.checker (full_check).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { columnAsNumbers } from '../../data/infer';
import { columnByName, type Column, type ColumnKind, type Table } from '../../data/table';
import { tableOf, times } from '../../data/testTables';
import { FEATURE_NODES } from '../../features/nodes/registry';
import type { FeatureNodeDef } from '../../features/nodes/types';
import { fitPreprocessor, transform } from '../../features/preprocess';
import type { Task } from '../../pipeline/document';
import { effectiveKinds, type FittedFeatureGraph, type FittedFeatures } from '../../pipeline/experiment';
import { addFeatureGraph, featureExportProblems, OnnxExportError } from './features';
import { onnxFeeds } from './feeds';
import { OnnxGraphBuilder } from './graphBuilder';
import { serializeModel } from './serialize';
import { onnxCheckerFailures, runOnnx } from './testing';

const N = 40;
const TRAIN = Int32Array.from({ length: 30 }, (_, i) => i);
const ALL = Int32Array.from({ length: N }, (_, i) => i);
const TOLERANCE = 1e-4;

const TRAIN_COLORS = ['red', 'green', 'blue', 'red', 'green', 'red', 'teal'];
const NEW_COLORS = ['red', 'mauve', 'blue', 'puce'];

/**
 * x: quarter steps in [−2, 3.5] (exact in float32), missing every 7th row; z: skewed positive values,
 * missing every 9th; k: colours, missing every 6th, "mauve" and "puce" only after the training rows;
 * n: numbers used as categories (5 only after training); y: the target.
 */
const DATA = tableOf({
  x: times(N, (i) => (i % 7 === 3 ? null : ((i * 37) % 23) / 4 - 2)),
  z: times(N, (i) => (i % 9 === 5 ? null : 0.25 + 1.5 * ((i * 13) % 17) ** 2 / 17)),
  k: times(N, (i) => (i % 6 === 1 ? null : i < 30 ? TRAIN_COLORS[i % 7]! : NEW_COLORS[i % 4]!)),
  n: times(N, (i) => (i % 8 === 2 ? null : i < 30 ? [1, 2, 2, 3, 3, 3][i % 6]! : [2, 5, 3][i % 3]!)),
  y: times(N, (i) => (i * 7) % 3),
});

const TARGETS: Readonly<Record<Task, Float64Array>> = {
  binary: Float64Array.from(ALL, (i) => ((i * 5) % 3 === 0 ? 1 : 0)),
  multiclass: Float64Array.from(ALL, (i) => (i * 7) % 3),
  regression: Float64Array.from(ALL, (i) => ((i * 11) % 13) / 2 - 1),
};

interface StepSpec {
  readonly kind: string;
  readonly params?: unknown;
}

interface FitOptions {
  readonly kinds?: Record<string, ColumnKind>;
  readonly task?: Task;
  readonly window?: number;
}

/** The source node's treatment (graphExperiment.ts applySource): datetime/boolean text read as numbers. */
function sourceTable(table: Table, numericViews: Readonly<Record<string, ColumnKind>>): Table {
  const columns: Column[] = table.columns.map((col) => {
    const view = numericViews[col.name];
    return view !== undefined && col.storage === 'string' ? { name: col.name, storage: 'numeric', values: columnAsNumbers(col, view) } : col;
  });
  return { ...table, columns };
}

/** Fits the steps as graphExperiment.ts's fitFeatures does (target "y", training rows TRAIN). */
function fitGraph(table: Table, steps: readonly StepSpec[], o: FitOptions = {}): FittedFeatureGraph {
  const target = 'y';
  const kinds = effectiveKinds(table, o.kinds ?? {});
  const numericViews: Record<string, ColumnKind> = {};
  for (const col of table.columns) {
    const kind = kinds[col.name]!;
    if (col.name !== target && col.storage === 'string' && (kind === 'datetime' || kind === 'boolean')) numericViews[col.name] = kind;
  }
  let current = sourceTable(table, numericViews);
  const task = o.task ?? 'binary';
  const fitted: FittedFeatureGraph['steps'][number][] = [];
  steps.forEach((step, i) => {
    const def = FEATURE_NODES[step.kind] as FeatureNodeDef<unknown, unknown>;
    const params = def.params.parse(step.params ?? {});
    const state = def.fit(current, params, { trainRows: TRAIN, target, seed: 7, targetValues: TARGETS[task], task });
    current = def.apply(current, params, state, { trainRows: TRAIN });
    fitted.push({ nodeId: `${step.kind}_${i + 1}`, kind: step.kind, params, state: JSON.parse(JSON.stringify(state)) as unknown });
  });
  const outputs = current.columns.filter((c) => c.name !== target);
  const text = outputs.find((c) => c.storage === 'string');
  if (text) throw new Error(`test setup: "${text.name}" is still text at the end`);
  const inputs = table.columns.filter((c) => c.name !== target);
  return {
    version: 1,
    kind: 'graph',
    inputs: inputs.map((c) => c.name),
    inputTypes: Object.fromEntries(inputs.map((c) => [c.name, c.storage === 'numeric' ? 'number' : 'string'])),
    source: { dropped: [], numericViews },
    steps: fitted,
    outputNames: outputs.map((c) => c.name),
    ...(o.window === undefined ? {} : { window: o.window }),
  };
}

/** The studio's matrix for every row of `table`: steps applied to new data, then the time window. */
function graphReference(fitted: FittedFeatureGraph, table: Table): Float32Array {
  let current = sourceTable(table, fitted.source.numericViews);
  for (const step of fitted.steps) current = FEATURE_NODES[step.kind]!.apply(current, step.params, step.state, { trainRows: null });
  const cols = fitted.outputNames.map((name) => {
    const col = columnByName(current, name);
    if (col?.storage !== 'numeric') throw new Error(`reference: no numeric column "${name}"`);
    return col.values;
  });
  const window = fitted.window ?? 1;
  const k = cols.length;
  const x = new Float32Array(table.rowCount * window * k);
  for (let r = 0; r < table.rowCount; r++) {
    for (let t = 0; t < window; t++) {
      const src = r - (window - 1 - t);
      if (src < 0) continue;
      for (let j = 0; j < k; j++) x[(r * window + t) * k + j] = cols[j]![src]!;
    }
  }
  return x;
}

const exported: { label: string; bytes: Uint8Array }[] = [];

/** Exports the feature graph alone, runs it on every row of `table`, returns the output and its dims. */
async function runExported(label: string, fitted: FittedFeatures, table: Table): Promise<{ x: Float32Array; dims: readonly number[]; inputs: readonly { name: string; type: string; meaning: string }[] }> {
  const b = new OnnxGraphBuilder();
  const { output, inputs } = addFeatureGraph(b, fitted);
  const d = fitted.outputNames.length;
  const window = 'kind' in fitted ? (fitted.window ?? 1) : 1;
  b.outputs.push({ name: output, type: 'float', shape: window > 1 ? ['N', window, d] : ['N', d] });
  const bytes = serializeModel(b);
  exported.push({ label, bytes });
  const feeds = Object.fromEntries(onnxFeeds(fitted, table, ALL.subarray(0, table.rowCount)).map((f) => [f.name, f]));
  const out = (await runOnnx(bytes, feeds))[output]!;
  return { x: out.data as Float32Array, dims: out.dims, inputs };
}

/** Largest |a − e|; throws where exactly one of the two is NaN. */
function maxDiff(actual: Float32Array, expected: Float32Array, names: readonly string[]): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const where = `row ${Math.floor(i / names.length)}, "${names[i % names.length]}"`;
    if (Number.isNaN(e) || Number.isNaN(a)) expect(`${where}: ${a}`).toBe(`${where}: ${e}`);
    else worst = Math.max(worst, Math.abs(a - e));
  }
  return worst;
}

/** The cells of a table as tableOf takes them. */
const columnsOf = (t: Table): Record<string, (number | string | null)[]> =>
  Object.fromEntries(
    t.columns.map((c) => [c.name, c.storage === 'numeric' ? Array.from(c.values, (v) => (Number.isNaN(v) ? null : v)) : Array.from(c.codes, (code) => (code < 0 ? null : c.dictionary[code]!))]),
  );

const worstByCase: Record<string, number> = {};

async function expectGraphMatches(label: string, fitted: FittedFeatureGraph, table: Table = DATA): Promise<Float32Array> {
  const expected = graphReference(fitted, table);
  const { x, dims } = await runExported(label, fitted, table);
  const window = fitted.window ?? 1;
  expect(dims).toEqual(window > 1 ? [table.rowCount, window, fitted.outputNames.length] : [table.rowCount, fitted.outputNames.length]);
  const diff = maxDiff(x, expected, fitted.outputNames);
  worstByCase[label] = diff;
  expect(diff).toBeLessThanOrEqual(TOLERANCE);
  return expected;
}

/** The output column `name` of a row-major [rows, names] matrix. */
const columnOf = (x: Float32Array, names: readonly string[], name: string): number[] =>
  Array.from({ length: x.length / names.length }, (_, r) => x[r * names.length + names.indexOf(name)]!);

interface GraphCase {
  readonly name: string;
  readonly steps: readonly StepSpec[];
  readonly task?: Task;
  /** What the case must exercise, checked on the fitted pipeline and the reference output. */
  readonly check?: (fitted: FittedFeatureGraph, expected: Float32Array) => void;
}

const hasNaN = (values: readonly number[]) => values.some(Number.isNaN);

const CASES: readonly GraphCase[] = [
  {
    name: 'select, impute median with indicators, standard scale',
    steps: [
      { kind: 'select', params: { columns: ['x', 'z', 'n'] } },
      { kind: 'impute', params: { strategy: 'median', addIndicator: true } },
      { kind: 'scale', params: { method: 'standard' } },
    ],
    check: (f) => expect(f.outputNames).toEqual(['x', 'x_missing', 'z', 'z_missing', 'n', 'n_missing']),
  },
  {
    name: 'impute mean on one column, min-max scale (missing stays missing)',
    steps: [
      { kind: 'drop', params: { columns: ['k', 'n'] } },
      { kind: 'impute', params: { columns: ['x'], strategy: 'mean' } },
      { kind: 'scale', params: { method: 'minmax' } },
    ],
    check: (f, e) => expect(hasNaN(columnOf(e, f.outputNames, 'z'))).toBe(true),
  },
  {
    name: 'impute a numeric constant, robust scale',
    steps: [
      { kind: 'select', params: { columns: ['x', 'z'] } },
      { kind: 'impute', params: { strategy: 'constant', value: 1.5 } },
      { kind: 'scale', params: { method: 'robust' } },
    ],
  },
  {
    name: 'impute most frequent (text and numbers) with indicators, one-hot without "(other)": unseen → zeros',
    steps: [
      { kind: 'select', params: { columns: ['k', 'n'] } },
      { kind: 'impute', params: { strategy: 'most_frequent', addIndicator: true } },
      { kind: 'onehot', params: { columns: ['k'] } },
    ],
    check: (f, e) => {
      expect(f.outputNames).toEqual(['k=blue', 'k=green', 'k=red', 'k=teal', 'k_missing', 'n', 'n_missing']);
      const row35 = ['k=blue', 'k=green', 'k=red', 'k=teal'].map((n) => columnOf(e, f.outputNames, n)[35]); // "puce"
      expect(row35).toEqual([0, 0, 0, 0]);
    },
  },
  {
    name: 'one-hot with "(other)" (text and numeric columns): missing → zeros, unseen → "(other)"',
    steps: [
      { kind: 'select', params: { columns: ['k', 'n'] } },
      { kind: 'onehot', params: { columns: ['k', 'n'], maxLevels: 2 } },
    ],
    check: (f, e) => {
      expect(f.outputNames).toEqual(['k=green', 'k=red', 'k=(other)', 'n=2', 'n=3', 'n=(other)']);
      expect(columnOf(e, f.outputNames, 'k=(other)')[33]).toBe(1); // "mauve"
      expect(columnOf(e, f.outputNames, 'n=(other)')[31]).toBe(1); // 5
      expect(['k=green', 'k=red', 'k=(other)'].map((n) => columnOf(e, f.outputNames, n)[1])).toEqual([0, 0, 0]);
    },
  },
  {
    name: 'one-hot reordered by a later select: columns read one by one',
    steps: [
      { kind: 'onehot', params: { columns: ['k'], maxLevels: 2 } },
      { kind: 'select', params: { columns: ['k=(other)', 'x', 'k=green'] } },
    ],
  },
  {
    name: 'ordinal by frequency, unseen → −1 (text and numeric columns)',
    steps: [
      { kind: 'select', params: { columns: ['k', 'n'] } },
      { kind: 'ordinal', params: { columns: ['k', 'n'], order: 'frequency', unseen: 'minus_one' } },
    ],
    check: (f, e) => {
      expect(columnOf(e, f.outputNames, 'k')[33]).toBe(-1);
      expect(columnOf(e, f.outputNames, 'n')[31]).toBe(-1);
      expect(hasNaN(columnOf(e, f.outputNames, 'k'))).toBe(true);
    },
  },
  {
    name: 'ordinal alphabetical, unseen → missing (text and numeric columns)',
    steps: [
      { kind: 'select', params: { columns: ['k', 'n'] } },
      { kind: 'ordinal', params: { columns: ['k', 'n'], order: 'alphabetical', unseen: 'missing' } },
    ],
    check: (f, e) => expect(columnOf(e, f.outputNames, 'n')[31]).toBeNaN(),
  },
  {
    name: 'impute a text constant, then ordinal',
    steps: [
      { kind: 'select', params: { columns: ['k'] } },
      { kind: 'impute', params: { strategy: 'constant', value: 'none' } },
      { kind: 'ordinal', params: { order: 'alphabetical' } },
    ],
  },
  {
    name: 'bin: quantile index and equal-width one-hot',
    steps: [
      { kind: 'select', params: { columns: ['x', 'z'] } },
      { kind: 'bin', params: { columns: ['x'], strategy: 'quantile', bins: 4, output: 'index' } },
      { kind: 'bin', params: { columns: ['z'], strategy: 'equal_width', bins: 3, output: 'onehot' } },
    ],
    check: (f, e) => {
      expect(f.outputNames).toEqual(['x', 'z:bin:0', 'z:bin:1', 'z:bin:2']);
      expect(new Set(columnOf(e, f.outputNames, 'x').filter((v) => !Number.isNaN(v)))).toEqual(new Set([0, 1, 2, 3]));
    },
  },
  {
    name: 'log with a shift (negative training values) and without',
    steps: [
      { kind: 'select', params: { columns: ['x', 'z'] } },
      { kind: 'log' },
    ],
    check: (f) => expect((f.steps[1]!.state as { columns: { shift: number }[] }).columns.map((c) => c.shift)).toEqual([2, 0]),
  },
  {
    name: 'clip: IQR fences and z-score bounds',
    steps: [
      { kind: 'select', params: { columns: ['x', 'z'] } },
      { kind: 'clip', params: { columns: ['z'], method: 'iqr', iqrMultiplier: 0.5 } },
      { kind: 'clip', params: { columns: ['x'], method: 'zscore', zLimit: 1 } },
    ],
  },
  {
    name: 'polynomial degree 3 on scaled columns',
    steps: [
      { kind: 'select', params: { columns: ['x', 'z'] } },
      { kind: 'scale' },
      { kind: 'polynomial', params: { degree: 3 } },
    ],
    check: (f) => expect(f.outputNames).toEqual(['x', 'z', 'x^2', 'x*z', 'z^2', 'x^3', 'x^2*z', 'x*z^2', 'z^3']),
  },
  {
    name: 'polynomial interactions only',
    steps: [
      { kind: 'select', params: { columns: ['x', 'n'] } },
      { kind: 'polynomial', params: { interactionOnly: true } },
    ],
  },
  {
    name: 'power (Yeo-Johnson) standardized, on skewed and signed columns',
    steps: [
      { kind: 'select', params: { columns: ['x', 'z'] } },
      { kind: 'power' },
    ],
    check: (f) => {
      const lambdas = (f.steps[1]!.state as { columns: { lambda: number }[] }).columns.map((c) => c.lambda);
      expect(lambdas.every((l) => l !== 1)).toBe(true);
    },
  },
  {
    name: 'power without standardizing',
    steps: [
      { kind: 'select', params: { columns: ['x'] } },
      { kind: 'power', params: { standardize: false } },
    ],
  },
  {
    name: 'target encode, binary target (text and numeric columns): unseen and missing → prior',
    task: 'binary',
    steps: [
      { kind: 'select', params: { columns: ['k', 'n'] } },
      { kind: 'target_encode', params: { columns: ['k', 'n'], smoothing: 2 } },
    ],
  },
  {
    name: 'target encode, regression target',
    task: 'regression',
    steps: [
      { kind: 'select', params: { columns: ['k'] } },
      { kind: 'target_encode', params: { smoothing: 0.5 } },
    ],
  },
  {
    name: 'target encode, multiclass target: one output per class',
    task: 'multiclass',
    steps: [
      { kind: 'select', params: { columns: ['k', 'x'] } },
      { kind: 'target_encode', params: { columns: ['k'] } },
    ],
    check: (f) => expect(f.outputNames).toEqual(['x', 'k:te:0', 'k:te:1', 'k:te:2']),
  },
];

describe('addFeatureGraph: the graph pipeline', () => {
  it.each(CASES)('$name', async ({ name, steps, task, check }) => {
    const fitted = fitGraph(DATA, steps, task === undefined ? {} : { task });
    expect(featureExportProblems(fitted)).toEqual([]);
    const expected = await expectGraphMatches(name, fitted);
    check?.(fitted, expected);
  });

  it('declares only the raw columns the outputs read, named and typed as the columns', async () => {
    const fitted = fitGraph(DATA, [
      { kind: 'onehot', params: { columns: ['k'] } },
      { kind: 'drop', params: { columns: ['z', 'n'] } },
    ]);
    const { inputs } = await runExported('inputs', fitted, DATA);
    expect(inputs.map((i) => [i.name, i.type])).toEqual([
      ['x', 'float'],
      ['k', 'string'],
    ]);
    expect(inputs[1]!.meaning).toMatch(/"" when missing/);
  });

  it('reads date-time and boolean text as the caller-converted numbers the source node uses', async () => {
    const n = 24;
    const table = tableOf({
      when: times(n, (i) => (i % 5 === 2 ? null : `${2001 + ((i * 7) % 22)}-0${1 + (i % 9)}-1${i % 10}T0${i % 10}:30:00`)),
      flag: times(n, (i) => (i % 7 === 4 ? null : i % 3 === 0 ? 'yes' : 'no')),
      y: times(n, (i) => i % 2),
    });
    const kinds: Record<string, ColumnKind> = { when: 'datetime', flag: 'boolean', y: 'numeric' };
    const fitted = fitGraph(table, [{ kind: 'impute' }, { kind: 'scale', params: { columns: ['when'] } }], { kinds });
    expect(fitted.source.numericViews).toEqual({ when: 'datetime', flag: 'boolean' });
    await expectGraphMatches('numeric views', fitted, table);
    const { inputs } = await runExported('numeric views inputs', fitted, table);
    expect(inputs.map((i) => i.type)).toEqual(['float', 'float']);
    expect(inputs[0]!.meaning).toMatch(/milliseconds since 1970-01-01 UTC/);
  });

  it('builds [N, window, d] from consecutive rows, zeros before the first row', async () => {
    const fitted = fitGraph(
      DATA,
      [
        { kind: 'select', params: { columns: ['x', 'k'] } },
        { kind: 'impute', params: { strategy: 'most_frequent' } },
        { kind: 'onehot', params: { maxLevels: 2 } },
      ],
      { window: 3 },
    );
    const expected = await expectGraphMatches('window 3', fitted);
    const d = fitted.outputNames.length;
    expect(Array.from(expected.subarray(0, 2 * d))).toEqual(new Array(2 * d).fill(0)); // row 0's history
    expect(Array.from(expected.subarray(3 * d, 4 * d))).toEqual(new Array(d).fill(0)); // row 1's first step
    // A batch that is not the whole series still runs (any N), its first rows padded with zeros.
    const short: Table = { ...DATA, rowCount: 5, columns: DATA.columns.map((c) => (c.storage === 'numeric' ? { ...c, values: c.values.subarray(0, 5) } : { ...c, codes: c.codes.subarray(0, 5) })) };
    await expectGraphMatches('window 3, 5 rows', fitted, short);
  });
});

describe('addFeatureGraph: the default pipeline (v1)', () => {
  it('matches transform on numeric, boolean, date-time and categorical columns with missing and unseen cells', async () => {
    const table = tableOf({
      age: times(N, (i) => (i % 7 === 2 ? null : 18 + ((i * 17) % 50))),
      income: times(N, (i) => (i % 11 === 4 ? null : 1000 + ((i * 389) % 997) * 3.5)),
      member: times(N, (i) => (i % 8 === 5 ? null : i === 33 ? 'maybe' : (i * 3) % 5 < 2 ? 'Yes' : 'No')),
      seen: times(N, (i) => (i % 4 === 1 ? 1 : 0)),
      joined: times(N, (i) => (i % 9 === 0 ? null : `${2005 + ((i * 5) % 19)}-0${1 + (i % 9)}-2${i % 8}`)),
      city: times(N, (i) => (i % 6 === 4 ? null : i < 30 ? ['Oslo', 'Rome', 'Oslo', 'Lima', 'Rome', 'Oslo', 'Kyiv', 'Nuuk'][i % 8]! : ['Oslo', 'Baku', 'Rome'][i % 3]!)),
      grade: times(N, (i) => (i < 30 ? [1, 2, 3, 2][i % 4]! : [2, 4][i % 2]!)),
      y: times(N, (i) => i % 2),
    });
    const kinds = effectiveKinds(table, { age: 'numeric', income: 'numeric', member: 'boolean', seen: 'boolean', joined: 'datetime', city: 'categorical', grade: 'categorical' });
    const pre = fitPreprocessor(
      table,
      kinds,
      'y',
      { excluded: [], numeric: { impute: 'median', scale: 'standard' }, categorical: { impute: 'most_frequent', minCount: 3, maxLevels: 30 }, dropIdentifiers: true },
      TRAIN,
    );
    expect(pre.inputs.map((i) => `${i.column}:${i.encoding}`)).toEqual([
      'age:numeric',
      'income:numeric',
      'member:boolean',
      'seen:boolean',
      'joined:numeric',
      'city:one-hot',
      'grade:one-hot',
    ]);
    expect(pre.outputNames).toContain('city=(other)');
    const expected = transform(pre, table, ALL);
    const { x, dims, inputs } = await runExported('v1', pre, table);
    expect(dims).toEqual([N, pre.outputNames.length]);
    const diff = maxDiff(x, expected, pre.outputNames);
    worstByCase['v1 default pipeline'] = diff;
    expect(diff).toBeLessThanOrEqual(TOLERANCE);
    expect(inputs.map((i) => i.type)).toEqual(['float', 'float', 'float', 'float', 'float', 'string', 'string']);
    expect(inputs[2]!.meaning).toMatch(/1 when the cell reads "Yes"/);
  });

  it('the same with scaling off and mean imputation', async () => {
    const table = tableOf({
      a: times(N, (i) => (i % 5 === 0 ? null : ((i * 7) % 10) - 4.5)),
      c: times(N, (i) => (i % 7 === 0 ? null : ['p', 'q', 'r'][i % 3]!)),
      y: times(N, (i) => i % 2),
    });
    const pre = fitPreprocessor(
      table,
      { a: 'numeric', c: 'categorical', y: 'numeric' },
      'y',
      { excluded: [], numeric: { impute: 'mean', scale: 'none' }, categorical: { impute: 'most_frequent', minCount: 1, maxLevels: 30 }, dropIdentifiers: true },
      TRAIN,
    );
    const diff = maxDiff((await runExported('v1 unscaled', pre, table)).x, transform(pre, table, ALL), pre.outputNames);
    worstByCase['v1 unscaled'] = diff;
    expect(diff).toBeLessThanOrEqual(TOLERANCE);
  });
});

describe('featureExportProblems', () => {
  const table = tableOf({ ...columnsOf(DATA), when: times(N, (i) => `2020-01-${10 + (i % 9)}`) });
  const fittedWith = (steps: StepSpec[]) => fitGraph(table, steps, { kinds: { when: 'datetime' } });

  it.each([
    ['tfidf', { kind: 'tfidf', params: { columns: ['k'] } }, ['when'], /^Step 2, TF-IDF \(node tfidf_2\): text vectorizing/],
    ['date_parts', { kind: 'date_parts', params: { columns: ['when'] } }, ['k'], /^Step 2, Date parts \(node date_parts_2\): calendar parts/],
    ['formula', { kind: 'formula', params: { name: 'w', expression: 'x * 2' } }, ['k', 'when'], /^Step 2, Formula \(node formula_2\): formulas are not translated/],
    ['lag', { kind: 'lag', params: { timeColumn: 'when', columns: ['x'], lags: [1] } }, ['k', 'when'], /^Step 2, Lag \(node lag_2\): it reads earlier rows/],
    ['rolling', { kind: 'rolling', params: { timeColumn: 'when', columns: ['x'], window: 3 } }, ['k', 'when'], /^Step 2, Rolling window \(node rolling_2\): it summarizes earlier rows/],
  ])('names a %s node and refuses to export it', (_kind, step, dropAfter, message) => {
    const fitted = fittedWith([{ kind: 'select', params: { columns: ['x', 'z', 'k', 'when'] } }, step, { kind: 'drop', params: { columns: dropAfter } }]);
    const problems = featureExportProblems(fitted);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
    expect(() => addFeatureGraph(new OnnxGraphBuilder(), fitted)).toThrow(OnnxExportError);
    expect(() => onnxFeeds(fitted, table, ALL)).toThrow(OnnxExportError);
  });

  it('lists every node at fault, and an exportable pipeline has none', () => {
    const fitted = fittedWith([
      { kind: 'tfidf', params: { columns: ['k'] } },
      { kind: 'lag', params: { timeColumn: 'when', columns: ['x'], lags: [1] } },
      { kind: 'drop', params: { columns: ['when'] } },
      { kind: 'scale' },
    ]);
    expect(featureExportProblems(fitted).map((p) => p.split(':')[0])).toEqual(['Step 1, TF-IDF (node tfidf_1)', 'Step 2, Lag (node lag_2)']);
    expect(featureExportProblems(fittedWith([{ kind: 'drop', params: { columns: ['k'] } }, { kind: 'scale' }]))).toEqual([]);
  });

  it('refuses to match categories or bin edges against computed numbers, and a model saved without input storage', () => {
    const fitted = fitGraph(DATA, [{ kind: 'select', params: { columns: ['n'] } }, { kind: 'scale' }, { kind: 'onehot', params: { columns: ['n'] } }]);
    expect(featureExportProblems(fitted)).toEqual([expect.stringMatching(/^Step 3, One-hot encode \(node onehot_3\): the column "n" holds numbers computed by earlier steps/)]);
    const binned = fitGraph(DATA, [{ kind: 'select', params: { columns: ['x'] } }, { kind: 'log' }, { kind: 'bin' }]);
    expect(featureExportProblems(binned)).toEqual([expect.stringMatching(/^Step 3, Bin \(node bin_3\): the column "x" holds numbers computed by earlier steps/)]);
    const { inputTypes: _dropped, ...old } = fitGraph(DATA, [{ kind: 'select', params: { columns: ['x'] } }]);
    expect(featureExportProblems(old)).toEqual([expect.stringMatching(/saved before the studio recorded how each input column is stored/)]);
  });
});

describe('exported feature models', () => {
  afterAll(() => {
    // For the record in the test log: the worst difference per case.
    console.info(`ONNX feature export, max abs diff per case: ${JSON.stringify(worstByCase)}`);
  });

  it('every one passes onnx.checker (full_check)', () => {
    expect(exported.length).toBeGreaterThan(CASES.length);
    expect(onnxCheckerFailures(exported)).toEqual([]);
  });
});
