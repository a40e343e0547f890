/**
 * Runs a version-2 project: its pipeline graph compiled to the shared experiment (runPlan). The
 * feature nodes on the path source → … → split are fitted in order on the training rows and applied
 * to every row; the layer nodes from input to output become the network (buildLayerGraph).
 *
 * Nothing here picks a tfjs backend. A graph that cannot run is refused up front with the same
 * messages the editor shows (validateGraph + inferLayerShapes).
 */
import { columnAsNumbers, inferColumnKinds } from '../data/infer';
import { profileTable, type TableProfile } from '../data/profile';
import { cellText, columnByName, type Column, type ColumnKind, type Table } from '../data/table';
import { FEATURE_NODES } from '../features/nodes/registry';
import type { FeatureNodeDef } from '../features/nodes/types';
import { buildLayerGraph } from '../models/layers/buildLayerGraph';
import { LAYER_NODES } from '../models/layers/registry';
import { createKindLookup, PIPELINE_NODES, SOURCE_KIND, SPLIT_KIND, type KindLookup } from './graph/pipelineNodes';
import type { GraphNode, PipelineGraph } from './graph/schema';
import type { ProjectDocumentV2 } from './graph/projectV2';
import { layerSubgraph, validateGraph } from './graph/validate';
import { columnTimes, timeRowOrder, windowMatrix } from './windowMatrix';
import { splitParamsSchema, sourceParamsSchema } from './graph/pipelineNodes';
import {
  effectiveKinds,
  ExperimentError,
  planRows,
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

/** The Input node's time column read as times; throws when it is absent or holds no time at all. */
function inputTimes(table: Table, name: string): Float64Array {
  const col = columnByName(table, name);
  if (!col) throw new ExperimentError(`The Input node's time column "${name}" is not in the data.`);
  const times = columnTimes(col);
  if (times.every(Number.isNaN)) throw new ExperimentError(`The Input node's time column "${name}" holds no dates or numbers.`);
  return times;
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
  const inputNode = doc.graph.nodes.find((n) => n.kind === 'input');
  const { window, timeColumn } = inputNode
    ? (LAYER_NODES['input']!.params.parse(inputNode.params) as { window: number; timeColumn: string })
    : { window: 1, timeColumn: '' };
  // The time column orders the Input's window; without a window it means nothing.
  const windowTime = window > 1 ? timeColumn : '';
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
    const inputs = raw.columns.filter((c) => c.name !== target && !src.dropped.includes(c.name));
    const fitted: FittedFeatureGraph = {
      version: 1,
      kind: 'graph',
      inputs: inputs.map((c) => c.name),
      inputTypes: Object.fromEntries(inputs.map((c) => [c.name, c.storage === 'numeric' ? 'number' : 'string'])),
      source: { dropped: src.dropped, numericViews: src.numericViews },
      steps,
      outputNames,
      window,
      ...(windowTime !== '' ? { timeColumn: windowTime } : {}),
    };
    const history = windowTime !== '' ? timeRowOrder(inputTimes(raw, windowTime)) : null;
    return {
      fitted,
      outputNames,
      inputs: fitted.inputs,
      dropped: src.dropped.map((column) => ({ column, reason: 'identifier column (dropped by the Data source node)' })),
      // With a time window, row r is read with the window - 1 rows before it (windowMatrix.ts).
      matrix: (rows) => windowMatrix(cols.map((c) => c.values), rows, window, history),
      warnings:
        history && history.missing > 0
          ? [`${history.missing} row(s) have no time in "${windowTime}": the Input's time window reads them with no history (zeros), and they are no other row's history.`]
          : [],
      ...(window > 1 ? { rowShape: [window, cols.length] } : {}),
    };
  };

  // A reconstruct head makes the network an autoencoder scored for anomalies (pipeline/anomaly.ts).
  const outputNode = doc.graph.nodes.find((n) => n.kind === 'output');
  const head = outputNode ? (LAYER_NODES['output']!.params.parse(outputNode.params) as { head: string; threshold: number }) : null;
  const anomaly = doc.model.kind === 'graph' && head?.head === 'reconstruct' ? { quantile: head.threshold } : null;

  return runPlan(
    table,
    {
      ...(anomaly ? { anomaly } : {}),
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
              // The layer graph takes the feature count; the input node adds the time window itself.
              build: (nValues, task, nClasses, seed, targetScale) =>
                buildLayerGraph(layers, [nValues / window], task, nClasses, seed, targetScale ? { targetScale } : {}).model,
            }
          : null,
    },
    backend,
    cb,
  );
}

