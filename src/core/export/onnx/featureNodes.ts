/**
 * The graph pipeline's feature kinds (src/core/features/nodes) as ONNX ops, one emitter per exportable
 * kind. An emitter maps a symbolic table (the columns between two steps, each a lazily built [N, 1]
 * tensor) to the next one, reading only the fitted state, exactly as the kind's `apply` does when
 * scoring new rows (`ctx.trainRows` null). Ops are emitted only when a column is forced, so a column
 * that a later step drops costs nothing and needs no graph input.
 *
 * In the graph, numbers are float32 with NaN for missing, text is a string tensor with '' for missing.
 * Text columns only pass through, get imputed or encoded: ai.onnx.ml LabelEncoder does every text
 * lookup (opset 17's Equal takes no strings; onnxruntime-web and -node both run LabelEncoder).
 *
 * An emitter reports what it cannot export exactly through `fault` (one plain sentence, no prefix) and
 * goes on, so that one pass finds every problem; such a graph is never serialized.
 */
import { polynomialTerms, termName } from '../../features/nodes/polynomial';
import { binName } from '../../features/nodes/bin';
import { onehotName } from '../../features/nodes/encode';
import { missingIndicatorName } from '../../features/nodes/impute';
import { targetEncodeName, targetEncodeNode } from '../../features/nodes/targetEncode';
import type { BinState } from '../../features/nodes/bin';
import type { ClipState } from '../../features/nodes/clip';
import type { OnehotState, OrdinalState } from '../../features/nodes/encode';
import type { ImputeState } from '../../features/nodes/impute';
import type { LogState } from '../../features/nodes/log';
import type { PolynomialState } from '../../features/nodes/polynomial';
import type { PowerState } from '../../features/nodes/power';
import type { ScaleState } from '../../features/nodes/scale';
import type { DropState, SelectState } from '../../features/nodes/select';
import type { TargetEncodeParams, TargetEncodeState } from '../../features/nodes/targetEncode';
import type { Table } from '../../data/table';
import type { OnnxAttribute, OnnxGraphBuilder, OnnxTensor } from './graphBuilder';

/** A tensor name computed on first use (and then kept). */
export type Lazy = () => string;

/** `f`'s result, computed on the first call only. */
export function once<T>(f: () => T): () => T {
  let done = false;
  let value: T | undefined;
  return () => {
    if (!done) {
      value = f();
      done = true;
    }
    return value as T;
  };
}

export const lazy = (f: () => string): Lazy => once(f);

/** One column between two steps: a [N, 1] float (numeric) or string (text) tensor, built on demand. */
export interface SymColumn {
  readonly name: string;
  readonly storage: 'numeric' | 'string';
  /**
   * True when the graph's float32 value is the reference's value rounded once (raw numbers, fills,
   * codes, indicators), so it may be matched against level keys; false for computed values (scaled,
   * logged...), whose float32 arithmetic can differ from the reference's float64 in the last bits.
   */
  readonly exact: boolean;
  readonly tensor: Lazy;
  /** Set for column `index` of a [N, width] block: the final Concat takes the whole block at once. */
  readonly part?: { readonly block: Lazy; readonly index: number; readonly width: number };
}

/**
 * Small op helpers over the builder. Constants and IsNaN / missing-text tests are shared per tensor, so
 * a column read by several ops gets one test.
 */
export class Ops {
  private readonly memo = new Map<string, string>();
  constructor(readonly b: OnnxGraphBuilder) {}

  op(opType: string, inputs: readonly string[], attributes: Readonly<Record<string, OnnxAttribute>> = {}): string {
    return this.b.node(opType, inputs, attributes)[0]!;
  }

  ml(opType: string, inputs: readonly string[], attributes: Readonly<Record<string, OnnxAttribute>>): string {
    return this.b.node(opType, inputs, attributes, { domain: 'ai.onnx.ml' })[0]!;
  }

  private memoized(key: string, make: () => string): string {
    let name = this.memo.get(key);
    if (name === undefined) {
      name = make();
      this.memo.set(key, name);
    }
    return name;
  }

