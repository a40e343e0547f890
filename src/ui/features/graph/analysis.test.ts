import { describe, expect, it } from 'vitest';
import { createProject } from '../../../core/pipeline/document';
import { migrateV1ToV2 } from '../../../core/pipeline/graph/migrate';
import { asNodeId, type PipelineGraph } from '../../../core/pipeline/graph/schema';
import { analyzeGraph, formatCount, modelContextOf, shapeLabel, type ModelContext } from './analysis';
import { EDITOR_KINDS } from './editorKinds';

const dataset = { name: 'd', source: { kind: 'file' as const, fileName: 'd.csv', bytes: 1 }, columnKinds: {} };
const defaultGraph = (): PipelineGraph => migrateV1ToV2(createProject(dataset)).graph;
const binary: ModelContext = { inputShape: [5], inputEstimated: true, target: { task: 'binary', nClasses: 2 } };

describe('analyzeGraph', () => {
  it('the default pipeline (migrated v1 project) is runnable with the real registries', () => {
    const a = analyzeGraph(defaultGraph(), EDITOR_KINDS, binary);
    expect(a.problems).toEqual([]);
    expect(a.shapes['output']).toEqual({ ok: true, shape: [1] });
    expect(a.totalParams).toBe(5 * 64 + 64 + 64 * 64 + 64 + 65);
    expect(a.paramsComplete).toBe(true);
  });

  it('puts a structural problem on the node at fault, and a missing node at graph level', () => {
    const g = defaultGraph();
    const graph = { nodes: g.nodes.filter((n) => n.id !== 'evaluate'), edges: g.edges.filter((e) => e.target !== 'evaluate') };
    const a = analyzeGraph(graph, EDITOR_KINDS, binary);
    expect(a.graphProblems).toEqual(['The pipeline needs an Evaluate node.']);
    expect(a.problems[0]).toEqual({ nodeId: null, message: 'The pipeline needs an Evaluate node.' });
  });

  it('reports shape problems on the layer that refuses its input', () => {
    const g = defaultGraph();
    const graph = { ...g, nodes: g.nodes.map((n) => (n.id === 'dense_2' ? { ...n, kind: 'lstm', params: { units: 8, returnSequences: false } } : n)) };
    const a = analyzeGraph(graph, EDITOR_KINDS, binary);
    expect([...a.nodeProblems.keys()]).toEqual(['dense_2']);
    expect(a.nodeProblems.get('dense_2')![0]).toMatch(/LSTM needs a sequence/);
    expect(a.paramsComplete).toBe(false);
    expect(a.totalParams).toBe(5 * 64 + 64);
  });

  it('shows bad params once (validateGraph), not again from the shape analysis', () => {
    const g = defaultGraph();
    const graph = { ...g, nodes: g.nodes.map((n) => (n.id === 'dense_1' ? { ...n, params: { ...n.params, units: 0 } } : n)) };
    const a = analyzeGraph(graph, EDITOR_KINDS, binary);
    expect(a.nodeProblems.get('dense_1')).toHaveLength(1);
    expect(a.nodeProblems.get('dense_1')![0]).toMatch(/Units/);
  });

  it('the output head needs a task', () => {
    const a = analyzeGraph(defaultGraph(), EDITOR_KINDS, { ...binary, target: null });
    expect(a.nodeProblems.get(asNodeId('output'))?.[0]).toMatch(/task/);
  });
});

describe('modelContextOf', () => {
  const columns = [
    { name: 'id', kind: 'identifier' },
    { name: 'a', kind: 'numeric' },
    { name: 'b', kind: 'categorical' },
    { name: 'notes', kind: 'text' },
    { name: 'y', kind: 'categorical' },
  ];
  it('estimates one feature per usable column before a run', () => {
    expect(modelContextOf({ columns, target: 'y', task: 'multiclass', targetLevels: 4, run: null })).toEqual({
      inputShape: [2],
      inputEstimated: true,
      target: { task: 'multiclass', nClasses: 4 },
    });
  });
  it('takes the width and classes from the last run', () => {
    expect(modelContextOf({ columns, target: 'y', task: 'multiclass', targetLevels: 4, run: { encodedFeatures: 9, classes: 3 } })).toEqual({
      inputShape: [9],
      inputEstimated: false,
      target: { task: 'multiclass', nClasses: 3 },
    });
  });
  it('has no target context without a task', () => {
    expect(modelContextOf({ columns: [], target: null, task: null, targetLevels: null, run: null }).target).toBeNull();
  });
});

describe('labels', () => {
  it('formats shapes with the batch dimension and counts with separators', () => {
    expect(shapeLabel([64])).toBe('[batch, 64]');
    expect(shapeLabel([16, 8])).toBe('[batch, 16, 8]');
    expect(formatCount(4545)).toBe('4,545');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(12)).toBe('12');
  });
});