/** What a feature node outputs, for the editor's preview: the first rows and each column's profile. */
export interface NodePreview {
  readonly nodeId: string;
  readonly columns: readonly string[];
  /** The first rows as display text (never HTML). */
  readonly rows: readonly (readonly string[])[];
  readonly rowCount: number;
  /** How many rows the node was fitted on (the training rows, or all rows when no target is set yet). */
  readonly fittedOn: number;
  readonly profile: TableProfile;
  readonly notes: readonly string[];
}

const PREVIEW_ROWS = 20;

/**
 * Fits the feature nodes from the source up to `nodeId` (inclusive) on the training rows, as training
 * would, and previews that node's output table. The source and split nodes preview the source's table.
 * Throws ExperimentError when the node is not on the source → split path or a node fails.
 */
export function previewFeatureNode(table: Table, doc: ProjectDocumentV2, nodeId: string): NodePreview {
  const node = doc.graph.nodes.find((n) => n.id === nodeId);
  if (!node) throw new ExperimentError(`There is no node "${nodeId}".`);
  const chain = featureChain(doc.graph);
  const upto = node.kind === SOURCE_KIND || node.kind === SPLIT_KIND ? (node.kind === SOURCE_KIND ? 0 : chain.length) : chain.findIndex((n) => n.id === nodeId) + 1;
  if (upto === 0 && node.kind !== SOURCE_KIND) throw new ExperimentError(`"${node.label ?? node.kind}" is not on the path from the data source to the split.`);
  const notes: string[] = [];
  const kinds = effectiveKinds(table, doc.dataset.columnKinds);
  const target = doc.target && table.columns.some((c) => c.name === doc.target) ? doc.target : null;
  let trainRows: Int32Array;
  let targetValues: Float64Array | null = null;
  if (target && doc.task) {
    const splitNode = doc.graph.nodes.find((n) => n.kind === SPLIT_KIND)!;
    const plan = planRows(table, target, doc.task, splitParamsSchema.parse(splitNode.params), doc.seed, notes);
    trainRows = plan.split.train;
    targetValues = plan.targetValues;
  } else {
    trainRows = Int32Array.from({ length: table.rowCount }, (_, i) => i);
    notes.push('No target is set: the preview fits on all rows; training fits on the training rows only.');
  }
  const sourceParams = sourceParamsSchema.parse(doc.graph.nodes.find((n) => n.kind === SOURCE_KIND)!.params);
  let current = applySource(table, kinds, target ?? '', sourceParams.dropIdentifiers).table;
  for (const step of chain.slice(0, upto)) {
    const def = FEATURE_NODES[step.kind] as FeatureNodeDef<unknown, unknown>;
    const params = def.params.parse(step.params);
    const state = def.fit(current, params, { trainRows, target, seed: doc.seed, targetValues, ...(doc.task ? { task: doc.task } : {}) });
    current = def.apply(current, params, state, { trainRows });
  }
  const out = current;
  const rows: string[][] = [];
  for (let r = 0; r < Math.min(PREVIEW_ROWS, out.rowCount); r++) rows.push(out.columns.map((c) => cellText(c, r)));
  const outKinds: Record<string, ColumnKind> = {};
  const inferred = inferColumnKinds(out);
  for (const c of out.columns) outKinds[c.name] = inferred[c.name]!.kind;
  return {
    nodeId,
    columns: out.columns.map((c) => c.name),
    rows,
    rowCount: out.rowCount,
    fittedOn: trainRows.length,
    profile: profileTable(out, outKinds, target),
    notes,
  };
}
