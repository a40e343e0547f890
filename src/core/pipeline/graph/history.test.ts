import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clipboardOf, type CommandContext, type GraphCommand } from './commands';
import { canRedo, canUndo, createHistory, execute, redo, undo, type History } from './history';
import { asEdgeId, asNodeId, graphSchemaError, type NodeParams, type PipelineGraph } from './schema';
import { canonicalGraph, counterIds, node, testKinds } from './testKinds';
import { nodesOnCycles } from './topology';
import { validateGraph } from './validate';

const ctx = (): CommandContext => ({ kinds: testKinds, newId: counterIds() });
const n = asNodeId;

describe('History', () => {
  it('executes, undoes and redoes', () => {
    const c = ctx();
    const g0 = canonicalGraph();
    const h0 = createHistory(g0);
    expect(canUndo(h0)).toBe(false);
    const r1 = execute(h0, { type: 'addNode', kind: 'dense', position: { x: 1, y: 1 } }, c);
    expect(r1.error).toBeNull();
    const r2 = execute(r1.history, { type: 'connect', source: n('input'), sourcePort: 'out', target: n('n1'), targetPort: 'in' }, c);
    const h2 = r2.history;
    expect(h2.past.map((e) => e.label)).toEqual(['addNode', 'connect']);
    const back = undo(undo(h2));
    expect(back.graph).toStrictEqual(g0);
    expect(canUndo(back)).toBe(false);
    expect(canRedo(back)).toBe(true);
    expect(redo(redo(back)).graph).toStrictEqual(h2.graph);
    expect(redo(redo(back)).future).toEqual([]);
  });

  it('keeps the history unchanged on a refused command and reports why', () => {
    const h = createHistory(canonicalGraph());
    const r = execute(h, { type: 'removeNodes', nodeIds: [n('ghost')] }, ctx());
    expect(r.history).toBe(h);
    expect(r.error).toBe('There is no node "ghost".');
  });

  it('adds no entry for a no-op and keeps redo', () => {
    const c = ctx();
    const h1 = undo(execute(createHistory(canonicalGraph()), { type: 'setLabel', nodeId: n('dense'), label: 'x' }, c).history);
    const r = execute(h1, { type: 'setLabel', nodeId: n('dense'), label: null }, c);
    expect(r.history).toBe(h1);
    expect(canRedo(r.history)).toBe(true);
  });

  it('clears redo on a new edit', () => {
    const c = ctx();
    const h1 = undo(execute(createHistory(canonicalGraph()), { type: 'setLabel', nodeId: n('dense'), label: 'x' }, c).history);
    expect(canRedo(execute(h1, { type: 'autoLayout', spacing: { x: 100, y: 100 } }, c).history)).toBe(false);
  });

  it('drops the oldest entries beyond its limit', () => {
    const c = ctx();
    let h = createHistory(canonicalGraph(), 3);
    for (let i = 1; i <= 5; i++) h = execute(h, { type: 'moveNodes', moves: [{ id: n('dense'), position: { x: i, y: 0 } }] }, c).history;
    expect(h.past.length).toBe(3);
    while (canUndo(h)) h = undo(h);
    expect(h.graph.nodes.find((x) => x.id === 'dense')?.position).toEqual({ x: 2, y: 0 });
  });

  it('undo and redo with nothing to do return the same history', () => {
    const h = createHistory(canonicalGraph());
    expect(undo(h)).toBe(h);
    expect(redo(h)).toBe(h);
  });

  it('throws when the graph no longer matches the entries', () => {
    const h = execute(createHistory(canonicalGraph()), { type: 'addNode', kind: 'dense', position: { x: 0, y: 0 } }, ctx()).history;
    expect(() => undo({ ...h, graph: canonicalGraph() })).toThrow(/does not match/);
  });
});

// ---------------------------------------------------------------------------------------------
// Property: random edits (many refused) through History keep the graph valid; undo restores exactly.

