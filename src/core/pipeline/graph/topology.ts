/**
 * Reachability, cycles and layering over a PipelineGraph, ignoring ports. Every function is
 * O(nodes + edges) and tolerates edges whose ends are missing (they are skipped).
 */
import type { GraphEdge, NodeId, PipelineGraph } from './schema';

/** Outgoing neighbour ids per node id, in edge order (nodes without edges map to []). */
export function successors(graph: PipelineGraph): Map<NodeId, NodeId[]> {
  const out = new Map<NodeId, NodeId[]>();
  for (const node of graph.nodes) out.set(node.id, []);
  for (const edge of graph.edges) {
    if (out.has(edge.target)) out.get(edge.source)?.push(edge.target);
  }
  return out;
}

/** Incoming edges per node id, in edge order. */
export function incomingEdges(graph: PipelineGraph): Map<NodeId, GraphEdge[]> {
  const inc = new Map<NodeId, GraphEdge[]>();
  for (const node of graph.nodes) inc.set(node.id, []);
  for (const edge of graph.edges) {
    if (inc.has(edge.source)) inc.get(edge.target)?.push(edge);
  }
  return inc;
}

/** True when a directed path leads from `from` to `to` (a node reaches itself by the empty path). */
export function hasPath(graph: PipelineGraph, from: NodeId, to: NodeId): boolean {
  return reachableFrom(graph, [from]).has(to);
}

/** Every node reachable from `starts` along edges, the starts included. */
export function reachableFrom(graph: PipelineGraph, starts: readonly NodeId[]): Set<NodeId> {
  const succ = successors(graph);
  const seen = new Set<NodeId>(starts);
  const stack = [...starts];
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    for (const next of succ.get(id) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return seen;
}

/** Every node from which one of `ends` is reachable, the ends included. */
export function ancestorsOf(graph: PipelineGraph, ends: readonly NodeId[]): Set<NodeId> {
  const reversed: PipelineGraph = {
    nodes: graph.nodes,
    edges: graph.edges.map((e) => ({ ...e, source: e.target, target: e.source })),
  };
  return reachableFrom(reversed, ends);
}

/**
 * The nodes that lie on a directed cycle (strongly connected components with more than one node, or a
 * node with an edge to itself), in graph order. Tarjan's algorithm, iterative so depth is no concern.
 */
export function nodesOnCycles(graph: PipelineGraph): NodeId[] {
  const succ = successors(graph);
  const index = new Map<NodeId, number>();
  const low = new Map<NodeId, number>();
  const onStack = new Set<NodeId>();
  const stack: NodeId[] = [];
  const cyclic = new Set<NodeId>();
  let counter = 0;

  for (const root of graph.nodes) {
    if (index.has(root.id)) continue;
    // Each frame: a node and the position of the next successor to visit.
    const frames: { id: NodeId; next: number }[] = [{ id: root.id, next: 0 }];
    index.set(root.id, counter);
    low.set(root.id, counter++);
    stack.push(root.id);
    onStack.add(root.id);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const next = succ.get(frame.id)?.[frame.next];
      if (next !== undefined) {
        frame.next++;
        if (!index.has(next)) {
          index.set(next, counter);
          low.set(next, counter++);
          stack.push(next);
          onStack.add(next);
          frames.push({ id: next, next: 0 });
        } else if (onStack.has(next)) {
          low.set(frame.id, Math.min(low.get(frame.id)!, index.get(next)!));
        }
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: NodeId[] = [];
        let member: NodeId | undefined;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.id);
        const selfLoop = succ.get(frame.id)?.includes(frame.id) ?? false;
        if (component.length > 1 || selfLoop) for (const m of component) cyclic.add(m);
      }
    }
  }
  return graph.nodes.map((n) => n.id).filter((id) => cyclic.has(id));
}

/**
 * Longest-path layering: a node's layer is 0 when nothing feeds it, else one more than the deepest of
 * its predecessors. Nodes on or after a cycle cannot be layered that way; they get layers after all
 * the others, in graph order, so a broken file still lays out.
 */
export function longestPathLayers(graph: PipelineGraph): Map<NodeId, number> {
  const succ = successors(graph);
  const indegree = new Map<NodeId, number>();
  for (const node of graph.nodes) indegree.set(node.id, 0);
  for (const targets of succ.values()) for (const t of targets) indegree.set(t, (indegree.get(t) ?? 0) + 1);
  const layer = new Map<NodeId, number>();
  const queue = graph.nodes.map((n) => n.id).filter((id) => indegree.get(id) === 0);
  for (const id of queue) layer.set(id, 0);
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head]!;
    for (const next of succ.get(id) ?? []) {
      layer.set(next, Math.max(layer.get(next) ?? 0, layer.get(id)! + 1));
      const remaining = indegree.get(next)! - 1;
      indegree.set(next, remaining);
      if (remaining === 0) queue.push(next);
    }
  }
  const layered = new Set(queue);
  let deepest = -1;
  for (const id of queue) deepest = Math.max(deepest, layer.get(id)!);
  for (const node of graph.nodes) {
    if (!layered.has(node.id)) layer.set(node.id, ++deepest);
  }
  return layer;
}
