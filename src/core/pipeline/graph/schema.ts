/**
 * The graph part of the project document (schema v2): nodes with a kind, JSON params and a canvas
 * position, and edges from an output port to an input port. The schema checks structure only (ids,
 * limits, finite positions, JSON params, edges pointing at existing nodes); what a kind means, its
 * ports and its params are the registry's business and are checked by `validateGraph`, so a file with
 * an unknown kind or a cycle still opens and shows its problems instead of being refused.
 */
import { z } from 'zod';

export const MAX_NODES = 500;
export const MAX_EDGES = 2000;
export const MAX_ID_LENGTH = 100;
export const MAX_LABEL_LENGTH = 200;

/**
 * Node, edge, kind and port ids. Node ids become tfjs layer names, and tfjs only accepts
 * /^[A-Za-z0-9][-A-Za-z0-9._/]*$/; this pattern is the subset that is also safe in DOM ids, CSS
 * selectors and file names (hence no leading "_" or "-", no "." or "/").
 */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

const idString = z
  .string()
  .min(1)
  .max(MAX_ID_LENGTH)
  .regex(ID_PATTERN, 'must be letters, digits, "_" or "-", starting with a letter or digit');

export const nodeIdSchema = idString.brand<'NodeId'>();
export const edgeIdSchema = idString.brand<'EdgeId'>();
export type NodeId = z.infer<typeof nodeIdSchema>;
export type EdgeId = z.infer<typeof edgeIdSchema>;

/** True when `s` may be used as a node, edge, kind or port id. */
export function isValidId(s: string): boolean {
  return s.length <= MAX_ID_LENGTH && ID_PATTERN.test(s);
}

/** Brands a string known to be a valid id (constants, tests, ids read back from a parsed graph). Unchecked. */
export const asNodeId = (s: string): NodeId => s as NodeId;
/** Brands a string known to be a valid id. Unchecked. */
export const asEdgeId = (s: string): EdgeId => s as EdgeId;

/**
 * Port ids of kinds with one input and one output (every feature node, most layers, split): edges of
 * the default pipeline are written with these, so registries must use them for single ports.
 */
export const IN_PORT = 'in';
export const OUT_PORT = 'out';

export interface Position {
  readonly x: number;
  readonly y: number;
}

/** A JSON value: what params may hold, so the document survives JSON.stringify/parse exactly. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };
export type NodeParams = Readonly<Record<string, JsonValue>>;

export interface GraphNode {
  readonly id: NodeId;
  /** Key into the node-kind registries (PIPELINE_NODES, FEATURE_NODES, LAYER_NODES). */
  readonly kind: string;
  /** Kind-specific; checked against the kind's zod schema by validateGraph, not here. */
  readonly params: NodeParams;
  /** Canvas coordinates of the node's top-left corner, in canvas pixels. */
  readonly position: Position;
  /** User's name for the node; the palette label is shown when absent. */
  readonly label?: string;
}

export interface GraphEdge {
  readonly id: EdgeId;
  readonly source: NodeId;
  /** An output port id of the source node's kind. */
  readonly sourcePort: string;
  readonly target: NodeId;
  /** An input port id of the target node's kind. */
  readonly targetPort: string;
}

/**
 * Treated as immutable everywhere: commands return new graphs and share unchanged nodes and edges.
 * Array order is part of the value (undo restores it exactly).
 */
export interface PipelineGraph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

export const EMPTY_GRAPH: PipelineGraph = { nodes: [], edges: [] };

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
export const positionSchema = z.object({ x: finite, y: finite });
export const paramsSchema = z.record(z.string(), z.json());

export const graphNodeSchema = z.object({
  id: nodeIdSchema,
  kind: idString,
  params: paramsSchema,
  position: positionSchema,
  label: z.string().max(MAX_LABEL_LENGTH).exactOptional(),
});

export const graphEdgeSchema = z.object({
  id: edgeIdSchema,
  source: nodeIdSchema,
  sourcePort: idString,
  target: nodeIdSchema,
  targetPort: idString,
});

/**
 * Validates an untrusted graph: shapes and limits, unique node and edge ids, every edge between
 * existing nodes. Does not look at kinds, ports or cycles (see validateGraph).
 */
export const graphSchema: z.ZodType<PipelineGraph> = z
  .object({
    nodes: z.array(graphNodeSchema).max(MAX_NODES),
    edges: z.array(graphEdgeSchema).max(MAX_EDGES),
  })
  .superRefine((graph, ctx) => {
    const nodeIds = new Set<string>();
    graph.nodes.forEach((node, i) => {
      if (nodeIds.has(node.id)) ctx.addIssue({ code: 'custom', path: ['nodes', i, 'id'], message: `duplicate node id "${node.id}"` });
      nodeIds.add(node.id);
    });
    const edgeIds = new Set<string>();
    graph.edges.forEach((edge, i) => {
      if (edgeIds.has(edge.id)) ctx.addIssue({ code: 'custom', path: ['edges', i, 'id'], message: `duplicate edge id "${edge.id}"` });
      edgeIds.add(edge.id);
      for (const end of ['source', 'target'] as const) {
        if (!nodeIds.has(edge[end])) {
          ctx.addIssue({ code: 'custom', path: ['edges', i, end], message: `no node with id "${edge[end]}"` });
        }
      }
    });
  });

/** The first schema problem as "path: message", or null when `value` is a valid graph. */
export function graphSchemaError(value: unknown): string | null {
  const parsed = graphSchema.safeParse(value);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : '(graph)';
  return `${where}: ${issue?.message ?? 'invalid'}`;
}
