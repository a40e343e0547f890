import { describe, expect, it } from 'vitest';
import { createProject } from '../../../core/pipeline/document';
import { migrateV1ToV2 } from '../../../core/pipeline/graph/migrate';
import { analyzeGraph, type ModelContext } from './analysis';
import { EDITOR_KINDS } from './editorKinds';
import { toFlowEdges, toFlowNodes, type PipelineFlowNode } from './flowElements';

const graph = migrateV1ToV2(createProject({ name: 'd', source: { kind: 'file', fileName: 'd.csv', bytes: 1 }, columnKinds: {} })).graph;
const context: ModelContext = { inputShape: [5], inputEstimated: true, target: { task: 'binary', nClasses: 2 } };
const analysis = analyzeGraph(graph, EDITOR_KINDS, context);
const none = new Set<string>();
const state = { dragging: {}, measured: {} };

describe('toFlowNodes', () => {
  const nodes = toFlowNodes(graph, none, EDITOR_KINDS, analysis, state, new Map());
  const byId = new Map<string, PipelineFlowNode>(nodes.map((n) => [n.id, n]));

  it('draws every node with its kind, ports, shape and weights', () => {
    expect(nodes.map((n) => n.id)).toEqual(graph.nodes.map((n) => n.id));
    expect(byId.get('dense_1')!.data).toMatchObject({ title: 'Dense', category: 'layer', shape: '[batch, 64]', paramCount: 5 * 64 + 64, problems: [] });
    expect(byId.get('input')!.data.inputs).toEqual([{ id: 'in', type: 'table' }]);
    expect(byId.get('impute')!.data).toMatchObject({ shape: null, paramCount: null, category: 'feature' });
    expect(byId.get('dense_1')!.ariaLabel).toBe('Dense node dense_1');
  });

  it('reuses unchanged nodes and rebuilds only the ones that move or change selection', () => {
    const dragging = { dense_1: { x: 9, y: 9 } };
    const next = toFlowNodes(graph, new Set(['impute']), EDITOR_KINDS, analysis, { ...state, dragging }, byId);
    const changed = next.filter((n) => n !== byId.get(n.id)).map((n) => n.id);
    expect(changed.sort()).toEqual(['dense_1', 'impute']);
    expect(next.find((n) => n.id === 'dense_1')!.position).toEqual({ x: 9, y: 9 });
    expect(next.find((n) => n.id === 'impute')!.selected).toBe(true);
  });
});

describe('toFlowEdges', () => {
  it('labels tensor edges with the shape their source emits, not table edges', () => {
    const edges = toFlowEdges(graph, none, EDITOR_KINDS, analysis);
    const label = (source: string) => edges.find((e) => e.source === source)!.label;
    expect(label('source')).toBeUndefined();
    expect(label('input')).toBe('[batch, 5]');
    expect(label('dense_1')).toBe('[batch, 64]');
    expect(label('output')).toBe('[batch, 1]');
    expect(edges.find((e) => e.source === 'dense_1')).toMatchObject({ sourceHandle: 'out', targetHandle: 'in', className: 'edge-tensor' });
  });
});