  const(hint: string, tensor: OnnxTensor): string {
    const values = tensor.values instanceof Float32Array ? Array.from(tensor.values) : tensor.values;
    return this.memoized(`c:${tensor.type}:${tensor.dims.join('x')}:${JSON.stringify(values, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))}`, () =>
      this.b.constant(hint, tensor),
    );
  }

  /** A float constant of shape [1] (broadcasts against [N, k]); rank 0 with `scalar`. */
  f(v: number, scalar = false): string {
    return this.const('c', { type: 'float', dims: scalar ? [] : [1], values: [v] });
  }

  /** A [1, k] float row. */
  row(values: readonly number[]): string {
    return this.const('row', { type: 'float', dims: [1, values.length], values });
  }

  /** A [1, k] int64 row. */
  intRow(values: readonly number[]): string {
    return this.const('irow', { type: 'int64', dims: [1, values.length], values });
  }

  ints(values: readonly number[]): string {
    return this.const('ints', { type: 'int64', dims: [values.length], values });
  }

  text(v: string): string {
    return this.const('text', { type: 'string', dims: [1], values: [v] });
  }

  isNaN(x: string): string {
    return this.memoized(`isnan:${x}`, () => this.op('IsNaN', [x]));
  }

  /** Bool [N, 1]: the text cell is missing (''). */
  isMissingText(x: string): string {
    return this.memoized(`missingtext:${x}`, () =>
      this.cast(this.ml('LabelEncoder', [x], { keys_strings: strs(['']), values_int64s: ints([1]), default_int64: int(0) }), BOOL),
    );
  }

  cast(x: string, to: number): string {
    return this.op('Cast', [x], { to: int(to) });
  }

  where(cond: string, a: string, b: string): string {
    return this.op('Where', [cond, a, b]);
  }

  /** NaN where `x` is NaN, else `y` (the spec does not say what Max and Clip make of NaN). */
  keepNaN(x: string, y: string): string {
    return this.where(this.isNaN(x), this.f(NaN), y);
  }

  /**
   * log1p(x) for x ≥ 0 without losing small x (Kahan: u = 1 + x; x·log(u)/(u − 1), or x when u = 1).
   */
  log1p(x: string): string {
    const u = this.op('Add', [x, this.f(1)]);
    const ratio = this.op('Div', [this.op('Mul', [x, this.op('Log', [u])]), this.op('Sub', [u, this.f(1)])]);
    return this.where(this.op('Equal', [u, this.f(1)]), x, ratio);
  }

  /** expm1(t) without the cancellation of exp(t) − 1 near 0 (Kahan: u = eᵗ; (u − 1)·t/log(u), or t when u = 1). */
  expm1(t: string): string {
    const u = this.op('Exp', [t]);
    const ratio = this.op('Div', [this.op('Mul', [this.op('Sub', [u, this.f(1)]), t]), this.op('Log', [u])]);
    return this.where(this.op('Equal', [u, this.f(1)]), t, ratio);
  }

  /** A [N, 1] float tensor of `v`, shaped like the [N, 1] `x` (float or text). */
  constantLike(x: string, storage: 'numeric' | 'string', v: number): string {
    const cond = storage === 'numeric' ? this.isNaN(x) : this.isMissingText(x);
    return this.where(cond, this.f(v), this.f(v));
  }
}

export const FLOAT = 1;
export const INT64 = 7;
export const BOOL = 9;

export const int = (value: number): OnnxAttribute => ({ kind: 'int', value });
export const ints = (value: readonly number[]): OnnxAttribute => ({ kind: 'ints', value });
export const float = (value: number): OnnxAttribute => ({ kind: 'float', value });
export const floats = (value: readonly number[]): OnnxAttribute => ({ kind: 'floats', value });
export const strs = (value: readonly string[]): OnnxAttribute => ({ kind: 'strings', value });

/** What an emitter gets besides the table and the fitted step. */
export interface EmitContext {
  /** Op helpers; only call them inside a column's lazy tensor. */
  readonly ops: Ops;
  /** Records why this step cannot be exported exactly (one sentence). */
  fault(message: string): void;
}

export type Emitter = (table: readonly SymColumn[], params: unknown, state: unknown, cx: EmitContext) => SymColumn[];

