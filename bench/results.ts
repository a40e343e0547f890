/**
 * The shape of bench/results.json and the settings every engine shares (model, optimizer, batch size),
 * so Node, the browser worker and PyTorch train the same network the same way.
 */
import type { BackendName, ModelSpec, TrainingSettings } from '../src/core/pipeline/document';
import { TRAIN_FEATURES } from './data';

/** MLP 20 -> 64 -> 64 -> 1, relu, no dropout, no L2. */
export const BENCH_MLP: Extract<ModelSpec, { kind: 'mlp' }> = {
  kind: 'mlp',
  hidden: [64, 64],
  activation: 'relu',
  dropout: 0,
  l2: 0,
};
export const BATCH_SIZE = 256;
export const LEARNING_RATE = 0.001;

export function trainingSettings(backend: BackendName, epochs: number): TrainingSettings {
  return {
    optimizer: 'adam',
    learningRate: LEARNING_RATE,
    epochs,
    batchSize: BATCH_SIZE,
    earlyStopping: { enabled: false, patience: 5 },
    backend,
  };
}

/** One timed import. */
export interface ImportRun {
  readonly ms: number;
  readonly rows: number;
  /** Browser only: round trip seen by the page (fetch + import + summary), ms. */
  readonly wallMs?: number;
}

export interface ImportResult {
  readonly engine: 'pandas' | 'node' | 'browser';
  /** What the time covers, in words. */
  readonly measures: string;
  readonly runs: readonly ImportRun[];
  /** From the fastest run: MB = 10^6 bytes of the file on disk. */
  readonly best: { readonly ms: number; readonly mbPerSec: number; readonly rowsPerSec: number } | null;
  readonly error?: string;
}

export interface TrainingRun {
  /** The backend asked for ('pytorch' for the peer). */
  readonly backend: string;
  /** The backend that really ran (tf.getBackend() / the worker's BackendReport). */
  readonly used: string;
  readonly trainRows: number;
  readonly epochs: number;
  /** Rows per second of step time over every epoch but the first. */
  readonly steadySamplesPerSec: number;
  readonly epochSamplesPerSec: readonly number[];
  readonly finalLoss: number | null;
  /** Whole call: model build, training, evaluation (browser: also preprocessing and the message round trip). */
  readonly wallMs: number;
  readonly notes: readonly string[];
}

export interface TrainingResult {
  readonly where: 'node' | 'browser' | 'pytorch';
  readonly backend: string;
  readonly run: TrainingRun | null;
  readonly error?: string;
}

export interface LongTaskWindow {
  readonly phase: string;
  /** Longest main-thread task in the phase, ms; 0 when none exceeded the browser's 50 ms threshold. */
  readonly maxMs: number;
  readonly count: number;
}

/** The explanation bench's fixed sizes (bench/explain.ts; the peer takes them as arguments). */
export const EXPLAIN_BACKGROUND = 100;
/** KernelSHAP's default coalition budget for the 20 players: 2 × 20 + 2048 = 2088 (src/core/explain/kernelShap.ts). */
export const KERNEL_SAMPLES = 2 * TRAIN_FEATURES + 2048;

/** One timed explanation call: `rows` rows by one method. */
export interface ExplainRun {
  readonly rows: number;
  /** From the request to the answer (browser: the page's round trip; Node: the explainModel call; peer: the loop). */
  readonly wallMs: number;
  /** The report's own `ms` (ExplainReport.ms: inside explainModel); null for the peer. */
  readonly reportMs: number | null;
  /**
   * The call's fixed cost, measured as the fastest of three 1-row gradient explanations on the same model:
   * the background (k-means of the training rows into 100 centres), the feature matrix, the message round
   * trip. null for the peer, which is handed its 100 background rows.
   */
  readonly overheadMs: number | null;
  /** rows / wallMs. */
  readonly rowsPerSec: number;
  /** rows / (wallMs − overheadMs): the algorithm alone, the figure comparable with the peer. */
  readonly netRowsPerSec: number | null;
  /** Largest |Σφ + base − f(x)| over the rows (a sanity check: KernelSHAP ~1e-7, gradients: quadrature error). */
  readonly localAccuracyGap: number;
  readonly background: { readonly rows: number; readonly summary: string };
  readonly notes: readonly string[];
}

export interface ExplainResult {
  readonly where: 'browser' | 'node' | 'peer';
  readonly method: 'kernel' | 'gradient';
  /** The backend that ran: tfjs's (checked) or 'torch cpu, 1 thread'. */
  readonly backend: string;
  readonly run: ExplainRun | null;
  readonly error?: string;
}

export interface ExplainSection {
  readonly model: string;
  readonly data: { readonly file: string; readonly rows: number; readonly trainRows: number | null; readonly epochs: number };
  readonly players: number;
  readonly granularity: 'encoded';
  readonly background: number;
  readonly kernelSamples: number;
  readonly gradientSteps: number;
  /** What the peer is, in words (it is not the shap package). */
  readonly peer: string;
  readonly results: readonly ExplainResult[];
}

export interface TargetCheck {
  readonly name: string;
  readonly value: number | null;
  readonly threshold: number;
  readonly comparison: '>=' | '<=';
  readonly pass: boolean | null;
  readonly detail: string;
}

export interface BenchResults {
  readonly format: 'orrery-bench';
  readonly version: 1;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly quick: boolean;
  readonly machine: {
    readonly cpus: number;
    readonly cpuModel: string;
    readonly memoryGiB: number;
    /**
     * Average cores busy with other processes (null off Linux): for 2 s before and after the bench, and
     * during it (machine busy time minus the bench's own, Chromium and Python included). Anything well
     * above 0 means other work competed for the CPU and the timings are skewed.
     */
    readonly coresBusyElsewhere: { readonly before: number | null; readonly during: number | null; readonly after: number | null };
    readonly os: string;
    readonly node: string;
    readonly chromium: string | null;
    readonly python: string | null;
    readonly pandas: string | null;
    readonly torch: string | null;
  };
  readonly data: {
    readonly import: { readonly file: string; readonly bytes: number; readonly rows: number; readonly columns: number; readonly seed: number };
    readonly training: readonly { readonly file: string; readonly bytes: number; readonly rows: number; readonly seed: number }[];
  };
  readonly import: readonly ImportResult[];
  readonly training: {
    readonly model: string;
    readonly task: 'regression';
    readonly batchSize: number;
    readonly optimizer: string;
    readonly results: readonly TrainingResult[];
  };
  /** Explanation speed (issue #4); null when the section was skipped. */
  readonly explain: ExplainSection | null;
  readonly responsiveness: {
    readonly measures: string;
    /** Over all browser training runs; null when no browser training ran. */
    readonly longestTaskMs: number | null;
    readonly windows: readonly LongTaskWindow[];
  };
  readonly targets: readonly TargetCheck[];
  readonly errors: readonly string[];
}
