import { describe, expect, it } from 'vitest';
import { checkConnection } from './checkConnection';
import type { LayerGraph } from './inferLayerShapes';
import type { LayerContext } from './types';

const BINARY: LayerContext = { task: 'binary', nClasses: 2 };
const node = (id: string, kind: string, params: unknown = {}) => ({ id, kind, params });
const edge = (source: string, target: string, targetPort?: string) => ({ source, target, ...(targetPort ? { targetPort } : {}) });

const G: LayerGraph = {
  nodes: [
    node('in', 'input'),
    node('a', 'dense', { units: 4 }),
    node('b', 'dense', { units: 5 }),
    node('c', 'dense', { units: 4 }),
    node('sum', 'add'),
    node('lstm', 'lstm'),
    node('free', 'dense'),
    node('out', 'output'),
  ],
  edges: [edge('in', 'a'), edge('in', 'b'), edge('a', 'c'), edge('a', 'sum')],
};
const check = (source: string, target: string, port?: string) => checkConnection(G, edge(source, target, port), [8], BINARY);

describe('checkConnection', () => {
  it('accepts connections that fit', () => {
    expect(check('c', 'sum')).toBeNull();
    expect(check('sum', 'out')).toBeNull();
    expect(check('b', 'free')).toBeNull();
    expect(check('b', 'free', 'in')).toBeNull();
  });

  it('refuses with the reason', () => {
    expect(check('a', 'ghost')).toBe('Both ends of a connection must be existing layers.');
    expect(check('a', 'a')).toBe('A layer cannot feed itself.');
    expect(check('out', 'free')).toBe('Output is the end of the model: nothing can follow it.');
    expect(check('a', 'in')).toBe('Input takes no connections: its shape comes from the features.');
    expect(check('b', 'free', 'left')).toBe('Dense has no input port "left".');
    expect(check('b', 'c')).toBe('Dense already has an input: remove it first, or join branches with Concatenate or Add.');
    expect(check('c', 'free')).toBeNull();
    expect(checkConnection({ ...G, edges: [...G.edges, edge('c', 'free')] }, edge('free', 'a'), [8], BINARY)).toBe(
      'Dense already has an input: remove it first, or join branches with Concatenate or Add.',
    );
    expect(checkConnection({ ...G, edges: [...G.edges, edge('sum', 'free')] }, edge('free', 'sum'), [8], BINARY)).toBe(
      'This connection would make a cycle: data must flow one way, from the input to the output.',
    );
    expect(check('b', 'sum')).toBe('Add needs inputs of identical shape, got [4] and [5].');
    expect(check('a', 'lstm')).toBe('LSTM needs a sequence [steps, features], got [4].');
  });
});
