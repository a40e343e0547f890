// A v2 project's graph runs through the same experiment as the v1 settings: the migrated default
// graph trains and evaluates, edits to the graph change what is trained, and bad graphs are refused.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { importCsvText } from '../data/csv';
import { cellText } from '../data/table';
import { createProject } from './document';
import { migrateV1ToV2 } from './graph/migrate';
import type { ProjectDocumentV2 } from './graph/projectV2';
import type { GraphNode, NodeId } from './graph/schema';
import type { FittedFeatures } from './experiment';
import { featureChain, previewFeatureNode, runGraphExperiment } from './graphExperiment';
import { predictTable } from './scoring';
import { accuracyOf } from './scoring.testing';
import { disposeModel } from '../train/train';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function blobs(n: number): string {
  const lines = ['id,x1,x2,colour,when,label'];
  for (let i = 0; i < n; i++) {
    const pos = i % 2 === 0;
    const x1 = i % 17 === 0 ? 'NA' : ((pos ? 1.5 : -1.5) + Math.sin(i)).toFixed(3);
    lines.push(`${1000 + i},${x1},${Math.cos(i * 3).toFixed(3)},${['red', 'blue'][i % 3 === 0 ? 0 : 1]},2024-01-${String((i % 28) + 1).padStart(2, '0')},${pos ? 'yes' : 'no'}`);
  }
  return lines.join('\n');
}

function v2Project(): ProjectDocumentV2 {
  const v1 = createProject({ name: 'blobs', source: { kind: 'file', fileName: 'blobs.csv', bytes: 1 }, columnKinds: {} }, {
    target: 'label',
    task: 'binary',
  });
  const doc = migrateV1ToV2({ ...v1, training: { ...v1.training, epochs: 25, learningRate: 0.01, earlyStopping: { enabled: false, patience: 5 } } });
  return doc;
}

