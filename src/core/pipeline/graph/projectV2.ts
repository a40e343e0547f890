/**
 * The project document, version 2 (candidate; not yet what loadProject returns): version 1 with the
 * pipeline settings (`split`, `features`, `model`) replaced by an explicit graph.
 *
 * - `graph`: the whole pipeline, source to evaluate (README.md: canonical topology). The split spec is
 *   the split node's params; the feature settings are feature nodes; the network is layer nodes.
 * - `target`, `task`: stay at the top level. The target is read by several nodes (never a feature at
 *   the source, stratification at the split, the head's units at the output, the metrics at evaluate),
 *   so it has one home; the evaluate node's inspector shows and edits it there.
 * - `model`: what training fits. `graph`: the graph's network, with the baseline beside it as always;
 *   `baseline`: the baseline alone (fast, no tfjs), the graph's layers kept for later. No other fields:
 *   the network lives in the graph.
 * - Everything else (format, name, dataset, training, seed, runs) is unchanged from version 1.
 */
import { z } from 'zod';
import { projectSchema, type ProjectDocument } from '../document';
import { graphSchema, type PipelineGraph } from './schema';

export const PROJECT_VERSION_V2 = 2;

export const modelChoiceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('graph') }),
  z.object({ kind: z.literal('baseline') }),
]);
export type ModelChoice = z.infer<typeof modelChoiceSchema>;

export const projectSchemaV2 = projectSchema.omit({ version: true, split: true, features: true, model: true }).extend({
  version: z.literal(PROJECT_VERSION_V2),
  graph: graphSchema,
  model: modelChoiceSchema,
});

export type ProjectDocumentV2 = Omit<ProjectDocument, 'version' | 'split' | 'features' | 'model'> & {
  version: typeof PROJECT_VERSION_V2;
  graph: PipelineGraph;
  model: ModelChoice;
};

// The hand-written type above is the documented contract; this keeps it equal to the schema's.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _schemaMatchesType: Same<z.infer<typeof projectSchemaV2>, ProjectDocumentV2> = true;
