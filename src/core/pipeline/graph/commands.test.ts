import { describe, expect, it } from 'vitest';
import { applyCommand, applyInverse, clipboardOf, connectionError, type CommandContext, type GraphCommand } from './commands';
import { asEdgeId, asNodeId, EMPTY_GRAPH, graphSchemaError, MAX_NODES, type PipelineGraph } from './schema';
import { canonicalGraph, counterIds, node, testKinds } from './testKinds';
import { nodesOnCycles } from './topology';

const ctx = (): CommandContext => ({ kinds: testKinds, newId: counterIds() });
const n = asNodeId;
const e = asEdgeId;

/** The canonical chain without the dense → output edge (e5), plus a free concat and a second dense. */
function workbench(): PipelineGraph {
  const g = canonicalGraph();
  return {
    nodes: [...g.nodes, node('concat', 'concat', {}, 0, 300), node('dense2', 'dense', { units: 4, activation: 'tanh' }, 240, 300)],
    edges: g.edges.filter((edge) => edge.id !== 'e5'),
  };
}

/** The workbench plus a labelled dense node and the edge dense2 → concat (c1). */
function start(): PipelineGraph {
  const g = workbench();
  return {
    nodes: [...g.nodes, { ...node('labelled', 'dense', { units: 2, activation: 'relu' }, 0, 600), label: 'Old' }],
    edges: [...g.edges, { id: e('c1'), source: n('dense2'), sourcePort: 'out', target: n('concat'), targetPort: 'in' }],
  };
}

function apply(graph: PipelineGraph, cmd: GraphCommand): { graph: PipelineGraph; inverse: ReturnType<typeof applyInverse> } {
  const result = applyCommand(graph, cmd, ctx());
  if ('error' in result) throw new Error(result.error);
  return { graph: result.graph, inverse: applyInverse(result.graph, result.inverse) };
}

/** Applies, checks the graph stays valid and acyclic, and that the inverse restores `graph` exactly. */
function applyAndUndo(graph: PipelineGraph, cmd: GraphCommand): PipelineGraph {
  const { graph: next, inverse } = apply(graph, cmd);
  expect(graphSchemaError(next)).toBeNull();
  expect(nodesOnCycles(next)).toEqual([]);
  if ('error' in inverse) throw new Error(inverse.error);
  expect(inverse.graph).toStrictEqual(graph);
  return next;
}

