/**
 * Every edit of the graph as a typed command applied by one pure function (the xyflow
 * `applyNodeChanges` habit). `applyCommand` either refuses with a plain reason, leaving nothing
 * changed, or returns the new graph and the commands that undo it exactly (deep equal, array order
 * included). Commands keep the graph schema-valid (graphSchema) and acyclic, and keep edges to ports
 * that exist with matching types. Params are not checked against their kind here (the inspector and
 * validateGraph show those errors), so a half-edited or old file's params never block an edit or undo.
 */
import { jsonEqual, normalizeJson } from './json';
import { DEFAULT_SPACING, layoutPositions, type LayoutSpacing } from './layout';
import type { KindLookup } from './pipelineNodes';
import {
  graphSchema,
  isValidId,
  MAX_EDGES,
  MAX_LABEL_LENGTH,
  MAX_NODES,
  paramsSchema,
  type EdgeId,
  type GraphEdge,
  type GraphNode,
  type NodeId,
  type NodeParams,
  type PipelineGraph,
  type Position,
} from './schema';
import { hasPath } from './topology';

export interface NodeMove {
  readonly id: NodeId;
  readonly position: Position;
}

/** What a user can do to the graph (the UI's edits, the templates, tests). */
export type GraphCommand =
  /** A node of a registered kind, with the kind's defaults unless `params` is given; `id` fresh unless given. */
  | {
      readonly type: 'addNode';
      readonly kind: string;
      readonly position: Position;
      readonly id?: NodeId;
      readonly params?: NodeParams;
      readonly label?: string;
    }
  /** The nodes and every edge touching them. */
  | { readonly type: 'removeNodes'; readonly nodeIds: readonly NodeId[] }
  /** Absolute positions (send once on drag stop, not per pointer move). */
  | { readonly type: 'moveNodes'; readonly moves: readonly NodeMove[] }
  | {
      readonly type: 'connect';
      readonly source: NodeId;
      readonly sourcePort: string;
      readonly target: NodeId;
      readonly targetPort: string;
      readonly id?: EdgeId;
    }
  | { readonly type: 'disconnect'; readonly edgeIds: readonly EdgeId[] }
  /** Replaces the node's params (the inspector sends `{ ...node.params, field: value }`). JSON values only. */
  | { readonly type: 'setParams'; readonly nodeId: NodeId; readonly params: NodeParams }
  /** null or "" removes the label (the palette label shows again). */
  | { readonly type: 'setLabel'; readonly nodeId: NodeId; readonly label: string | null }
  /** Copies of the nodes and the edges among them, with fresh ids, moved by `offset` (default 40, 40). */
  | { readonly type: 'duplicateNodes'; readonly nodeIds: readonly NodeId[]; readonly offset?: Position }
  /**
   * Clipboard contents (untrusted: checked with graphSchema; see `clipboardOf`) added with fresh ids,
   * moved by `offset`. Every pasted edge must pass the connection rules, or nothing is pasted.
   */
  | { readonly type: 'paste'; readonly clipboard: unknown; readonly offset: Position }
  /** New positions for every node (layout.ts). */
  | { readonly type: 'autoLayout'; readonly spacing?: LayoutSpacing };

/**
 * Puts nodes and edges back at their array positions (the undo of a removal). Only produced as an
 * inverse: it is not a user command, because it restores edges without the connection rules.
 */
export interface RestoreCommand {
  readonly type: 'restore';
  /** Ascending by index: the index each node had. */
  readonly nodes: readonly { readonly index: number; readonly node: GraphNode }[];
  /** Ascending by index: the index each edge had. */
  readonly edges: readonly { readonly index: number; readonly edge: GraphEdge }[];
}

/** What undo and redo apply: the inverse of a command is a list of these, applied in order. */
export type InverseCommand =
  | Extract<GraphCommand, { type: 'removeNodes' | 'moveNodes' | 'disconnect' | 'setParams' | 'setLabel' }>
  | RestoreCommand;

