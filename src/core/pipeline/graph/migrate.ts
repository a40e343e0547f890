/**
 * Version 1 → 2: the v1 pipeline settings become the equivalent default graph.
 *
 *   source → drop → impute → [scale] → onehot → split → input → (dense → [dropout])×hidden → output → evaluate
 *
 * - source {dropIdentifiers}: v1's `features.dropIdentifiers` (identifier kinds are only known once the
 *   data is read, so the source leaves them out rather than the drop node listing them).
 * - drop {columns}: v1's `features.excluded`, in order (the node is there even when empty, so the
 *   user finds where to exclude columns).
 * - impute {columns: [], strategy: numeric.impute, addIndicator: false}; `columns: []` = every column
 *   the strategy applies to (numeric ones for median/mean). v1's categorical most-frequent imputation
 *   is what onehot does with a missing cell, so it has no node of its own.
 * - scale {columns: [], method: 'standard'} when numeric.scale is 'standard'; no node for 'none'.
 * - onehot {columns: [], minCount, maxLevels} from `features.categorical`.
 * - split: v1's `split`, unchanged.
 * - model mlp → dense {units, activation, useBias: true, l2} per hidden layer, each followed by
 *   dropout {rate} when dropout > 0; linear → no hidden layer; baseline → the default MLP's layers
 *   (DEFAULT_MLP), with `model: {kind: 'baseline'}` so it still trains the baseline alone.
 * - output {head: 'auto'}; evaluate {}.
 * Known loss: v1 applied `l2` to the head's kernel too (models/build.ts); the output kind has no l2.
 *
 * Ids are readable and fixed (`source`, `dense_1`, `dropout_1`, edges `source-drop`), positions come
 * from the auto layout, so the same v1 file always gives the same v2 document.
 */
import { DEFAULT_MLP, ProjectFileError, projectSchema, type ProjectDocument } from '../document';
import { layoutPositions } from './layout';
import { EVALUATE_KIND, INPUT_KIND, OUTPUT_KIND, SOURCE_KIND, SPLIT_KIND } from './pipelineNodes';
import { PROJECT_VERSION_V2, type ProjectDocumentV2 } from './projectV2';
import {
  asEdgeId,
  asNodeId,
  IN_PORT,
  OUT_PORT,
  type GraphEdge,
  type GraphNode,
  type NodeParams,
  type PipelineGraph,
} from './schema';

type Step = { id: string; kind: string; params: NodeParams };

/** The v1 document as the equivalent v2 document (see the module comment). Pure, deterministic. */
export function migrateV1ToV2(v1: ProjectDocument): ProjectDocumentV2 {
  const { version: _version, split, features, model, ...rest } = v1;
  const steps: Step[] = [
    { id: 'source', kind: SOURCE_KIND, params: { dropIdentifiers: features.dropIdentifiers } },
    { id: 'drop', kind: 'drop', params: { columns: [...features.excluded] } },
    { id: 'impute', kind: 'impute', params: { columns: [], strategy: features.numeric.impute, addIndicator: false } },
  ];
  if (features.numeric.scale === 'standard') steps.push({ id: 'scale', kind: 'scale', params: { columns: [], method: 'standard' } });
  steps.push(
    {
      id: 'onehot',
      kind: 'onehot',
      params: { columns: [], minCount: features.categorical.minCount, maxLevels: features.categorical.maxLevels },
    },
    { id: 'split', kind: SPLIT_KIND, params: { ...split } },
    { id: 'input', kind: INPUT_KIND, params: {} },
  );
  const network = model.kind === 'baseline' ? DEFAULT_MLP : model;
  if (network.kind === 'mlp') {
    network.hidden.forEach((units, i) => {
      steps.push({
        id: `dense_${i + 1}`,
        kind: 'dense',
        params: { units, activation: network.activation, useBias: true, l2: network.l2 },
      });
      if (network.dropout > 0) steps.push({ id: `dropout_${i + 1}`, kind: 'dropout', params: { rate: network.dropout } });
    });
  }
  steps.push({ id: 'output', kind: OUTPUT_KIND, params: { head: 'auto' } }, { id: 'evaluate', kind: EVALUATE_KIND, params: {} });

  const nodes: GraphNode[] = steps.map((s) => ({ id: asNodeId(s.id), kind: s.kind, params: s.params, position: { x: 0, y: 0 } }));
  const edges: GraphEdge[] = nodes.slice(1).map((node, i) => {
    const source = nodes[i]!.id;
    return { id: asEdgeId(`${source}-${node.id}`), source, sourcePort: OUT_PORT, target: node.id, targetPort: IN_PORT };
  });
  const chain: PipelineGraph = { nodes, edges };
  const positions = layoutPositions(chain);
  const graph: PipelineGraph = { nodes: nodes.map((n) => ({ ...n, position: positions.get(n.id)! })), edges };
  return { ...rest, version: PROJECT_VERSION_V2, graph, model: { kind: model.kind === 'baseline' ? 'baseline' : 'graph' } };
}

/**
 * The same on untrusted parsed JSON, in the shape of loadProject's migrations table
 * (`migrations[1] = migrateV1JsonToV2`): validates the v1 fields first, since a migration can only
 * map what it understands. Throws ProjectFileError naming the first bad field.
 */
export function migrateV1JsonToV2(json: Record<string, unknown>): Record<string, unknown> {
  const parsed = projectSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(top level)';
    throw new ProjectFileError(`The version 1 project file is invalid at "${where}": ${issue?.message ?? 'unknown problem'}.`);
  }
  return migrateV1ToV2(parsed.data) as unknown as Record<string, unknown>;
}