describe('applyCommand: accepted commands (each undone exactly by its inverse)', () => {
  const cases: { name: string; cmd: GraphCommand; expect: (before: PipelineGraph, after: PipelineGraph) => void }[] = [
    {
      name: 'addNode with the kind defaults and a fresh id',
      cmd: { type: 'addNode', kind: 'dense', position: { x: 5, y: 6 } },
      expect: (before, after) => {
        expect(after.nodes.length).toBe(before.nodes.length + 1);
        expect(after.nodes.at(-1)).toStrictEqual({ id: 'n1', kind: 'dense', params: { units: 8, activation: 'relu' }, position: { x: 5, y: 6 } });
      },
    },
    {
      name: 'addNode with id, params and label',
      cmd: { type: 'addNode', kind: 'dense', position: { x: 0, y: 0 }, id: n('mine'), params: { units: 3, activation: 'tanh' }, label: 'Narrow' },
      expect: (_, after) =>
        expect(after.nodes.at(-1)).toStrictEqual({
          id: 'mine',
          kind: 'dense',
          params: { units: 3, activation: 'tanh' },
          position: { x: 0, y: 0 },
          label: 'Narrow',
        }),
    },
    {
      name: 'removeNodes removes the nodes and every edge touching them',
      cmd: { type: 'removeNodes', nodeIds: [n('split'), n('dense')] },
      expect: (_, after) => {
        expect(after.nodes.map((x) => x.id)).not.toContain('split');
        expect(after.edges.map((x) => x.id)).toEqual(['e1', 'e6', 'c1']);
      },
    },
    {
      name: 'moveNodes sets absolute positions',
      cmd: { type: 'moveNodes', moves: [{ id: n('scale'), position: { x: -10, y: 20.5 } }, { id: n('input'), position: { x: 1, y: 2 } }] },
      expect: (_, after) => {
        expect(after.nodes.find((x) => x.id === 'scale')?.position).toEqual({ x: -10, y: 20.5 });
        expect(after.nodes.find((x) => x.id === 'input')?.position).toEqual({ x: 1, y: 2 });
      },
    },
    {
      name: 'connect tensor → tensor',
      cmd: { type: 'connect', source: n('dense'), sourcePort: 'out', target: n('output'), targetPort: 'in' },
      expect: (_, after) =>
        expect(after.edges.at(-1)).toStrictEqual({ id: 'n1', source: 'dense', sourcePort: 'out', target: 'output', targetPort: 'in' }),
    },
    {
      name: 'connect a second edge into a `many` port',
      cmd: { type: 'connect', source: n('input'), sourcePort: 'out', target: n('concat'), targetPort: 'in', id: e('c2') },
      expect: (_, after) => expect(after.edges.at(-1)?.id).toBe('c2'),
    },
    {
      name: 'disconnect',
      cmd: { type: 'disconnect', edgeIds: [e('e2'), e('e4')] },
      expect: (_, after) => expect(after.edges.map((x) => x.id)).toEqual(['e1', 'e3', 'e6', 'c1']),
    },
    {
      name: 'setParams replaces the params',
      cmd: { type: 'setParams', nodeId: n('dense'), params: { units: 64, activation: 'tanh' } },
      expect: (_, after) => expect(after.nodes.find((x) => x.id === 'dense')?.params).toEqual({ units: 64, activation: 'tanh' }),
    },
    {
      name: 'setParams keeps params its kind rejects (validateGraph reports them)',
      cmd: { type: 'setParams', nodeId: n('dense'), params: { units: -1 } },
      expect: (_, after) => expect(after.nodes.find((x) => x.id === 'dense')?.params).toEqual({ units: -1 }),
    },
    {
      name: 'setLabel sets a label',
      cmd: { type: 'setLabel', nodeId: n('dense'), label: 'Hidden' },
      expect: (_, after) => expect(after.nodes.find((x) => x.id === 'dense')?.label).toBe('Hidden'),
    },
    {
      name: 'setLabel null removes the label key',
      cmd: { type: 'setLabel', nodeId: n('labelled'), label: null },
      expect: (_, after) => expect('label' in after.nodes.find((x) => x.id === 'labelled')!).toBe(false),
    },
    {
      name: 'duplicateNodes copies nodes and the edges among them, not the edges to others',
      cmd: { type: 'duplicateNodes', nodeIds: [n('input'), n('dense')] },
      expect: (before, after) => {
        expect(after.nodes.slice(before.nodes.length).map((x) => [x.id, x.kind, x.position])).toEqual([
          ['n1', 'input', { x: 760, y: 40 }],
          ['n2', 'dense', { x: 1000, y: 40 }],
        ]);
        expect(after.edges.slice(before.edges.length)).toEqual([{ id: 'n3', source: 'n1', sourcePort: 'out', target: 'n2', targetPort: 'in' }]);
      },
    },
    {
      name: 'paste adds fresh ids, offsets positions and drops nothing',
      cmd: {
        type: 'paste',
        clipboard: clipboardOf(canonicalGraph(), [n('dense'), n('output')]),
        offset: { x: 0, y: 500 },
      },
      expect: (before, after) => {
        expect(after.nodes.slice(before.nodes.length).map((x) => [x.id, x.position.y])).toEqual([
          ['n1', 500],
          ['n2', 500],
        ]);
        expect(after.edges.at(-1)).toEqual({ id: 'n3', source: 'n1', sourcePort: 'out', target: 'n2', targetPort: 'in' });
      },
    },
    {
      name: 'autoLayout moves nodes left to right',
      cmd: { type: 'autoLayout' },
      expect: (_, after) => {
        const x = (id: string) => after.nodes.find((nd) => nd.id === id)!.position.x;
        expect(x('source')).toBeLessThan(x('scale'));
        expect(x('input')).toBeLessThan(x('dense'));
      },
    },
  ];

  it.each(cases)('$name', ({ cmd, expect: check }) => {
    const before = start();
    const after = applyAndUndo(before, cmd);
    check(before, after);
  });
});