export interface CommandContext {
  readonly kinds: KindLookup;
  /**
   * A fresh id candidate; `hint` is the node's kind, or "e" for an edge (createIdGenerator makes
   * `dense_3`). Candidates that are invalid or taken are skipped, at most 100 in a row.
   */
  readonly newId: (hint: string) => string;
}

/** A refused command changes nothing. An empty `inverse` means nothing changed (history skips it). */
export type CommandResult = { readonly graph: PipelineGraph; readonly inverse: InverseCommand[] } | { readonly error: string };

export const DUPLICATE_OFFSET: Position = { x: 40, y: 40 };
/** The `newId` hint for edges. */
export const EDGE_HINT = 'e';

/** Applies a user command. Pure: `graph` is not modified; unchanged nodes and edges are shared. */
export function applyCommand(graph: PipelineGraph, cmd: GraphCommand, ctx: CommandContext): CommandResult {
  switch (cmd.type) {
    case 'addNode':
      return addNode(graph, cmd, ctx);
    case 'connect':
      return connect(graph, cmd, ctx);
    case 'duplicateNodes': {
      const missing = cmd.nodeIds.find((id) => !graph.nodes.some((n) => n.id === id));
      if (missing !== undefined) return { error: `There is no node "${missing}".` };
      if (cmd.nodeIds.length === 0) return { error: 'Select the nodes to duplicate.' };
      return paste(graph, clipboardOf(graph, cmd.nodeIds), cmd.offset ?? DUPLICATE_OFFSET, ctx);
    }
    case 'paste':
      return paste(graph, cmd.clipboard, cmd.offset, ctx);
    case 'autoLayout': {
      const spacing = cmd.spacing ?? DEFAULT_SPACING;
      if (![spacing.x, spacing.y].every((v) => Number.isFinite(v) && v > 0)) {
        return { error: 'Layout spacing must be positive numbers.' };
      }
      const positions = layoutPositions(graph, spacing);
      return moveNodes(graph, graph.nodes.map((n) => ({ id: n.id, position: positions.get(n.id)! })));
    }
    default:
      return applyInverseCommand(graph, cmd);
  }
}

/**
 * Applies inverse commands in order (what undo and redo do); the result's `inverse` undoes the whole
 * list. Needs no registry: inverses never add edges through the connection rules.
 */
export function applyInverse(graph: PipelineGraph, cmds: readonly InverseCommand[]): CommandResult {
  let current = graph;
  const inverse: InverseCommand[] = [];
  for (const cmd of cmds) {
    const result = applyInverseCommand(current, cmd);
    if ('error' in result) return result;
    current = result.graph;
    inverse.unshift(...result.inverse);
  }
  return { graph: current, inverse };
}

function applyInverseCommand(graph: PipelineGraph, cmd: InverseCommand): CommandResult {
  switch (cmd.type) {
    case 'removeNodes':
      return removeNodes(graph, cmd.nodeIds);
    case 'moveNodes':
      return moveNodes(graph, cmd.moves);
    case 'disconnect':
      return disconnect(graph, cmd.edgeIds);
    case 'setParams':
      return setParams(graph, cmd.nodeId, cmd.params);
    case 'setLabel':
      return setLabel(graph, cmd.nodeId, cmd.label);
    case 'restore':
      return restore(graph, cmd);
  }
}

/**
 * The selected nodes and the edges among them, as a clipboard for `paste` (edges to unselected
 * nodes are left out: pasting them would connect the copy to the original's neighbours).
 */
export function clipboardOf(graph: PipelineGraph, nodeIds: readonly NodeId[]): PipelineGraph {
  const selected = new Set(nodeIds);
  return {
    nodes: graph.nodes.filter((n) => selected.has(n.id)),
    edges: graph.edges.filter((e) => selected.has(e.source) && selected.has(e.target)),
  };
}

export interface ConnectionRequest {
  readonly source: NodeId;
  readonly sourcePort: string;
  readonly target: NodeId;
  readonly targetPort: string;
}

