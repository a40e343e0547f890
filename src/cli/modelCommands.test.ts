// The model commands end to end in-process on a model trained by `train`: explain, permutation
// importance, fairness, export (ONNX checked with onnxruntime-web and Debian's onnx checker) and predict
// (bad input, unseen categories, formula-like cells, drift).
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from './run';

let dir: string;
let csv: string;
let model: string;

function capture() {
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  return err;
}
afterEach(() => vi.restoreAllMocks());

function rows(n: number, shift = 0): string[] {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const pos = i % 2 === 0;
    lines.push(`${((pos ? 2 : -2) + Math.sin(i) * 0.5 + shift).toFixed(3)},${(Math.cos(i) * 0.5).toFixed(3)},${['red', 'blue', 'green'][i % 3]},${pos ? 'yes' : 'no'}`);
  }
  return lines;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'orrery-model-cli-'));
  csv = join(dir, 'train.csv');
  await writeFile(csv, ['x1,x2,colour,label', ...rows(150)].join('\n'));
  capture();
  const code = await main(['train', '--data', csv, '--target', 'label', '--out', join(dir, 'run'), '--epochs', '20', '--backend', 'cpu', '--hidden', '8', '--seed', '1']);
  vi.restoreAllMocks();
  expect(code).toBe(0);
  model = join(dir, 'run', 'model');
}, 60_000);

describe('model commands', () => {
  it('explain: exact Shapley values per source column that add up to the model output', async () => {
    const out = join(dir, 'explain.json');
    capture();
    expect(await main(['explain', '--model', model, '--data', csv, '--rows', '0-4', '--method', 'exact', '--background', '20', '--class', 'yes', '--out', out])).toBe(0);
    const e = JSON.parse(await readFile(out, 'utf8'));
    expect(e.method).toBe('exact');
    expect(e.features).toEqual(['x1', 'x2', 'colour']);
    expect(e.outputs).toEqual(['yes']);
    expect(e.rows).toHaveLength(5);
    for (const r of e.rows) {
      const sum = e.features.reduce((s: number, f: string) => s + r.attributions[f][0], e.base_value[0]);
      expect(Math.abs(sum - r.output[0])).toBeLessThan(1e-4);
    }
    // x1 separates the classes: it carries the largest mean |attribution|.
    expect(e.mean_abs.x1[0]).toBeGreaterThan(e.mean_abs.x2[0]);
  }, 60_000);

  it('explain refuses an unknown class and bad rows in plain words', async () => {
    const err = capture();
    expect(await main(['explain', '--model', model, '--data', csv, '--class', 'maybe', '--out', join(dir, 'x.json')])).toBe(2);
    expect(err.join('')).toContain('--class "maybe" is not one of the model\'s classes: no, yes.');
    expect(await main(['explain', '--model', model, '--data', csv, '--rows', '5-500', '--out', join(dir, 'x.json')])).toBe(2);
    expect(err.join('')).toContain('--rows: row 500 is past the end of the data');
  });

  it('permutation-importance and fairness write their reports', async () => {
    capture();
    const pi = join(dir, 'pi.json');
    expect(await main(['permutation-importance', '--model', model, '--data', csv, '--repeats', '3', '--out', pi])).toBe(0);
    const p = JSON.parse(await readFile(pi, 'utf8'));
    expect(p.features[0].name).toBe('x1');
    expect(p.features[0].drops).toHaveLength(3);
    const fair = join(dir, 'fair.json');
    expect(await main(['fairness', '--model', model, '--data', csv, '--sensitive', 'colour', '--out', fair])).toBe(0);
    const f = JSON.parse(await readFile(fair, 'utf8'));
    expect(f.columns[0].groups.map((g: { group: string }) => g.group).sort()).toEqual(['blue', 'green', 'red']);
    expect(f.columns[0].groups.reduce((s: number, g: { count: number }) => s + g.count, 0)).toBe(150);
  }, 60_000);

  it('export: an ONNX file verified against the studio and valid for the onnx checker; a TF.js zip', async () => {
    const err = capture();
    const onnx = join(dir, 'm.onnx');
    expect(await main(['export', '--model', model, '--format', 'onnx', '--out', onnx, '--verify', csv])).toBe(0);
    expect(err.join('')).toMatch(/largest difference .* \(within 0\.0001\)/);
    execFileSync('/usr/bin/python3', ['-c', 'import onnx,sys; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)', onnx]);
    const zip = join(dir, 'm.zip');
    expect(await main(['export', '--model', model, '--format', 'tfjs', '--out', zip])).toBe(0);
    expect((await stat(zip)).size).toBeGreaterThan(500);
  }, 60_000);

  it('predict: writes the input plus predictions, handles unseen levels, escapes formula-like cells, reports drift', async () => {
    const data = join(dir, 'new.csv');
    const lines = rows(60, 3).map((l, i) => `${l.replace(/,(yes|no)$/, '')},${i === 0 ? '=HYPERLINK("http://x")' : 'ok'}`);
    lines[1] = lines[1]!.replace(/,(red|blue|green),/, ',purple,');
    await writeFile(data, ['x1,x2,colour,note', ...lines].join('\n'));
    const out = join(dir, 'pred.csv');
    const drift = join(dir, 'drift.json');
    const err = capture();
    expect(await main(['predict', '--model', model, '--data', data, '--out', out, '--drift-report', drift])).toBe(0);
    const text = await readFile(out, 'utf8');
    const parsed = Papa.parse<string[]>(text.trim(), { skipEmptyLines: true }).data;
    expect(parsed[0]).toEqual(['x1', 'x2', 'colour', 'note', 'predicted label', 'probability no', 'probability yes']);
    expect(parsed).toHaveLength(61);
    expect(parsed[1]![3]).toBe('\'=HYPERLINK("http://x")');
    expect(parsed[2]![2]).toBe('purple');
    expect(['yes', 'no']).toContain(parsed[2]![4]);
    for (const r of parsed.slice(1)) expect(Number(r[5]) + Number(r[6])).toBeCloseTo(1, 5);
    const d = JSON.parse(await readFile(drift, 'utf8'));
    expect(d.unseen).toEqual([{ column: 'colour', count: 1, examples: ['purple'] }]);
    // x1 moved by +3: a major shift.
    expect(d.drifted).toContain('x1');
    expect(err.join('')).toContain('Ignored column(s): note.');
  }, 60_000);

  it('predict: a file without a needed column is refused with a clear message', async () => {
    const data = join(dir, 'bad.csv');
    await writeFile(data, 'x1,colour\n1,red\n');
    const err = capture();
    expect(await main(['predict', '--model', model, '--data', data, '--out', join(dir, 'bad-pred.csv')])).toBe(2);
    expect(err.join('')).toContain('The column "x2" that the model needs is not in this file.');
    expect(err.join('')).not.toContain('    at ');
  });
});