describe('applyCommand: refused commands, with the reason', () => {
  const cases: { name: string; cmd: GraphCommand; error: RegExp }[] = [
    { name: 'unknown kind', cmd: { type: 'addNode', kind: 'nope', position: { x: 0, y: 0 } }, error: /Unknown node kind "nope"/ },
    { name: 'NaN position', cmd: { type: 'addNode', kind: 'dense', position: { x: Number.NaN, y: 0 } }, error: /finite/ },
    { name: 'taken id', cmd: { type: 'addNode', kind: 'dense', position: { x: 0, y: 0 }, id: n('dense') }, error: /already a node "dense"/ },
    { name: 'invalid id', cmd: { type: 'addNode', kind: 'dense', position: { x: 0, y: 0 }, id: n('_x y') }, error: /not a valid node id/ },
    {
      name: 'non-JSON params',
      cmd: { type: 'addNode', kind: 'dense', position: { x: 0, y: 0 }, params: { units: Number.POSITIVE_INFINITY } },
      error: /plain JSON values; "units"/,
    },
    { name: 'remove a missing node', cmd: { type: 'removeNodes', nodeIds: [n('ghost')] }, error: /no node "ghost"/ },
    { name: 'remove nothing', cmd: { type: 'removeNodes', nodeIds: [] }, error: /Select the nodes/ },
    { name: 'move a missing node', cmd: { type: 'moveNodes', moves: [{ id: n('ghost'), position: { x: 0, y: 0 } }] }, error: /no node "ghost"/ },
    {
      name: 'move to Infinity',
      cmd: { type: 'moveNodes', moves: [{ id: n('dense'), position: { x: Number.POSITIVE_INFINITY, y: 0 } }] },
      error: /finite/,
    },
    {
      name: 'move one node twice',
      cmd: {
        type: 'moveNodes',
        moves: [
          { id: n('dense'), position: { x: 1, y: 0 } },
          { id: n('dense'), position: { x: 2, y: 0 } },
        ],
      },
      error: /moved twice/,
    },
    {
      name: 'self-loop',
      cmd: { type: 'connect', source: n('dense'), sourcePort: 'out', target: n('dense'), targetPort: 'in' },
      error: /cannot connect to itself/,
    },
    {
      name: 'unknown output port',
      cmd: { type: 'connect', source: n('dense'), sourcePort: 'left', target: n('output'), targetPort: 'in' },
      error: /Dense \(dense\) has no output port "left"/,
    },
    {
      name: 'unknown input port',
      cmd: { type: 'connect', source: n('dense'), sourcePort: 'out', target: n('output'), targetPort: 'x' },
      error: /Output \(output\) has no input port "x"/,
    },
    {
      name: 'evaluate has no outputs',
      cmd: { type: 'connect', source: n('evaluate'), sourcePort: 'out', target: n('dense2'), targetPort: 'in' },
      error: /no output port "out"/,
    },
    {
      name: 'table → tensor',
      cmd: { type: 'connect', source: n('scale'), sourcePort: 'out', target: n('output'), targetPort: 'in' },
      error: /A table cannot go into Output \(output\), which takes a tensor/,
    },
    {
      name: 'tensor → table',
      cmd: { type: 'connect', source: n('dense2'), sourcePort: 'out', target: n('split'), targetPort: 'in' },
      error: /A tensor cannot go into Split \(split\), which takes a table/,
    },
    {
      name: 'input port already connected',
      cmd: { type: 'connect', source: n('dense2'), sourcePort: 'out', target: n('dense'), targetPort: 'in' },
      error: /input "in" of Dense \(dense\) is already connected.*Concatenate or Add/,
    },
    {
      name: 'same connection twice, even into a many port',
      cmd: { type: 'connect', source: n('dense2'), sourcePort: 'out', target: n('concat'), targetPort: 'in' },
      error: /already connected/,
    },
    {
      name: 'cycle',
      cmd: { type: 'connect', source: n('concat'), sourcePort: 'out', target: n('dense2'), targetPort: 'in' },
      error: /Dense \(dense2\) already feeds Concatenate \(concat\), so this connection would make a loop/,
    },
    {
      name: 'connect from a missing node',
      cmd: { type: 'connect', source: n('ghost'), sourcePort: 'out', target: n('dense'), targetPort: 'in' },
      error: /no node "ghost"/,
    },
    {
      name: 'taken edge id',
      cmd: { type: 'connect', source: n('dense'), sourcePort: 'out', target: n('output'), targetPort: 'in', id: e('e1') },
      error: /already an edge "e1"/,
    },
    { name: 'disconnect a missing edge', cmd: { type: 'disconnect', edgeIds: [e('zz')] }, error: /no connection "zz"/ },
    { name: 'setParams on a missing node', cmd: { type: 'setParams', nodeId: n('ghost'), params: {} }, error: /no node "ghost"/ },
    {
      name: 'setParams with undefined',
      cmd: { type: 'setParams', nodeId: n('dense'), params: { units: undefined } as never },
      error: /plain JSON/,
    },
    { name: 'label too long', cmd: { type: 'setLabel', nodeId: n('dense'), label: 'x'.repeat(201) }, error: /at most 200/ },
    { name: 'duplicate a missing node', cmd: { type: 'duplicateNodes', nodeIds: [n('ghost')] }, error: /no node "ghost"/ },
    { name: 'paste garbage', cmd: { type: 'paste', clipboard: { nodes: 'x' }, offset: { x: 0, y: 0 } }, error: /does not hold pipeline nodes/ },
    { name: 'paste nothing', cmd: { type: 'paste', clipboard: EMPTY_GRAPH, offset: { x: 0, y: 0 } }, error: /nothing to paste/ },
    {
      name: 'paste an unknown kind',
      cmd: { type: 'paste', clipboard: { nodes: [node('a', 'mystery')], edges: [] }, offset: { x: 0, y: 0 } },
      error: /unknown node kind "mystery"/,
    },
    {
      name: 'paste an edge that breaks the rules',
      cmd: {
        type: 'paste',
        clipboard: {
          nodes: [node('a', 'scale', { columns: [], method: 'standard' }), node('b', 'dense', { units: 1, activation: 'relu' })],
          edges: [{ id: 'x', source: 'a', sourcePort: 'out', target: 'b', targetPort: 'in' }],
        },
        offset: { x: 0, y: 0 },
      },
      error: /Cannot paste the connection "x": A table cannot go into Dense/,
    },
    { name: 'bad layout spacing', cmd: { type: 'autoLayout', spacing: { x: 0, y: 10 } }, error: /positive/ },
  ];

  it.each(cases)('$name', ({ cmd, error }) => {
    const result = applyCommand(start(), cmd, ctx());
    expect('error' in result ? result.error : 'accepted').toMatch(error);
  });

  it('refuses a node past the limit', () => {
    const full: PipelineGraph = { nodes: Array.from({ length: MAX_NODES }, (_, i) => node(`k${i}`, 'dense')), edges: [] };
    expect(applyCommand(full, { type: 'addNode', kind: 'dense', position: { x: 0, y: 0 } }, ctx())).toEqual({
      error: `A pipeline may have at most ${MAX_NODES} nodes.`,
    });
  });

  it('skips id candidates that are invalid or taken, and gives up after 100', () => {
    const ids = ['dense', 'bad id', 'fresh'];
    const result = applyCommand(workbench(), { type: 'addNode', kind: 'dense', position: { x: 0, y: 0 } }, { kinds: testKinds, newId: () => ids.shift() ?? 'dense' });
    expect('graph' in result && result.graph.nodes.at(-1)?.id).toBe('fresh');
    const stuck = applyCommand(workbench(), { type: 'addNode', kind: 'dense', position: { x: 0, y: 0 } }, { kinds: testKinds, newId: () => 'dense' });
    expect(stuck).toEqual({ error: 'Could not make a fresh node id.' });
  });
});

