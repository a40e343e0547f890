/**
 * The points of a SHAP dependence plot: x = the feature's value in each explained row, y = its
 * attribution. A feature whose every present value is a number gets a numeric axis; otherwise its
 * values are categories (most frequent first). Rows with no value are counted, not drawn.
 */
import type { ExplainReport } from '../../../core/explain/reports';
import { phiAt } from './explainView';

export interface DependencePoint {
  /** The value (numeric axis) or the category's index in `categories`. */
  readonly x: number;
  readonly y: number;
}

export type DependencePoints =
  | { readonly kind: 'numeric'; readonly points: readonly DependencePoint[]; readonly missing: number }
  | { readonly kind: 'categorical'; readonly categories: readonly string[]; readonly points: readonly DependencePoint[]; readonly missing: number };

/** At most this many categories get their own column; rarer ones are counted with the missing rows. */
export const MAX_CATEGORIES = 20;

export function dependencePoints(report: ExplainReport, feature: number, output: number): DependencePoints {
  const k = report.outputs.length;
  const present = report.rows.filter((r) => (r.values[feature] ?? '') !== '' || r.numeric[feature] != null);
  const numeric = present.every((r) => r.numeric[feature] != null);
  if (numeric) {
    const points = present.map((r) => ({ x: r.numeric[feature]!, y: phiAt(r, feature, output, k) }));
    return { kind: 'numeric', points, missing: report.rows.length - points.length };
  }
  const counts = new Map<string, number>();
  for (const r of present) counts.set(r.values[feature]!, (counts.get(r.values[feature]!) ?? 0) + 1);
  const categories = [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, MAX_CATEGORIES)
    .map(([c]) => c);
  const index = new Map(categories.map((c, i) => [c, i]));
  const points: DependencePoint[] = [];
  for (const r of present) {
    const x = index.get(r.values[feature]!);
    if (x !== undefined) points.push({ x, y: phiAt(r, feature, output, k) });
  }
  return { kind: 'categorical', categories, points, missing: report.rows.length - points.length };
}
