// Whole trained pipelines (fitted features + model) exported to ONNX: onnxruntime-node reproduces the
// studio's outputs within 1e-4 on every row, the file passes Debian's onnx.checker, and a pipeline
// that cannot be exported is refused up front, naming the node.
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsvText } from '../data/csv';
import { createProject, DEFAULT_MLP, type ModelSpec, type Task } from '../pipeline/document';
import { runExperiment, type TrainedArtifacts } from '../pipeline/experiment';
import { migrateV1ToV2 } from '../pipeline/graph/migrate';
import type { ProjectDocumentV2 } from '../pipeline/graph/projectV2';
import { asEdgeId, asNodeId, type GraphNode, type NodeParams } from '../pipeline/graph/schema';
import { runGraphExperiment } from '../pipeline/graphExperiment';
import { FEATURE_NODES } from '../features/nodes/registry';
import { disposeModel } from '../train/train';
import { isGraphFeatures } from '../pipeline/scoring';
import { onnxCheckerFailures } from './onnx/testing';
import { exportPipelineOnnx, onnxProblems, verificationRows, verifyOnnx } from './pipelineExport';

const exported: { label: string; bytes: Uint8Array }[] = [];
const models: tf.LayersModel[] = [];

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => {
  for (const m of models) disposeModel(m);
  // Every file exported here is valid for the reference checker (full_check).
  expect(onnxCheckerFailures(exported)).toEqual([]);
});

function csv(n: number): string {
  const lines = ['x1,x2,colour,size,price,label'];
  for (let i = 0; i < n; i++) {
    const pos = i % 2 === 0;
    const x1 = i % 11 === 0 ? '' : ((pos ? 1.2 : -1.2) + Math.sin(i)).toFixed(3);
    const colour = i % 13 === 0 ? '' : ['red', 'blue', 'green', 'teal'][i % 4];
    lines.push(`${x1},${(Math.cos(i * 3) * 4).toFixed(3)},${colour},${['S', 'M', 'L'][i % 3]},${(20 + (i % 17) * 3.5).toFixed(2)},${['cat', 'dog', 'eel'][i % 3]}`);
  }
  return lines.join('\n');
}
const { table } = importCsvText(csv(120));

const ort_ = ort as unknown as Parameters<typeof verifyOnnx>[4];

async function check(label: string, artifacts: TrainedArtifacts): Promise<number> {
  if (artifacts.model) models.push(artifacts.model);
  expect(onnxProblems(artifacts)).toEqual([]);
  const bytes = exportPipelineOnnx(artifacts, { name: label, modelKind: 'test' });
  exported.push({ label, bytes });
  const rows = verificationRows(artifacts, table, null, 1000);
  expect(rows.length).toBe(120);
  const v = await verifyOnnx(bytes, artifacts, table, rows, ort_);
  expect(v.maxAbsDiff).toBeLessThanOrEqual(1e-4);
  expect(v.passed).toBe(true);
  return v.maxAbsDiff;
}

function v1(target: string, task: Task, model: ModelSpec) {
  const doc = createProject({ name: 't', source: { kind: 'file', fileName: 't.csv', bytes: 1 }, columnKinds: {} }, { target, task });
  return { ...doc, model, training: { ...doc.training, epochs: 3, earlyStopping: { enabled: false, patience: 5 } } };
}

/** The migrated default graph with its feature chain replaced by `steps` (source → steps → split). */
function graphWith(target: string, task: Task, steps: readonly [string, NodeParams][]): ProjectDocumentV2 {
  const doc = migrateV1ToV2(v1(target, task, { ...DEFAULT_MLP, hidden: [6] }));
  const isFeature = (n: GraphNode) => Object.hasOwn(FEATURE_NODES, n.kind);
  const source = doc.graph.nodes.find((n) => n.kind === 'source')!;
  const split = doc.graph.nodes.find((n) => n.kind === 'split')!;
  const removed = new Set(doc.graph.nodes.filter(isFeature).map((n) => n.id as string));
  const nodes: GraphNode[] = steps.map(([kind, params], i) => ({ id: asNodeId(`f${i}`), kind, params, position: { x: i * 10, y: 0 } }));
  const chain = [source.id, ...nodes.map((n) => n.id), split.id];
  const edges = [
    ...doc.graph.edges.filter((e) => !removed.has(e.source) && !removed.has(e.target) && !(e.source === source.id && e.target === split.id)),
    ...chain.slice(1).map((t, i) => ({ id: asEdgeId(`c${i}`), source: chain[i]!, sourcePort: 'out', target: t, targetPort: 'in' })),
  ];
  return { ...doc, graph: { ...doc.graph, nodes: [...doc.graph.nodes.filter((n) => !isFeature(n)), ...nodes], edges } };
}

describe('exporting a whole pipeline to ONNX', () => {
  it('settings pipelines: linear, MLP (multiclass), regression and the baseline', async () => {
    const cases: [string, ReturnType<typeof v1>][] = [
      ['linear multiclass', v1('label', 'multiclass', { kind: 'linear', l2: 0 })],
      ['mlp multiclass', v1('label', 'multiclass', { ...DEFAULT_MLP, hidden: [8, 4] })],
      ['mlp regression', v1('price', 'regression', { ...DEFAULT_MLP, hidden: [5] })],
      ['baseline', v1('label', 'multiclass', { kind: 'baseline' })],
    ];
    for (const [label, doc] of cases) {
      const { artifacts } = await runExperiment(table, doc, 'cpu');
      await check(label, artifacts);
    }
  }, 60_000);

  it('graph pipelines with the exportable feature nodes: impute, clip, log, bin, scale, one-hot, ordinal, polynomial, select', async () => {
    const steps: [string, NodeParams][] = [
      ['impute', { strategy: 'median', columns: ['x1'], indicator: true }],
      ['impute', { strategy: 'most_frequent', columns: ['colour'] }],
      ['clip', { method: 'iqr', columns: ['x2'] }],
      ['log', { columns: ['price'] }],
      ['bin', { strategy: 'quantile', bins: 4, columns: ['x2'], output: 'onehot' }],
      ['ordinal', { columns: ['size'] }],
      ['onehot', { columns: ['colour'] }],
      ['polynomial', { degree: 2, columns: ['x1', 'price'] }],
      ['scale', { method: 'standard', columns: [] }],
    ];
    const doc = graphWith('label', 'multiclass', steps);
    const { artifacts } = await runGraphExperiment(table, doc, 'cpu');
    const fitted = artifacts.preprocessor;
    const kinds = isGraphFeatures(fitted) ? fitted.steps.map((s) => s.kind) : [];
    expect(kinds).toEqual(steps.map(([k]) => k));
    await check('graph features', artifacts);
  }, 60_000);

  it('refuses a pipeline with a node it cannot export, naming it, before writing anything', async () => {
    const doc = graphWith('label', 'binary', [
      ['impute', { strategy: 'median', columns: ['x1'] }],
      ['formula', { name: 'ratio', expression: 'x2 / 2' }],
      ['onehot', { columns: ['colour', 'size'] }],
    ]);
    const binary = { ...doc, target: 'label', task: 'multiclass' as const };
    const { artifacts } = await runGraphExperiment(table, binary, 'cpu');
    models.push(artifacts.model!);
    const problems = onnxProblems(artifacts);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/Formula.*f1/);
    expect(() => exportPipelineOnnx(artifacts, { name: 'x', modelKind: 'graph' })).toThrow(/cannot be exported to ONNX: .*Formula/);
  }, 60_000);
});
