import { beforeEach, describe, expect, it } from 'vitest';
import { createProject } from '../../core/pipeline/document';
import { migrateV1ToV2 } from '../../core/pipeline/graph/migrate';
import { loadAnyProject } from '../../core/pipeline/load';
import { selectGraph } from './graphSelectors';
import { pageStateOf, runnableProject } from './runnableProject';
import { resetStudioStore, useStudio } from './store';

const v1 = createProject({ name: 'cars', source: { kind: 'sample', id: 'cars' }, columnKinds: {} }, { target: 'mpg', task: 'regression', seed: 7 });

describe('runnableProject / pageStateOf', () => {
  it('settings mode trains and saves the v1 document as edited', () => {
    expect(runnableProject(v1, 'settings', migrateV1ToV2(v1).graph)).toBe(v1);
  });

  it('graph mode gives a valid v2 document carrying the editor graph and the shared settings', () => {
    const graph = migrateV1ToV2(v1).graph;
    const doc = runnableProject(v1, 'graph', graph);
    expect(loadAnyProject(JSON.parse(JSON.stringify(doc)))).toEqual(doc);
    expect(doc).toMatchObject({ version: 2, target: 'mpg', task: 'regression', seed: 7, model: { kind: 'graph' }, graph });
  });

  it('a saved graph project opens in graph mode with its graph and split, and saves back the same', () => {
    const graph = migrateV1ToV2({ ...v1, split: { kind: 'random', validation: 0.2, test: 0.25, stratify: false } }).graph;
    const saved = runnableProject(v1, 'graph', graph);
    const page = pageStateOf(saved);
    expect(page.mode).toBe('graph');
    expect(page.graph).toEqual(graph);
    expect(page.project.split).toEqual({ kind: 'random', validation: 0.2, test: 0.25, stratify: false });
    expect(runnableProject(page.project, page.mode, page.graph)).toEqual(saved);
  });

  it('a v1 project opens in settings mode with the graph migrated from it', () => {
    expect(pageStateOf(v1)).toEqual({ project: v1, mode: 'settings', graph: migrateV1ToV2(v1).graph });
  });
});

describe('pipeline mode in the store', () => {
  beforeEach(() => resetStudioStore());

  it('a graph edit that changes what trains switches to graph mode; a move or a reset does not', () => {
    const s = useStudio.getState;
    expect(s().pipelineMode).toBe('settings');
    const first = selectGraph(s()).nodes[0]!;
    s().runGraphCommand({ type: 'moveNodes', moves: [{ id: first.id, position: { x: 5, y: 5 } }] });
    expect(s().pipelineMode).toBe('settings');
    s().resetGraph(migrateV1ToV2(v1).graph);
    expect(s().pipelineMode).toBe('settings');
    const dense = selectGraph(s()).nodes.find((n) => n.kind === 'dense')!;
    expect(s().runGraphCommand({ type: 'setParams', nodeId: dense.id, params: { ...dense.params, units: 3 } })).toBe(true);
    expect(s().pipelineMode).toBe('graph');
  });
});
