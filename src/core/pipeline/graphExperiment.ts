/**
 * Runs a version-2 project: its pipeline graph compiled to the shared experiment (runPlan). The
 * feature nodes on the path source → … → split are fitted in order on the training rows and applied
 * to every row; the layer nodes from input to output become the network (buildLayerGraph).
 *
 * Nothing here picks a tfjs backend. A graph that cannot run is refused up front with the same
 * messages the editor shows (validateGraph + inferLayerShapes).
 */
import { columnAsNumbers } from '../data/infer';
import type { Column, ColumnKind, Table } from '../data/table';
import { FEATURE_NODES } from '../features/nodes/registry';
import type { FeatureNodeDef } from '../features/nodes/types';
import { DEFAULT_MLP } from './document';
import { buildLayerGraph } from '../models/layers/buildLayerGraph';
import { LAYER_NODES } from '../models/layers/registry';
import { createKindLookup, PIPELINE_NODES, SOURCE_KIND, SPLIT_KIND, type KindLookup } from './graph/pipelineNodes';
import type { GraphNode, PipelineGraph } from './graph/schema';
import type { ProjectDocumentV2 } from './graph/projectV2';
import { layerSubgraph, validateGraph } from './graph/validate';
import { splitParamsSchema, sourceParamsSchema } from './graph/pipelineNodes';
import {
  effectiveKinds,
  ExperimentError,
  runPlan,
  type ExperimentCallbacks,
  type ExperimentResult,
  type FeatureFit,
  type FittedFeatureGraph,
  type TrainedArtifacts,
} from './experiment';

/** Every node kind the graph may hold: pipeline, feature and layer kinds. */
export const ALL_KINDS: KindLookup = createKindLookup(PIPELINE_NODES, FEATURE_NODES, LAYER_NODES);

/** The feature nodes from the source to the split, in order. Throws when there is no such path. */
export function featureChain(graph: PipelineGraph): GraphNode[] {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const source = graph.nodes.find((n) => n.kind === SOURCE_KIND);
  const split = graph.nodes.find((n) => n.kind === SPLIT_KIND);
  if (!source || !split) throw new ExperimentError('The pipeline needs a Data source and a Split node.');
  // Feature kinds take one table input, so walking back from the split finds the one path.
  const chain: GraphNode[] = [];
  let at = split;
  for (let guard = 0; guard <= graph.nodes.length; guard++) {
    const edge = graph.edges.find((e) => e.target === at.id);
    if (!edge) throw new ExperimentError(`"${at.label ?? at.kind}" has nothing connected to its input.`);
    const prev = byId.get(edge.source);
    if (!prev) throw new ExperimentError(`An edge comes from a missing node "${edge.source}".`);
    if (prev.id === source.id) return chain.reverse();
    chain.push(prev);
    at = prev;
  }
  throw new ExperimentError('The feature nodes form a loop.');
}

/**
 * The source node's treatment of the raw table: identifier columns dropped (when asked), datetime and
 * boolean columns stored as text read as numbers (ms since epoch; 0/1), so feature nodes see numbers.
 */
function applySource(table: Table, kinds: Record<string, ColumnKind>, target: string, dropIdentifiers: boolean): { table: Table; dropped: string[]; numericViews: Record<string, ColumnKind> } {
  const dropped: string[] = [];
  const numericViews: Record<string, ColumnKind> = {};
  const columns: Column[] = [];
  for (const col of table.columns) {
    const kind = kinds[col.name]!;
    if (col.name !== target && dropIdentifiers && kind === 'identifier') {
      dropped.push(col.name);
      continue;
    }
    if (col.name !== target && col.storage === 'string' && (kind === 'datetime' || kind === 'boolean')) {
      numericViews[col.name] = kind;
      columns.push({ name: col.name, storage: 'numeric', values: columnAsNumbers(col, kind) });
      continue;
    }
    columns.push(col);
  }
  return { table: { columns, rowCount: table.rowCount, sourceLines: table.sourceLines }, dropped, numericViews };
}

