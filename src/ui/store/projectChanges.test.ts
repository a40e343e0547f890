import { describe, expect, it } from 'vitest';
import { createProject, projectSchema, type RunRecord } from '../../core/pipeline/document';
import { applyProjectChange, MAX_RUNS, projectForDataset } from './projectChanges';

const iris = createProject({ name: 'Iris', source: { kind: 'sample', id: 'iris' }, columnKinds: {} }, { name: 'iris' });

describe('applyProjectChange', () => {
  it('sets target and task', () => {
    const d = applyProjectChange(applyProjectChange(iris, { type: 'setTarget', target: 'species' }), { type: 'setTask', task: 'multiclass' });
    expect([d.target, d.task]).toEqual(['species', 'multiclass']);
  });

  it('adds and removes column-kind overrides', () => {
    const d = applyProjectChange(iris, { type: 'setColumnKind', column: 'x', kind: 'categorical' });
    expect(d.dataset.columnKinds).toEqual({ x: 'categorical' });
    expect(applyProjectChange(d, { type: 'setColumnKind', column: 'x', kind: null }).dataset.columnKinds).toEqual({});
    expect(iris.dataset.columnKinds).toEqual({});
  });

  it('switches model kinds keeping L2, and every result stays a valid document', () => {
    let d = applyProjectChange(iris, { type: 'setModel', model: { kind: 'linear', l2: 0.01 } });
    d = applyProjectChange(d, { type: 'setModelKind', kind: 'mlp' });
    expect(d.model).toMatchObject({ kind: 'mlp', l2: 0.01, hidden: [64, 64] });
    d = applyProjectChange(d, { type: 'setModelKind', kind: 'baseline' });
    expect(d.model).toEqual({ kind: 'baseline' });
    expect(projectSchema.safeParse(d).success).toBe(true);
  });

  it('patches training and early stopping without losing other fields', () => {
    let d = applyProjectChange(iris, { type: 'setTraining', patch: { backend: 'wasm', epochs: 3 } });
    d = applyProjectChange(d, { type: 'setEarlyStopping', patch: { patience: 2 } });
    expect(d.training).toMatchObject({ backend: 'wasm', epochs: 3, optimizer: 'adam', earlyStopping: { enabled: true, patience: 2 } });
  });

  it(`keeps at most ${MAX_RUNS} runs, dropping the oldest`, () => {
    const run = (i: number): RunRecord => ({
      id: `r${i}`,
      startedAt: '2025-01-01T00:00:00Z',
      backend: 'cpu',
      model: 'Linear',
      durationMs: 1,
      bestEpoch: null,
      stoppedBy: 'completed',
      test: {},
      baseline: {},
    });
    let d = { ...iris, runs: Array.from({ length: MAX_RUNS }, (_, i) => run(i)) };
    d = applyProjectChange(d, { type: 'addRun', run: run(MAX_RUNS) });
    expect(d.runs).toHaveLength(MAX_RUNS);
    expect(d.runs[0]!.id).toBe('r1');
    expect(d.runs.at(-1)!.id).toBe(`r${MAX_RUNS}`);
  });
});

describe('projectForDataset', () => {
  const cols = ['sepal', 'species'];

  it('starts a new project for new data, keeping model and training settings, taking the sample defaults', () => {
    const current = { ...iris, model: { kind: 'linear' as const, l2: 0.5 }, seed: 7 };
    const d = projectForDataset(current, { name: 'Penguins', source: { kind: 'sample', id: 'penguins' } }, 'penguins', ['Species', 'x'], {
      target: 'Species',
      task: 'multiclass',
    });
    expect(d).toMatchObject({ name: 'penguins', target: 'Species', task: 'multiclass', seed: 7, model: { kind: 'linear', l2: 0.5 }, runs: [] });
    expect(d.dataset).toEqual({ name: 'Penguins', source: { kind: 'sample', id: 'penguins' }, columnKinds: {} });
  });

  it('ignores a sample default target that is not a column', () => {
    const d = projectForDataset(iris, { name: 'P', source: { kind: 'sample', id: 'p' } }, 'p', ['a'], { target: 'zz', task: 'binary' });
    expect([d.target, d.task]).toEqual([null, null]);
  });

  it('keeps an opened project when its own data is loaded, dropping overrides of absent columns', () => {
    const opened = {
      ...iris,
      target: 'species',
      task: 'multiclass' as const,
      dataset: { ...iris.dataset, columnKinds: { sepal: 'categorical' as const, gone: 'numeric' as const } },
      runs: [],
    };
    const d = projectForDataset(opened, { name: 'Iris', source: { kind: 'sample', id: 'iris' } }, 'iris', cols, { target: 'species', task: 'binary' });
    expect(d.task).toBe('multiclass');
    expect(d.dataset.columnKinds).toEqual({ sepal: 'categorical' });
  });

  it('falls back to a random split when the split column is absent', () => {
    const withColumn = { ...iris, split: { kind: 'column' as const, column: 'fold', validation: 0.2 } };
    const d = projectForDataset(withColumn, { name: 'X', source: { kind: 'file', fileName: 'x.csv', bytes: 3 } }, 'x', cols, null);
    expect(d.split).toEqual({ kind: 'random', validation: 0.2, test: 0.15, stratify: true });
  });

  it('keeps a time split whose column the same data still has, and falls back to random (keeping its fractions) when it is gone', () => {
    const byTime = { ...iris, split: { kind: 'time' as const, column: cols[0]!, validation: 0.1, test: 0.25 } };
    expect(projectForDataset(byTime, { name: 'Iris', source: { kind: 'sample', id: 'iris' } }, 'iris', cols, null).split).toEqual(byTime.split);
    const gone = { ...byTime, split: { ...byTime.split, column: 'day' } };
    expect(projectForDataset(gone, { name: 'Iris', source: { kind: 'sample', id: 'iris' } }, 'iris', cols, null).split).toEqual({
      kind: 'random',
      validation: 0.1,
      test: 0.25,
      stratify: true,
    });
  });
});
