/**
 * Whether the editor may add one edge to a layer graph, and if not, why, in plain words. Pure (no
 * tfjs) and cheap: one analysis of the current graph plus a walk for cycles.
 */
import { inferLayerShapes, type LayerGraph, type LayerGraphEdge } from './inferLayerShapes';
import { isLayerKind, LAYER_SPECS } from './specs';
import type { LayerContext, LayerSpec, Shape } from './types';

/**
 * Null when `edge` may be added to `graph`, else the reason it is refused: a missing node, a
 * connection into the input or out of the output, a port the target lacks, a single-input layer that
 * already has its input, a cycle, or a shape the target cannot take (checked against the shapes the
 * graph has now; a Concatenate or Add with one input is only checked once a second one arrives).
 */
export function checkConnection(graph: LayerGraph, edge: LayerGraphEdge, inputShape: Shape, target?: LayerContext): string | null {
  const from = graph.nodes.find((n) => n.id === edge.source);
  const to = graph.nodes.find((n) => n.id === edge.target);
  if (!from || !to) return 'Both ends of a connection must be existing layers.';
  if (from.id === to.id) return 'A layer cannot feed itself.';
  if (!isLayerKind(from.kind) || !isLayerKind(to.kind)) return 'Only layers can be connected in the model graph.';
  const fromSpec = LAYER_SPECS[from.kind] as LayerSpec<unknown>;
  const toSpec = LAYER_SPECS[to.kind] as LayerSpec<unknown>;
  if (fromSpec.kind === 'output') return `${fromSpec.label} is the end of the model: nothing can follow it.`;
  if (toSpec.kind === 'input') return `${toSpec.label} takes no connections: its shape comes from the features.`;
  const port = toSpec.inputs.find((p) => edge.targetPort === undefined || p.id === edge.targetPort);
  if (!port) return `${toSpec.label} has no input port "${edge.targetPort}".`;
  const existing = graph.edges.filter((e) => e.target === to.id).map((e) => e.source);
  if (!port.many && existing.length > 0) {
    return `${toSpec.label} already has an input: remove it first, or join branches with Concatenate or Add.`;
  }
  if (reaches(graph, to.id, from.id)) return 'This connection would make a cycle: data must flow one way, from the input to the output.';

  const analysis = inferLayerShapes(graph, inputShape, target);
  const params = analysis.parsedParams[to.id];
  const shapes = [...existing, from.id].map((id) => analysis.shapes[id]);
  if (params === undefined || !shapes.every((s) => s?.ok) || (port.many && shapes.length < 2)) return null;
  const result = toSpec.inferShape(shapes.map((s) => (s as { shape: Shape }).shape), params, target);
  return result.ok ? null : result.error;
}

/** Whether `to` can be reached from `from` along edges (so an edge to → from… closes a cycle). */
function reaches(graph: LayerGraph, from: string, to: string): boolean {
  const seen = new Set([from]);
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === to) return true;
    for (const e of graph.edges) {
      if (e.source === id && !seen.has(e.target)) {
        seen.add(e.target);
        stack.push(e.target);
      }
    }
  }
  return false;
}
