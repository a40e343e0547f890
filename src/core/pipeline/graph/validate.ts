/**
 * Why a graph cannot run, as issues attached to the node at fault (or to none, for something
 * missing), in plain words for the canvas and the disabled Train button. An empty list means the graph
 * is structurally runnable; whether the data fits it (columns, shapes) is decided later.
 */
import type { NodeKindDef } from '../nodeKind';
import { nodeName } from './commands';
import {
  EVALUATE_KIND,
  INPUT_KIND,
  OUTPUT_KIND,
  SINGLETON_KINDS,
  SOURCE_KIND,
  SPLIT_KIND,
  type KindLookup,
} from './pipelineNodes';
import type { ProjectDocumentV2 } from './projectV2';
import type { GraphNode, NodeId, PipelineGraph } from './schema';
import { hasPath, nodesOnCycles } from './topology';

export interface GraphIssue {
  /** The node to mark; null when the problem is a node that is missing. */
  readonly nodeId: NodeId | null;
  readonly message: string;
}

/**
 * An extra check, run after the structural ones when the graph is acyclic, every kind is known and
 * every node's params pass its kind's schema (what shape inference needs). The hook for the layer
 * shapes: wrap models/layers' `inferLayerShapes(graph, inputShape)` and turn its per-node errors into
 * issues (the input shape comes from the features, so the caller closes over it).
 */
export type GraphCheck = (graph: PipelineGraph, kinds: KindLookup) => readonly GraphIssue[];

/**
 * The layer nodes and the edges among them, in graph order: the shape of models/layers'
 * `LayerGraph`, so the shape hook is `inferLayerShapes(layerSubgraph(graph, kinds), inputShape, ctx)`.
 * The edge from the split into `input` is left out (the input node is given the feature shape), and so
 * is the edge from `output` to evaluate.
 */
export function layerSubgraph(
  graph: PipelineGraph,
  kinds: KindLookup,
): {
  nodes: { id: NodeId; kind: string; params: GraphNode['params'] }[];
  edges: { source: NodeId; target: NodeId; targetPort: string }[];
} {
  const layers = new Set(graph.nodes.filter((n) => kinds(n.kind)?.category === 'layer').map((n) => n.id));
  return {
    nodes: graph.nodes.filter((n) => layers.has(n.id)).map(({ id, kind, params }) => ({ id, kind, params })),
    edges: graph.edges
      .filter((e) => layers.has(e.source) && layers.has(e.target))
      .map(({ source, target, targetPort }) => ({ source, target, targetPort })),
  };
}

export interface ValidateOptions {
  readonly checks?: readonly GraphCheck[];
}

/**
 * Every structural problem: unknown kinds; params failing their kind's schema (the message names the
 * field); edges to unknown ports, between table and tensor ports, twice between the same ports, or
 * several into an input that takes one; input ports left unconnected (every input port is required);
 * nodes on a cycle; a missing or repeated source, split, input, output or evaluate node; an Input not
 * after the Split, an Evaluate not after the Output. Then `options.checks` (see GraphCheck).
 * Issues come grouped by check, nodes in graph order. O(nodes + edges) per check.
 */
