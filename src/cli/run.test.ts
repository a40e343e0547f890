// The CLI end to end in-process, on the cpu backend and small data: files written, formats, errors.
import { mkdtemp, readFile, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createProject, loadProject } from '../core/pipeline/document';
import { migrateV1ToV2 } from '../core/pipeline/graph/migrate';
import { loadAnyProject } from '../core/pipeline/load';
import { loadLayersModelFromDir } from './modelStore';
import { main } from './run';

let dir: string;
let csv: string;
const samples = join(import.meta.dirname, '../../public/samples');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'orrery-cli-'));
  // Two separable blobs, a categorical column, a missing target, and one broken line (line 5).
  const lines = ['x1,x2,colour,label'];
  for (let i = 0; i < 120; i++) {
    const pos = i % 2 === 0;
    const x1 = (pos ? 2 : -2) + Math.sin(i) * 0.5;
    const x2 = (pos ? -1 : 1) + Math.cos(i) * 0.5;
    lines.push(`${x1.toFixed(3)},${x2.toFixed(3)},${['red', 'blue', 'green'][i % 3]},${i === 7 ? '' : pos ? 'yes' : 'no'}`);
  }
  lines.splice(4, 0, '1,2,3,4,5');
  csv = join(dir, 'blobs.csv');
  await writeFile(csv, lines.join('\n'));
});

afterAll(() => vi.restoreAllMocks());

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  return { out, err, restore: () => vi.restoreAllMocks() };
}

