import { describe, expect, it } from 'vitest';
import { graphSchema } from '../../../core/pipeline/graph/schema';
import { validateGraph } from '../../../core/pipeline/graph/validate';
import { analyzeGraph, type ModelContext } from './analysis';
import { EDITOR_KINDS } from './editorKinds';
import { buildTemplate, TEMPLATES, type TemplateId } from './templates';

const classify: ModelContext = { inputShape: [12], inputEstimated: false, target: { task: 'binary', nClasses: 2 } };
const regress: ModelContext = { inputShape: [12], inputEstimated: false, target: { task: 'regression', nClasses: 2 } };

describe('templates', () => {
  it.each(TEMPLATES.map((t) => t.id))('%s is a schema-valid graph that validateGraph accepts with the real registries', (id) => {
    const graph = buildTemplate(id, EDITOR_KINDS, { timeColumn: 'date' });
    expect(graphSchema.safeParse(graph).success).toBe(true);
    expect(validateGraph(graph, EDITOR_KINDS)).toEqual([]);
  });

  const shapesOk: [TemplateId, ModelContext][] = [
    ['logistic', classify],
    ['mlp-classifier', classify],
    ['mlp-regressor', regress],
    ['autoencoder', classify],
  ];
  it.each(shapesOk)('%s has no shape problems either', (id, context) => {
    const analysis = analyzeGraph(buildTemplate(id, EDITOR_KINDS), EDITOR_KINDS, context);
    expect(analysis.problems).toEqual([]);
    expect(analysis.totalParams).toBeGreaterThan(0);
    expect(analysis.paramsComplete).toBe(true);
  });

  it('counts the MLP classifier weights: 12·64+64 + 64·32+32 + 32+1', () => {
    const analysis = analyzeGraph(buildTemplate('mlp-classifier', EDITOR_KINDS), EDITOR_KINDS, classify);
    expect(analysis.totalParams).toBe(12 * 64 + 64 + 64 * 32 + 32 + 33);
    expect(analysis.shapes['dense_1']).toEqual({ ok: true, shape: [64] });
  });

  it('autoencoder: a 16-4-16 bottleneck and a reconstruct head as wide as the input; any task but binary is an error on the output', () => {
    const graph = buildTemplate('autoencoder', EDITOR_KINDS);
    expect(graph.nodes.find((n) => n.id === 'output')!.params).toMatchObject({ head: 'reconstruct', threshold: 0.99 });
    const analysis = analyzeGraph(graph, EDITOR_KINDS, classify);
    expect(['dense_1', 'bottleneck', 'dense_2', 'output'].map((id) => analysis.shapes[id])).toEqual([16, 4, 16, 12].map((u) => ({ ok: true, shape: [u] })));
    const refused = analyzeGraph(graph, EDITOR_KINDS, regress);
    expect(refused.nodeProblems.get('output')).toEqual([expect.stringMatching(/reconstruct head .* needs a binary target/)]);
  });

  it('LSTM forecaster: the input reads time windows, so the LSTM gets a sequence and the graph can run', () => {
    const analysis = analyzeGraph(buildTemplate('lstm-forecaster', EDITOR_KINDS, { timeColumn: 'date' }), EDITOR_KINDS, regress);
    expect(analysis.problems).toEqual([]);
    expect(analysis.shapes['input']).toMatchObject({ ok: true, shape: [8, expect.any(Number)] });
  });

  it('passes the time column to the lag and rolling nodes, and uses the defaults elsewhere', () => {
    const graph = buildTemplate('lstm-forecaster', EDITOR_KINDS, { timeColumn: 'date' });
    const node = (id: string) => graph.nodes.find((n) => n.id === id)!;
    expect(node('lag').params).toMatchObject({ timeColumn: 'date', lags: [1, 2, 3] });
    expect(node('rolling').params).toEqual({ ...(EDITOR_KINDS('rolling')!.defaults as object), timeColumn: 'date' });
  });

  it('LSTM forecaster: with a time column, the split is chronological, the Input window follows the time, and the time is no feature', () => {
    const node = (graph: ReturnType<typeof buildTemplate>, id: string) => graph.nodes.find((n) => n.id === id)!;
    const timed = buildTemplate('lstm-forecaster', EDITOR_KINDS, { timeColumn: 'date' });
    expect(node(timed, 'split').params).toEqual({ kind: 'time', column: 'date', validation: 0.15, test: 0.15 });
    expect(node(timed, 'input').params).toEqual({ window: 8, timeColumn: 'date' });
    expect(node(timed, 'drop_time').params).toEqual({ columns: ['date'] });
    // Not knowing the data: a random split, and the Input's time column left for the inspector.
    const untimed = buildTemplate('lstm-forecaster', EDITOR_KINDS);
    expect(node(untimed, 'split').params).toMatchObject({ kind: 'random', stratify: false });
    expect(node(untimed, 'input').params).toEqual({ window: 8, timeColumn: '' });
    expect(untimed.nodes.some((n) => n.id === 'drop_time')).toBe(false);
    expect(validateGraph(untimed, EDITOR_KINDS)).toEqual([]);
  });

  it('is deterministic and laid out in reading order (left to right, long chains wrap below)', () => {
    const a = buildTemplate('mlp-classifier', EDITOR_KINDS);
    expect(buildTemplate('mlp-classifier', EDITOR_KINDS)).toEqual(a);
    const keys = a.nodes.map((n) => n.position.y * 1e6 + n.position.x);
    expect(keys).toEqual([...keys].sort((p, q) => p - q));
    expect(new Set(keys).size).toBe(keys.length);
  });
});
