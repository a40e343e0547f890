/**
 * The node kinds that are neither features nor layers: `source` (the dataset), `split` (train /
 * validation / test rows) and `evaluate` (metrics of the output head). Feature kinds are in
 * features/nodes/ (FEATURE_NODES), layer kinds in models/layers/ (LAYER_NODES); `createKindLookup`
 * joins the registries into the lookup that commands and validation take.
 */
import { z } from 'zod';
import { projectSchema, type SplitSpec } from '../document';
import type { NodeKindDef } from '../nodeKind';
import { IN_PORT, OUT_PORT } from './schema';

/** Node kind ids the canonical pipeline needs exactly once each (see README.md). */
export const SOURCE_KIND = 'source';
export const SPLIT_KIND = 'split';
export const INPUT_KIND = 'input';
export const OUTPUT_KIND = 'output';
export const EVALUATE_KIND = 'evaluate';
export const SINGLETON_KINDS = [SOURCE_KIND, SPLIT_KIND, INPUT_KIND, OUTPUT_KIND, EVALUATE_KIND] as const;

export const sourceParamsSchema = z.object({ dropIdentifiers: z.boolean() });
export type SourceParams = z.infer<typeof sourceParamsSchema>;

export const SOURCE_NODE: NodeKindDef<SourceParams> = {
  kind: SOURCE_KIND,
  category: 'source',
  label: 'Data source',
  help: 'The dataset as a table of columns. The target column is never passed on: it is what the model learns to predict.',
  inputs: [],
  outputs: [{ id: OUT_PORT, type: 'table' }],
  params: sourceParamsSchema,
  defaults: { dropIdentifiers: true },
  paramDocs: {
    dropIdentifiers: {
      label: 'Drop identifier columns',
      help: 'Leave out columns that look like row ids or unique keys: they name rows but predict nothing.',
    },
  },
};

/** The v1 split spec, unchanged: random (optionally stratified), read from a split column, or by time. */
export const splitParamsSchema = projectSchema.shape.split;

/** Same as createProject's default split (tested equal). */
export const DEFAULT_SPLIT: SplitSpec = { kind: 'random', validation: 0.15, test: 0.15, stratify: true };

export const SPLIT_NODE: NodeKindDef<SplitSpec> = {
  kind: SPLIT_KIND,
  category: 'split',
  label: 'Split',
  help: 'Marks which rows train the model, which pick the best epoch (validation) and which measure it once at the end (test). Every transform is fitted on the training rows only, even the ones drawn before this node.',
  inputs: [{ id: IN_PORT, type: 'table' }],
  outputs: [{ id: OUT_PORT, type: 'table' }],
  params: splitParamsSchema,
  defaults: DEFAULT_SPLIT,
  paramDocs: {
    kind: {
      label: 'How to split',
      help: 'Random: rows drawn at random from the seed. Column: a column of the data says train, validation or test for each row. Time: the earliest rows train, later ones validate and the latest test, so the model is never scored on the past after learning the future (for forecasts).',
    },
    validation: {
      label: 'Validation fraction',
      help: 'Share of rows held back to choose when to stop training. With a split column, carved from the train rows when the column marks none. By time, the rows just before the test rows.',
    },
    test: { label: 'Test fraction', help: 'Share of rows kept aside and used once, for the final metrics (by time, the latest rows).' },
    stratify: {
      label: 'Stratify',
      help: 'Keep each class in the same proportion in every split (classification only).',
    },
    column: {
      label: 'Split column',
      help: 'Column: the column whose values (train, validation, test) assign each row. Time: the column of dates or numbers that orders the rows; rows without one are left out.',
    },
  },
};

export const evaluateParamsSchema = z.object({});
export type EvaluateParams = z.infer<typeof evaluateParamsSchema>;

export const EVALUATE_NODE: NodeKindDef<EvaluateParams> = {
  kind: EVALUATE_KIND,
  category: 'output',
  label: 'Evaluate',
  help: 'Scores the output head on the validation and test rows and compares it with the baseline (the majority class, or the mean). The target column is chosen here and stored in the project, not in the node.',
  inputs: [{ id: IN_PORT, type: 'tensor' }],
  outputs: [],
  params: evaluateParamsSchema,
  defaults: {},
  paramDocs: {},
};

export const PIPELINE_NODES: Readonly<Record<string, NodeKindDef>> = {
  [SOURCE_KIND]: SOURCE_NODE,
  [SPLIT_KIND]: SPLIT_NODE,
  [EVALUATE_KIND]: EVALUATE_NODE,
};

/** How commands and validation find a node kind's definition. */
export type KindLookup = (kind: string) => NodeKindDef | undefined;

/**
 * One lookup over several registries (e.g. PIPELINE_NODES, FEATURE_NODES, LAYER_NODES). Throws when
 * a kind id appears twice or a registry key differs from its def's `kind`, so a clash fails at start-up
 * rather than shadowing a kind silently.
 */
export function createKindLookup(...registries: readonly Readonly<Record<string, NodeKindDef>>[]): KindLookup {
  const all = new Map<string, NodeKindDef>();
  for (const registry of registries) {
    for (const [key, def] of Object.entries(registry)) {
      if (def.kind !== key) throw new Error(`Node kind registered as "${key}" says its kind is "${def.kind}".`);
      if (all.has(key)) throw new Error(`Node kind "${key}" is registered twice.`);
      all.set(key, def);
    }
  }
  return (kind) => all.get(kind);
}