const NODE_IDS = ['source', 'scale', 'split', 'input', 'dense', 'output', 'evaluate', 'concat', 'dense2', 'ghost'];
const FRESH = Array.from({ length: 14 }, (_, i) => `n${i + 1}`);
const nodeIdArb = fc.constantFrom(...NODE_IDS, ...FRESH).map(asNodeId);
const edgeIdArb = fc.constantFrom('e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'zz', ...FRESH).map(asEdgeId);
const idsArb = fc.array(nodeIdArb, { maxLength: 3 });
const portArb = fc.constantFrom('in', 'out', 'bad');
const kindArb = fc.constantFrom('source', 'split', 'evaluate', 'scale', 'input', 'dense', 'concat', 'output', 'mystery');
const coordArb = fc.oneof(
  { weight: 8, arbitrary: fc.double({ min: -1e4, max: 1e4, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY) },
);
const posArb = fc.record({ x: coordArb, y: coordArb });
// fast-check's JSON values are typed loosely; they are JSON (the third is deliberately not).
const paramsArb: fc.Arbitrary<NodeParams> = fc.oneof(
  fc.constant({ units: 4, activation: 'relu' }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }).map((d) => d as NodeParams),
  fc.constant({ units: undefined } as unknown as NodeParams),
);

/**
 * Raw commands (ids drawn from a fixed pool, so many are refused), commands aimed at what the current
 * graph holds (picked by index when the action runs, so most are accepted), undo and redo.
 */
type Action =
  | { readonly do: 'cmd'; readonly cmd: GraphCommand }
  | { readonly do: 'pick'; readonly op: PickOp; readonly picks: readonly number[]; readonly position: { x: number; y: number } }
  | { readonly do: 'undo' }
  | { readonly do: 'redo' };

type PickOp = 'connect' | 'remove' | 'disconnect' | 'move' | 'copyPaste' | 'duplicate';

/** The command a pick action stands for, on the current graph. */
function resolve(action: Extract<Action, { do: 'pick' }>, graph: PipelineGraph): GraphCommand {
  const pickNode = (i: number) => graph.nodes[i % Math.max(1, graph.nodes.length)]?.id ?? n('ghost');
  const nodes = action.picks.map(pickNode);
  switch (action.op) {
    case 'connect': {
      const source = nodes[0] ?? n('ghost');
      const target = nodes[1] ?? n('ghost');
      const port = (id: string, side: 'inputs' | 'outputs') => {
        const def = testKinds(graph.nodes.find((x) => x.id === id)?.kind ?? '');
        return def?.[side][0]?.id ?? 'none';
      };
      return { type: 'connect', source, sourcePort: port(source, 'outputs'), target, targetPort: port(target, 'inputs') };
    }
    case 'remove':
      return { type: 'removeNodes', nodeIds: nodes.slice(0, 2) };
    case 'disconnect':
      return { type: 'disconnect', edgeIds: action.picks.slice(0, 2).map((i) => graph.edges[i % Math.max(1, graph.edges.length)]?.id ?? asEdgeId('zz')) };
    case 'move':
      return { type: 'moveNodes', moves: [...new Set(nodes)].map((id) => ({ id, position: action.position })) };
    case 'copyPaste':
      return { type: 'paste', clipboard: clipboardOf(graph, nodes), offset: action.position };
    case 'duplicate':
      return { type: 'duplicateNodes', nodeIds: nodes };
  }
}

const cmdArb: fc.Arbitrary<GraphCommand> = fc.oneof(
  fc.record(
    { type: fc.constant('addNode' as const), kind: kindArb, position: posArb, id: nodeIdArb, label: fc.string({ maxLength: 3 }) },
    { requiredKeys: ['type', 'kind', 'position'] },
  ),
  fc.record({ type: fc.constant('removeNodes' as const), nodeIds: idsArb }),
  fc.record({ type: fc.constant('moveNodes' as const), moves: fc.array(fc.record({ id: nodeIdArb, position: posArb }), { maxLength: 3 }) }),
  fc.record({ type: fc.constant('connect' as const), source: nodeIdArb, sourcePort: portArb, target: nodeIdArb, targetPort: portArb }),
  fc.record({ type: fc.constant('connect' as const), source: nodeIdArb, sourcePort: fc.constant('out'), target: nodeIdArb, targetPort: fc.constant('in') }),
  fc.record({ type: fc.constant('disconnect' as const), edgeIds: fc.array(edgeIdArb, { maxLength: 2 }) }),
  fc.record({ type: fc.constant('setParams' as const), nodeId: nodeIdArb, params: paramsArb }),
  fc.record({ type: fc.constant('setLabel' as const), nodeId: nodeIdArb, label: fc.option(fc.string({ maxLength: 4 })) }),
  fc.record({ type: fc.constant('duplicateNodes' as const), nodeIds: idsArb, offset: posArb }, { requiredKeys: ['type', 'nodeIds'] }),
  fc.record({ type: fc.constant('paste' as const), clipboard: fc.anything({ maxDepth: 2 }), offset: posArb }),
  fc.record(
    { type: fc.constant('autoLayout' as const), spacing: fc.record({ x: fc.integer({ min: -10, max: 300 }), y: fc.integer({ min: 1, max: 200 }) }) },
    { requiredKeys: ['type'] },
  ),
);

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 10, arbitrary: cmdArb.map((cmd) => ({ do: 'cmd' as const, cmd })) },
  {
    weight: 10,
    arbitrary: fc.record({
      do: fc.constant('pick' as const),
      op: fc.constantFrom<PickOp>('connect', 'connect', 'connect', 'remove', 'disconnect', 'move', 'copyPaste', 'duplicate'),
      picks: fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 3 }),
      position: posArb,
    }),
  },
  { weight: 2, arbitrary: fc.constant({ do: 'undo' as const }) },
  { weight: 1, arbitrary: fc.constant({ do: 'redo' as const }) },
);

