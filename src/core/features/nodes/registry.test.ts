/**
 * Checks every registered kind against the contract (types.ts): metadata and documented params, plain
 * JSON states that apply identically after a round trip, shape-preserving output, `outputColumns` and
 * `lineage` agreeing with `apply`, and no leakage: changing every non-training row never changes the
 * fitted state.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Column, Table } from '../../data/table';
import { createRng } from '../../util/random';
import { FEATURE_NODE_LIST, FEATURE_NODES, getFeatureNode } from './registry';
import { names } from './testing';
import { FeatureNodeError, type FitContext } from './types';

/** One typical configuration per kind (some with an empty column list, to cover the automatic choice). */
const CASES: Record<string, readonly Record<string, unknown>[]> = {
  select: [{ columns: ['num', 'cat'] }],
  drop: [{ columns: ['text'] }],
  impute: [{ strategy: 'median', addIndicator: true }, { columns: ['cat', 'num2'], strategy: 'most_frequent' }],
  scale: [{ method: 'robust' }, { columns: ['num'], method: 'standard' }],
  onehot: [{ columns: ['cat'], minCount: 2 }, {}],
  ordinal: [{ columns: ['cat'] }],
  target_encode: [{ columns: ['cat'], folds: 3, smoothing: 2 }],
  bin: [{ columns: ['num'], strategy: 'quantile', bins: 3, output: 'onehot' }, { strategy: 'equal_width' }],
  log: [{ columns: ['num'] }],
  power: [{ columns: ['num'] }],
  clip: [{ method: 'zscore' }, { columns: ['num'], method: 'iqr' }],
  date_parts: [{ columns: ['date'] }, {}],
  tfidf: [{ columns: ['text'], ngramMax: 2, maxFeatures: 5 }, {}],
  lag: [{ timeColumn: 't', columns: ['num'], lags: [1, 2] }],
  rolling: [{ timeColumn: 't', columns: ['num', 'y'], stats: ['mean', 'std'] }],
  polynomial: [{ columns: ['num', 'num2'] }],
  formula: [{ name: 'f', expression: 'log1p(abs(num)) * num2 - `num`' }],
};
const cases = Object.entries(CASES).flatMap(([kind, list]) => list.map((params) => ({ kind, params })));

// ---------------------------------------------------------------------------------------------------
// Tables with fixed storage (a text column stays text whatever its cells).

type Cells = { numbers: (number | null)[] } | { texts: (string | null)[] };

function build(cols: Record<string, Cells>): Table {
  const columns: Column[] = Object.entries(cols).map(([name, c]) => {
    if ('numbers' in c) return { name, storage: 'numeric', values: Float64Array.from(c.numbers, (v) => v ?? NaN) };
    const dictionary = [...new Set(c.texts.filter((t): t is string => t !== null))];
    return { name, storage: 'string', codes: Int32Array.from(c.texts, (t) => (t === null ? -1 : dictionary.indexOf(t))), dictionary };
  });
  const rowCount = Object.values(cols)[0] === undefined ? 0 : columns[0]!.storage === 'numeric' ? columns[0]!.values.length : columns[0]!.codes.length;
  return { columns, rowCount, sourceLines: Int32Array.from({ length: rowCount }, (_, i) => i + 2) };
}

interface Row {
  num: number | null;
  num2: number;
  cat: string | null;
  text: string | null;
  date: string | null;
  t: number | null;
  y: number;
}

const WORDS = ['good', 'bad', 'fine', 'very', 'not', 'café', 'ok'];
const DAY = 86_400_000;

const tableOfRows = (rows: readonly Row[]): Table =>
  build({
    num: { numbers: rows.map((r) => r.num) },
    num2: { numbers: rows.map((r) => r.num2) },
    cat: { texts: rows.map((r) => r.cat) },
    text: { texts: rows.map((r) => r.text) },
    date: { texts: rows.map((r) => r.date) },
    t: { numbers: rows.map((r) => r.t) },
    y: { numbers: rows.map((r) => r.y) },
  });

const ctxOf = (table: Table, trainRows: Int32Array): FitContext => {
  const y = table.columns.find((c) => c.name === 'y')!;
  return { trainRows, target: 'y', seed: 11, targetValues: y.storage === 'numeric' ? y.values : null, task: 'binary' };
};

const rowArb: fc.Arbitrary<Row> = fc.record({
  num: fc.option(fc.double({ min: -100, max: 100, noNaN: true, noDefaultInfinity: true }), { nil: null, freq: 5 }),
  num2: fc.integer({ min: 0, max: 5 }),
  cat: fc.option(fc.constantFrom('red', 'green', 'blue'), { nil: null, freq: 6 }),
  text: fc.option(fc.array(fc.constantFrom(...WORDS), { maxLength: 6 }).map((w) => w.join(' ')), { nil: null, freq: 6 }),
  date: fc.option(
    fc.integer({ min: 0, max: 2000 }).map((d) => new Date(Date.UTC(2020, 0, 1) + d * DAY + (d % 24) * 3_600_000).toISOString()),
    { nil: null, freq: 6 },
  ),
  t: fc.option(fc.integer({ min: 0, max: 30 }), { nil: null, freq: 8 }),
  y: fc.integer({ min: 0, max: 1 }),
});

