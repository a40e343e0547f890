import { describe, expect, it } from 'vitest';
import { layoutPositions } from './layout';
import { asEdgeId, asNodeId, type PipelineGraph } from './schema';
import { canonicalGraph, node } from './testKinds';
import { longestPathLayers, nodesOnCycles } from './topology';

const edge = (id: string, source: string, target: string) => ({
  id: asEdgeId(id),
  source: asNodeId(source),
  sourcePort: 'out',
  target: asNodeId(target),
  targetPort: 'in',
});

const at = (g: PipelineGraph, spacing = { x: 100, y: 50 }) => Object.fromEntries(layoutPositions(g, spacing));

describe('layoutPositions', () => {
  it('lays a chain out left to right on one row, from the current top-left', () => {
    const g = canonicalGraph();
    const moved: PipelineGraph = { nodes: g.nodes.map((n, i) => ({ ...n, position: { x: 500 - i * 7, y: 30 + i } })), edges: g.edges };
    expect(at(moved)).toEqual({
      source: { x: 458, y: 30 },
      scale: { x: 558, y: 30 },
      split: { x: 658, y: 30 },
      input: { x: 758, y: 30 },
      dense: { x: 858, y: 30 },
      output: { x: 958, y: 30 },
      evaluate: { x: 1058, y: 30 },
    });
  });

  it('puts a node after its deepest input and centres short layers', () => {
    // a → b → d, a → c → e → d; c also → f.
    const g: PipelineGraph = {
      nodes: ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => node(id, 'concat')),
      edges: [edge('1', 'a', 'b'), edge('2', 'b', 'd'), edge('3', 'a', 'c'), edge('4', 'c', 'e'), edge('5', 'e', 'd'), edge('6', 'c', 'f')],
    };
    expect(at(g)).toEqual({
      a: { x: 0, y: 25 },
      b: { x: 100, y: 0 },
      c: { x: 100, y: 50 },
      e: { x: 200, y: 0 },
      f: { x: 200, y: 50 },
      d: { x: 300, y: 25 },
    });
  });

  it('orders a layer by its inputs’ rows (fewer crossings)', () => {
    // Sources in order p, q; their children listed in the opposite order.
    const g: PipelineGraph = {
      nodes: [node('p', 'concat'), node('q', 'concat'), node('cq', 'concat'), node('cp', 'concat')],
      edges: [edge('1', 'q', 'cq'), edge('2', 'p', 'cp')],
    };
    const pos = at(g);
    expect(pos['cp']!.y).toBeLessThan(pos['cq']!.y);
  });

  it('stacks unconnected parts below one another', () => {
    const g: PipelineGraph = {
      nodes: [node('a', 'concat'), node('lonely', 'concat'), node('b', 'concat')],
      edges: [edge('1', 'a', 'b')],
    };
    expect(at(g)).toEqual({ a: { x: 0, y: 0 }, b: { x: 100, y: 0 }, lonely: { x: 0, y: 50 } });
  });

  it('is idempotent and deterministic', () => {
    const g = canonicalGraph();
    const once: PipelineGraph = { nodes: g.nodes.map((n) => ({ ...n, position: layoutPositions(g).get(n.id)! })), edges: g.edges };
    expect(layoutPositions(once)).toEqual(layoutPositions(once));
    expect(once.nodes.map((n) => layoutPositions(once).get(n.id))).toEqual(once.nodes.map((n) => n.position));
  });

  it('still places every node of a graph with a cycle (from a broken file)', () => {
    const g: PipelineGraph = {
      nodes: [node('a', 'concat'), node('b', 'concat'), node('c', 'concat'), node('d', 'concat')],
      edges: [edge('1', 'a', 'b'), edge('2', 'b', 'c'), edge('3', 'c', 'b'), edge('4', 'c', 'd')],
    };
    expect(nodesOnCycles(g)).toEqual(['b', 'c']);
    const pos = layoutPositions(g);
    expect(pos.size).toBe(4);
    expect([...pos.values()].every((p) => Number.isFinite(p.x) && Number.isFinite(p.y))).toBe(true);
    expect(longestPathLayers(g).get('a' as never)).toBe(0);
  });

  it('gives nothing for an empty graph', () => {
    expect(layoutPositions({ nodes: [], edges: [] }).size).toBe(0);
  });
});
