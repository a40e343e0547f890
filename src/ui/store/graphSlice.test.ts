/**
 * The graph slice through the store, with core's small test registry injected: every edit goes
 * through the History, refusals leave the graph as it was and say why.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { asEdgeId, asNodeId } from '../../core/pipeline/graph/schema';
import { canonicalGraph, testKinds } from '../../core/pipeline/graph/testKinds';
import { EDITOR_KINDS } from '../features/graph/editorKinds';
import { selectCanRedo, selectCanUndo, selectGraph, selectGraphAnalysis } from './graphSelectors';
import { initialGraph } from './graphSlice';
import { resetStudioStore, useStudio } from './store';

const s = useStudio.getState;
const n = asNodeId;

beforeEach(() => {
  resetStudioStore();
  useStudio.setState({ graphKinds: testKinds });
  s().resetGraph(canonicalGraph());
});

describe('graph slice', () => {
  it('starts from the default pipeline, which the real registries accept', () => {
    resetStudioStore();
    expect(selectGraph(s())).toEqual(initialGraph());
    expect(s().graphKinds).toBe(EDITOR_KINDS);
    expect(selectGraphAnalysis(s()).problems.filter((p) => !/task/.test(p.message))).toEqual([]);
  });

  it('adds a node through the history, selects it, and undo/redo move it out and back', () => {
    expect(s().addGraphNode('dense', { x: 2000, y: 0 })).toBe(true);
    const added = selectGraph(s()).nodes.at(-1)!;
    expect(added).toMatchObject({ kind: 'dense', params: { units: 8, activation: 'relu' }, position: { x: 2000, y: 0 } });
    expect(s().graphSelection).toEqual({ nodes: [added.id], edges: [] });
    expect(selectCanUndo(s())).toBe(true);
    s().undoGraph();
    expect(selectGraph(s())).toEqual(canonicalGraph());
    expect(s().graphSelection.nodes).toEqual([]);
    expect(selectCanRedo(s())).toBe(true);
    s().redoGraph();
    expect(selectGraph(s()).nodes.at(-1)).toEqual(added);
  });

  it('places a node added onto another one at a free spot', () => {
    s().addGraphNode('dense', { x: 0, y: 0 });
    const added = selectGraph(s()).nodes.at(-1)!;
    expect(added.position).not.toEqual({ x: 0, y: 0 });
  });

  it('connects ports, and a refused connection says why and changes nothing', () => {
    s().runGraphCommand({ type: 'disconnect', edgeIds: [asEdgeId('e4')] });
    const before = s().graphHistory;
    expect(s().connectGraph({ source: n('source'), sourcePort: 'out', target: n('dense'), targetPort: 'in' })).toBe(false);
    expect(s().graphNotice).toMatch(/^Cannot connect: A table cannot go into Dense \(dense\)/);
    expect(s().graphHistory).toBe(before);
    expect(s().connectGraph({ source: n('input'), sourcePort: 'out', target: n('dense'), targetPort: 'in' })).toBe(true);
    expect(s().graphNotice).toBeNull();
    expect(selectGraph(s()).edges.at(-1)).toMatchObject({ source: 'input', target: 'dense' });
  });

  it('deletes the selection (nodes with their edges, plus selected edges) as one undo step', () => {
    s().selectGraph({ nodes: [n('scale')], edges: [asEdgeId('e5')] });
    s().deleteGraphSelection();
    const g = selectGraph(s());
    expect(g.nodes.map((x) => x.id)).not.toContain('scale');
    expect(g.edges.map((e) => e.id)).not.toContain('e5');
    expect(s().graphHistory.past).toHaveLength(1);
    s().undoGraph();
    expect(selectGraph(s())).toEqual(canonicalGraph());
  });

  it('duplicates, copies and pastes with fresh ids, each paste one step further', () => {
    s().selectGraph({ nodes: [n('dense')], edges: [] });
    s().duplicateGraphSelection();
    const dup = selectGraph(s()).nodes.at(-1)!;
    expect(dup.id).not.toBe('dense');
    expect(s().graphSelection.nodes).toEqual([dup.id]);

    s().selectGraph({ nodes: [n('input'), n('dense')], edges: [] });
    s().copyGraphSelection();
    s().pasteGraphClipboard();
    s().pasteGraphClipboard();
    const g = selectGraph(s());
    const pasted = g.nodes.slice(-4);
    expect(pasted.map((x) => x.kind)).toEqual(['input', 'dense', 'input', 'dense']);
    const input = canonicalGraph().nodes.find((x) => x.id === 'input')!;
    expect(pasted[0]!.position).toEqual({ x: input.position.x + 40, y: input.position.y + 40 });
    expect(pasted[2]!.position).toEqual({ x: input.position.x + 80, y: input.position.y + 80 });
    // The edge between the copied nodes is pasted too.
    expect(g.edges.filter((e) => e.source === pasted[0]!.id && e.target === pasted[1]!.id)).toHaveLength(1);
  });

  it('applies a template as one undo step', () => {
    useStudio.setState({ graphKinds: EDITOR_KINDS });
    s().applyGraphTemplate('mlp-classifier');
    expect(selectGraph(s()).nodes.map((x) => x.id)).toContain('dropout_1');
    expect(s().graphHistory.past).toHaveLength(1);
    s().undoGraph();
    expect(selectGraph(s())).toEqual(canonicalGraph());
  });

  it('refuses a layer connection whose shapes do not fit, with the layer check\'s reason', () => {
    useStudio.setState({ graphKinds: EDITOR_KINDS });
    s().resetGraph(initialGraph());
    s().addGraphNode('conv1d', { x: 3000, y: 0 });
    const conv = s().graphSelection.nodes[0]!;
    expect(s().connectGraph({ source: n('dense_1'), sourcePort: 'out', target: conv, targetPort: 'in' })).toBe(false);
    expect(s().graphNotice).toMatch(/^Cannot connect: Conv1D needs a sequence/);
  });

  it('folds successive edits of one inspector field into one undo step', () => {
    const dense = n('dense');
    const set = (units: number) => s().editGraphField('dense/units', { type: 'setParams', nodeId: dense, params: { units, activation: 'relu' } });
    set(1);
    set(12);
    set(128);
    s().editGraphField('dense/activation', { type: 'setParams', nodeId: dense, params: { units: 128, activation: 'tanh' } });
    expect(s().graphHistory.past).toHaveLength(2);
    s().undoGraph();
    s().undoGraph();
    expect(selectGraph(s())).toEqual(canonicalGraph());
  });

  it('resetGraph starts a new history', () => {
    s().addGraphNode('dense', { x: 900, y: 900 });
    s().resetGraph(canonicalGraph());
    expect(selectCanUndo(s())).toBe(false);
  });
});