/** A fixed 40-row table from a seeded generator, for the deterministic checks. */
function sampleTable(): Table {
  const rng = createRng(5);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
  const rows: Row[] = Array.from({ length: 40 }, (_, i) => ({
    num: rng() < 0.1 ? null : Math.round((rng() * 200 - 50) * 100) / 100,
    num2: Math.floor(rng() * 6),
    cat: rng() < 0.1 ? null : pick(['red', 'green', 'blue', 'violet']),
    text: rng() < 0.1 ? null : Array.from({ length: 1 + Math.floor(rng() * 6) }, () => pick(WORDS)).join(' '),
    date: rng() < 0.1 ? null : new Date(Date.UTC(2021, 0, 1) + Math.floor(rng() * 900) * DAY).toISOString(),
    t: rng() < 0.1 ? null : i % 17,
    y: rng() < 0.5 ? 0 : 1,
  }));
  return tableOfRows(rows);
}

// ---------------------------------------------------------------------------------------------------

describe('registry', () => {
  it('has a case here for every kind, and every kind under its own id', () => {
    expect(Object.keys(FEATURE_NODES).sort()).toEqual(Object.keys(CASES).sort());
    for (const [key, def] of Object.entries(FEATURE_NODES)) expect(def.kind).toBe(key);
    expect(FEATURE_NODE_LIST).toHaveLength(Object.keys(FEATURE_NODES).length);
    expect(getFeatureNode('scale')).toBe(FEATURE_NODES.scale);
    expect(() => getFeatureNode('toString')).toThrow('Feature node: there is no feature node kind "toString".');
  });

  it.each(Object.keys(CASES))('%s: feature category, table ports, defaults parsed from the schema, every param documented', (kind) => {
    const def = FEATURE_NODES[kind]!;
    expect(def.category).toBe('feature');
    expect(def.inputs).toEqual([{ id: 'in', type: 'table' }]);
    expect(def.outputs).toEqual([{ id: 'out', type: 'table' }]);
    expect(def.label.length).toBeGreaterThan(0);
    expect(def.help.length).toBeGreaterThan(10);
    expect(def.params.parse({})).toEqual(def.defaults);
    expect(def.params).toBeInstanceOf(z.ZodObject);
    const keys = Object.keys((def.params as unknown as z.ZodObject).shape).sort();
    expect(Object.keys(def.paramDocs).sort()).toEqual(keys);
    for (const doc of Object.values(def.paramDocs)) expect(doc.help.length).toBeGreaterThan(10);
  });
});

describe.each(cases)('$kind $params', ({ kind, params: raw }) => {
  const def = FEATURE_NODES[kind]!;
  const params = def.params.parse(raw);
  const table = sampleTable();
  const train = Int32Array.from({ length: 28 }, (_, i) => i);

  it('fits a plain-JSON state that applies the same after a round trip; output keeps rows and lines', () => {
    const state = def.fit(table, params, ctxOf(table, train));
    const copy: unknown = JSON.parse(JSON.stringify(state));
    expect(copy).toStrictEqual(state);
    for (const trainRows of [train, null]) {
      const out = def.apply(table, params, state, { trainRows });
      expect(def.apply(table, params, copy, { trainRows })).toEqual(out);
      expect(out.rowCount).toBe(table.rowCount);
      expect(out.sourceLines).toBe(table.sourceLines);
      for (const c of out.columns) expect(c.storage === 'numeric' ? c.values.length : c.codes.length).toBe(table.rowCount);
      expect(new Set(names(out)).size).toBe(out.columns.length);
    }
  });

  it('without any one input column, names the node and the column, or did not need it', () => {
    const state = def.fit(table, params, ctxOf(table, train));
    const full = def.apply(table, params, state, { trainRows: train });
    for (const gone of names(table)) {
      const without: Table = { ...table, columns: table.columns.filter((c) => c.name !== gone) };
      let out: Table;
      try {
        out = def.apply(without, params, state, { trainRows: train });
      } catch (e) {
        expect(e).toBeInstanceOf(FeatureNodeError);
        expect((e as FeatureNodeError).column).toBe(gone);
        expect((e as Error).message).toBe(`${def.label}: the column "${gone}" is not in the table.`);
        continue;
      }
      expect(out.columns).toEqual(full.columns.filter((c) => c.name !== gone));
    }
  });

  it('predicts its output columns, when it can, exactly', () => {
    const predicted = def.outputColumns?.(names(table), params, 'y') ?? null;
    if (predicted === null) return;
    const state = def.fit(table, params, ctxOf(table, train));
    expect(predicted).toEqual(names(def.apply(table, params, state, { trainRows: train })));
  });

  it('traces its output: lineage keys are apply\'s columns in order, each read from input columns', () => {
    const state = def.fit(table, params, ctxOf(table, train));
    const lineage = def.lineage(names(table), params, state, 'y');
    expect([...lineage.keys()]).toEqual(names(def.apply(table, params, state, { trainRows: train })));
    for (const sources of lineage.values()) for (const s of sources) expect(names(table)).toContain(s);
  });

  it('never leaks: changing every non-training row (values and target) leaves the fitted state unchanged', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(rowArb, rowArb, fc.boolean()), { minLength: 2, maxLength: 30 }),
        (spec) => {
          fc.pre(spec.some(([, , isTrain]) => isTrain));
          const trainRows = Int32Array.from(spec.flatMap(([, , isTrain], i) => (isTrain ? [i] : [])));
          const a = tableOfRows(spec.map(([row]) => row));
          const b = tableOfRows(spec.map(([row, other, isTrain]) => (isTrain ? row : other)));
          let stateA: unknown;
          try {
            stateA = def.fit(a, params, ctxOf(a, trainRows));
          } catch (e) {
            // A fit may refuse the training rows (e.g. too many polynomial terms); it must then refuse both.
            expect(() => def.fit(b, params, ctxOf(b, trainRows))).toThrow((e as Error).message);
            return;
          }
          expect(def.fit(b, params, ctxOf(b, trainRows))).toEqual(stateA);
        },
      ),
      { numRuns: 60 },
    );
  });
});