/** The column named `name`, or a placeholder after a fault (the graph is then never built). */
function find(table: readonly SymColumn[], name: string, cx: EmitContext): SymColumn {
  const col = table.find((c) => c.name === name);
  if (col) return col;
  cx.fault(`the column "${name}" does not reach this step in the exported graph.`);
  const missing = (): string => {
    throw new Error(`ONNX export: no column "${name}".`);
  };
  return { name, storage: 'numeric', exact: false, tensor: missing };
}

function numeric(name: string, exact: boolean, tensor: () => string): SymColumn {
  return { name, storage: 'numeric', exact, tensor: lazy(tensor) };
}

/** `table` with columns replaced (none = removed), inserted after, or appended: features/nodes/columns.ts editTable. */
function edit(
  table: readonly SymColumn[],
  e: { replace?: ReadonlyMap<string, readonly SymColumn[]>; after?: ReadonlyMap<string, readonly SymColumn[]>; append?: readonly SymColumn[] },
): SymColumn[] {
  const out: SymColumn[] = [];
  for (const col of table) {
    out.push(...(e.replace?.get(col.name) ?? [col]));
    out.push(...(e.after?.get(col.name) ?? []));
  }
  out.push(...(e.append ?? []));
  return out;
}

/** `width` columns that are the columns of one [N, width] float block (one Split when read one by one). */
export function blockColumns(names: readonly string[], block: Lazy, ops: Ops): SymColumn[] {
  const width = names.length;
  const pieces = once(() => (width === 1 ? [block()] : ops.b.node('Split', [block()], { axis: int(1) }, { outputs: width })));
  return names.map((name, index) => ({
    name,
    storage: 'numeric' as const,
    exact: true,
    tensor: () => pieces()[index]!,
    part: { block, index, width },
  }));
}

/**
 * Float32 keys for levels read from a numeric column (levels are `String(v)` of the stored numbers).
 * Faults when a level is not a number or two levels round to the same float32, or when the column's
 * values are computed (not exactly comparable).
 */
function numericKeys(col: SymColumn, levels: readonly string[], cx: EmitContext): number[] {
  if (!col.exact) {
    cx.fault(`the column "${col.name}" holds numbers computed by earlier steps; matching them against its categories is not exact in 32-bit floats. Encode the column before transforming it.`);
  }
  const keys = levels.map(Number);
  const seen = new Map<number, string>();
  levels.forEach((l, i) => {
    const k = Math.fround(keys[i]!);
    if (!Number.isFinite(k)) cx.fault(`the category "${l}" of the column "${col.name}" is not a 32-bit number.`);
    const prev = seen.get(k);
    if (prev !== undefined) cx.fault(`the categories "${prev}" and "${l}" of the column "${col.name}" are the same 32-bit number.`);
    seen.set(k, l);
  });
  return keys;
}

/** Faults when a text category is '' (the graph's missing text). */
function checkTextLevels(col: SymColumn, levels: readonly string[], cx: EmitContext): void {
  if (levels.includes('')) cx.fault(`the column "${col.name}" has an empty category, which the exported model cannot tell from a missing cell.`);
}

// ---------------------------------------------------------------------------------------------------

const select: Emitter = (table, _p, state) => {
  const s = state as SelectState;
  const keep = new Set(s.keep);
  if (s.target !== null) keep.add(s.target);
  return table.filter((c) => keep.has(c.name));
};

const drop: Emitter = (table, _p, state) => {
  const gone = new Set((state as DropState).drop);
  return table.filter((c) => !gone.has(c.name));
};

const impute: Emitter = (table, _p, state, cx) => {
  const s = state as ImputeState;
  const { ops } = cx;
  const replace = new Map<string, SymColumn[]>();
  const after = new Map<string, SymColumn[]>();
  for (const c of s.columns) {
    const col = find(table, c.name, cx);
    if (c.storage !== col.storage) cx.fault(`the column "${c.name}" was ${c.storage === 'numeric' ? 'numbers' : 'text'} when fitted.`);
    let out = col;
    if (c.fill !== null && col.storage === 'numeric') {
      const fill = Number(c.fill);
      out = numeric(col.name, col.exact, () => ops.where(ops.isNaN(col.tensor()), ops.f(fill), col.tensor()));
    } else if (c.fill !== null) {
      const fill = String(c.fill);
      if (fill === '') cx.fault(`the fill for "${c.name}" is empty text, which the exported model reads as missing.`);
      out = { name: col.name, storage: 'string', exact: true, tensor: lazy(() => ops.where(ops.isMissingText(col.tensor()), ops.text(fill), col.tensor())) };
    }
    replace.set(col.name, [out]);
    if (s.addIndicator) {
      after.set(col.name, [
        numeric(missingIndicatorName(col.name), true, () =>
          ops.cast(col.storage === 'numeric' ? ops.isNaN(col.tensor()) : ops.isMissingText(col.tensor()), FLOAT),
        ),
      ]);
    }
  }
  return edit(table, { replace, after });
};

