/**
 * Test helpers for feature nodes (used only by *.test.ts): fit-then-apply with defaults filled in by
 * the kind's schema, and plain-array views of output columns.
 */
import { expect } from 'vitest';
import { columnByName, type Table } from '../../data/table';
import type { ApplyContext, FeatureNodeDef, FitContext } from './types';

export interface RunOptions {
  /** Training rows; default every row. */
  readonly train?: readonly number[];
  readonly target?: string | null;
  readonly targetValues?: readonly number[] | null;
  readonly seed?: number;
  readonly task?: FitContext['task'];
}

function fitContext(table: Table, o: RunOptions = {}): FitContext {
  const train = Int32Array.from(o.train ?? Array.from({ length: table.rowCount }, (_, i) => i));
  return {
    trainRows: train,
    target: o.target ?? null,
    seed: o.seed ?? 7,
    targetValues: o.targetValues === undefined || o.targetValues === null ? null : Float64Array.from(o.targetValues),
    ...(o.task === undefined ? {} : { task: o.task }),
  };
}

/** Parses `rawParams` with the kind's schema, fits on the training rows, applies to the same table. */
export function run<P, S>(
  def: FeatureNodeDef<P, S>,
  table: Table,
  rawParams: unknown,
  o: RunOptions = {},
): { out: Table; state: S; params: P } {
  const params = def.params.parse(rawParams);
  const ctx = fitContext(table, o);
  const state = def.fit(table, params, ctx);
  const applyCtx: ApplyContext = { trainRows: ctx.trainRows };
  const out = def.apply(table, params, state, applyCtx);
  return { out, state, params };
}

/** A numeric output column as a plain array (NaN kept). Throws when absent or text. */
export function nums(table: Table, name: string): number[] {
  const col = columnByName(table, name);
  if (col === undefined) throw new Error(`no column "${name}" in [${table.columns.map((c) => c.name).join(', ')}]`);
  if (col.storage !== 'numeric') throw new Error(`column "${name}" is text`);
  return Array.from(col.values);
}

/** A string output column as plain text (missing → null). */
export function texts(table: Table, name: string): (string | null)[] {
  const col = columnByName(table, name);
  if (col === undefined || col.storage !== 'string') throw new Error(`no text column "${name}"`);
  return Array.from(col.codes, (c) => (c < 0 ? null : col.dictionary[c]!));
}

export function names(table: Table): string[] {
  return table.columns.map((c) => c.name);
}

/** Expects each value within 10^-digits (relative for large values) of the expected one; NaN only matches NaN. */
export function expectClose(actual: readonly number[], expected: readonly number[], digits = 10): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    const e = expected[i]!;
    if (Number.isNaN(e)) expect(a, `index ${i}`).toBeNaN();
    else expect(Math.abs(a - e), `index ${i}: ${a} vs ${e}`).toBeLessThan(10 ** -digits * Math.max(1, Math.abs(e)));
  });
}
