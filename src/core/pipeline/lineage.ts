/**
 * Lineage of a run's encoded model inputs: which of the user's columns each one derives from, so that
 * attributions computed on the encoded matrix (one-hot levels, TF-IDF terms, products, lags...) can be
 * summed back to the columns the user uploaded.
 *
 * - v1 preprocessor: each input contributes `outputWidth(input)` consecutive outputs, all from its column.
 * - feature graph: the fitted steps' `lineage` (features/nodes/types.ts) composed symbolically from the
 *   graph's inputs, which keep their names through the Data source node. Nothing is recomputed from data.
 *
 * The target is never a model input, but lag and rolling nodes may read it (`y:lag:1`). The fitted graph
 * does not store the target's name, so pass it (`TargetEncoding.column`) for such graphs: such outputs
 * then list the target among their sources, after the inputs, for the caller to show as its own group.
 */
import { getFeatureNode } from '../features/nodes/registry';
import { outputWidth } from '../features/preprocess';
import type { FittedFeatureGraph, FittedFeatures } from './experiment';

/**
 * For each encoded model input (in `outputNames` order), the raw source columns it derives from:
 * distinct, in the order of the fitted inputs (the table's column order), the target last when it is a
 * source. Empty for a column that reads no column (a formula of constants). Throws an Error when an
 * output's lineage cannot be traced, e.g. a lag of the target while `target` is null.
 * Cost: O(steps × columns) plus the sources of each output.
 */
export function encodedSources(fitted: FittedFeatures, target: string | null = null): string[][] {
  if ('kind' in fitted) return graphSources(fitted, target);
  return fitted.inputs.flatMap((input) => Array.from({ length: outputWidth(input) }, () => [input.column]));
}

function graphSources(fitted: FittedFeatureGraph, target: string | null): string[][] {
  const rawOrder = [...fitted.inputs, ...(target === null || fitted.inputs.includes(target) ? [] : [target])];
  // Each current column's raw sources; the columns' order is that of apply's output table (without the
  // target when it is not known, which only matters for lags and rolling windows of the target).
  let sources = new Map<string, ReadonlySet<string>>(rawOrder.map((c) => [c, new Set([c])]));
  fitted.steps.forEach((step, i) => {
    const def = getFeatureNode(step.kind);
    const lineage = def.lineage([...sources.keys()], def.params.parse(step.params), step.state, target);
    const next = new Map<string, ReadonlySet<string>>();
    for (const [name, inputs] of lineage) {
      const raw = new Set<string>();
      for (const input of inputs) {
        const from = sources.get(input);
        if (from === undefined) throw new Error(`Lineage: step ${i + 1} (${step.kind}) reads "${input}", which no earlier step outputs.`);
        for (const c of from) raw.add(c);
      }
      next.set(name, raw);
    }
    sources = next;
  });
  const rank = new Map(rawOrder.map((c, i) => [c, i]));
  return fitted.outputNames.map((name) => {
    const raw = sources.get(name);
    if (raw === undefined) {
      throw new Error(
        `Lineage: the model input "${name}" is not traced to any column${target === null ? ' (if it is computed from the target, pass the target\'s name)' : ''}.`,
      );
    }
    return [...raw].sort((a, b) => rank.get(a)! - rank.get(b)!);
  });
}
