/**
 * `npm run bench` (after ensure-chromium and `vite build`): CSV import, MLP training and explanation
 * speed of Orrery in Node and in the real app's browser worker, side by side with pandas and PyTorch,
 * plus main-thread responsiveness while training. Writes bench/results.json and prints a summary. See
 * bench/README.md.
 *
 *   tsx bench/run.ts [--quick] [--skip=peers,node,browser,import,train,explain]
 *
 * --quick shrinks every size for a smoke test and writes bench/data/results.quick.json instead.
 * Engines run one after another, never together: the machine has 2 cores.
 * BENCH_DIST serves another app build than dist/; BENCH_PYTHON picks the Python for the peers.
 * Exit status 1 when a measurement failed (its error is in results.json); missed targets only show as FAIL.
 */
import { writeFile } from 'node:fs/promises';
import { cpus, release, totalmem, type as osType } from 'node:os';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import type { BackendName } from '../src/core/pipeline/document';
import { benchBrowserImport, benchBrowserTraining, BrowserSession, loadInBrowser, startStaticServer } from './browser';
import { ensureBinaryCsv, ensureImportCsv, ensureTrainCsv, BINARY_TARGET, TRAIN_FEATURES, type DataFile } from './data';
import { benchBrowserExplain, benchNodeExplain, GRADIENT_STEPS, type ExplainPlan } from './explain';
import { coresBusyElsewhere, startOtherWorkMeter } from './machine';
import { benchNodeImport, benchNodeTraining, loadMatrix } from './node';
import { benchPandasImport, benchPeerExplain, benchTorchTraining, EXPLAIN_PEER, peerVersions, type PeerVersions } from './peers';
import { checkTargets, formatSummary } from './report';
import {
  BATCH_SIZE,
  EXPLAIN_BACKGROUND,
  KERNEL_SAMPLES,
  type BenchResults,
  type ExplainResult,
  type ExplainSection,
  type ImportResult,
  type ImportRun,
  type LongTaskWindow,
  type TrainingResult,
} from './results';

const SECTIONS = ['peers', 'node', 'browser', 'import', 'train', 'explain'] as const;
type Section = (typeof SECTIONS)[number];

const SEED = 42;
/** Stop starting new browser training runs past this point, so the whole bench stays under 15 minutes. */
const BUDGET_MS = 14 * 60_000;

interface Plan {
  readonly importBytes: number;
  readonly importRuns: number;
  readonly trainRows: number;
  /** Rows for the slow backend (webgpu on a software adapter, ~1,800 samples/s). */
  readonly slowRows: number;
  readonly nodeEpochs: number;
  readonly torchEpochs: number;
  readonly browser: readonly { readonly backend: BackendName; readonly slow: boolean; readonly epochs: number; readonly timeoutMs: number }[];
  readonly explain: ExplainPlan;
}

const FULL: Plan = {
  importBytes: 100e6,
  importRuns: 2,
  trainRows: 100_000,
  slowRows: 20_000,
  nodeEpochs: 3,
  torchEpochs: 5,
  browser: [
    { backend: 'wasm', slow: false, epochs: 3, timeoutMs: 150_000 },
    { backend: 'cpu', slow: false, epochs: 3, timeoutMs: 180_000 },
    // First epoch compiles shaders (~20 s); two steady epochs of 90k rows at ~7k samples/s follow.
    { backend: 'webgl', slow: false, epochs: 3, timeoutMs: 240_000 },
    { backend: 'webgpu', slow: true, epochs: 3, timeoutMs: 240_000 },
  ],
  // KernelSHAP: 2,090 coalitions × 100 background rows = 209,000 model rows per explained row.
  explain: { fileRows: 5_000, epochs: 3, kernelRows: 20, gradientRows: 200, timeoutMs: 180_000 },
};

const QUICK: Plan = {
  importBytes: 10e6,
  importRuns: 1,
  trainRows: 20_000,
  slowRows: 5_000,
  nodeEpochs: 2,
  torchEpochs: 2,
  browser: FULL.browser.map((b) => ({ ...b, epochs: 2 })),
  explain: { fileRows: 2_000, epochs: 2, kernelRows: 3, gradientRows: 20, timeoutMs: 120_000 },
};

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const DATA_DIR = here('./data');
/** The app build to serve; BENCH_DIST points elsewhere (e.g. a build made outside the working tree). */
const DIST_DIR = process.env.BENCH_DIST ?? here('../dist');

