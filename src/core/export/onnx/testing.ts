/**
 * Test helper (used by the *.test.ts files of this folder only): runs exported bytes in
 * onnxruntime-node, compares them with tfjs' predict, and validates files with the reference checker
 * (Debian's python3-onnx, `onnx.checker.check_model(..., full_check=True)`).
 *
 * The checker is run once per test file on every model the file exported (one Python start is about
 * half a second), and a missing python3-onnx is a failure, not a skip: CI installs it.
 */
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { createRng } from '../../util/random';
import { OnnxGraphBuilder } from './graphBuilder';
import { addLayersModel } from './model';
import { serializeModel } from './serialize';

// The core tsconfig has neither DOM nor Node types: reach Node's modules without them.
const fs = (await import(/* @vite-ignore */ 'node:fs' as string)) as {
  mkdtempSync(prefix: string): string;
  writeFileSync(path: string, data: Uint8Array): void;
  rmSync(path: string, options: { recursive: boolean; force: boolean }): void;
};
const os = (await import(/* @vite-ignore */ 'node:os' as string)) as { tmpdir(): string };
const childProcess = (await import(/* @vite-ignore */ 'node:child_process' as string)) as {
  spawnSync(cmd: string, args: string[], options: { encoding: 'utf8'; timeout: number }): { status: number | null; stdout: string; stderr: string; error?: Error };
};

/**
 * Sets every weight of `model` to seeded noise: uniform [-0.6, 0.6), moving variances uniform
 * [0.3, 2), so biases, moving statistics and gate biases are all non-trivial.
 */
export function randomizeWeights(model: tf.LayersModel, seed: number): void {
  const rng = createRng(seed);
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    const values = layer.weights.map((w) => {
      const n = w.shape.reduce((a: number, d) => a * (d ?? 1), 1);
      const variance = w.originalName.endsWith('moving_variance');
      return tf.tensor(Float32Array.from({ length: n }, () => (variance ? 0.3 + 1.7 * rng() : 1.2 * rng() - 0.6)), w.shape as number[]);
    });
    layer.setWeights(values);
    tf.dispose(values);
  }
}

/** Rows of uniform noise in [-2, 2) for an input of `shape` (without the batch). */
export function randomInput(n: number, shape: readonly number[], seed: number): Float32Array {
  const rng = createRng(seed);
  const out = new Float32Array(n * shape.reduce((a, d) => a * d, 1));
  for (let i = 0; i < out.length; i++) out[i] = rng() * 4 - 2;
  return out;
}

/** tfjs' predict on `x` ([n, ...shape]), as a flat Float32Array. */
export function predictTfjs(model: tf.LayersModel, x: Float32Array, n: number, shape: readonly number[]): Float32Array {
  return tf.tidy(() => {
    const out = model.predict(tf.tensor(x, [n, ...shape])) as tf.Tensor;
    return Float32Array.from(out.dataSync() as Float32Array);
  });
}

/** A graph with float input `x` ['N', ...shape] → the model → float output `y`, serialized. */
export function exportModelOnly(model: tf.LayersModel): Uint8Array {
  const shape = model.inputs[0]!.shape.slice(1) as number[];
  const b = new OnnxGraphBuilder();
  b.inputs.push({ name: b.reserve('x'), type: 'float', shape: ['N', ...shape] });
  const out = addLayersModel(b, model, 'x');
  b.node('Identity', [out], {}, { outputs: [b.reserve('y')] });
  b.outputs.push({ name: 'y', type: 'float', shape: ['N', ...(model.outputs[0]!.shape.slice(1) as number[])] });
  return serializeModel(b, { producer: 'orrery-test' });
}

