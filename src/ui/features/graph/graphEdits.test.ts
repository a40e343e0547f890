import { describe, expect, it } from 'vitest';
import { createHistory, redo, undo } from '../../../core/pipeline/graph/history';
import { createIdGenerator } from '../../../core/pipeline/graph/ids';
import { asNodeId, EMPTY_GRAPH, type PipelineGraph } from '../../../core/pipeline/graph/schema';
import { canonicalGraph, testKinds } from '../../../core/pipeline/graph/testKinds';
import { addedNodeIds, executeBatch, executeMerged, freePosition, replaceGraphCommands } from './graphEdits';

const ctx = (g: PipelineGraph) => ({ kinds: testKinds, newId: createIdGenerator(g) });

describe('executeBatch', () => {
  it('applies several commands as one undo step, and redo replays them', () => {
    const start = createHistory(canonicalGraph());
    const { history, error } = executeBatch(
      start,
      [
        { type: 'addNode', kind: 'dense', id: asNodeId('d2'), position: { x: 5, y: 5 } },
        { type: 'moveNodes', moves: [{ id: asNodeId('source'), position: { x: -100, y: 0 } }] },
        { type: 'removeNodes', nodeIds: [asNodeId('scale')] },
      ],
      ctx(start.graph),
    );
    expect(error).toBeNull();
    expect(history.past).toHaveLength(1);
    expect(history.graph.nodes.map((n) => n.id)).not.toContain('scale');
    const back = undo(history);
    expect(back.graph).toEqual(start.graph);
    expect(redo(back).graph).toEqual(history.graph);
  });

  it('is all or nothing: a refused command leaves the history unchanged', () => {
    const start = createHistory(canonicalGraph());
    const { history, error } = executeBatch(
      start,
      [
        { type: 'removeNodes', nodeIds: [asNodeId('dense')] },
        { type: 'connect', source: asNodeId('source'), sourcePort: 'out', target: asNodeId('output'), targetPort: 'in' },
      ],
      ctx(start.graph),
    );
    expect(error).toMatch(/table cannot go into/);
    expect(history).toBe(start);
  });

  it('adds no entry when nothing changes', () => {
    const start = createHistory(canonicalGraph());
    const same = executeBatch(start, [{ type: 'moveNodes', moves: [] }], ctx(start.graph));
    expect(same).toEqual({ history: start, error: null });
  });
});

describe('executeMerged', () => {
  it('folds a burst of edits of one field into one undo step back to the first value', () => {
    const start = createHistory(canonicalGraph());
    const dense = asNodeId('dense');
    const set = (units: number) => ({ type: 'setParams' as const, nodeId: dense, params: { units, activation: 'relu' } });
    const first = executeBatch(start, [set(1)], ctx(start.graph)).history;
    const second = executeMerged(first, set(12), ctx(start.graph)).history;
    const third = executeMerged(second, set(128), ctx(start.graph)).history;
    expect(third.past).toHaveLength(1);
    expect(third.graph.nodes.find((x) => x.id === 'dense')!.params).toEqual({ units: 128, activation: 'relu' });
    const back = undo(third);
    expect(back.graph).toEqual(start.graph);
    expect(redo(back).graph).toEqual(third.graph);
  });
});

describe('replaceGraphCommands', () => {
  it('turns one graph into another exactly, undoable in one step', () => {
    const from = canonicalGraph();
    const to: PipelineGraph = {
      nodes: [
        { id: asNodeId('a'), kind: 'dense', params: { units: 3, activation: 'tanh' }, position: { x: 1, y: 2 }, label: 'A' },
        { id: asNodeId('b'), kind: 'output', params: { head: 'auto' }, position: { x: 3, y: 4 } },
      ],
      edges: [{ id: 'ab' as never, source: asNodeId('a'), sourcePort: 'out', target: asNodeId('b'), targetPort: 'in' }],
    };
    const start = createHistory(from);
    const { history, error } = executeBatch(start, replaceGraphCommands(from, to), ctx(from));
    expect(error).toBeNull();
    expect(history.graph).toEqual(to);
    expect(undo(history).graph).toEqual(from);
  });

  it('from an empty graph only adds', () => {
    expect(replaceGraphCommands(EMPTY_GRAPH, EMPTY_GRAPH)).toEqual([]);
  });
});

describe('freePosition', () => {
  it('keeps a free spot and steps away from an occupied one', () => {
    const g: PipelineGraph = { nodes: [{ id: asNodeId('a'), kind: 'dense', params: {}, position: { x: 0, y: 0 } }], edges: [] };
    expect(freePosition(g, { x: 500, y: 0 })).toEqual({ x: 500, y: 0 });
    const p = freePosition(g, { x: 10, y: 10 });
    expect(Math.abs(p.x) >= 200 || Math.abs(p.y) >= 110).toBe(true);
  });
});

describe('addedNodeIds', () => {
  it('lists the ids the second graph adds, in its order', () => {
    const a = canonicalGraph();
    const b = { ...a, nodes: [...a.nodes, { ...a.nodes[0]!, id: asNodeId('x') }] };
    expect(addedNodeIds(a, b)).toEqual(['x']);
  });
});