/**
 * Why this edge may not be added, in plain words, or null when it may: missing node, unknown kind or
 * port, self-loop, table/tensor mismatch, an input port that already has its edge (unless the port is
 * `many`), the same connection twice, or a cycle. For the canvas's live check while dragging an edge.
 * O(nodes + edges).
 */
export function connectionError(graph: PipelineGraph, req: ConnectionRequest, kinds: KindLookup): string | null {
  const source = graph.nodes.find((n) => n.id === req.source);
  const target = graph.nodes.find((n) => n.id === req.target);
  if (!source) return `There is no node "${req.source}".`;
  if (!target) return `There is no node "${req.target}".`;
  if (source.id === target.id) return 'A node cannot connect to itself.';
  const sourceDef = kinds(source.kind);
  const targetDef = kinds(target.kind);
  if (!sourceDef) return `${nodeName(source, kinds)} has an unknown kind "${source.kind}".`;
  if (!targetDef) return `${nodeName(target, kinds)} has an unknown kind "${target.kind}".`;
  const out = sourceDef.outputs.find((p) => p.id === req.sourcePort);
  if (!out) return `${nodeName(source, kinds)} has no output port "${req.sourcePort}".`;
  const inp = targetDef.inputs.find((p) => p.id === req.targetPort);
  if (!inp) return `${nodeName(target, kinds)} has no input port "${req.targetPort}".`;
  if (out.type !== inp.type) {
    return out.type === 'table'
      ? `A table cannot go into ${nodeName(target, kinds)}, which takes a tensor: the table becomes a tensor at the model's Input node.`
      : `A tensor cannot go into ${nodeName(target, kinds)}, which takes a table: feature nodes work on tables, before the model's Input node.`;
  }
  const arriving = graph.edges.filter((e) => e.target === target.id && e.targetPort === inp.id);
  if (arriving.some((e) => e.source === source.id && e.sourcePort === out.id)) return 'These ports are already connected.';
  if (arriving.length > 0 && !inp.many) {
    const hint = inp.type === 'tensor' ? ', or merge the branches with a Concatenate or Add node' : '';
    return `The input "${inp.id}" of ${nodeName(target, kinds)} is already connected: remove that connection first${hint}.`;
  }
  if (hasPath(graph, target.id, source.id)) {
    return `${nodeName(target, kinds)} already feeds ${nodeName(source, kinds)}, so this connection would make a loop.`;
  }
  return null;
}

/** How messages name a node: its label, else its kind's palette label, and its id. */
export function nodeName(node: GraphNode, kinds: KindLookup): string {
  const name = node.label ?? kinds(node.kind)?.label ?? node.kind;
  return `${name} (${node.id})`;
}

// ---------------------------------------------------------------------------------------------

const replaceAt = <T>(items: readonly T[], index: number, item: T): T[] => items.map((x, i) => (i === index ? item : x));
const ok = (graph: PipelineGraph, inverse: InverseCommand[]): CommandResult => ({ graph, inverse });
const isFinitePosition = (p: Position): boolean => Number.isFinite(p.x) && Number.isFinite(p.y);
/** A new position object; `+ 0` turns -0 into 0, as a JSON round trip would. */
const at = (x: number, y: number): Position => ({ x: x + 0, y: y + 0 });

/** Up to 100 candidates from `ctx.newId`, skipping invalid and taken ones. */
function freshId(ctx: CommandContext, hint: string, taken: ReadonlySet<string>): string | null {
  for (let i = 0; i < 100; i++) {
    const id = ctx.newId(hint);
    if (isValidId(id) && !taken.has(id)) return id;
  }
  return null;
}

function checkedParams(params: unknown): { params: NodeParams } | { error: string } {
  const parsed = paramsSchema.safeParse(params);
  if (parsed.success) return { params: normalizeJson(parsed.data) as NodeParams };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `"${issue.path.join('.')}"` : 'the params';
  return { error: `Parameters must be plain JSON values; ${where} is not.` };
}

