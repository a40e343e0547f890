import { describe, expect, it } from 'vitest';
import { inferLayerShapes, type LayerGraph } from './inferLayerShapes';
import type { LayerContext } from './types';

const BINARY: LayerContext = { task: 'binary', nClasses: 2 };
const node = (id: string, kind: string, params: unknown = {}) => ({ id, kind, params });
const edge = (source: string, target: string) => ({ source, target });
/** A chain graph: input → … → output, ids as given. */
function chain(...nodes: { id: string; kind: string; params: unknown }[]): LayerGraph {
  return { nodes, edges: nodes.slice(1).map((n, i) => edge(nodes[i]!.id, n.id)) };
}
const messages = (g: LayerGraph, shape: number[] = [8], target: LayerContext | undefined = BINARY) =>
  inferLayerShapes(g, shape, target).problems.map((p) => `${p.nodeId}: ${p.message}`);

describe('inferLayerShapes', () => {
  it('infers every node of a valid chain, with parameter counts and the total', () => {
    const g = chain(node('in', 'input'), node('d1', 'dense', { units: 16 }), node('drop', 'dropout'), node('out', 'output'));
    const a = inferLayerShapes(g, [8], BINARY);
    expect(a.problems).toEqual([]);
    expect(a.warnings).toEqual([]);
    expect(a.shapes).toEqual({
      in: { ok: true, shape: [8] },
      d1: { ok: true, shape: [16] },
      drop: { ok: true, shape: [16] },
      out: { ok: true, shape: [1] },
    });
    expect(a.params).toEqual({ in: 0, d1: 8 * 16 + 16, drop: 0, out: 17 });
    expect(a.totalParams).toBe(144 + 17);
    expect(a.order).toEqual(['in', 'd1', 'drop', 'out']);
    expect(a.parsedParams['d1']).toMatchObject({ units: 16, activation: 'relu', useBias: true, l2: 0 });
    expect(a.inputId).toBe('in');
    expect(a.outputId).toBe('out');
  });

  it('handles branches and a skip connection; Concatenate joins in edge order', () => {
    const g: LayerGraph = {
      nodes: [
        node('out', 'output'), // document order does not have to be data order
        node('in', 'input'),
        node('a', 'dense', { units: 4 }),
        node('b', 'dense', { units: 6 }),
        node('cat', 'concatenate'),
        node('c', 'dense', { units: 10 }),
        node('sum', 'add'),
      ],
      edges: [edge('in', 'a'), edge('in', 'b'), edge('b', 'cat'), edge('a', 'cat'), edge('cat', 'c'), edge('c', 'sum'), edge('cat', 'sum'), edge('sum', 'out')],
    };
    const a = inferLayerShapes(g, [3], { task: 'multiclass', nClasses: 3 });
    expect(a.problems).toEqual([]);
    expect(a.inputsOf['cat']).toEqual(['b', 'a']);
    expect(a.shapes['cat']).toEqual({ ok: true, shape: [10] });
    expect(a.shapes['sum']).toEqual({ ok: true, shape: [10] });
    expect(a.shapes['out']).toEqual({ ok: true, shape: [3] });
    expect(a.order).toEqual(['in', 'a', 'b', 'cat', 'c', 'sum', 'out']);
    expect(a.totalParams).toBe(16 + 24 + 110 + 33);
  });

  it('reports a cycle on every node in it, naming the path, and keeps going for the rest', () => {
    const g: LayerGraph = {
      nodes: [node('in', 'input'), node('a', 'dense'), node('b', 'dense'), node('c', 'dense'), node('after', 'dense'), node('out', 'output')],
      edges: [edge('in', 'a'), edge('a', 'b'), edge('b', 'c'), edge('c', 'a'), edge('c', 'after'), edge('after', 'out')],
    };
    const a = inferLayerShapes(g, [8], BINARY);
    const cyc = a.problems.filter((p) => p.message.includes('cycle'));
    expect(cyc.map((p) => p.nodeId).sort()).toEqual(['a', 'b', 'c']);
    expect(cyc[0]!.message).toMatch(/form a cycle: (a → b → c → a|b → c → a → b|c → a → b → c)/);
    expect(a.shapes['in']).toEqual({ ok: true, shape: [8] });
    expect(a.shapes['after']).toEqual({ ok: false, error: 'Comes after a cycle.' });
    expect(a.shapes['a']).toEqual({ ok: false, error: 'Part of a cycle.' });
    // Only the cycle is a problem: nodes after it wait rather than pile up messages.
    expect(a.problems).toHaveLength(3);
  });

  it('finds a self-loop', () => {
    const g: LayerGraph = { nodes: [node('in', 'input'), node('a', 'add'), node('out', 'output')], edges: [edge('in', 'a'), edge('a', 'a'), edge('a', 'out')] };
    expect(messages(g)).toEqual(['a: These layers form a cycle: a → a. Data must flow one way, from the input to the output.']);
  });

  it('reports a missing input, a missing output, and extra ones', () => {
    expect(messages({ nodes: [], edges: [] })).toEqual([
      'null: The model has no input node: add one where the features enter.',
      'null: The model has no output node: add one to make predictions.',
    ]);
    const twice: LayerGraph = {
      nodes: [node('i1', 'input'), node('i2', 'input'), node('o1', 'output'), node('o2', 'output')],
      edges: [edge('i1', 'o1'), edge('i2', 'o2')],
    };
    expect(messages(twice)).toEqual([
      'i2: The model has 2 input nodes; keep one and branch from it.',
      'o2: The model has 2 output nodes; keep one.',
      'i2: Input does not lead to the output: connect it on toward the output, or delete it.',
    ]);
  });

  it('reports unconnected nodes and dead-end branches', () => {
    const g: LayerGraph = {
      nodes: [node('in', 'input'), node('d', 'dense'), node('lonely', 'dense'), node('dead', 'dense', { units: 3 }), node('out', 'output')],
      edges: [edge('in', 'd'), edge('d', 'out'), edge('d', 'dead')],
    };
    expect(messages(g)).toEqual([
      'lonely: Dense has no input: connect a layer to it.',
      'dead: Dense does not lead to the output: connect it on toward the output, or delete it.',
    ]);
    expect(messages({ nodes: [node('in', 'input'), node('x', 'conv2d'), node('iso', 'flatten'), node('out', 'output')], edges: [edge('in', 'out')] })).toEqual([
      'x: "conv2d" is not a layer kind.',
      'iso: Flatten has no input: connect a layer to it.',
    ]);
    // An output with nothing connected says so.
    expect(messages({ nodes: [node('in', 'input'), node('out', 'output')], edges: [] })).toEqual([
      'out: Output has no input: connect a layer to it.',
      'in: Input does not lead to the output: connect it on toward the output, or delete it.',
    ]);
  });

  it('reports shape mismatches on the node that refuses, and downstream nodes wait for it', () => {
    const g: LayerGraph = {
      nodes: [node('in', 'input'), node('a', 'dense', { units: 4 }), node('b', 'dense', { units: 5 }), node('sum', 'add'), node('d', 'dense'), node('out', 'output')],
      edges: [edge('in', 'a'), edge('in', 'b'), edge('a', 'sum'), edge('b', 'sum'), edge('sum', 'd'), edge('d', 'out')],
    };
    const a = inferLayerShapes(g, [8], BINARY);
    expect(a.problems).toEqual([{ nodeId: 'sum', message: 'Add needs inputs of identical shape, got [4] and [5].' }]);
    expect(a.shapes['d']).toEqual({ ok: false, error: 'Waits for a valid shape from "sum".' });
    expect(a.shapes['out']!.ok).toBe(false);
    expect(a.params).toEqual({ in: 0, a: 36, b: 45 });
    expect(a.totalParams).toBe(81);

    const seq = chain(node('in', 'input'), node('lstm', 'lstm'), node('out', 'output'));
    expect(messages(seq, [8])).toEqual(['lstm: LSTM needs a sequence [steps, features], got [8].']);
    expect(messages(seq, [12, 8])).toEqual([]);
    const noFlat = chain(node('in', 'input'), node('conv', 'conv1d'), node('out', 'output'));
    expect(messages(noFlat, [12, 8])).toEqual([
      'out: Output needs a vector, got the sequence [10, 16]: add Flatten, GlobalAvgPool1D, or an LSTM/GRU without return sequences before it.',
    ]);
  });

  it('reports an empty feature set on the input node', () => {
    expect(messages(chain(node('in', 'input'), node('out', 'output')), [0])).toEqual([
      'in: The feature set is empty: keep at least one column as a feature.',
    ]);
  });

  it('reports bad ids, unknown kinds, invalid params and bad edges in plain words', () => {
    const g: LayerGraph = {
      nodes: [
        node('in', 'input'),
        node('in', 'dense'),
        node('bad id', 'dense'),
        node('x', 'conv2d'),
        node('d', 'dense', { units: 0, activation: 'leakyRelu', useBias: 'yes', l2: 2.5 }),
        node('out', 'output', null),
      ],
      edges: [edge('in', 'd'), edge('ghost', 'd'), edge('out', 'd'), edge('d', 'in'), { source: 'd', target: 'out', targetPort: 'side' }, edge('d', 'out')],
    };
    expect(messages(g)).toEqual([
      'in: Two nodes share the id "in": each layer needs its own.',
      `bad id: The id "bad id" cannot name a layer: use letters, digits, '-', '.', '_' or '/', starting with a letter or digit.`,
      'x: "conv2d" is not a layer kind.',
      'd: Dense: Units must be at least 1; Activation must be one of none, relu, elu, gelu, tanh, sigmoid, softmax, selu; Bias must be on or off.',
      'd: A connection refers to a node that does not exist ("ghost").',
      'out: Output is the end of the model: nothing can follow it.',
      'in: Input takes no connections: its shape comes from the features.',
      'out: Output has no input port "side".',
      'bad id: Dense has no input: connect a layer to it.',
    ]);
  });

  it('warns when the output head does not fit the task, and needs the task to size the head', () => {
    const g = chain(node('in', 'input'), node('out', 'output', { head: 'softmax' }));
    const a = inferLayerShapes(g, [4], BINARY);
    expect(a.problems).toEqual([]);
    expect(a.warnings).toEqual([{ nodeId: 'out', message: expect.stringMatching(/softmax over the single output/) as unknown as string }]);
    expect(inferLayerShapes(g, [4], { task: 'multiclass', nClasses: 3 }).warnings).toEqual([]);
    expect(inferLayerShapes(g, [4]).problems.map((p) => `${p.nodeId}: ${p.message}`)).toEqual(['out: Output needs the task (binary, multiclass or regression) to know its size.']);
  });

  it('treats ids like "constructor" and "__proto__" as plain keys', () => {
    const g = chain(node('constructor', 'input'), node('toString', 'dense', { units: 0 }), node('__proto__', 'output'));
    const a = inferLayerShapes(g, [2], BINARY);
    expect(a.problems.map((p) => p.nodeId)).toEqual(['toString', '__proto__']);
    expect(a.shapes['constructor']).toEqual({ ok: true, shape: [2] });
    expect(a.shapes['toString']).toEqual({ ok: false, error: 'Its parameters are invalid.' });
    expect(Object.keys(a.shapes)).toEqual(['constructor', 'toString', '__proto__']);
    const ok = inferLayerShapes(chain(node('in', 'input'), node('constructor', 'dense', { units: 2 }), node('out', 'output')), [2], BINARY);
    expect(ok.problems).toEqual([]);
    expect(ok.params['constructor']).toBe(6);
  });

  it('fills defaults for params missing from an older document', () => {
    const a = inferLayerShapes(chain(node('in', 'input'), node('d', 'dense', {}), node('out', 'output', undefined)), [2], BINARY);
    expect(a.problems).toEqual([]);
    expect(a.shapes['d']).toEqual({ ok: true, shape: [32] });
  });

  it('sizes a reconstruct head from the input\'s last axis, and refuses it on a task other than binary', () => {
    const g = chain(node('in', 'input'), node('d', 'dense', { units: 4 }), node('out', 'output', { head: 'reconstruct' }));
    const a = inferLayerShapes(g, [10], BINARY);
    expect(a.problems).toEqual([]);
    expect(a.warnings).toEqual([]);
    expect(a.shapes['out']).toEqual({ ok: true, shape: [10] });
    expect(a.params['out']).toBe(4 * 10 + 10);
    const seq = inferLayerShapes(chain(node('in', 'input'), node('r', 'gru', { units: 4 }), node('out', 'output', { head: 'reconstruct' })), [6, 3], BINARY);
    expect(seq.shapes['out']).toEqual({ ok: true, shape: [3] });
    expect(messages(g, [10], { task: 'regression', nClasses: 1 })).toEqual([
      'out: The reconstruct head scores rows for anomaly detection, so it needs a binary target that says which rows are anomalies (the task is regression): choose such a target, or another head.',
    ]);
  });
});
