import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createProject } from '../document';
import { createKindLookup, DEFAULT_SPLIT, PIPELINE_NODES, SOURCE_NODE } from './pipelineNodes';
import { graphSchema, graphSchemaError, ID_PATTERN, isValidId, MAX_NODES, type PipelineGraph } from './schema';
import { canonicalGraph, node } from './testKinds';

/** tfjs-layers' own rule for layer names (common.ts, isValidTensorName). */
const TFJS_NAME = /^[A-Za-z0-9][-A-Za-z0-9._/]*$/;

describe('graphSchema', () => {
  it('accepts the canonical graph and round-trips it through JSON', () => {
    const g = canonicalGraph();
    expect(graphSchemaError(g)).toBeNull();
    expect(graphSchema.parse(JSON.parse(JSON.stringify(g)))).toStrictEqual(g);
  });

  const g = canonicalGraph();
  const first = g.nodes[0]!;
  const cases: { name: string; value: unknown; error: RegExp }[] = [
    { name: 'not an object', value: [], error: /\(graph\)/ },
    { name: 'id with a space', value: { ...g, nodes: [{ ...first, id: 'a b' }] }, error: /nodes\.0\.id: must be letters/ },
    { name: 'id starting with "_" (tfjs refuses it)', value: { ...g, nodes: [{ ...first, id: '_a' }] }, error: /nodes\.0\.id/ },
    { name: 'id of 101 characters', value: { ...g, nodes: [{ ...first, id: 'a'.repeat(101) }] }, error: /nodes\.0\.id/ },
    { name: 'empty kind', value: { ...g, nodes: [{ ...first, kind: '' }] }, error: /nodes\.0\.kind/ },
    { name: 'NaN position', value: { ...g, nodes: [{ ...first, position: { x: Number.NaN, y: 0 } }] }, error: /nodes\.0\.position\.x/ },
    { name: 'infinite position', value: { ...g, nodes: [{ ...first, position: { x: 0, y: -Infinity } }] }, error: /position\.y/ },
    { name: 'params not JSON', value: { ...g, nodes: [{ ...first, params: { f: () => 1 } }] }, error: /nodes\.0\.params\.f/ },
    { name: 'label too long', value: { ...g, nodes: [{ ...first, label: 'x'.repeat(201) }] }, error: /nodes\.0\.label/ },
    { name: 'label undefined (absent is the only way)', value: { ...g, nodes: [{ ...first, label: undefined }] }, error: /nodes\.0\.label/ },
    { name: 'duplicate node id', value: { ...g, nodes: [...g.nodes, g.nodes[1]] }, error: /nodes\.7\.id: duplicate node id "scale"/ },
    { name: 'duplicate edge id', value: { ...g, edges: [...g.edges, g.edges[0]] }, error: /edges\.6\.id: duplicate edge id "e1"/ },
    { name: 'edge to a missing node', value: { ...g, edges: [{ ...g.edges[0]!, target: 'ghost' }] }, error: /edges\.0\.target: no node with id "ghost"/ },
    {
      name: 'too many nodes',
      value: { nodes: Array.from({ length: MAX_NODES + 1 }, (_, i) => node(`n${i}`, 'dense')), edges: [] },
      error: /nodes: Too big/,
    },
  ];
  it.each(cases)('refuses $name', ({ value, error }) => {
    expect(graphSchemaError(value)).toMatch(error);
  });

  it('accepts exactly MAX_NODES nodes', () => {
    const full: PipelineGraph = { nodes: Array.from({ length: MAX_NODES }, (_, i) => node(`n${i}`, 'dense')), edges: [] };
    expect(graphSchemaError(full)).toBeNull();
  });

  it('ids are always valid tfjs layer names', () => {
    fc.assert(
      fc.property(fc.stringMatching(ID_PATTERN), (id) => {
        expect(TFJS_NAME.test(id)).toBe(true);
      }),
    );
    expect(isValidId('dense_1')).toBe(true);
    expect(isValidId('-x')).toBe(false);
    expect(isValidId('a.b')).toBe(false);
  });
});

describe('PIPELINE_NODES', () => {
  it.each(Object.values(PIPELINE_NODES))('$kind: defaults pass its params schema and are JSON', (def) => {
    expect(def.params.safeParse(def.defaults).success).toBe(true);
    expect(JSON.parse(JSON.stringify(def.defaults))).toEqual(def.defaults);
  });

  it('the split default is createProject’s', () => {
    expect(DEFAULT_SPLIT).toEqual(createProject({ name: 'd', source: { kind: 'sample', id: 'x' }, columnKinds: {} }).split);
  });

  it('createKindLookup joins registries and refuses clashes', () => {
    const lookup = createKindLookup(PIPELINE_NODES);
    expect(lookup('source')).toBe(SOURCE_NODE);
    expect(lookup('nope')).toBeUndefined();
    expect(() => createKindLookup(PIPELINE_NODES, { source: SOURCE_NODE })).toThrow(/registered twice/);
    expect(() => createKindLookup({ src: SOURCE_NODE })).toThrow(/says its kind is "source"/);
  });
});