function parseArgs(argv: readonly string[]): { quick: boolean; skip: Set<Section> } {
  let quick = false;
  const skip = new Set<Section>();
  for (const arg of argv) {
    if (arg === '--quick') quick = true;
    else if (arg.startsWith('--skip=')) {
      for (const s of arg.slice('--skip='.length).split(',')) {
        if (!(SECTIONS as readonly string[]).includes(s)) throw new Error(`--skip: unknown section "${s}" (${SECTIONS.join(', ')})`);
        skip.add(s as Section);
      }
    } else throw new Error(`Unknown argument ${arg}. Usage: tsx bench/run.ts [--quick] [--skip=${SECTIONS.join(',')}]`);
  }
  return { quick, skip };
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const log = (s: string): void => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}`);

function importResult(engine: ImportResult['engine'], measures: string, file: DataFile, runs: readonly ImportRun[]): ImportResult {
  const best = runs.reduce<ImportRun | null>((a, b) => (a && a.ms <= b.ms ? a : b), null);
  return {
    engine,
    measures,
    runs,
    best: best ? { ms: best.ms, mbPerSec: file.bytes / 1e6 / (best.ms / 1000), rowsPerSec: file.rows / (best.ms / 1000) } : null,
  };
}

async function main(): Promise<number> {
  const t0 = performance.now();
  const startedAt = new Date().toISOString();
  const busyBefore = await coresBusyElsewhere(cpus().length);
  const otherWork = await startOtherWorkMeter(cpus().length);
  const { quick, skip } = parseArgs(process.argv.slice(2));
  const plan = quick ? QUICK : FULL;
  const doImport = !skip.has('import');
  const doTrain = !skip.has('train');
  const doExplain = !skip.has('explain');
  const errors: string[] = [];
  const imports: ImportResult[] = [];
  const training: TrainingResult[] = [];
  const explained: ExplainResult[] = [];
  let explainTrainRows: number | null = null;
  const windows: LongTaskWindow[] = [];
  const trainWindows: LongTaskWindow[] = [];
  const fail = (where: string, e: unknown): string => {
    const m = `${where}: ${message(e)}`;
    errors.push(m);
    log(`ERROR ${m}`);
    return message(e);
  };
  /** Records a section's results; failed ones also go to `errors`. */
  const addExplained = (results: readonly ExplainResult[]): void => {
    for (const r of results) {
      explained.push(r);
      if (r.error) fail(`${r.where} ${r.method} explain`, r.error);
    }
  };

  log('Data: generating or reusing bench/data/ files');
  const importFile = await ensureImportCsv(DATA_DIR, plan.importBytes, SEED);
  const trainFile = await ensureTrainCsv(DATA_DIR, plan.trainRows, SEED);
  const slowFile = await ensureTrainCsv(DATA_DIR, plan.slowRows, SEED);
  const binaryFile = await ensureBinaryCsv(DATA_DIR, plan.explain.fileRows, SEED);
  for (const f of [importFile, trainFile, slowFile, binaryFile]) {
    log(`  ${f.name}: ${(f.bytes / 1e6).toFixed(1)} MB, ${f.rows} rows${f.generated ? ' (generated)' : ' (reused)'}`);
  }

  // Peers first: pandas' first read also warms the page cache for everyone after it.
  let versions: PeerVersions | null = null;
  if (!skip.has('peers')) {
    try {
      versions = await peerVersions();
    } catch (e) {
      fail('python', e);
    }
    if (doImport) {
      log('Import: pandas.read_csv');
      try {
        imports.push(importResult('pandas', 'pandas.read_csv(path) with default options', importFile, await benchPandasImport(importFile, plan.importRuns)));
      } catch (e) {
        imports.push({ engine: 'pandas', measures: 'pandas.read_csv', runs: [], best: null, error: fail('pandas import', e) });
      }
    }
    if (doTrain) {
      log('Training: PyTorch, one thread');
      try {
        training.push({ where: 'pytorch', backend: 'torch', run: await benchTorchTraining(trainFile, plan.torchEpochs, SEED) });
      } catch (e) {
        training.push({ where: 'pytorch', backend: 'torch', run: null, error: fail('pytorch training', e) });
      }
    }
    if (doExplain) {
      log('Explain: PyTorch/numpy KernelSHAP and expected gradients, one thread');
      const { kernelRows, gradientRows, epochs } = plan.explain;
      try {
        addExplained(await benchPeerExplain(binaryFile, BINARY_TARGET, { kernelRows, gradientRows, epochs, steps: GRADIENT_STEPS }, SEED));
      } catch (e) {
        const error = fail('peer explain', e);
        explained.push(...(['kernel', 'gradient'] as const).map((method) => ({ where: 'peer' as const, method, backend: 'torch', run: null, error })));
      }
    }
  }

  if (!skip.has('node')) {
    if (doImport) {
      log('Import: Node importCsv');
      try {
        imports.push(importResult('node', 'importCsv over fs.createReadStream (utf8, 1 MiB chunks): read, decode, parse, columns', importFile, await benchNodeImport(importFile, plan.importRuns)));
      } catch (e) {
        imports.push({ engine: 'node', measures: 'importCsv', runs: [], best: null, error: fail('node import', e) });
      }
    }
    if (doTrain) {
      try {
        const matrix = await loadMatrix(trainFile);
        for (const backend of ['wasm', 'cpu'] as const) {
          log(`Training: Node ${backend}`);
          try {
            training.push({ where: 'node', backend, run: await benchNodeTraining(backend, matrix, plan.nodeEpochs, SEED) });
          } catch (e) {
            training.push({ where: 'node', backend, run: null, error: fail(`node ${backend} training`, e) });
          }
        }
      } catch (e) {
        fail('node training data', e);
      }
    }
    if (doExplain) {
      log(`Explain: Node wasm, KernelSHAP ${plan.explain.kernelRows} rows, gradients ${plan.explain.gradientRows} rows`);
      try {
        const { setup, results } = await benchNodeExplain(binaryFile, plan.explain, SEED);
        explainTrainRows = setup.trainRows;
        addExplained(results);
      } catch (e) {
        const error = fail('node explain', e);
        explained.push(...(['kernel', 'gradient'] as const).map((method) => ({ where: 'node' as const, method, backend: 'wasm', run: null, error })));
      }
    }
  }

  let chromiumVersion: string | null = null;
  if (!skip.has('browser')) {
    let server: Awaited<ReturnType<typeof startStaticServer>> | null = null;
    let session: BrowserSession | null = null;
    try {
      if (!existsSync(`${DIST_DIR}/index.html`)) throw new Error('dist/index.html is missing: run `vite build` first (npm run bench does).');
      server = await startStaticServer(DIST_DIR, [importFile, trainFile, slowFile, binaryFile]);
      log(`Browser: serving dist/ on ${server.origin}`);
      session = await BrowserSession.open(server.origin);
      chromiumVersion = session.version;
      if (doImport) {
        log('Import: browser worker');
        try {
          const { runs, longTasks } = await benchBrowserImport(session, importFile, plan.importRuns, 180_000);
          windows.push(...longTasks);
          imports.push(importResult('browser', "worker's importMs: fetch from 127.0.0.1, stream-decode, importCsv into the typed table (kind inference, reported separately as inferMs, excluded)", importFile, runs));
        } catch (e) {
          imports.push({ engine: 'browser', measures: 'worker importCsv', runs: [], best: null, error: fail('browser import', e) });
          await session.reset().catch((r: unknown) => fail('browser reset', r));
        }
      }
      if (doTrain) {
        let loaded: DataFile | null = null;
        for (const step of plan.browser) {
          const file = step.slow ? slowFile : trainFile;
          const where = `browser ${step.backend} training`;
          if (performance.now() - t0 > BUDGET_MS - step.timeoutMs) {
            training.push({ where: 'browser', backend: step.backend, run: null, error: fail(where, new Error('skipped: the 15-minute budget would be exceeded')) });
            continue;
          }
          try {
            if (loaded !== file) {
              log(`Training: loading ${file.name} into the worker`);
              await loadInBrowser(session, file, 120_000);
              loaded = file;
            }
            log(`Training: browser ${step.backend}, ${step.epochs} epochs`);
            const { run, longTasks } = await benchBrowserTraining(session, file, step.backend, step.epochs, SEED, step.timeoutMs);
            windows.push(longTasks);
            trainWindows.push(longTasks);
            const fellBack = run.used !== step.backend ? `asked for ${step.backend}, ran on ${run.used}` : null;
            training.push({ where: 'browser', backend: step.backend, run, ...(fellBack ? { error: fail(where, new Error(fellBack)) } : {}) });
          } catch (e) {
            training.push({ where: 'browser', backend: step.backend, run: null, error: fail(where, e) });
            // A timed-out call leaves the worker busy: reload the page for a fresh one.
            loaded = null;
            await session.reset().catch((r: unknown) => fail('browser reset', r));
          }
        }
      }
      if (doExplain) {
        log(`Explain: browser worker (wasm), KernelSHAP ${plan.explain.kernelRows} rows, gradients ${plan.explain.gradientRows} rows`);
        try {
          const { setup, results, longTasks } = await benchBrowserExplain(session, binaryFile, plan.explain, SEED);
          explainTrainRows = setup.trainRows;
          windows.push(longTasks);
          addExplained(results);
        } catch (e) {
          const error = fail('browser explain', e);
          explained.push(...(['kernel', 'gradient'] as const).map((method) => ({ where: 'browser' as const, method, backend: 'wasm', run: null, error })));
        }
      }
    } catch (e) {
      fail('browser', e);
    } finally {
      if (session?.pageErrors.length) log(`Page errors: ${session.pageErrors.join(' | ')}`);
      await session?.close().catch(() => undefined);
      await server?.close();
    }
  }

  const busyDuring = await otherWork.stop();
  const explain: ExplainSection | null = doExplain
    ? {
        model: `MLP ${TRAIN_FEATURES}→64→64→1 relu, sigmoid head (binary "${BINARY_TARGET}")`,
        data: { file: binaryFile.name, rows: binaryFile.rows, trainRows: explainTrainRows, epochs: plan.explain.epochs },
        players: TRAIN_FEATURES,
        granularity: 'encoded',
        background: EXPLAIN_BACKGROUND,
        kernelSamples: KERNEL_SAMPLES,
        gradientSteps: GRADIENT_STEPS,
        peer: EXPLAIN_PEER,
        results: explained,
      }
    : null;
  const partial = {
    import: imports,
    training: {
      model: `MLP ${TRAIN_FEATURES}→64→64→1 relu`,
      task: 'regression' as const,
      batchSize: BATCH_SIZE,
      optimizer: 'adam(lr 0.001, eps 1e-7)',
      results: training,
    },
    responsiveness: {
      measures: "PerformanceObserver('longtask') in the app page, entries starting during each phase",
      longestTaskMs: trainWindows.length ? Math.max(...trainWindows.map((w) => w.maxMs)) : null,
      windows,
    },
  };
  const results: BenchResults = {
    format: 'orrery-bench',
    version: 1,
    startedAt,
    durationMs: performance.now() - t0,
    quick,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      coresBusyElsewhere: { before: busyBefore, during: busyDuring, after: await coresBusyElsewhere(cpus().length) },
      os: `${osType()} ${release()}`,
      node: process.version,
      chromium: chromiumVersion,
      python: versions?.python ?? null,
      pandas: versions?.pandas ?? null,
      torch: versions?.torch ?? null,
    },
    data: {
      import: { file: importFile.name, bytes: importFile.bytes, rows: importFile.rows, columns: importFile.columns.length, seed: SEED },
      training: [trainFile, slowFile].map((f) => ({ file: f.name, bytes: f.bytes, rows: f.rows, seed: SEED })),
    },
    ...partial,
    explain,
    targets: checkTargets(partial),
    errors,
  };
  const out = quick ? here('./data/results.quick.json') : here('./results.json');
  await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\n${formatSummary(results)}\n\nWrote ${out} in ${(results.durationMs / 1000).toFixed(0)} s.`);
  return errors.length ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exitCode = 2;
  },
);
