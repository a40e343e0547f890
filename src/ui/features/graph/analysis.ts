/**
 * What the canvas shows about a graph besides its drawing: the problems per node (core's
 * validateGraph, then the layer shapes from inferLayerShapes), each layer's output shape and parameter
 * count, and the model's total. Pure and linear in nodes + edges, so it runs on every edit.
 */
import type { Task } from '../../../core/pipeline/document';
import { inferLayerShapes } from '../../../core/models/layers/inferLayerShapes';
import { formatShape } from '../../../core/models/layers/shapes';
import type { LayerContext, Shape, ShapeResult } from '../../../core/models/layers/types';
import type { KindLookup } from '../../../core/pipeline/graph/pipelineNodes';
import type { NodeId, PipelineGraph } from '../../../core/pipeline/graph/schema';
import { layerSubgraph, validateGraph } from '../../../core/pipeline/graph/validate';

/** What the data tells the model: the feature shape and the task, with whether they are only estimates. */
export interface ModelContext {
  /** Shape of one row of features without the batch dimension, e.g. [12]. */
  readonly inputShape: Shape;
  /** True when the width was guessed from the columns rather than counted by a run (one-hot widens it). */
  readonly inputEstimated: boolean;
  /** Null before a target is chosen: the output head cannot be sized then. */
  readonly target: LayerContext | null;
}

export interface GraphAnalysis {
  /** Problems of the graph as a whole (something missing), in plain words. */
  readonly graphProblems: readonly string[];
  /** Problems per node id: validateGraph's first, then the node's shape problems when it has no others. */
  readonly nodeProblems: ReadonlyMap<string, readonly string[]>;
  /** Things that run but are probably wrong (an output head that does not fit the task), per node. */
  readonly nodeWarnings: ReadonlyMap<string, readonly string[]>;
  /** Every problem, graph-level first then in node order: what "Graph cannot run" lists. Empty = runnable. */
  readonly problems: readonly { readonly nodeId: NodeId | null; readonly message: string }[];
  /** Output shape per layer node id. */
  readonly shapes: Readonly<Record<string, ShapeResult>>;
  /** Weights per layer node id whose shape is known. */
  readonly params: Readonly<Record<string, number>>;
  /** Sum of `params`: the model's weights, or those counted so far when `paramsComplete` is false. */
  readonly totalParams: number;
  /** False while some layer has no shape (its weights are not counted), or there is no layer. */
  readonly paramsComplete: boolean;
}

/**
 * Merges the two analyses so a node is not told the same thing twice: graph-level problems come from
 * validateGraph only (inferLayerShapes repeats "no input"/"no output" in its own words), and a node's
 * shape problems are shown only when validateGraph found nothing wrong with that node.
 */
export function analyzeGraph(graph: PipelineGraph, kinds: KindLookup, model: ModelContext): GraphAnalysis {
  const issues = validateGraph(graph, kinds);
  const layers = inferLayerShapes(layerSubgraph(graph, kinds), model.inputShape, model.target ?? undefined);

  const graphProblems: string[] = [];
  const nodeProblems = new Map<string, string[]>();
  const push = (map: Map<string, string[]>, id: string, message: string) => {
    const list = map.get(id);
    if (!list) map.set(id, [message]);
    else if (!list.includes(message)) list.push(message);
  };
  for (const issue of issues) {
    if (issue.nodeId === null) graphProblems.push(issue.message);
    else push(nodeProblems, issue.nodeId, issue.message);
  }
  const structural = new Set(nodeProblems.keys());
  for (const p of layers.problems) {
    if (p.nodeId !== null && !structural.has(p.nodeId)) push(nodeProblems, p.nodeId, p.message);
  }
  const nodeWarnings = new Map<string, string[]>();
  for (const w of layers.warnings) if (w.nodeId !== null) push(nodeWarnings, w.nodeId, w.message);

  const problems: { nodeId: NodeId | null; message: string }[] = graphProblems.map((message) => ({ nodeId: null, message }));
  for (const node of graph.nodes) {
    for (const message of nodeProblems.get(node.id) ?? []) problems.push({ nodeId: node.id, message });
  }
  const complete = Object.values(layers.shapes).every((s) => s.ok);
  return {
    graphProblems,
    nodeProblems,
    nodeWarnings,
    problems,
    shapes: layers.shapes,
    params: layers.params,
    totalParams: layers.totalParams,
    paramsComplete: complete && Object.keys(layers.shapes).length > 0,
  };
}

/** "[batch, 64]": how an edge carrying a tensor of `shape` is labelled. */
export const shapeLabel = (shape: Shape): string => formatShape(shape, { batch: true });

/** "4,545": parameter counts as the page shows them (grouped, locale-independent). */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export interface DataFacts {
  readonly columns: readonly { readonly name: string; readonly kind: string }[];
  readonly target: string | null;
  readonly task: Task | null;
  /** Distinct values of the target column, when profiled. */
  readonly targetLevels: number | null;
  /** From the last run on this target: the encoded feature count and the classes. */
  readonly run: { readonly encodedFeatures: number; readonly classes: number | null } | null;
}

/** Feature width used before any data is loaded, so shapes and counts still read sensibly. */
export const NOMINAL_WIDTH = 8;

/**
 * The model's context from what the page knows. The feature width is exact once a run has encoded the
 * features; before that it is estimated as one column per usable feature column (one-hot encoding
 * makes the real width larger). The class count comes from the run, else the target's distinct values.
 */
export function modelContextOf(facts: DataFacts): ModelContext {
  let width: number;
  let estimated = true;
  if (facts.run) {
    width = facts.run.encodedFeatures;
    estimated = false;
  } else if (facts.columns.length > 0) {
    width = facts.columns.filter((c) => c.name !== facts.target && c.kind !== 'identifier' && c.kind !== 'text').length;
  } else {
    width = NOMINAL_WIDTH;
  }
  const task = facts.task;
  const nClasses = task === 'multiclass' ? (facts.run?.classes ?? facts.targetLevels ?? 3) : 2;
  return {
    inputShape: [Math.max(0, width)],
    inputEstimated: estimated,
    target: task === null ? null : { task, nClasses },
  };
}