describe('npm run cli -- train', () => {
  it('trains, writes metrics.json, project.json and model/, and --json prints the metrics', async () => {
    const out = join(dir, 'run1');
    const io = capture();
    const code = await main(['train', '--data', csv, '--target', 'label', '--out', out, '--epochs', '30', '--backend', 'cpu', '--json', '--seed', '3']);
    io.restore();
    expect(io.err.join('')).toBe('');
    expect(code).toBe(0);
    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8'));
    expect(JSON.parse(io.out.join(''))).toEqual(metrics);
    expect(metrics.task).toBe('binary');
    expect(metrics.backend).toBe('cpu');
    expect(metrics.classes).toEqual(['no', 'yes']);
    expect(metrics.excluded_missing_target).toBe(1);
    expect(metrics.import.skipped).toEqual([{ line: 5, reason: expect.stringContaining('expected 4 fields') }]);
    const { train, validation, test } = metrics.split_sizes;
    expect(train + validation + test).toBe(119);
    for (const k of ['accuracy', 'f1_macro', 'roc_auc', 'log_loss', 'precision_macro', 'recall_macro']) {
      expect(typeof metrics.test[k]).toBe('number');
    }
    expect(metrics.test.accuracy).toBeGreaterThan(0.9);
    expect(metrics.baseline.test.accuracy).toBeLessThan(0.7);
    const project = loadProject(JSON.parse(await readFile(join(out, 'project.json'), 'utf8')));
    expect(project.target).toBe('label');
    expect(project.seed).toBe(3);
    expect(project.runs).toHaveLength(1);
    expect((await readdir(join(out, 'model'))).sort()).toEqual(['baseline.json', 'drift-reference.json', 'model-info.json', 'model.json', 'preprocessing.json', 'target.json', 'weights.bin']);
    const model = await loadLayersModelFromDir(join(out, 'model'));
    expect(model.inputs[0]!.shape[1]).toBe(JSON.parse(await readFile(join(out, 'model/preprocessing.json'), 'utf8')).outputNames.length);
    model.dispose();
  });

  it('runs a regression sample with the linear model, and the same seed gives the same metrics', async () => {
    const args = (o: string) => ['train', '--data', join(samples, 'cars.csv'), '--target', 'Miles_per_Gallon', '--model', 'linear', '--epochs', '60', '--learning-rate', '0.05', '--backend', 'cpu', '--out', join(dir, o)];
    const io = capture();
    expect(await main(args('cars1'))).toBe(0);
    expect(await main(args('cars2'))).toBe(0);
    io.restore();
    const m1 = JSON.parse(await readFile(join(dir, 'cars1/metrics.json'), 'utf8'));
    const m2 = JSON.parse(await readFile(join(dir, 'cars2/metrics.json'), 'utf8'));
    expect(m1.task).toBe('regression');
    expect(m1.excluded_missing_target).toBe(8);
    expect(m1.test).toEqual(m2.test);
    expect(m1.test.r2).toBeGreaterThan(0.5);
    expect(Object.keys(m1.test).sort()).toEqual(['kind', 'mae', 'mse', 'n', 'r2', 'rmse']);
  });

  it('runs a saved pipeline-graph project (--project) headless, the same pipeline the studio trains', async () => {
    const v1 = createProject({ name: 'blobs', source: { kind: 'file', fileName: 'blobs.csv', bytes: 1 }, columnKinds: {} }, { target: 'label', task: 'binary' });
    const v2 = migrateV1ToV2(v1);
    const dense = v2.graph.nodes.find((n) => n.kind === 'dense')!;
    const graph = { ...v2.graph, nodes: v2.graph.nodes.map((n) => (n.id === dense.id ? { ...n, params: { ...n.params, units: 5 } } : n)) };
    const file = join(dir, 'graph.orrery.json');
    await writeFile(file, JSON.stringify({ ...v2, graph }));
    const out = join(dir, 'graph-run');
    const io = capture();
    const code = await main(['train', '--project', file, '--data', csv, '--out', out, '--epochs', '40', '--learning-rate', '0.01', '--backend', 'cpu']);
    io.restore();
    expect(io.err.join('')).not.toMatch(/orrery:/);
    expect(code).toBe(0);
    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8'));
    expect(metrics.model).toBe('graph');
    expect(metrics.test.accuracy).toBeGreaterThan(0.85);
    const project = loadAnyProject(JSON.parse(await readFile(join(out, 'project.json'), 'utf8')));
    expect(project.version).toBe(2);
    expect(project.runs[0]?.model).toBe('Pipeline graph');
    const model = await loadLayersModelFromDir(join(out, 'model'));
    expect(model.getLayer(dense.id).getWeights()[0]!.shape).toEqual([expect.any(Number), 5]);
    model.dispose();
    const pre = JSON.parse(await readFile(join(out, 'model/preprocessing.json'), 'utf8'));
    expect(pre.kind).toBe('graph');
    expect(pre.steps.map((s: { kind: string }) => s.kind)).toEqual(['drop', 'impute', 'scale', 'onehot']);
  });

  it('--split-time splits a settings project by time: the latest days are the test rows', async () => {
    const out = join(dir, 'weather');
    const io = capture();
    const code = await main(['train', '--data', join(samples, 'seattle-weather.csv'), '--target', 'temp_max', '--model', 'baseline', '--split-time', 'date', '--out', out, '--backend', 'cpu']);
    io.restore();
    expect(code).toBe(0);
    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8'));
    // 1461 days: test round(1461 · 0.15) = 219, validation 219, train the 1023 earliest.
    expect(metrics.split_sizes).toEqual({ train: 1023, validation: 219, test: 219 });
    expect(loadProject(JSON.parse(await readFile(join(out, 'project.json'), 'utf8'))).split).toEqual({ kind: 'time', column: 'date', validation: 0.15, test: 0.15 });
  });

  it.each([
    [['train', '--data', 'CSV', '--target', 'label', '--out', 'x', '--split-time', 'when'], 'The time column "when" is not in'],
    [['train', '--data', 'nope.csv', '--target', 'y', '--out', 'x'], 'no such file'],
    [['train', '--data', 'CSV', '--target', 'missing', '--out', 'x'], 'The target column "missing" is not in'],
    [['train', '--data', 'CSV', '--target', 'label', '--out', 'x', '--split-column', 'fold'], 'The split column "fold" is not in'],
    [['train', '--data', 'CSV', '--out', 'x'], '--target is required'],
    [['explode'], 'Unknown command "explode"'],
  ])('bad input %j exits non-zero with a clear message', async (argv, message) => {
    const io = capture();
    const code = await main(argv.map((a) => (a === 'CSV' ? csv : a)));
    io.restore();
    expect(code).not.toBe(0);
    expect(io.err.join('')).toContain(message);
    expect(io.err.join('')).not.toMatch(/\n\s+at /); // no stack trace for user mistakes
  });

  it('an empty file is refused with a plain message', async () => {
    const empty = join(dir, 'empty.csv');
    await writeFile(empty, '');
    const io = capture();
    const code = await main(['train', '--data', empty, '--target', 'y', '--out', join(dir, 'e')]);
    io.restore();
    expect(code).toBe(2);
    expect(io.err.join('')).toMatch(/empty/i);
  });
});