const scale: Emitter = (table, _p, state, cx) => {
  const { ops } = cx;
  const replace = new Map<string, SymColumn[]>();
  for (const { name, center, scale: by } of (state as ScaleState).columns) {
    const col = find(table, name, cx);
    replace.set(name, [numeric(name, false, () => ops.op('Div', [ops.op('Sub', [col.tensor(), ops.f(center)]), ops.f(by)]))]);
  }
  return edit(table, { replace });
};

/**
 * Level index per row as int64 [N, 1]: `levels[i]` → i, missing → `missing`, any other value → `other`.
 */
function levelIndex(col: SymColumn, levels: readonly string[], missing: number, other: number, cx: EmitContext): Lazy {
  const { ops } = cx;
  const codes = levels.map((_, i) => i);
  if (col.storage === 'string') {
    checkTextLevels(col, levels, cx);
    return lazy(() =>
      ops.ml('LabelEncoder', [col.tensor()], { keys_strings: strs([...levels, '']), values_int64s: ints([...codes, missing]), default_int64: int(other) }),
    );
  }
  const keys = numericKeys(col, levels, cx);
  return lazy(() => {
    const x = col.tensor();
    const idx = levels.length === 0
      ? ops.cast(ops.constantLike(x, 'numeric', other), INT64)
      : ops.ml('LabelEncoder', [x], { keys_floats: floats(keys), values_int64s: ints(codes), default_int64: int(other) });
    return missing === other ? idx : ops.where(ops.isNaN(x), ops.const('i', { type: 'int64', dims: [1], values: [missing] }), idx);
  });
}

/** [N, width] float 0/1 block: column j is 1 where `index` (int64 or float [N, 1]) equals j. */
export function oneHotBlock(ops: Ops, index: string, width: number, isFloat: boolean): string {
  const range = Array.from({ length: width }, (_, j) => j);
  return ops.cast(ops.op('Equal', [index, isFloat ? ops.row(range) : ops.intRow(range)]), FLOAT);
}

const onehot: Emitter = (table, _p, state, cx) => {
  const { ops } = cx;
  const replace = new Map<string, SymColumn[]>();
  for (const fitted of (state as OnehotState).columns) {
    const col = find(table, fitted.name, cx);
    const labels = fitted.other === null ? fitted.levels : [...fitted.levels, fitted.other];
    const other = fitted.other === null ? -1 : fitted.levels.length;
    const index = levelIndex(col, fitted.levels, -1, other, cx);
    const names = labels.map((l) => onehotName(col.name, l));
    replace.set(col.name, names.length === 0 ? [] : blockColumns(names, lazy(() => oneHotBlock(ops, index(), labels.length, false)), ops));
  }
  return edit(table, { replace });
};

const ordinal: Emitter = (table, _p, state, cx) => {
  const { ops } = cx;
  const s = state as OrdinalState;
  const unseen = s.unseenCode ?? NaN;
  const replace = new Map<string, SymColumn[]>();
  for (const fitted of s.columns) {
    const col = find(table, fitted.name, cx);
    const codes = fitted.levels.map((_, i) => i);
    if (col.storage === 'string') {
      checkTextLevels(col, fitted.levels, cx);
      replace.set(col.name, [
        numeric(col.name, true, () =>
          ops.ml('LabelEncoder', [col.tensor()], { keys_strings: strs([...fitted.levels, '']), values_floats: floats([...codes, NaN]), default_float: float(unseen) }),
        ),
      ]);
      continue;
    }
    const keys = numericKeys(col, fitted.levels, cx);
    replace.set(col.name, [
      numeric(col.name, true, () => {
        const x = col.tensor();
        const code = keys.length === 0
          ? ops.constantLike(x, 'numeric', unseen)
          : ops.ml('LabelEncoder', [x], { keys_floats: floats(keys), values_floats: floats(codes), default_float: float(unseen) });
        return ops.keepNaN(x, code);
      }),
    ]);
  }
  return edit(table, { replace });
};

