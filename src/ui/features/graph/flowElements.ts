/**
 * The pipeline graph as @xyflow/react nodes and edges: what the canvas draws. Pure functions of the
 * graph, the selection, the analysis and the canvas's transient state (positions while dragging,
 * measured sizes), so the canvas component stays a thin binding. Unchanged nodes keep their object
 * identity between calls (xyflow then skips them).
 */
import type { Edge, Node, XYPosition } from '@xyflow/react';
import type { KindLookup } from '../../../core/pipeline/graph/pipelineNodes';
import type { GraphNode, PipelineGraph } from '../../../core/pipeline/graph/schema';
import type { NodeCategory, PortSpec } from '../../../core/pipeline/nodeKind';
import { shapeLabel, type GraphAnalysis } from './analysis';

export interface PipelineNodeData extends Record<string, unknown> {
  readonly nodeId: string;
  /** The user's label, else the kind's palette label. */
  readonly title: string;
  /** The kind's palette label ("Dense"), or the raw kind when unknown. */
  readonly kindLabel: string;
  readonly known: boolean;
  readonly category: NodeCategory | null;
  readonly inputs: readonly PortSpec[];
  readonly outputs: readonly PortSpec[];
  /** Layers: the output shape as "[batch, 64]", null when unknown or not a layer. */
  readonly shape: string | null;
  /** Layers: weights, null when unknown or not a layer. */
  readonly paramCount: number | null;
  readonly problems: readonly string[];
  readonly warnings: readonly string[];
}

export type PipelineFlowNode = Node<PipelineNodeData, 'pipeline'>;

export interface FlowState {
  /** Positions of nodes being dragged, until the drag ends and moveNodes lands in the graph. */
  readonly dragging: Readonly<Record<string, XYPosition>>;
  /** Sizes xyflow measured, kept so rebuilt nodes are not measured again. */
  readonly measured: Readonly<Record<string, { width: number; height: number }>>;
}

const NO_STRINGS: readonly string[] = [];

function nodeData(node: GraphNode, kinds: KindLookup, analysis: GraphAnalysis): PipelineNodeData {
  const def = kinds(node.kind);
  const shape = analysis.shapes[node.id];
  const count = analysis.params[node.id];
  return {
    nodeId: node.id,
    title: node.label ?? def?.label ?? node.kind,
    kindLabel: def?.label ?? node.kind,
    known: def !== undefined,
    category: def?.category ?? null,
    inputs: def?.inputs ?? [],
    outputs: def?.outputs ?? [],
    shape: shape?.ok ? shapeLabel(shape.shape) : null,
    paramCount: def?.category === 'layer' && count !== undefined ? count : null,
    problems: analysis.nodeProblems.get(node.id) ?? NO_STRINGS,
    warnings: analysis.nodeWarnings.get(node.id) ?? NO_STRINGS,
  };
}

function sameData(a: PipelineNodeData, b: PipelineNodeData): boolean {
  return (
    a.title === b.title &&
    a.kindLabel === b.kindLabel &&
    a.known === b.known &&
    a.category === b.category &&
    a.inputs === b.inputs &&
    a.outputs === b.outputs &&
    a.shape === b.shape &&
    a.paramCount === b.paramCount &&
    a.problems.join('\n') === b.problems.join('\n') &&
    a.warnings.join('\n') === b.warnings.join('\n')
  );
}

/** How screen readers and tests name a node: "Dense node dense_1". */
export const nodeAriaLabel = (data: PipelineNodeData): string =>
  `${data.title} node ${data.nodeId}${data.problems.length > 0 ? `, ${data.problems.length} problem${data.problems.length > 1 ? 's' : ''}` : ''}`;

/**
 * The canvas nodes. `previous` (by id) is reused when nothing it shows changed, so a drag re-renders
 * only the dragged nodes.
 */
export function toFlowNodes(
  graph: PipelineGraph,
  selected: ReadonlySet<string>,
  kinds: KindLookup,
  analysis: GraphAnalysis,
  state: FlowState,
  previous: ReadonlyMap<string, PipelineFlowNode>,
): PipelineFlowNode[] {
  return graph.nodes.map((node) => {
    const data = nodeData(node, kinds, analysis);
    const position = state.dragging[node.id] ?? node.position;
    const measured = state.measured[node.id];
    const isSelected = selected.has(node.id);
    const prev = previous.get(node.id);
    if (
      prev &&
      prev.position.x === position.x &&
      prev.position.y === position.y &&
      prev.selected === isSelected &&
      prev.measured?.width === measured?.width &&
      prev.measured?.height === measured?.height &&
      sameData(prev.data, data)
    ) {
      return prev;
    }
    return {
      id: node.id,
      type: 'pipeline',
      position,
      data: prev && sameData(prev.data, data) ? prev.data : data,
      selected: isSelected,
      ariaLabel: nodeAriaLabel(data),
      ...(measured ? { measured } : {}),
    };
  });
}

/** The canvas edges: tensor edges labelled with the shape their source emits. */
export function toFlowEdges(graph: PipelineGraph, selected: ReadonlySet<string>, kinds: KindLookup, analysis: GraphAnalysis): Edge[] {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  return graph.edges.map((edge) => {
    const source = byId.get(edge.source);
    const port = source ? kinds(source.kind)?.outputs.find((p) => p.id === edge.sourcePort) : undefined;
    const shape = port?.type === 'tensor' ? analysis.shapes[edge.source] : undefined;
    const label = shape?.ok ? shapeLabel(shape.shape) : undefined;
    return {
      id: edge.id,
      source: edge.source,
      target: edge.target,
      sourceHandle: edge.sourcePort,
      targetHandle: edge.targetPort,
      selected: selected.has(edge.id),
      className: port ? `edge-${port.type}` : 'edge-unknown',
      ariaLabel: `Connection from ${edge.source} to ${edge.target}${label ? `, ${label}` : ''}`,
      ...(label ? { label } : {}),
    };
  });
}
