import { describe, expect, it, vi } from 'vitest';
import { createProject } from '../document';
import { migrateV1ToV2 } from './migrate';
import { asEdgeId, asNodeId, type GraphEdge, type PipelineGraph } from './schema';
import { canonicalGraph, node, testKinds } from './testKinds';
import { layerSubgraph, validateGraph, validateProjectV2, type GraphIssue } from './validate';

const n = asNodeId;
const edge = (id: string, source: string, target: string, sourcePort = 'out', targetPort = 'in'): GraphEdge => ({
  id: asEdgeId(id),
  source: n(source),
  sourcePort,
  target: n(target),
  targetPort,
});

type Edit = (g: PipelineGraph) => PipelineGraph;
const withoutNode =
  (id: string): Edit =>
  (g) => ({ nodes: g.nodes.filter((x) => x.id !== id), edges: g.edges.filter((e) => e.source !== id && e.target !== id) });
const withoutEdge =
  (id: string): Edit =>
  (g) => ({ nodes: g.nodes, edges: g.edges.filter((e) => e.id !== id) });
const plusNode =
  (...nodes: PipelineGraph['nodes']): Edit =>
  (g) => ({ nodes: [...g.nodes, ...nodes], edges: g.edges });
const plusEdge =
  (...edges: GraphEdge[]): Edit =>
  (g) => ({ nodes: g.nodes, edges: [...g.edges, ...edges] });
const setParams =
  (id: string, params: Record<string, unknown>): Edit =>
  (g) => ({ nodes: g.nodes.map((x) => (x.id === id ? { ...x, params: params as never } : x)), edges: g.edges });
const compose =
  (...edits: Edit[]): Edit =>
  (g) =>
    edits.reduce((acc, f) => f(acc), g);

