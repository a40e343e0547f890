/**
 * A small fake registry for the graph tests, so they do not depend on the feature and layer
 * registries: the real source/split/evaluate kinds plus stand-ins with the canonical ports (a table
 * feature, the table → tensor input, a tensor layer, a `many` tensor merge, the output head).
 */
import { z } from 'zod';
import type { NodeKindDef, PortSpec } from '../nodeKind';
import { createKindLookup, PIPELINE_NODES } from './pipelineNodes';
import { asEdgeId, asNodeId, IN_PORT, OUT_PORT, type GraphNode, type PipelineGraph } from './schema';

const port = (type: PortSpec['type'], many = false): PortSpec[] => [{ id: IN_PORT, type, ...(many ? { many } : {}) }];

function fake<P>(def: Omit<NodeKindDef<P>, 'paramDocs' | 'help'>): NodeKindDef<P> {
  return { ...def, help: `Test kind ${def.kind}.`, paramDocs: {} };
}

export const TEST_NODES: Readonly<Record<string, NodeKindDef>> = {
  scale: fake({
    kind: 'scale',
    category: 'feature',
    label: 'Scale',
    inputs: port('table'),
    outputs: [{ id: OUT_PORT, type: 'table' }],
    params: z.object({ columns: z.array(z.string()), method: z.enum(['standard', 'minmax']) }),
    defaults: { columns: [], method: 'standard' as const },
  }),
  input: fake({
    kind: 'input',
    category: 'layer',
    label: 'Input',
    inputs: port('table'),
    outputs: [{ id: OUT_PORT, type: 'tensor' }],
    params: z.object({}),
    defaults: {},
  }),
  dense: fake({
    kind: 'dense',
    category: 'layer',
    label: 'Dense',
    inputs: port('tensor'),
    outputs: [{ id: OUT_PORT, type: 'tensor' }],
    params: z.object({ units: z.number().int().min(1), activation: z.enum(['relu', 'tanh']) }),
    defaults: { units: 8, activation: 'relu' as const },
  }),
  concat: fake({
    kind: 'concat',
    category: 'layer',
    label: 'Concatenate',
    inputs: port('tensor', true),
    outputs: [{ id: OUT_PORT, type: 'tensor' }],
    params: z.object({}),
    defaults: {},
  }),
  output: fake({
    kind: 'output',
    category: 'layer',
    label: 'Output',
    inputs: port('tensor'),
    outputs: [{ id: OUT_PORT, type: 'tensor' }],
    params: z.object({ head: z.enum(['auto', 'sigmoid', 'softmax', 'linear']) }),
    defaults: { head: 'auto' as const },
  }),
};

export const testKinds = createKindLookup(PIPELINE_NODES, TEST_NODES);

/** Ids n1, n2, ... (a new counter per call). */
export function counterIds(prefix = 'n'): () => string {
  let i = 0;
  return () => `${prefix}${++i}`;
}

export function node(id: string, kind: string, params: GraphNode['params'] = {}, x = 0, y = 0): GraphNode {
  return { id: asNodeId(id), kind, params, position: { x, y } };
}

/** source → scale → split → input → dense → output → evaluate, all edges out → in, ids e1..e6. */
export function canonicalGraph(): PipelineGraph {
  const ids = ['source', 'scale', 'split', 'input', 'dense', 'output', 'evaluate'];
  const params: Record<string, GraphNode['params']> = {
    source: { dropIdentifiers: true },
    scale: { columns: [], method: 'standard' },
    split: { kind: 'random', validation: 0.15, test: 0.15, stratify: true },
    dense: { units: 8, activation: 'relu' },
    output: { head: 'auto' },
  };
  return {
    nodes: ids.map((id, i) => node(id, id, params[id] ?? {}, i * 240, 0)),
    edges: ids.slice(1).map((target, i) => ({
      id: asEdgeId(`e${i + 1}`),
      source: asNodeId(ids[i]!),
      sourcePort: OUT_PORT,
      target: asNodeId(target),
      targetPort: IN_PORT,
    })),
  };
}