describe('runGraphExperiment', () => {
  const { table } = importCsvText(blobs(300));

  it('trains the migrated default graph: features fitted in order, the layer graph as the network', async () => {
    const doc = v2Project();
    expect(featureChain(doc.graph).map((n) => n.kind)).toEqual(['drop', 'impute', 'scale', 'onehot']);
    const { result, artifacts } = await runGraphExperiment(table, doc, 'cpu');
    expect(result.model).toBe('graph');
    expect(result.history).toHaveLength(25);
    expect(result.features.dropped.map((d) => d.column)).toEqual(['id']);
    expect(result.features.encoded).toContain('x1');
    expect(result.features.encoded.some((n) => n.startsWith('colour'))).toBe(true);
    expect(result.metrics.test.kind).toBe('classification');
    if (result.metrics.test.kind === 'classification') expect(result.metrics.test.accuracy).toBeGreaterThan(0.85);
    expect(artifacts.preprocessor).toMatchObject({ kind: 'graph', outputNames: result.features.encoded });
    expect(artifacts.model!.layers.map((l) => l.name)).toContain('dense_1');
    disposeModel(artifacts.model!);
  });

  it('what the graph says is what trains: a wider Dense layer has more weights', async () => {
    const doc = v2Project();
    const dense = doc.graph.nodes.find((n) => n.kind === 'dense')! as GraphNode;
    const wider = { ...doc, graph: { ...doc.graph, nodes: doc.graph.nodes.map((n) => (n.id === dense.id ? { ...n, params: { ...n.params, units: 7 } } : n)) } };
    const { artifacts } = await runGraphExperiment(table, { ...wider, training: { ...wider.training, epochs: 1 } }, 'cpu');
    expect(artifacts.model!.getLayer(dense.id).getWeights()[0]!.shape[1]).toBe(7);
    disposeModel(artifacts.model!);
  });

  it('refuses a graph whose features still hold missing values, in plain words', async () => {
    const doc = v2Project();
    const impute = doc.graph.nodes.find((n) => n.kind === 'impute')!;
    // Bypass the impute node: connect its input straight to its successor.
    const into = doc.graph.edges.find((e) => e.target === impute.id)!;
    const out = doc.graph.edges.find((e) => e.source === impute.id)!;
    const graph = {
      nodes: doc.graph.nodes.filter((n) => n.id !== impute.id),
      edges: [...doc.graph.edges.filter((e) => e.source !== impute.id && e.target !== impute.id), { ...out, source: into.source as NodeId }],
    };
    await expect(runGraphExperiment(table, { ...doc, graph }, 'cpu')).rejects.toThrow(/"x1" still has \d+ missing value.*add an Impute node/);
  });

  it('refuses a graph that cannot run with the editor\'s reasons', async () => {
    const doc = v2Project();
    const graph = { ...doc.graph, nodes: doc.graph.nodes.filter((n) => n.kind !== 'split'), edges: doc.graph.edges.filter((e) => !e.source.includes('split') && !e.target.includes('split')) };
    await expect(runGraphExperiment(table, { ...doc, graph }, 'cpu')).rejects.toThrow(/pipeline graph cannot run/);
  });

  it('previews a feature node: its output rows and profile, fitted on the training rows only', () => {
    const doc = v2Project();
    const scale = doc.graph.nodes.find((n) => n.kind === 'scale')!;
    const preview = previewFeatureNode(table, doc, scale.id);
    expect(preview.columns).not.toContain('id');
    expect(preview.rows).toHaveLength(20);
    expect(preview.fittedOn).toBeLessThan(300);
    const x1 = preview.profile.columns.find((c) => c.name === 'x1')!;
    expect(x1.missing).toBe(0); // imputed upstream
    // Standardized on the training rows: the mean over all rows is near 0 but not exactly.
    expect(Math.abs(x1.numeric!.mean)).toBeLessThan(0.2);
    const onehot = previewFeatureNode(table, doc, doc.graph.nodes.find((n) => n.kind === 'onehot')!.id);
    expect(onehot.columns.some((c) => c.startsWith('colour='))).toBe(true);
    expect(() => previewFeatureNode(table, doc, 'nope')).toThrow(/no node "nope"/);
  });

  /**
   * x and a label that is the sign of the sum of x over the row and the 3 before it in time (no single
   * row tells it); rows in time order, or shuffled with a date column `day` giving the order.
   */
  function sequenceCsv(shuffled: boolean): string {
    let seed = 11;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
    const xs = Array.from({ length: 600 }, rand);
    const lines = xs.map((x, i) => {
      const sum = xs.slice(Math.max(0, i - 3), i + 1).reduce((a, b) => a + b, 0);
      const day = new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10);
      return `${shuffled ? `${day},` : ''}${x.toFixed(4)},${sum > 0 ? 'up' : 'down'}`;
    });
    if (shuffled) {
      for (let i = lines.length - 1; i > 0; i--) {
        const j = Math.floor(((rand() + 1) / 2) * (i + 1)) % (i + 1);
        [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      }
    }
    return [shuffled ? 'day,x,label' : 'x,label', ...lines].join('\n');
  }

  /** The default graph with its hidden layers replaced by one LSTM, and the Input's params. */
  function lstmProject(inputParams: Record<string, unknown>): ProjectDocumentV2 {
    const doc = v2Project();
    const layerIds = new Set(doc.graph.nodes.filter((n) => n.kind === 'dense' || n.kind === 'dropout').map((n) => n.id));
    const input = doc.graph.nodes.find((n) => n.kind === 'input')!;
    const output = doc.graph.nodes.find((n) => n.kind === 'output')!;
    const lstm = { id: 'lstm_1' as NodeId, kind: 'lstm', params: { units: 16 }, position: { x: 0, y: 0 } };
    const graph = {
      nodes: [...doc.graph.nodes.filter((n) => !layerIds.has(n.id)).map((n) => (n.id === input.id ? { ...n, params: inputParams } : n)), lstm],
      edges: [
        ...doc.graph.edges.filter((e) => !layerIds.has(e.source) && !layerIds.has(e.target)),
        { id: 'e_in_lstm', source: input.id, sourcePort: 'out', target: lstm.id, targetPort: 'in' },
        { id: 'e_lstm_out', source: lstm.id, sourcePort: 'out', target: output.id, targetPort: 'in' },
      ],
    } as unknown as typeof doc.graph;
    return { ...doc, graph, training: { ...doc.training, epochs: 40, learningRate: 0.01 } };
  }

  it('an Input time window feeds sequences to an LSTM, which learns from earlier rows (never later ones)', async () => {
    const seq = importCsvText(sequenceCsv(false)).table;
    const { result, artifacts } = await runGraphExperiment(seq, lstmProject({ window: 4 }), 'cpu');
    expect(artifacts.model!.inputs[0]!.shape).toEqual([null, 4, 1]);
    if (result.metrics.test.kind === 'classification') expect(result.metrics.test.accuracy).toBeGreaterThan(0.8);
    disposeModel(artifacts.model!);
  });

  it('with a time column, the window and a time split follow the dates, not the file order', async () => {
    // A shuffled file, plus one row without a date: left out of the split, read with no history.
    const seq = importCsvText(`${sequenceCsv(true)}\n,0.5,up`).table;
    const doc = lstmProject({ window: 4, timeColumn: 'day' });
    const split = doc.graph.nodes.find((n) => n.kind === 'split')!;
    const graph = { ...doc.graph, nodes: doc.graph.nodes.map((n) => (n.id === split.id ? { ...n, params: { kind: 'time', column: 'day', validation: 0.15, test: 0.15 } } : n)) };
    const { result, artifacts } = await runGraphExperiment(seq, { ...doc, graph }, 'cpu');
    expect(result.splitSizes).toEqual({ train: 420, validation: 90, test: 90 });
    expect(result.warnings.filter((w) => w.startsWith('1 row(s) have no time in "day"'))).toHaveLength(2);
    // The test rows are the 90 latest days.
    const day = seq.columns.find((c) => c.name === 'day')!;
    const latest = new Set(Array.from({ length: 90 }, (_, i) => new Date(Date.UTC(2020, 0, 511 + i)).toISOString().slice(0, 10)));
    expect(Array.from(artifacts.split!.test).every((r) => latest.has(cellText(day, r)))).toBe(true);
    expect(artifacts.preprocessor).toMatchObject({ window: 4, timeColumn: 'day' });
    expect(result.metrics.test.kind).toBe('classification');
    if (result.metrics.test.kind !== 'classification') return;
    expect(result.metrics.test.accuracy).toBeGreaterThan(0.8);
    // Scoring with the saved fitted graph reads the windows in the same time order.
    const saved = { ...artifacts, preprocessor: JSON.parse(JSON.stringify(artifacts.preprocessor)) as FittedFeatures };
    const label = seq.columns.find((c) => c.name === 'label')!;
    const test = artifacts.split!.test;
    const scored = predictTable(saved, seq, test).labels!;
    expect(accuracyOf(scored, Array.from(test, (r) => cellText(label, r)))).toBeCloseTo(result.metrics.test.accuracy, 12);
    disposeModel(artifacts.model!);
  });
});
