import { describe, expect, it } from 'vitest';
import { trainBlocker, type TrainReadiness } from './trainBlocker';

const ready: TrainReadiness = {
  hasData: true,
  dataMatchesProject: true,
  importing: false,
  running: false,
  invalidFields: [],
  project: {
    target: 'species',
    task: 'multiclass',
    dataset: { name: 'Iris', source: { kind: 'sample', id: 'iris' }, columnKinds: {} },
  },
};

describe('trainBlocker', () => {
  it('allows training when everything is in place', () => {
    expect(trainBlocker(ready)).toBeNull();
  });
  it.each<[string, Partial<TrainReadiness>, RegExp]>([
    ['no data', { hasData: false }, /Load a sample or upload a CSV/],
    ['no target', { project: { ...ready.project, target: null } }, /Choose a target/],
    ['no task', { project: { ...ready.project, task: null } }, /Choose a task/],
    ['invalid settings', { invalidFields: ['Hidden layers', 'Epochs'] }, /Fix these settings first: Hidden layers, Epochs/],
    ['running', { running: true }, /press Stop/],
    ['importing', { importing: true }, /import to finish/],
    ['other data', { dataMatchesProject: false }, /uses the dataset "Iris"/],
  ])('blocks with %s', (_, over, message) => {
    expect(trainBlocker({ ...ready, ...over })).toMatch(message);
  });
  it('names the first problem a user would fix', () => {
    expect(trainBlocker({ ...ready, hasData: false, project: { ...ready.project, target: null } })).toMatch(/Load a sample/);
  });
});