function checkedLabel(label: string): string | null {
  return label.length > MAX_LABEL_LENGTH ? `A label may have at most ${MAX_LABEL_LENGTH} characters.` : null;
}

function addNode(graph: PipelineGraph, cmd: Extract<GraphCommand, { type: 'addNode' }>, ctx: CommandContext): CommandResult {
  if (graph.nodes.length >= MAX_NODES) return { error: `A pipeline may have at most ${MAX_NODES} nodes.` };
  const def = ctx.kinds(cmd.kind);
  if (!def) return { error: `Unknown node kind "${cmd.kind}".` };
  if (!isFinitePosition(cmd.position)) return { error: 'A node position must be finite numbers.' };
  const taken = new Set(graph.nodes.map((n) => n.id));
  let id: string | null;
  if (cmd.id !== undefined) {
    if (!isValidId(cmd.id)) return { error: `"${cmd.id}" is not a valid node id.` };
    if (taken.has(cmd.id)) return { error: `There is already a node "${cmd.id}".` };
    id = cmd.id;
  } else {
    id = freshId(ctx, cmd.kind, taken);
    if (id === null) return { error: 'Could not make a fresh node id.' };
  }
  const params = checkedParams(cmd.params ?? def.defaults);
  if ('error' in params) return params;
  if (cmd.label !== undefined) {
    const bad = checkedLabel(cmd.label);
    if (bad) return { error: bad };
  }
  const node: GraphNode = {
    id: id as NodeId,
    kind: cmd.kind,
    params: params.params,
    position: at(cmd.position.x, cmd.position.y),
    ...(cmd.label ? { label: cmd.label } : {}),
  };
  return ok({ nodes: [...graph.nodes, node], edges: graph.edges }, [{ type: 'removeNodes', nodeIds: [node.id] }]);
}

function removeNodes(graph: PipelineGraph, nodeIds: readonly NodeId[]): CommandResult {
  if (nodeIds.length === 0) return { error: 'Select the nodes to delete.' };
  const doomed = new Set(nodeIds);
  const present = new Set(graph.nodes.map((n) => n.id));
  const missing = nodeIds.find((id) => !present.has(id));
  if (missing !== undefined) return { error: `There is no node "${missing}".` };
  const nodes: GraphNode[] = [];
  const removedNodes: { index: number; node: GraphNode }[] = [];
  graph.nodes.forEach((node, index) => (doomed.has(node.id) ? removedNodes.push({ index, node }) : nodes.push(node)));
  const edges: GraphEdge[] = [];
  const removedEdges: { index: number; edge: GraphEdge }[] = [];
  graph.edges.forEach((edge, index) =>
    doomed.has(edge.source) || doomed.has(edge.target) ? removedEdges.push({ index, edge }) : edges.push(edge),
  );
  return ok({ nodes, edges }, [{ type: 'restore', nodes: removedNodes, edges: removedEdges }]);
}

function moveNodes(graph: PipelineGraph, moves: readonly NodeMove[]): CommandResult {
  const target = new Map<NodeId, Position>();
  for (const move of moves) {
    if (target.has(move.id)) return { error: `Node "${move.id}" is moved twice in one command.` };
    if (!isFinitePosition(move.position)) return { error: 'A node position must be finite numbers.' };
    target.set(move.id, move.position);
  }
  const present = new Set(graph.nodes.map((n) => n.id));
  const missing = moves.find((m) => !present.has(m.id));
  if (missing) return { error: `There is no node "${missing.id}".` };
  const undo: NodeMove[] = [];
  const nodes = graph.nodes.map((node) => {
    const to = target.get(node.id);
    if (!to || (to.x === node.position.x && to.y === node.position.y)) return node;
    undo.push({ id: node.id, position: node.position });
    return { ...node, position: at(to.x, to.y) };
  });
  if (undo.length === 0) return ok(graph, []);
  return ok({ nodes, edges: graph.edges }, [{ type: 'moveNodes', moves: undo }]);
}

