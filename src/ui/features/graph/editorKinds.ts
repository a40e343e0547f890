/**
 * The node kinds the editor offers: the pipeline kinds (source, split, evaluate), every feature kind and
 * every layer kind, joined into one KindLookup for core's commands and validation.
 *
 * Layer kinds come from models/layers/specs.ts (pure), never registry.ts, which loads tfjs: the page
 * bundle must stay free of it (purity.test.ts walks the imports).
 */
import { FEATURE_NODES } from '../../../core/features/nodes/registry';
import { LAYER_KINDS, LAYER_SPECS } from '../../../core/models/layers/specs';
import { createKindLookup, PIPELINE_NODES, type KindLookup } from '../../../core/pipeline/graph/pipelineNodes';
import type { NodeCategory, NodeKindDef } from '../../../core/pipeline/nodeKind';

/** The layer specs as plain node kinds (their params are checked by each spec's own schema). */
const LAYER_DEFS: Readonly<Record<string, NodeKindDef>> = Object.fromEntries(
  LAYER_KINDS.map((kind) => [kind, LAYER_SPECS[kind] as unknown as NodeKindDef]),
);

/** Every kind the editor knows, by kind id. */
export const EDITOR_KINDS: KindLookup = createKindLookup(PIPELINE_NODES, FEATURE_NODES, LAYER_DEFS);

/** Palette sections in the order data flows. */
export const CATEGORY_ORDER: readonly NodeCategory[] = ['source', 'feature', 'split', 'layer', 'output'];

export const CATEGORY_LABELS: Readonly<Record<NodeCategory, string>> = {
  source: 'Data',
  feature: 'Features',
  split: 'Split',
  layer: 'Model layers',
  output: 'Evaluation',
};

/** Every kind once, grouped by CATEGORY_ORDER, registry order within a group. */
export const PALETTE_KINDS: readonly NodeKindDef[] = (() => {
  const all = [...Object.values(PIPELINE_NODES), ...Object.values(FEATURE_NODES), ...Object.values(LAYER_DEFS)];
  return CATEGORY_ORDER.flatMap((c) => all.filter((d) => d.category === c));
})();
