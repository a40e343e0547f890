/**
 * `tfidf`: replaces a text column by TF-IDF weights of its most common terms, as scikit-learn's
 * TfidfVectorizer(smooth_idf=True, sublinear_tf=False, norm='l2') with these choices:
 * - tokens: maximal runs of Unicode letters, combining marks and digits, lowercased (single characters
 *   kept; sklearn's default pattern drops them — the fixture test uses the pattern `(?u)[^\W_]+`);
 * - terms: word n-grams for n in [ngramMin, ngramMax], tokens joined by one space (across punctuation);
 * - vocabulary: the `maxFeatures` terms in the most training documents (ties: code-point order),
 *   output in code-point order as `<col>:tfidf:<term>` (sklearn ranks by total count, not documents);
 * - idf(t) = ln((1 + n) / (1 + df(t))) + 1 over the n training rows (a missing text is an empty document);
 * - each row: raw term counts × idf, divided by the row's L2 norm (an all-zero row stays zero).
 * Cost: the output is dense, rows × vocabulary numbers (8 bytes each): keep maxFeatures modest.
 */
import { z } from 'zod';
import type { Column } from '../../data/table';
import { columnList, editLineage, editTable, levelTexts, numericColumn, requireColumn, resolveColumns, trainKind } from './columns';
import { defineFeatureNode } from './define';

const NODE = 'TF-IDF';

export const tfidfParams = z
  .object({
    columns: columnList,
    maxFeatures: z.number().int().min(1).max(10_000).default(100),
    ngramMin: z.number().int().min(1).max(3).default(1),
    ngramMax: z.number().int().min(1).max(3).default(1),
  })
  .refine((p) => p.ngramMin <= p.ngramMax, { message: 'the smallest n-gram cannot exceed the largest', path: ['ngramMax'] });
export type TfidfParams = z.infer<typeof tfidfParams>;

export interface TfidfColumn {
  readonly name: string;
  /** Vocabulary in code-point order; output column i is `<name>:tfidf:<terms[i]>`. */
  readonly terms: string[];
  readonly idf: number[];
}

export interface TfidfState {
  readonly columns: TfidfColumn[];
  readonly ngramMin: number;
  readonly ngramMax: number;
}

const TOKEN = /[\p{L}\p{M}\p{N}]+/gu;

export const tfidfName = (column: string, term: string): string => `${column}:tfidf:${term}`;

/** Lowercased tokens of `text`: runs of Unicode letters, marks and digits. */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(TOKEN) ?? [];
}

/** Word n-grams of `tokens` for n in [min, max], in order of n then position. */
export function ngrams(tokens: readonly string[], min: number, max: number): string[] {
  const out: string[] = [];
  for (let n = min; n <= max; n++) for (let i = 0; i + n <= tokens.length; i++) out.push(tokens.slice(i, i + n).join(' '));
  return out;
}

const codePointOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Term counts of one cell (a missing cell has none). */
function countTerms(text: string | null, min: number, max: number): Map<string, number> {
  const counts = new Map<string, number>();
  if (text === null) return counts;
  for (const term of ngrams(tokenize(text), min, max)) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}

export const tfidfNode = defineFeatureNode<TfidfParams, TfidfState>({
  kind: 'tfidf',
  label: NODE,
  help: 'Turns free text into numbers: one column per common word, weighted up when the word is rare across rows.',
  params: tfidfParams,
  paramDocs: {
    columns: { label: 'Columns', help: 'Text columns; leave empty for every column that looks like free text.' },
    maxFeatures: {
      label: 'Vocabulary size',
      help: 'Keeps the words (or word pairs) found in the most training rows; each becomes one column.',
    },
    ngramMin: { label: 'Smallest n-gram', help: '1 = single words; 2 = start at word pairs.' },
    ngramMax: { label: 'Largest n-gram', help: '2 also counts pairs of consecutive words, like "not good".' },
  },
  fit(input, params, ctx) {
    const names = resolveColumns(input, params.columns, NODE, ctx, {
      auto: (col) => col.storage === 'string' && trainKind(col, ctx.trainRows) === 'text',
    });
    const n = ctx.trainRows.length;
    return {
      columns: names.map((name): TfidfColumn => {
        const text = levelTexts(requireColumn(input, name, NODE));
        const df = new Map<string, number>();
        for (const r of ctx.trainRows) {
          for (const term of countTerms(text(r), params.ngramMin, params.ngramMax).keys()) df.set(term, (df.get(term) ?? 0) + 1);
        }
        const terms = [...df.entries()]
          .sort((a, b) => b[1] - a[1] || codePointOrder(a[0], b[0]))
          .slice(0, params.maxFeatures)
          .map(([t]) => t)
          .sort(codePointOrder);
        return { name, terms, idf: terms.map((t) => Math.log((1 + n) / (1 + df.get(t)!)) + 1) };
      }),
      ngramMin: params.ngramMin,
      ngramMax: params.ngramMax,
    };
  },
  apply(input, _params, state) {
    const replace = new Map<string, Column[]>();
    for (const fitted of state.columns) {
      const text = levelTexts(requireColumn(input, fitted.name, NODE));
      const index = new Map(fitted.terms.map((t, i) => [t, i]));
      const outs = fitted.terms.map(() => new Float64Array(input.rowCount));
      for (let r = 0; r < input.rowCount; r++) {
        const weights: [number, number][] = [];
        let norm = 0;
        for (const [term, c] of countTerms(text(r), state.ngramMin, state.ngramMax)) {
          const i = index.get(term);
          if (i === undefined) continue;
          const w = c * fitted.idf[i]!;
          weights.push([i, w]);
          norm += w * w;
        }
        norm = Math.sqrt(norm);
        for (const [i, w] of weights) outs[i]![r] = w / norm;
      }
      replace.set(fitted.name, outs.map((v, i) => numericColumn(tfidfName(fitted.name, fitted.terms[i]!), v)));
    }
    return editTable(input, NODE, { replace });
  },
  outputColumns: () => null,
  lineage: (inputColumns, _params, state) =>
    editLineage(inputColumns, {
      replace: new Map(state.columns.map(({ name, terms }) => [name, terms.map((t) => [tfidfName(name, t), [name]] as const)])),
    }),
});
