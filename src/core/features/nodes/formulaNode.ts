/**
 * `formula`: a new numeric column computed from other columns by an expression (formula.ts: parsed by
 * hand, never evaluated as code). Nothing is fitted; the state keeps the expression and the columns it
 * reads. The output replaces a column of the same name in place (so `x` = `log1p(x)` works), else is
 * appended. A formula may not read or overwrite the target: that would hand the answer to the model.
 */
import { z } from 'zod';
import type { Column } from '../../data/table';
import { editLineage, editTable, numericColumn, requireNumeric } from './columns';
import { defineFeatureNode } from './define';
import { evaluateFormula, formulaColumns, MAX_FORMULA_LENGTH, parseFormula } from './formula';
import { FeatureNodeError } from './types';

const NODE = 'Formula';

export const formulaParams = z.object({
  name: z.string().min(1).max(1000).default('formula'),
  expression: z.string().max(MAX_FORMULA_LENGTH).default(''),
});
export type FormulaParams = z.infer<typeof formulaParams>;

export interface FormulaState {
  readonly name: string;
  readonly expression: string;
  /** Columns the expression reads, in order of first appearance. */
  readonly columns: string[];
}

export const formulaNode = defineFeatureNode<FormulaParams, FormulaState>({
  kind: 'formula',
  label: NODE,
  help: 'Computes a new column from others, e.g. `weight` / `height` ^ 2.',
  params: formulaParams,
  paramDocs: {
    name: { label: 'New column name', help: 'An existing column with this name is replaced.' },
    expression: {
      label: 'Formula',
      help: 'Numbers, columns (names with spaces in `backticks`), + - * / ^, parentheses, and log, log1p, exp, sqrt, abs, min, max, pow, clip(x, lo, hi). A missing input gives a missing result.',
    },
  },
  fit(input, params, ctx) {
    const names = new Set(input.columns.map((c) => c.name));
    const ast = parseFormula(params.expression, (name) => names.has(name));
    const columns = formulaColumns(ast);
    for (const name of columns) {
      if (name === ctx.target) throw new FeatureNodeError(NODE, `a formula cannot read the target "${name}": that would leak the answer.`, name);
      requireNumeric(input, name, NODE);
    }
    if (params.name === ctx.target) throw new FeatureNodeError(NODE, `a formula cannot overwrite the target "${params.name}".`, params.name);
    return { name: params.name, expression: params.expression, columns };
  },
  apply(input, _params, state) {
    const values = new Map(state.columns.map((name) => [name, requireNumeric(input, name, NODE)]));
    const ast = parseFormula(state.expression, (name) => values.has(name));
    const out: Column = numericColumn(state.name, evaluateFormula(ast, (name) => values.get(name)!, input.rowCount));
    const replaces = input.columns.some((c) => c.name === state.name);
    return editTable(input, NODE, replaces ? { replace: new Map([[state.name, [out]]]) } : { append: [out] });
  },
  outputColumns: (inputColumns, params) => (inputColumns.includes(params.name) ? [...inputColumns] : [...inputColumns, params.name]),
  // state.columns is what the parsed expression reads (formulaColumns of its AST), fixed at fit time.
  lineage(inputColumns, _params, state) {
    const out = [[state.name, state.columns]] as const;
    return editLineage(inputColumns, inputColumns.includes(state.name) ? { replace: new Map([[state.name, out]]) } : { append: out });
  },
});