function connect(graph: PipelineGraph, cmd: Extract<GraphCommand, { type: 'connect' }>, ctx: CommandContext): CommandResult {
  const reason = connectionError(graph, cmd, ctx.kinds);
  if (reason) return { error: reason };
  if (graph.edges.length >= MAX_EDGES) return { error: `A pipeline may have at most ${MAX_EDGES} connections.` };
  const taken = new Set(graph.edges.map((e) => e.id));
  let id: string | null;
  if (cmd.id !== undefined) {
    if (!isValidId(cmd.id)) return { error: `"${cmd.id}" is not a valid edge id.` };
    if (taken.has(cmd.id)) return { error: `There is already an edge "${cmd.id}".` };
    id = cmd.id;
  } else {
    id = freshId(ctx, EDGE_HINT, taken);
    if (id === null) return { error: 'Could not make a fresh edge id.' };
  }
  const edge: GraphEdge = {
    id: id as EdgeId,
    source: cmd.source,
    sourcePort: cmd.sourcePort,
    target: cmd.target,
    targetPort: cmd.targetPort,
  };
  return ok({ nodes: graph.nodes, edges: [...graph.edges, edge] }, [{ type: 'disconnect', edgeIds: [edge.id] }]);
}

function disconnect(graph: PipelineGraph, edgeIds: readonly EdgeId[]): CommandResult {
  if (edgeIds.length === 0) return { error: 'Select the connections to remove.' };
  const doomed = new Set(edgeIds);
  const present = new Set(graph.edges.map((e) => e.id));
  const missing = edgeIds.find((id) => !present.has(id));
  if (missing !== undefined) return { error: `There is no connection "${missing}".` };
  const edges: GraphEdge[] = [];
  const removed: { index: number; edge: GraphEdge }[] = [];
  graph.edges.forEach((edge, index) => (doomed.has(edge.id) ? removed.push({ index, edge }) : edges.push(edge)));
  return ok({ nodes: graph.nodes, edges }, [{ type: 'restore', nodes: [], edges: removed }]);
}

function setParams(graph: PipelineGraph, nodeId: NodeId, params: NodeParams): CommandResult {
  const index = graph.nodes.findIndex((n) => n.id === nodeId);
  const node = graph.nodes[index];
  if (!node) return { error: `There is no node "${nodeId}".` };
  const checked = checkedParams(params);
  if ('error' in checked) return checked;
  if (jsonEqual(checked.params, node.params)) return ok(graph, []);
  const nodes = replaceAt(graph.nodes, index, { ...node, params: checked.params });
  return ok({ nodes, edges: graph.edges }, [{ type: 'setParams', nodeId, params: node.params }]);
}

function setLabel(graph: PipelineGraph, nodeId: NodeId, label: string | null): CommandResult {
  const index = graph.nodes.findIndex((n) => n.id === nodeId);
  const node = graph.nodes[index];
  if (!node) return { error: `There is no node "${nodeId}".` };
  const next = label === null || label === '' ? undefined : label;
  if (next !== undefined) {
    const bad = checkedLabel(next);
    if (bad) return { error: bad };
  }
  if (next === node.label) return ok(graph, []);
  const { label: previous, ...rest } = node;
  const nodes = replaceAt(graph.nodes, index, next === undefined ? rest : { ...rest, label: next });
  return ok({ nodes, edges: graph.edges }, [{ type: 'setLabel', nodeId, label: previous ?? null }]);
}