describe('validateGraph', () => {
  it('finds nothing wrong with the canonical pipeline', () => {
    expect(validateGraph(canonicalGraph(), testKinds)).toEqual([]);
  });

  const cases: { name: string; edit: Edit; issues: GraphIssue[] }[] = [
    {
      name: 'unknown kind',
      edit: plusNode(node('x', 'mystery')),
      issues: [{ nodeId: n('x'), message: 'Unknown node kind "mystery": this Orrery cannot run it. Delete it or update Orrery.' }],
    },
    {
      name: 'params failing the kind schema name the field (with its label when documented)',
      edit: setParams('split', { kind: 'random', validation: 0.9, test: 0.1, stratify: true }),
      issues: [{ nodeId: n('split'), message: '"Validation fraction" (validation): Too big: expected number to be <=0.5.' }],
    },
    {
      name: 'params failing the kind schema name the field',
      edit: setParams('dense', { units: 0, activation: 'relu' }),
      issues: [{ nodeId: n('dense'), message: '"units": Too small: expected number to be >=1.' }],
    },
    {
      name: 'missing split: its neighbours dangle and the split is missing',
      edit: withoutNode('split'),
      issues: [
        { nodeId: n('input'), message: 'Nothing is connected to the input "in" of Input (input).' },
        { nodeId: null, message: 'The pipeline needs a Split node.' },
      ],
    },
    {
      name: 'missing evaluate',
      edit: withoutNode('evaluate'),
      issues: [{ nodeId: null, message: 'The pipeline needs an Evaluate node.' }],
    },
    {
      name: 'two sources',
      edit: plusNode(node('source2', 'source', { dropIdentifiers: false })),
      issues: [
        { nodeId: n('source'), message: 'There are 2 Data source nodes; the pipeline takes one.' },
        { nodeId: n('source2'), message: 'There are 2 Data source nodes; the pipeline takes one.' },
      ],
    },
    {
      name: 'a dangling required input',
      edit: withoutEdge('e4'),
      issues: [{ nodeId: n('dense'), message: 'Nothing is connected to the input "in" of Dense (dense).' }],
    },
    {
      name: 'a cycle (from a file; commands refuse it)',
      edit: compose(plusNode(node('c', 'concat')), plusEdge(edge('x1', 'dense', 'c'), edge('x2', 'c', 'dense'))),
      issues: [
        { nodeId: n('dense'), message: 'The input "in" takes one connection but has several.' },
        { nodeId: n('dense'), message: 'This node is on a loop: data must flow one way, from the source to Evaluate.' },
        { nodeId: n('c'), message: 'This node is on a loop: data must flow one way, from the source to Evaluate.' },
      ],
    },
    {
      name: 'an edge to an unknown port',
      edit: plusEdge(edge('x', 'scale', 'split', 'out', 'side')),
      issues: [{ nodeId: n('split'), message: 'Split (split) has no input port "side"; remove that connection.' }],
    },
    {
      name: 'a table into a tensor port',
      edit: compose(withoutEdge('e4'), plusEdge(edge('x', 'split', 'dense'))),
      issues: [{ nodeId: n('dense'), message: 'A table arrives at "in", which takes a tensor (from Split (split)).' }],
    },
    {
      name: 'the same connection twice',
      edit: plusEdge(edge('x', 'dense', 'output')),
      issues: [
        { nodeId: n('output'), message: 'Dense (dense) is connected to "in" twice.' },
        { nodeId: n('output'), message: 'The input "in" takes one connection but has several.' },
      ],
    },
    {
      name: 'Input not after the Split',
      edit: compose(withoutEdge('e3'), plusEdge(edge('x', 'scale', 'input'))),
      issues: [{ nodeId: n('input'), message: "The model's Input must come after the Split." }],
    },
    {
      name: 'Evaluate not fed by the Output',
      edit: compose(withoutEdge('e6'), plusEdge(edge('x', 'dense', 'evaluate'))),
      issues: [{ nodeId: n('evaluate'), message: 'Evaluate must be fed by the Output head.' }],
    },
    {
      name: 'an empty graph',
      edit: () => ({ nodes: [], edges: [] }),
      issues: ['a Data source', 'a Split', 'an Input', 'an Output', 'an Evaluate'].map((what) => ({
        nodeId: null,
        message: `The pipeline needs ${what} node.`,
      })),
    },
  ];

  it.each(cases)('$name', ({ edit, issues }) => {
    expect(validateGraph(edit(canonicalGraph()), testKinds)).toEqual(issues);
  });

  it('runs extra checks (the shape hook) only on a graph whose kinds, params and edges are sound', () => {
    const check = vi.fn(() => [{ nodeId: n('dense'), message: 'Dense expects [8], got [3].' }]);
    expect(validateGraph(canonicalGraph(), testKinds, { checks: [check] })).toEqual([{ nodeId: 'dense', message: 'Dense expects [8], got [3].' }]);
    expect(check).toHaveBeenCalledWith(canonicalGraph(), testKinds);
    check.mockClear();
    validateGraph(setParams('dense', { units: 0, activation: 'relu' })(canonicalGraph()), testKinds, { checks: [check] });
    expect(check).not.toHaveBeenCalled();
    // A missing node does not block it: shapes can still be shown on the part that exists.
    validateGraph(withoutNode('evaluate')(canonicalGraph()), testKinds, { checks: [check] });
    expect(check).toHaveBeenCalledTimes(1);
  });
});

describe('validateProjectV2', () => {
  it('asks for a target, on the evaluate node', () => {
    const doc = migrateV1ToV2(createProject({ name: 'd', source: { kind: 'sample', id: 'iris' }, columnKinds: {} }));
    const issues = validateProjectV2({ ...doc, graph: canonicalGraph() }, testKinds);
    expect(issues).toEqual([{ nodeId: 'evaluate', message: 'Choose the target: the column the model learns to predict.' }]);
    expect(validateProjectV2({ ...doc, graph: canonicalGraph(), target: 'species' }, testKinds)).toEqual([]);
  });
});

describe('layerSubgraph', () => {
  it('keeps the layer nodes and the edges among them (what inferLayerShapes takes)', () => {
    expect(layerSubgraph(canonicalGraph(), testKinds)).toEqual({
      nodes: [
        { id: 'input', kind: 'input', params: {} },
        { id: 'dense', kind: 'dense', params: { units: 8, activation: 'relu' } },
        { id: 'output', kind: 'output', params: { head: 'auto' } },
      ],
      edges: [
        { source: 'input', target: 'dense', targetPort: 'in' },
        { source: 'dense', target: 'output', targetPort: 'in' },
      ],
    });
  });
});
