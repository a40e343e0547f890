import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createProject, loadProject, ProjectFileError, type ProjectDocument } from '../document';
import type { NodeKindDef } from '../nodeKind';
import fixtureJson from './fixtures/project-v1.json';
import { migrateV1JsonToV2, migrateV1ToV2 } from './migrate';
import { createKindLookup, PIPELINE_NODES } from './pipelineNodes';
import { projectSchemaV2 } from './projectV2';
import type { PipelineGraph } from './schema';
import { TEST_NODES } from './testKinds';
import { validateGraph } from './validate';

/** Stand-ins for the feature and layer kinds the migration writes, with the params it promises. */
const table = [{ id: 'in', type: 'table' as const }];
const tensor = [{ id: 'in', type: 'tensor' as const }];
const standIn = (kind: string, inputs: typeof table | typeof tensor, params: z.ZodType): NodeKindDef => ({
  kind,
  category: inputs === table ? 'feature' : 'layer',
  label: kind,
  help: '',
  inputs,
  outputs: [{ id: 'out', type: inputs[0]!.type }],
  params,
  defaults: {},
  paramDocs: {},
});
const columns = z.array(z.string());
const MIGRATION_KINDS = createKindLookup(PIPELINE_NODES, {
  drop: standIn('drop', table, z.strictObject({ columns })),
  impute: standIn(
    'impute',
    table,
    z.strictObject({ columns, strategy: z.enum(['median', 'mean', 'most_frequent', 'constant']), addIndicator: z.boolean() }),
  ),
  scale: standIn('scale', table, z.strictObject({ columns, method: z.literal('standard') })),
  onehot: standIn('onehot', table, z.strictObject({ columns, minCount: z.number().int().min(1), maxLevels: z.number().int().min(1) })),
  input: TEST_NODES['input']!,
  dense: standIn(
    'dense',
    tensor,
    z.strictObject({ units: z.number().int().min(1), activation: z.string(), useBias: z.boolean(), l2: z.number().min(0) }),
  ),
  dropout: standIn('dropout', tensor, z.strictObject({ rate: z.number().min(0).max(0.95) })),
  output: standIn('output', tensor, z.strictObject({ head: z.literal('auto') })),
});

/** The chain of `ids` laid out 240 px apart, edges `a-b` from out to in. */
function chain(steps: [id: string, kind: string, params: Record<string, unknown>][]): PipelineGraph {
  return {
    // The default layout wraps after 7 layers into a band below (one free row between bands).
    nodes: steps.map(([id, kind, params], i) => ({ id, kind, params, position: { x: (i % 7) * 240, y: Math.floor(i / 7) * 280 } })),
    edges: steps.slice(1).map(([id], i) => {
      const source = steps[i]![0];
      return { id: `${source}-${id}`, source, sourcePort: 'out', target: id, targetPort: 'in' };
    }),
  } as unknown as PipelineGraph;
}

describe('migrateV1ToV2 on the frozen v1 fixture', () => {
  const v1 = loadProject(fixtureJson);
  const v2 = migrateV1ToV2(v1);

  it('the fixture is a valid v1 document (it is frozen: never edit it)', () => {
    expect(v1.version).toBe(1);
    expect(v1.model.kind).toBe('mlp');
  });

  it('gives the expected default graph', () => {
    expect(v2.graph).toStrictEqual(
      chain([
        ['source', 'source', { dropIdentifiers: true }],
        ['drop', 'drop', { columns: ['Name', 'Cabin'] }],
        ['impute', 'impute', { columns: [], strategy: 'mean', addIndicator: false }],
        ['scale', 'scale', { columns: [], method: 'standard' }],
        ['onehot', 'onehot', { columns: [], minCount: 3, maxLevels: 12 }],
        ['split', 'split', { kind: 'random', validation: 0.2, test: 0.1, stratify: true }],
        ['input', 'input', {}],
        ['dense_1', 'dense', { units: 32, activation: 'tanh', useBias: true, l2: 0.001 }],
        ['dropout_1', 'dropout', { rate: 0.25 }],
        ['dense_2', 'dense', { units: 16, activation: 'tanh', useBias: true, l2: 0.001 }],
        ['dropout_2', 'dropout', { rate: 0.25 }],
        ['output', 'output', { head: 'auto' }],
        ['evaluate', 'evaluate', {}],
      ]),
    );
  });

  it('keeps every other field and trains the graph', () => {
    const { split: _s, features: _f, model: _m, version: _v, ...rest } = v1;
    const { graph: _g, model, version, ...kept } = v2;
    expect(kept).toStrictEqual(rest);
    expect(version).toBe(2);
    expect(model).toEqual({ kind: 'graph' });
    expect(Object.keys(v2).sort()).toEqual(
      ['format', 'version', 'name', 'dataset', 'target', 'task', 'graph', 'model', 'training', 'seed', 'runs'].sort(),
    );
  });

  it('is a valid v2 document that survives JSON exactly', () => {
    const parsed = projectSchemaV2.safeParse(JSON.parse(JSON.stringify(v2)));
    expect(parsed.success).toBe(true);
    expect(parsed.data).toStrictEqual(v2);
  });

  it('gives a graph with no structural problems under kinds with the promised params', () => {
    expect(validateGraph(v2.graph, MIGRATION_KINDS)).toEqual([]);
  });

  it('is what the raw-JSON adapter (for loadProject migrations) gives', () => {
    expect(migrateV1JsonToV2(structuredCloneJson(fixtureJson))).toStrictEqual(v2);
  });
});

