import { describe, expect, it } from 'vitest';
import { applyCommand } from './commands';
import { createIdGenerator } from './ids';
import { isValidId } from './schema';
import { canonicalGraph, testKinds } from './testKinds';

describe('createIdGenerator', () => {
  it('counts per hint', () => {
    const next = createIdGenerator();
    expect([next('dense'), next('dense'), next('e'), next('dense')]).toEqual(['dense_1', 'dense_2', 'e_1', 'dense_3']);
  });

  it('continues after the ids a graph already uses', () => {
    const g = canonicalGraph();
    const reopened = { ...g, nodes: [...g.nodes, { ...g.nodes[4]!, id: 'dense_7' as never }] };
    expect(createIdGenerator(reopened)('dense')).toBe('dense_8');
    expect(createIdGenerator(reopened)('input')).toBe('input_1');
  });

  it('falls back to "node" for hints that are not id prefixes', () => {
    const id = createIdGenerator()('not valid!');
    expect(id).toBe('node_1');
    expect(isValidId(id)).toBe(true);
  });

  it('names nodes by kind and edges "e_k" through the commands', () => {
    const ctx = { kinds: testKinds, newId: createIdGenerator(canonicalGraph()) };
    const added = applyCommand(canonicalGraph(), { type: 'addNode', kind: 'concat', position: { x: 0, y: 0 } }, ctx);
    if ('error' in added) throw new Error(added.error);
    expect(added.graph.nodes.at(-1)?.id).toBe('concat_1');
    const linked = applyCommand(
      added.graph,
      { type: 'connect', source: 'input' as never, sourcePort: 'out', target: 'concat_1' as never, targetPort: 'in' },
      ctx,
    );
    expect('graph' in linked && linked.graph.edges.at(-1)?.id).toBe('e_1');
  });
});