/** The canonical chain plus a free concat (`many` input) and dense, without the dense → output edge. */
function initialGraph(): PipelineGraph {
  const g = canonicalGraph();
  return {
    nodes: [...g.nodes, node('concat', 'concat', {}, 0, 300), { ...node('dense2', 'dense', { units: 2, activation: 'tanh' }, 240, 300), label: 'Two' }],
    edges: g.edges.filter((e) => e.id !== 'e5'),
  };
}

/** Problems commands must never introduce (the initial graph has none of them). */
const STRUCTURAL = /unknown node kind|has no (input|output) port|arrives at|twice|takes one connection|on a loop|does not exist/i;

function expectSound(graph: PipelineGraph): void {
  expect(graphSchemaError(graph)).toBeNull();
  expect(nodesOnCycles(graph)).toEqual([]);
  expect(validateGraph(graph, testKinds).filter((i) => STRUCTURAL.test(i.message))).toEqual([]);
  // What the document stores survives JSON exactly.
  expect(JSON.parse(JSON.stringify(graph))).toEqual(graph);
}

describe('History property', () => {
  it('random edits keep the graph valid and acyclic; undo all restores it exactly; redo all re-applies', () => {
    fc.assert(
      fc.property(fc.array(actionArb, { maxLength: 60, size: 'max' }), (actions) => {
        const initial = initialGraph();
        const c = ctx();
        let h: History = createHistory(initial);
        for (const action of actions) {
          if (action.do === 'undo') h = undo(h);
          else if (action.do === 'redo') h = redo(h);
          else {
            const cmd = action.do === 'cmd' ? action.cmd : resolve(action, h.graph);
            const before = h;
            const r = execute(h, cmd, c);
            if (r.error !== null) expect(r.history).toBe(before);
            h = r.history;
          }
          expectSound(h.graph);
        }
        while (canRedo(h)) h = redo(h);
        const final = h.graph;
        const steps = h.past.length;
        while (canUndo(h)) {
          h = undo(h);
          expectSound(h.graph);
        }
        expect(h.graph).toStrictEqual(initial);
        for (let i = 0; i < steps; i++) h = redo(h);
        expect(h.graph).toStrictEqual(final);
      }),
      { numRuns: 400, seed: 20250301 },
    );
  });
});