export function validateGraph(graph: PipelineGraph, kinds: KindLookup, options: ValidateOptions = {}): GraphIssue[] {
  const issues: GraphIssue[] = [];
  const defs = new Map<NodeId, NodeKindDef>();
  const byId = new Map<NodeId, GraphNode>(graph.nodes.map((n) => [n.id, n]));
  let blocking = false;

  for (const node of graph.nodes) {
    const def = kinds(node.kind);
    if (!def) {
      issues.push({ nodeId: node.id, message: `Unknown node kind "${node.kind}": this Orrery cannot run it. Delete it or update Orrery.` });
      blocking = true;
      continue;
    }
    defs.set(node.id, def);
    const parsed = def.params.safeParse(node.params);
    if (!parsed.success) {
      blocking = true;
      for (const issue of parsed.error.issues) {
        const field = issue.path.map(String).join('.');
        const doc = def.paramDocs[String(issue.path[0] ?? '')];
        const named = field ? `"${doc?.label ?? field}"${doc && doc.label !== field ? ` (${field})` : ''}` : 'The parameters';
        issues.push({ nodeId: node.id, message: `${named}: ${issue.message}.` });
      }
    }
  }

  const connected = new Map<string, number>();
  const seenConnections = new Set<string>();
  for (const edge of graph.edges) {
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (!source || !target) {
      issues.push({ nodeId: (source ?? target)?.id ?? null, message: `The connection "${edge.id}" points at a node that does not exist.` });
      blocking = true;
      continue;
    }
    const sourceDef = defs.get(source.id);
    const targetDef = defs.get(target.id);
    if (!sourceDef || !targetDef) continue;
    const out = sourceDef.outputs.find((p) => p.id === edge.sourcePort);
    const inp = targetDef.inputs.find((p) => p.id === edge.targetPort);
    if (!out) {
      issues.push({ nodeId: source.id, message: `${nodeName(source, kinds)} has no output port "${edge.sourcePort}"; remove that connection.` });
      blocking = true;
    }
    if (!inp) {
      issues.push({ nodeId: target.id, message: `${nodeName(target, kinds)} has no input port "${edge.targetPort}"; remove that connection.` });
      blocking = true;
    }
    if (!out || !inp) continue;
    if (out.type !== inp.type) {
      issues.push({
        nodeId: target.id,
        message: `A ${out.type} arrives at "${inp.id}", which takes a ${inp.type} (from ${nodeName(source, kinds)}).`,
      });
      blocking = true;
    }
    const connection = `${edge.source}\u0000${edge.sourcePort}\u0000${edge.target}\u0000${edge.targetPort}`;
    if (seenConnections.has(connection)) {
      issues.push({ nodeId: target.id, message: `${nodeName(source, kinds)} is connected to "${inp.id}" twice.` });
      blocking = true;
    }
    seenConnections.add(connection);
    const port = `${edge.target}\u0000${edge.targetPort}`;
    const count = (connected.get(port) ?? 0) + 1;
    connected.set(port, count);
    if (count === 2 && !inp.many) {
      issues.push({ nodeId: target.id, message: `The input "${inp.id}" takes one connection but has several.` });
      blocking = true;
    }
  }

  const dangling = new Set<NodeId>();
  for (const node of graph.nodes) {
    for (const port of defs.get(node.id)?.inputs ?? []) {
      if (!connected.has(`${node.id}\u0000${port.id}`)) {
        dangling.add(node.id);
        issues.push({ nodeId: node.id, message: `Nothing is connected to the input "${port.id}" of ${nodeName(node, kinds)}.` });
      }
    }
  }

  const cyclic = nodesOnCycles(graph);
  for (const id of cyclic) {
    issues.push({ nodeId: id, message: 'This node is on a loop: data must flow one way, from the source to Evaluate.' });
  }
  if (cyclic.length > 0) blocking = true;

  const single = new Map<string, GraphNode>();
  for (const kind of SINGLETON_KINDS) {
    const found = graph.nodes.filter((n) => n.kind === kind);
    const label = kinds(kind)?.label ?? kind;
    if (found.length === 0) issues.push({ nodeId: null, message: `The pipeline needs ${/^[AEIOU]/i.test(label) ? 'an' : 'a'} ${label} node.` });
    if (found.length > 1) {
      for (const n of found) issues.push({ nodeId: n.id, message: `There are ${found.length} ${label} nodes; the pipeline takes one.` });
    }
    if (found.length === 1) single.set(kind, found[0]!);
  }
  const order: [string, string, string][] = [
    [SOURCE_KIND, SPLIT_KIND, 'The Split must come after the data source.'],
    [SPLIT_KIND, INPUT_KIND, "The model's Input must come after the Split."],
    [OUTPUT_KIND, EVALUATE_KIND, 'Evaluate must be fed by the Output head.'],
  ];
  for (const [before, after, message] of order) {
    const from = single.get(before);
    const to = single.get(after);
    if (from && to && !dangling.has(to.id) && !hasPath(graph, from.id, to.id)) issues.push({ nodeId: to.id, message });
  }

  if (!blocking) for (const check of options.checks ?? []) issues.push(...check(graph, kinds));
  return issues;
}

/** validateGraph plus what the rest of the document must give the graph: a target column. */
export function validateProjectV2(doc: ProjectDocumentV2, kinds: KindLookup, options: ValidateOptions = {}): GraphIssue[] {
  const issues = validateGraph(doc.graph, kinds, options);
  if (doc.target === null) {
    const evaluate = doc.graph.nodes.find((n) => n.kind === EVALUATE_KIND);
    issues.push({ nodeId: evaluate?.id ?? null, message: 'Choose the target: the column the model learns to predict.' });
  }
  return issues;
}
