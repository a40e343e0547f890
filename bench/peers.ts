/**
 * Side-by-side peers: pandas.read_csv for import, PyTorch for training, a PyTorch/numpy re-implementation
 * of KernelSHAP and expected gradients for explanations (the shap package is not available here), through bench/peers.py on
 * Debian's /usr/bin/python3 (the `python3` first on PATH may lack Debian's packages; MACHINE.md).
 * Override with BENCH_PYTHON. Every peer runs on one thread (OMP/MKL/OpenBLAS = 1).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DataFile } from './data';
import { BATCH_SIZE, EXPLAIN_BACKGROUND, KERNEL_SAMPLES, LEARNING_RATE, type ExplainResult, type ImportRun, type TrainingRun } from './results';

const PYTHON = process.env.BENCH_PYTHON ?? '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./peers.py', import.meta.url));
const ONE_THREAD = { OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' };

function runPeer<T>(args: readonly string[], timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    execFile(
      PYTHON,
      [SCRIPT, ...args],
      { env: { ...process.env, ...ONE_THREAD }, timeout: timeoutMs, maxBuffer: 1 << 20 },
      (error, stdout, stderr) => {
        if (error) {
          const why = stderr.trim().split('\n').slice(-3).join(' | ') || error.message;
          reject(new Error(`${PYTHON} peers.py ${args[0]} failed: ${why}`));
          return;
        }
        try {
          resolve(JSON.parse(stdout) as T);
        } catch {
          reject(new Error(`${PYTHON} peers.py ${args[0]} printed no JSON: ${stdout.slice(0, 200)}`));
        }
      },
    );
  });
}

export interface PeerVersions {
  readonly python: string;
  readonly pandas: string | null;
  readonly torch: string | null;
}

export function peerVersions(): Promise<PeerVersions> {
  return runPeer<PeerVersions>(['versions'], 60_000);
}

/** `pandas.read_csv(file)`, default options, `repeat` times; only the call is timed. */
export async function benchPandasImport(file: DataFile, repeat: number): Promise<ImportRun[]> {
  const out = await runPeer<{ runs: ImportRun[]; columns: number; numericColumns: number }>(
    ['pandas', file.path, '--repeat', String(repeat)],
    300_000,
  );
  if (out.columns !== file.columns.length || out.numericColumns !== out.columns || out.runs.some((r) => r.rows !== file.rows)) {
    throw new Error(`pandas misread ${file.name}: ${out.columns} columns (${out.numericColumns} numeric), rows ${out.runs.map((r) => r.rows).join('/')}`);
  }
  return out.runs;
}

interface TorchOut {
  rows: number;
  threads: number;
  history: { epoch: number; seconds: number; samplesPerSec: number; loss: number }[];
  steadySamplesPerSec: number;
}

/** The same MLP, Adam and batch size in PyTorch on one thread; steady = every epoch but the first. */
export async function benchTorchTraining(file: DataFile, epochs: number, seed: number): Promise<TrainingRun> {
  const t0 = performance.now();
  const out = await runPeer<TorchOut>(
    ['torch', file.path, '--epochs', String(epochs), '--batch', String(BATCH_SIZE), '--lr', String(LEARNING_RATE), '--seed', String(seed)],
    300_000,
  );
  return {
    backend: 'pytorch',
    used: `torch cpu, ${out.threads} thread(s)`,
    trainRows: out.rows,
    epochs: out.history.length,
    steadySamplesPerSec: out.steadySamplesPerSec,
    epochSamplesPerSec: out.history.map((h) => h.samplesPerSec),
    finalLoss: out.history.at(-1)?.loss ?? null,
    wallMs: performance.now() - t0,
    notes: ['wallMs includes starting Python and reading the CSV with pandas'],
  };
}

/** How the explanation peer is labelled in results.json and the summary. */
export const EXPLAIN_PEER = 'PyTorch/numpy re-implementation of the same algorithm; the shap package is not available here';

interface ExplainPeerOut {
  threads: number;
  trainRows: number;
  features: number;
  kernel: { rows: number; ms: number; localAccuracyGap: number };
  gradient: { rows: number; ms: number; localAccuracyGap: number };
}

/**
 * KernelSHAP (same coalition design and budget, paired sampling, weighted least squares in numpy, the model
 * in torch in batches of 65,536 rows) and expected gradients (Gauss–Legendre, `steps` nodes per background
 * row, torch autograd in batches of 2,048 points) on a 20-64-64-1 sigmoid MLP trained `epochs` epochs on
 * the same file, one thread. Times only the explanation loops; the background is 100 training rows.
 */
export async function benchPeerExplain(
  file: DataFile,
  target: string,
  sizes: { readonly kernelRows: number; readonly gradientRows: number; readonly epochs: number; readonly steps: number },
  seed: number,
): Promise<ExplainResult[]> {
  const out = await runPeer<ExplainPeerOut>(
    [
      'explain',
      file.path,
      '--target',
      target,
      '--kernel-rows',
      String(sizes.kernelRows),
      '--gradient-rows',
      String(sizes.gradientRows),
      '--background',
      String(EXPLAIN_BACKGROUND),
      '--samples',
      String(KERNEL_SAMPLES),
      '--steps',
      String(sizes.steps),
      '--epochs',
      String(sizes.epochs),
      '--seed',
      String(seed),
    ],
    300_000,
  );
  const backend = `torch cpu, ${out.threads} thread(s)`;
  return (['kernel', 'gradient'] as const).map((method) => {
    const r = out[method];
    return {
      where: 'peer',
      method,
      backend,
      run: {
        rows: r.rows,
        wallMs: r.ms,
        reportMs: null,
        overheadMs: null,
        rowsPerSec: r.rows / (r.ms / 1000),
        netRowsPerSec: r.rows / (r.ms / 1000),
        localAccuracyGap: r.localAccuracyGap,
        background: { rows: EXPLAIN_BACKGROUND, summary: `${EXPLAIN_BACKGROUND} training rows, uniform weights` },
        notes: [`${EXPLAIN_PEER}; its own MLP trained ${sizes.epochs} epochs on ${out.trainRows} rows`],
      },
    };
  });
}
