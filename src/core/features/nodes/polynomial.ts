/**
 * `polynomial`: adds products of numeric columns up to `degree` (2 or 3), as scikit-learn's
 * PolynomialFeatures without the bias and degree-1 terms (the columns themselves stay): for columns
 * a, b and degree 2: `a^2`, `a*b`, `b^2`; with `interactionOnly`, products of distinct columns only
 * (`a*b`). Terms are appended after the last column, by degree, then in lexicographic order of the
 * column positions. Missing in any factor → missing. At most MAX_TERMS new columns. Nothing is fitted.
 */
import { z } from 'zod';
import { columnList, editLineage, editTable, isNumeric, numericColumn, requireNumeric, resolveColumns } from './columns';
import { defineFeatureNode } from './define';
import { FeatureNodeError } from './types';

const NODE = 'Polynomial features';
export const MAX_TERMS = 5000;

export const polynomialParams = z.object({
  columns: columnList,
  degree: z.number().int().min(2).max(3).default(2),
  interactionOnly: z.boolean().default(false),
});
export type PolynomialParams = z.infer<typeof polynomialParams>;

export interface PolynomialState {
  readonly columns: string[];
  readonly degree: number;
  readonly interactionOnly: boolean;
}

/** Index tuples (non-decreasing; strictly increasing when interactionOnly) of the terms, by degree. */
export function polynomialTerms(count: number, degree: number, interactionOnly: boolean): number[][] {
  const terms: number[][] = [];
  const extend = (prefix: number[], size: number): void => {
    if (prefix.length === size) {
      terms.push(prefix);
      return;
    }
    const start = prefix.length === 0 ? 0 : prefix[prefix.length - 1]! + (interactionOnly ? 1 : 0);
    for (let i = start; i < count; i++) extend([...prefix, i], size);
  };
  for (let d = 2; d <= degree; d++) extend([], d);
  return terms;
}

/** `a*b`, `a^2`, `a^2*b` for a term over `columns`. */
export function termName(columns: readonly string[], term: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < term.length; ) {
    let j = i;
    while (j < term.length && term[j] === term[i]) j++;
    const name = columns[term[i]!]!;
    parts.push(j - i === 1 ? name : `${name}^${j - i}`);
    i = j;
  }
  return parts.join('*');
}

function checkedTerms(columns: readonly string[], degree: number, interactionOnly: boolean): number[][] {
  const terms = polynomialTerms(columns.length, degree, interactionOnly);
  if (terms.length > MAX_TERMS) {
    throw new FeatureNodeError(NODE, `${columns.length} columns at degree ${degree} would add ${terms.length} columns (at most ${MAX_TERMS}); list fewer columns.`);
  }
  return terms;
}

export const polynomialNode = defineFeatureNode<PolynomialParams, PolynomialState>({
  kind: 'polynomial',
  label: NODE,
  help: 'Adds products of numeric columns (a×b, a²), so a linear model can fit curves and interactions.',
  params: polynomialParams,
  paramDocs: {
    columns: { label: 'Columns', help: 'Numeric columns to combine; leave empty for every numeric column.' },
    degree: { label: 'Degree', help: '2: pairs and squares; 3: also triples and cubes (many more columns).' },
    interactionOnly: { label: 'Interactions only', help: 'Only products of different columns (a×b), no powers (a²).' },
  },
  fit(input, params, ctx) {
    const columns = resolveColumns(input, params.columns, NODE, ctx, { auto: isNumeric, accepts: isNumeric, needs: 'numbers' });
    checkedTerms(columns, params.degree, params.interactionOnly);
    return { columns, degree: params.degree, interactionOnly: params.interactionOnly };
  },
  apply(input, _params, state) {
    const values = state.columns.map((name) => requireNumeric(input, name, NODE));
    const append = checkedTerms(state.columns, state.degree, state.interactionOnly).map((term) => {
      const out = new Float64Array(input.rowCount).fill(1);
      for (const i of term) {
        const v = values[i]!;
        for (let r = 0; r < out.length; r++) out[r]! *= v[r]!;
      }
      return numericColumn(termName(state.columns, term), out);
    });
    return editTable(input, NODE, { append });
  },
  outputColumns(inputColumns, params) {
    if (params.columns.length === 0) return null;
    return [...inputColumns, ...polynomialTerms(params.columns.length, params.degree, params.interactionOnly).map((t) => termName(params.columns, t))];
  },
  lineage: (inputColumns, _params, state) =>
    editLineage(inputColumns, {
      append: polynomialTerms(state.columns.length, state.degree, state.interactionOnly).map(
        (term) => [termName(state.columns, term), [...new Set(term)].map((i) => state.columns[i]!)] as const,
      ),
    }),
});