/**
 * Target encoding of new rows is a lookup: level → smoothed mean of all training rows, missing and
 * unseen → the prior. The numbers come from the kind's own `apply` on a table of one row per level
 * plus a missing row, so the arithmetic cannot drift from the reference.
 */
const targetEncode: Emitter = (table, params, state, cx) => {
  const { ops } = cx;
  const s = state as TargetEncodeState;
  const replace = new Map<string, SymColumn[]>();
  for (const fitted of s.columns) {
    const col = find(table, fitted.name, cx);
    const n = fitted.levels.length;
    const probe: Table = {
      columns: [{ name: fitted.name, storage: 'string', codes: Int32Array.from({ length: n + 1 }, (_, i) => (i < n ? i : -1)), dictionary: fitted.levels }],
      rowCount: n + 1,
      sourceLines: new Int32Array(n + 1),
    };
    const encoded = targetEncodeNode.apply(probe, params as TargetEncodeParams, { ...s, columns: [fitted] }, { trainRows: null });
    const outNames = s.multiclass ? Array.from({ length: s.outputs }, (_, j) => targetEncodeName(col.name, j)) : [col.name];
    if (col.storage === 'string') checkTextLevels(col, fitted.levels, cx);
    const keys = col.storage === 'string' ? null : numericKeys(col, fitted.levels, cx);
    replace.set(
      col.name,
      outNames.map((name) => {
        const out = encoded.columns.find((c) => c.name === name);
        const values = out?.storage === 'numeric' ? Array.from(out.values) : [];
        if (values.length !== n + 1) cx.fault(`no encoding for the output "${name}".`);
        const byLevel = values.slice(0, n);
        const prior = values[n] ?? NaN;
        return numeric(name, false, () => {
          if (n === 0) return ops.constantLike(col.tensor(), col.storage, prior);
          return keys === null
            ? ops.ml('LabelEncoder', [col.tensor()], { keys_strings: strs(fitted.levels), values_floats: floats(byLevel), default_float: float(prior) })
            : ops.ml('LabelEncoder', [col.tensor()], { keys_floats: floats(keys), values_floats: floats(byLevel), default_float: float(prior) });
        });
      }),
    );
  }
  return edit(table, { replace });
};

/**
 * Bin index = how many inner edges are ≤ v (the edges ascend, so this is features/nodes/bin.ts's
 * binIndex); NaN stays NaN, and a NaN index is all zeros in one-hot.
 */
const bin: Emitter = (table, _p, state, cx) => {
  const { ops } = cx;
  const s = state as BinState;
  const replace = new Map<string, SymColumn[]>();
  for (const { name, edges } of s.columns) {
    const col = find(table, name, cx);
    if (!col.exact && edges !== null) {
      // A value the reference computes exactly at an edge (quantile edges are often training values)
      // can land one float32 step below it here and change bins.
      cx.fault(`the column "${name}" holds numbers computed by earlier steps, which 32-bit floats cannot place against its bin edges exactly; put the Bin node before the steps that compute the column.`);
    }
    const index = lazy(() => {
      const x = col.tensor();
      if (edges === null) return ops.constantLike(x, 'numeric', NaN);
      const inner = edges.slice(1, -1);
      const above = ops.cast(ops.op('GreaterOrEqual', [x, ops.row(inner)]), FLOAT);
      const count = ops.op('ReduceSum', [above, ops.ints([1])], { keepdims: int(1) });
      return ops.keepNaN(x, count);
    });
    if (!s.onehot) {
      replace.set(name, [{ name, storage: 'numeric', exact: true, tensor: index }]);
      continue;
    }
    const names = Array.from({ length: s.bins }, (_, k) => binName(name, k));
    replace.set(name, blockColumns(names, lazy(() => oneHotBlock(ops, index(), s.bins, true)), ops));
  }
  return edit(table, { replace });
};