/** The feature columns that reach the model must be numbers without gaps: says which are not, and why. */
function checkModelReady(table: Table, target: string, rows: Int32Array): string[] {
  const names: string[] = [];
  for (const col of table.columns) {
    if (col.name === target) continue;
    if (col.storage === 'string') {
      throw new ExperimentError(`Column "${col.name}" is still text when it reaches the model: add an encoding node (One-hot, Ordinal or Target encoding) or drop it.`);
    }
    let missing = 0;
    for (let i = 0; i < rows.length; i++) if (Number.isNaN(col.values[rows[i]!]!)) missing++;
    if (missing > 0) {
      throw new ExperimentError(`Column "${col.name}" still has ${missing} missing value(s) among the training rows when it reaches the model: add an Impute node before the Split.`);
    }
    names.push(col.name);
  }
  return names;
}

/**
 * Runs a v2 project on `table`. Throws ExperimentError with the graph's problems when it cannot run.
 */
export async function runGraphExperiment(
  table: Table,
  doc: ProjectDocumentV2,
  backend: string,
  cb: ExperimentCallbacks = {},
): Promise<{ result: ExperimentResult; artifacts: TrainedArtifacts }> {
  const problems = validateGraph(doc.graph, ALL_KINDS);
  if (problems.length > 0) {
    throw new ExperimentError(
      `The pipeline graph cannot run: ${problems
        .slice(0, 5)
        .map((p) => p.message)
        .join(' ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`,
    );
  }
  const source = doc.graph.nodes.find((n) => n.kind === SOURCE_KIND)!;
  const splitNode = doc.graph.nodes.find((n) => n.kind === SPLIT_KIND)!;
  const sourceParams = sourceParamsSchema.parse(source.params);
  const split = splitParamsSchema.parse(splitNode.params);
  const chain = featureChain(doc.graph);
  const layers = layerSubgraph(doc.graph, ALL_KINDS);
  const kinds = effectiveKinds(table, doc.dataset.columnKinds);

  const fitFeatures = (raw: Table, trainRows: Int32Array, targetValues: Float64Array, task: ExperimentResult['task']): FeatureFit => {
    const target = doc.target!;
    const src = applySource(raw, kinds, target, sourceParams.dropIdentifiers);
    let current = src.table;
    const steps: FittedFeatureGraph['steps'][number][] = [];
    for (const node of chain) {
      const def = FEATURE_NODES[node.kind] as FeatureNodeDef<unknown, unknown>;
      const params = def.params.parse(node.params);
      const state = def.fit(current, params, { trainRows, target, seed: doc.seed, targetValues, task });
      current = def.apply(current, params, state, { trainRows });
      steps.push({ nodeId: node.id, kind: node.kind, params, state });
    }
    const outputNames = checkModelReady(current, target, trainRows);
    const finalTable = current;
    const cols = outputNames.map((n) => finalTable.columns.find((c) => c.name === n)!) as Extract<Column, { storage: 'numeric' }>[];
    const fitted: FittedFeatureGraph = {
      version: 1,
      kind: 'graph',
      inputs: raw.columns.map((c) => c.name).filter((n) => n !== target && !src.dropped.includes(n)),
      source: { dropped: src.dropped, numericViews: src.numericViews },
      steps,
      outputNames,
    };
    return {
      fitted,
      outputNames,
      inputs: fitted.inputs,
      dropped: src.dropped.map((column) => ({ column, reason: 'identifier column (dropped by the Data source node)' })),
      matrix: (rows) => {
        const k = cols.length;
        const x = new Float32Array(rows.length * k);
        for (let j = 0; j < k; j++) {
          const v = cols[j]!.values;
          for (let i = 0; i < rows.length; i++) x[i * k + j] = v[rows[i]!]!;
        }
        return x;
      },
    };
  };

  return runPlan(
    table,
    {
      target: doc.target,
      task: doc.task,
      split,
      seed: doc.seed,
      training: doc.training,
      modelKind: doc.model.kind === 'graph' ? 'graph' : 'baseline',
      fitFeatures,
      network:
        doc.model.kind === 'graph'
          ? {
              // `spec` is unused when `build` is given; the default MLP only satisfies the type.
              spec: DEFAULT_MLP,
              build: (nFeatures, task, nClasses, seed, targetScale) =>
                buildLayerGraph(layers, [nFeatures], task, nClasses, seed, targetScale ? { targetScale } : {}).model,
            }
          : null,
    },
    backend,
    cb,
  );
}