/** Runs ONNX bytes in onnxruntime-node (CPU) on float inputs; returns every output. */
export async function runOnnx(
  bytes: Uint8Array,
  feeds: Record<string, { readonly data: Float32Array | string[]; readonly dims: readonly number[] }>,
): Promise<Record<string, ort.Tensor>> {
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'], graphOptimizationLevel: 'all' });
  try {
    const inputs: Record<string, ort.Tensor> = {};
    for (const [name, { data, dims }] of Object.entries(feeds)) {
      inputs[name] = Array.isArray(data) ? new ort.Tensor('string', data, dims) : new ort.Tensor('float32', data, dims);
    }
    return await session.run(inputs);
  } finally {
    await session.release();
  }
}

/** Largest |a − b| over two equally long arrays; Infinity when lengths differ or a value is NaN. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (!(d <= max)) max = Number.isNaN(d) ? Infinity : d;
  }
  return max;
}

/**
 * Exports `model` with exportModelOnly, runs it and tfjs on the same random rows, and returns the
 * largest absolute difference along with the bytes (for the checker).
 */
export async function compareWithTfjs(model: tf.LayersModel, options: { n?: number; seed?: number } = {}): Promise<{ diff: number; bytes: Uint8Array; expected: Float32Array }> {
  const n = options.n ?? 7;
  const shape = model.inputs[0]!.shape.slice(1) as number[];
  const x = randomInput(n, shape, options.seed ?? 11);
  const expected = predictTfjs(model, x, n, shape);
  const bytes = exportModelOnly(model);
  const out = await runOnnx(bytes, { x: { data: x, dims: [n, ...shape] } });
  const actual = out['y']!;
  const expectedDims = [n, ...(model.outputs[0]!.shape.slice(1) as number[])];
  if (JSON.stringify(actual.dims) !== JSON.stringify(expectedDims)) {
    throw new Error(`ONNX output dims ${JSON.stringify(actual.dims)} ≠ tfjs ${JSON.stringify(expectedDims)}`);
  }
  return { diff: maxAbsDiff(actual.data as Float32Array, expected), bytes, expected };
}

const CHECK_SCRIPT = `
import sys
try:
    import onnx
except ImportError as e:
    print("NO_ONNX " + str(e))
    sys.exit(3)
bad = 0
for path in sys.argv[1:]:
    try:
        onnx.checker.check_model(onnx.load(path), full_check=True)
    except Exception as e:
        bad += 1
        print("FAIL " + path + ": " + str(e).replace("\\n", " "))
sys.exit(1 if bad else 0)
`;

/**
 * Runs onnx.checker.check_model(full_check=True) on each model; returns the failures (file label and
 * message), [] when all pass. Throws when /usr/bin/python3 cannot import onnx (install python3-onnx).
 */
export function onnxCheckerFailures(models: readonly { readonly label: string; readonly bytes: Uint8Array }[]): string[] {
  if (models.length === 0) throw new Error('onnxCheckerFailures: no model to check (did the exporting tests run?).');
  const dir = fs.mkdtempSync(`${os.tmpdir()}/orrery-onnx-`);
  try {
    const paths = models.map((m, i) => {
      const path = `${dir}/${i}_${m.label.replace(/[^A-Za-z0-9_-]/g, '_')}.onnx`;
      fs.writeFileSync(path, m.bytes);
      return path;
    });
    const run = childProcess.spawnSync('/usr/bin/python3', ['-c', CHECK_SCRIPT, ...paths], { encoding: 'utf8', timeout: 60_000 });
    if (run.error || run.status === 3 || run.status === null) {
      throw new Error(
        `The ONNX checker could not run: /usr/bin/python3 with the onnx module is required (Debian: apt-get install python3-onnx). ${run.error?.message ?? ''} ${run.stdout} ${run.stderr}`.trim(),
      );
    }
    if (run.status === 0) return [];
    const failures = run.stdout.split('\n').filter((l) => l.startsWith('FAIL '));
    return failures.length > 0 ? failures.map((l) => l.slice(5).replace(`${dir}/`, '')) : [`checker exited with ${run.status}: ${run.stderr}`];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