describe('applyCommand: no-ops', () => {
  it.each<GraphCommand>([
    { type: 'moveNodes', moves: [{ id: n('dense'), position: { x: 960, y: 0 } }] },
    { type: 'setParams', nodeId: n('dense'), params: { activation: 'relu', units: 8 } },
    { type: 'setLabel', nodeId: n('dense'), label: '' },
  ])('$type with the current value changes nothing and has no inverse', (cmd) => {
    const g = canonicalGraph();
    expect(applyCommand(g, cmd, ctx())).toEqual({ graph: g, inverse: [] });
  });

  it('autoLayout of a laid-out graph changes nothing', () => {
    const once = apply(canonicalGraph(), { type: 'autoLayout' }).graph;
    expect(applyCommand(once, { type: 'autoLayout' }, ctx())).toEqual({ graph: once, inverse: [] });
  });
});

describe('connectionError', () => {
  it('is null for a valid connection', () => {
    expect(connectionError(workbench(), { source: n('dense'), sourcePort: 'out', target: n('output'), targetPort: 'in' }, testKinds)).toBeNull();
  });
  it('names an unknown kind', () => {
    const g: PipelineGraph = { nodes: [node('a', 'mystery'), node('b', 'dense')], edges: [] };
    expect(connectionError(g, { source: n('a'), sourcePort: 'out', target: n('b'), targetPort: 'in' }, testKinds)).toMatch(/unknown kind "mystery"/);
  });
});

describe('applyInverse', () => {
  it('undoes a removal of non-adjacent nodes with edges in between, array order included', () => {
    const g = workbench();
    const removed = applyCommand(g, { type: 'removeNodes', nodeIds: [n('evaluate'), n('source'), n('dense')] }, ctx());
    if ('error' in removed) throw new Error(removed.error);
    const undone = applyInverse(removed.graph, removed.inverse);
    if ('error' in undone) throw new Error(undone.error);
    expect(undone.graph).toStrictEqual(g);
    const redone = applyInverse(undone.graph, undone.inverse);
    expect('graph' in redone && redone.graph).toStrictEqual(removed.graph);
  });

  it('refuses a restore whose ids are taken', () => {
    const g = canonicalGraph();
    expect(applyInverse(g, [{ type: 'restore', nodes: [{ index: 0, node: g.nodes[0]! }], edges: [] }])).toEqual({
      error: 'Cannot restore node "source": the id is taken.',
    });
  });
});