function paste(graph: PipelineGraph, clipboard: unknown, offset: Position, ctx: CommandContext): CommandResult {
  if (!isFinitePosition(offset)) return { error: 'The paste offset must be finite numbers.' };
  const parsed = graphSchema.safeParse(clipboard);
  if (!parsed.success) return { error: 'The clipboard does not hold pipeline nodes.' };
  const content = parsed.data;
  if (content.nodes.length === 0) return { error: 'There is nothing to paste.' };
  if (graph.nodes.length + content.nodes.length > MAX_NODES) {
    return { error: `Pasting ${content.nodes.length} nodes would exceed ${MAX_NODES} nodes.` };
  }
  if (graph.edges.length + content.edges.length > MAX_EDGES) {
    return { error: `Pasting would exceed ${MAX_EDGES} connections.` };
  }
  const unknown = content.nodes.find((n) => !ctx.kinds(n.kind));
  if (unknown) return { error: `Cannot paste: unknown node kind "${unknown.kind}".` };

  const takenNodes = new Set<string>(graph.nodes.map((n) => n.id));
  const rename = new Map<NodeId, NodeId>();
  const nodes: GraphNode[] = [];
  for (const node of content.nodes) {
    const id = freshId(ctx, node.kind, takenNodes);
    if (id === null) return { error: 'Could not make a fresh node id.' };
    takenNodes.add(id);
    rename.set(node.id, id as NodeId);
    const position = at(node.position.x + offset.x, node.position.y + offset.y);
    if (!isFinitePosition(position)) return { error: 'A pasted node would land at a position that is not finite.' };
    nodes.push({ ...node, id: id as NodeId, params: normalizeJson(node.params) as NodeParams, position });
  }
  let next: PipelineGraph = { nodes: [...graph.nodes, ...nodes], edges: graph.edges };
  const takenEdges = new Set<string>(graph.edges.map((e) => e.id));
  for (const edge of content.edges) {
    const request = { ...edge, source: rename.get(edge.source)!, target: rename.get(edge.target)! };
    const reason = connectionError(next, request, ctx.kinds);
    if (reason) return { error: `Cannot paste the connection "${edge.id}": ${reason}` };
    const id = freshId(ctx, EDGE_HINT, takenEdges);
    if (id === null) return { error: 'Could not make a fresh edge id.' };
    takenEdges.add(id);
    next = { nodes: next.nodes, edges: [...next.edges, { ...request, id: id as EdgeId }] };
  }
  return ok(next, [{ type: 'removeNodes', nodeIds: nodes.map((n) => n.id) }]);
}

function restore(graph: PipelineGraph, cmd: RestoreCommand): CommandResult {
  const nodes = [...graph.nodes];
  const nodeIds = new Set<string>(nodes.map((n) => n.id));
  for (const { index, node } of cmd.nodes) {
    if (nodeIds.has(node.id)) return { error: `Cannot restore node "${node.id}": the id is taken.` };
    if (!Number.isInteger(index) || index < 0 || index > nodes.length) return { error: `Cannot restore node "${node.id}" at ${index}.` };
    nodes.splice(index, 0, node);
    nodeIds.add(node.id);
  }
  const edges = [...graph.edges];
  const edgeIds = new Set<string>(edges.map((e) => e.id));
  for (const { index, edge } of cmd.edges) {
    if (edgeIds.has(edge.id)) return { error: `Cannot restore edge "${edge.id}": the id is taken.` };
    if (!nodeIds.has(edge.source) || !nodeIds.has(edge.target)) return { error: `Cannot restore edge "${edge.id}": an end is missing.` };
    if (!Number.isInteger(index) || index < 0 || index > edges.length) return { error: `Cannot restore edge "${edge.id}" at ${index}.` };
    edges.splice(index, 0, edge);
    edgeIds.add(edge.id);
  }
  if (nodes.length > MAX_NODES || edges.length > MAX_EDGES) return { error: 'Cannot restore: the pipeline would be too large.' };
  const restoredNodes = new Set<string>(cmd.nodes.map((n) => n.node.id));
  const looseEdges = cmd.edges.map((e) => e.edge).filter((e) => !restoredNodes.has(e.source) && !restoredNodes.has(e.target));
  const inverse: InverseCommand[] = [];
  if (cmd.nodes.length > 0) inverse.push({ type: 'removeNodes', nodeIds: cmd.nodes.map((n) => n.node.id) });
  if (looseEdges.length > 0) inverse.push({ type: 'disconnect', edgeIds: looseEdges.map((e) => e.id) });
  return ok({ nodes, edges }, inverse);
}
