/** Test helpers for anomaly detection: a table with off-plane anomalies and an autoencoder project for it. */
import { createRng } from '../util/random';
import { createProject } from './document';
import { migrateV1ToV2 } from './graph/migrate';
import type { ProjectDocumentV2 } from './graph/projectV2';
import type { NodeId } from './graph/schema';

/** Rows near a plane in 5 features, 8% of them shuffled among their features (off the plane, same size). */
export function planeCsv(n: number, seed: number): string {
  const rng = createRng(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const basis = [
    [1, 0.6, -0.5, 0.8, 0.2],
    [0.1, 0.7, 0.6, -0.4, 1],
  ];
  const lines = ['a,b,c,d,e,is_anomaly'];
  for (let i = 0; i < n; i++) {
    const z = [gaussian(), gaussian()];
    const row = basis[0]!.map((_, j) => z[0]! * basis[0]![j]! + z[1]! * basis[1]![j]! + 0.05 * gaussian());
    const anomalous = rng() < 0.08;
    // A rotation by 2 is never the identity, and moves every value to another feature.
    const values = anomalous ? row.map((_, j) => row[(j + 2) % row.length]!) : row;
    lines.push(`${values.map((v) => v.toFixed(4)).join(',')},${anomalous ? 1 : 0}`);
  }
  return lines.join('\n');
}

/** The migrated default graph with its layers replaced by 5 → 8 → 2 → 8 → reconstruct. */
export function autoencoderProject(task: 'binary' | 'regression' = 'binary'): ProjectDocumentV2 {
  const v1 = createProject({ name: 'plane', source: { kind: 'file', fileName: 'plane.csv', bytes: 1 }, columnKinds: {} }, { target: 'is_anomaly', task });
  const doc = migrateV1ToV2({ ...v1, training: { ...v1.training, epochs: 60, learningRate: 0.01, batchSize: 32, earlyStopping: { enabled: true, patience: 8 } } });
  const old = new Set(doc.graph.nodes.filter((n) => n.kind === 'dense' || n.kind === 'dropout').map((n) => n.id));
  const input = doc.graph.nodes.find((n) => n.kind === 'input')!;
  const output = doc.graph.nodes.find((n) => n.kind === 'output')!;
  const layer = (id: string, units: number, activation: string) => ({ id: id as NodeId, kind: 'dense', params: { units, activation }, position: { x: 0, y: 0 } });
  const layers = [layer('enc', 8, 'tanh'), layer('code', 2, 'none'), layer('dec', 8, 'tanh')];
  const chain = [input.id, ...layers.map((l) => l.id), output.id];
  const graph = {
    nodes: [...doc.graph.nodes.filter((n) => !old.has(n.id)).map((n) => (n.id === output.id ? { ...n, params: { head: 'reconstruct', threshold: 0.95 } } : n)), ...layers],
    edges: [
      ...doc.graph.edges.filter((e) => !old.has(e.source) && !old.has(e.target) && !(e.source === input.id && e.target === output.id)),
      ...chain.slice(1).map((target, i) => ({ id: `e_${i}`, source: chain[i]!, sourcePort: 'out', target, targetPort: 'in' })),
    ],
  } as unknown as ProjectDocumentV2['graph'];
  return { ...doc, graph };
}

