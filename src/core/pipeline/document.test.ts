// The time split is an additive schema change: documents with it round-trip through JSON in version 1
// and version 2 (the split node's params), and older documents load unchanged.
import { describe, expect, it } from 'vitest';
import { createProject, loadProject, ProjectFileError, type SplitSpec } from './document';
import { migrateV1ToV2 } from './graph/migrate';
import { SPLIT_KIND, splitParamsSchema } from './graph/pipelineNodes';
import { validateGraph } from './graph/validate';
import fixtureJson from './graph/fixtures/project-v1.json';
import { ALL_KINDS } from './graphExperiment';
import { loadAnyProject } from './load';

const timeSplit: SplitSpec = { kind: 'time', column: 'date', validation: 0.1, test: 0.2 };
const project = createProject({ name: 'weather', source: { kind: 'sample', id: 'seattle-weather' }, columnKinds: {} }, { split: timeSplit });
const roundTrip = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('the time split in the project document', () => {
  it('round-trips a version-1 document', () => {
    expect(loadProject(roundTrip(project))).toEqual(project);
  });

  it('round-trips as the split node of a version-2 document, which validates', () => {
    const v2 = migrateV1ToV2(project);
    const loaded = loadAnyProject(roundTrip(v2));
    expect(loaded).toEqual(v2);
    if (loaded.version !== 2) throw new Error('expected a version-2 document');
    expect(splitParamsSchema.parse(loaded.graph.nodes.find((n) => n.kind === SPLIT_KIND)!.params)).toEqual(timeSplit);
    expect(validateGraph(loaded.graph, ALL_KINDS)).toEqual([]);
  });

  it('refuses a time split without its column or with a test fraction out of range', () => {
    const { column: _column, ...noColumn } = timeSplit;
    expect(() => loadProject({ ...project, split: noColumn })).toThrow(ProjectFileError);
    expect(() => loadProject({ ...project, split: { ...timeSplit, test: 0.9 } })).toThrow(/split\.test/);
  });

  it('still loads documents saved before the time split existed (random and column splits)', () => {
    expect(loadProject(fixtureJson).split).toEqual({ kind: 'random', validation: 0.2, test: 0.1, stratify: true });
    const column = { kind: 'column', column: 'fold', validation: 0 };
    expect(loadProject({ ...fixtureJson, split: column }).split).toEqual(column);
  });
});