function structuredCloneJson<T>(value: T): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

describe('migrateV1ToV2 variants', () => {
  const dataset = { name: 'd', source: { kind: 'sample' as const, id: 'iris' }, columnKinds: {} };
  const nodeIds = (doc: ProjectDocument) => migrateV1ToV2(doc).graph.nodes.map((n) => n.id);

  it.each<[string, Partial<ProjectDocument>, string[], 'graph' | 'baseline']>([
    [
      'default project (MLP 64-64, no dropout)',
      {},
      ['source', 'drop', 'impute', 'scale', 'onehot', 'split', 'input', 'dense_1', 'dense_2', 'output', 'evaluate'],
      'graph',
    ],
    ['linear: no hidden layer', { model: { kind: 'linear', l2: 0.1 } }, ['source', 'drop', 'impute', 'scale', 'onehot', 'split', 'input', 'output', 'evaluate'], 'graph'],
    [
      'baseline: the default MLP layers, baseline model',
      { model: { kind: 'baseline' } },
      ['source', 'drop', 'impute', 'scale', 'onehot', 'split', 'input', 'dense_1', 'dense_2', 'output', 'evaluate'],
      'baseline',
    ],
    [
      'no scaling: no scale node',
      {
        features: {
          excluded: [],
          numeric: { impute: 'median', scale: 'none' },
          categorical: { impute: 'most_frequent', minCount: 1, maxLevels: 1000 },
          dropIdentifiers: false,
        },
      },
      ['source', 'drop', 'impute', 'onehot', 'split', 'input', 'dense_1', 'dense_2', 'output', 'evaluate'],
      'graph',
    ],
  ])('%s', (_, overrides, ids, model) => {
    const doc = createProject(dataset, overrides);
    expect(nodeIds(doc)).toEqual(ids);
    const v2 = migrateV1ToV2(doc);
    expect(v2.model.kind).toBe(model);
    expect(projectSchemaV2.safeParse(v2).success).toBe(true);
    expect(validateGraph(v2.graph, MIGRATION_KINDS)).toEqual([]);
  });

  it('carries a column split and dropIdentifiers: false', () => {
    const doc = createProject(dataset, {
      split: { kind: 'column', column: 'fold', validation: 0 },
      features: { ...createProject(dataset).features, dropIdentifiers: false },
    });
    const nodes = migrateV1ToV2(doc).graph.nodes;
    expect(nodes.find((n) => n.id === 'split')?.params).toEqual({ kind: 'column', column: 'fold', validation: 0 });
    expect(nodes.find((n) => n.id === 'source')?.params).toEqual({ dropIdentifiers: false });
  });
});

describe('migrateV1JsonToV2', () => {
  it('refuses an invalid v1 file naming the field', () => {
    const bad = { ...structuredCloneJson(fixtureJson), model: { kind: 'mlp', hidden: [], activation: 'relu', dropout: 0, l2: 0 } };
    expect(() => migrateV1JsonToV2(bad)).toThrow(ProjectFileError);
    expect(() => migrateV1JsonToV2(bad)).toThrow(/model\.hidden/);
  });
});
