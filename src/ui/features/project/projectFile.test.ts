import { describe, expect, it } from 'vitest';
import { createProject } from '../../../core/pipeline/document';
import { parseProjectFile, projectFileName, serializeProject } from './projectFile';

const doc = createProject({ name: 'Iris', source: { kind: 'sample', id: 'iris' }, columnKinds: {} }, { name: 'iris', target: 'species', task: 'multiclass' });

describe('project files', () => {
  it('round-trips through the file text', () => {
    expect(parseProjectFile(serializeProject(doc))).toEqual(doc);
  });
  it('rejects text that is not JSON, in plain words', () => {
    expect(() => parseProjectFile('{nope')).toThrow(/not valid JSON/);
  });
  it('rejects JSON that is not a valid project', () => {
    expect(() => parseProjectFile(JSON.stringify({ ...doc, seed: -1 }))).toThrow(/seed/);
    expect(() => parseProjectFile('[]')).toThrow();
  });
  it('names the file after the project, without characters file systems reject', () => {
    expect(projectFileName('iris')).toBe('iris.orrery.json');
    expect(projectFileName('a/b:c?')).toBe('a_b_c_.orrery.json');
    expect(projectFileName('..')).toBe('project.orrery.json');
  });
});