const log: Emitter = (table, _p, state, cx) => {
  const { ops } = cx;
  const replace = new Map<string, SymColumn[]>();
  for (const { name, shift } of (state as LogState).columns) {
    const col = find(table, name, cx);
    replace.set(name, [
      numeric(name, false, () => {
        const x = col.tensor();
        const shifted = shift === 0 ? x : ops.op('Add', [x, ops.f(shift)]);
        return ops.keepNaN(x, ops.log1p(ops.op('Max', [shifted, ops.f(0)])));
      }),
    ]);
  }
  return edit(table, { replace });
};

const clip: Emitter = (table, _p, state, cx) => {
  const { ops } = cx;
  const replace = new Map<string, SymColumn[]>();
  for (const { name, lower, upper } of (state as ClipState).columns) {
    const col = find(table, name, cx);
    if (lower === null || upper === null) continue;
    replace.set(name, [
      numeric(name, col.exact, () => ops.keepNaN(col.tensor(), ops.op('Clip', [col.tensor(), ops.f(lower, true), ops.f(upper, true)]))),
    ]);
  }
  return edit(table, { replace });
};

const polynomial: Emitter = (table, _p, state, cx) => {
  const { ops } = cx;
  const s = state as PolynomialState;
  const cols = s.columns.map((name) => find(table, name, cx));
  const append = polynomialTerms(s.columns.length, s.degree, s.interactionOnly).map((term) =>
    numeric(termName(s.columns, term), false, () => term.map((i) => cols[i]!.tensor()).reduce((a, b) => ops.op('Mul', [a, b]))),
  );
  return edit(table, { append });
};

/**
 * Yeo-Johnson with the fitted λ (features/nodes/power.ts's yeoJohnson): both branches are computed on
 * clamped inputs and Where picks by sign; λ = 0 / λ = 2 take the log1p forms, as the reference does.
 */
const power: Emitter = (table, _p, state, cx) => {
  const { ops } = cx;
  const replace = new Map<string, SymColumn[]>();
  for (const { name, lambda, mean, std } of (state as PowerState).columns) {
    const col = find(table, name, cx);
    replace.set(name, [
      numeric(name, false, () => {
        const x = col.tensor();
        let y = x;
        if (lambda !== 1) {
          const branch = (v: string, l: number): string => {
            const l1 = ops.log1p(ops.op('Max', [v, ops.f(0)]));
            return Math.abs(l) < Number.EPSILON ? l1 : ops.op('Div', [ops.expm1(ops.op('Mul', [l1, ops.f(l)])), ops.f(l)]);
          };
          const pos = branch(x, lambda);
          const neg = ops.op('Neg', [branch(ops.op('Neg', [x]), 2 - lambda)]);
          y = ops.keepNaN(x, ops.where(ops.op('GreaterOrEqual', [x, ops.f(0)]), pos, neg));
        }
        return mean === 0 && std === 1 ? y : ops.op('Div', [ops.op('Sub', [y, ops.f(mean)]), ops.f(std)]);
      }),
    ]);
  }
  return edit(table, { replace });
};

/** The exportable kinds, by `kind` id. */
export const EMITTERS: Readonly<Record<string, Emitter>> = {
  select,
  drop,
  impute,
  scale,
  onehot,
  ordinal,
  target_encode: targetEncode,
  bin,
  log,
  power,
  clip,
  polynomial,
};

/** Why each kind that is not exported cannot be, and what the user can do instead. */
export const NOT_EXPORTED: Readonly<Record<string, string>> = {
  tfidf: 'text vectorizing (splitting text into words and weighting them) is not supported by the ONNX export; remove the node or encode the column with One-hot or Target encode to export.',
  date_parts: 'calendar parts need date arithmetic that the ONNX export does not do (and 32-bit floats cannot hold milliseconds since 1970 exactly); remove the node, or add the parts as columns of your data before training.',
  formula: 'formulas are not translated to ONNX; remove the node, or compute the column in your data before training.',
  lag: 'it reads earlier rows by a time column, which the exported model cannot do row by row; remove the node, or use the Input node\'s time window instead.',
  rolling: 'it summarizes earlier rows by a time column, which the exported model cannot do row by row; remove the node, or use the Input node\'s time window instead.',
};
