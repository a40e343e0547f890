/**
 * The browser side: the real production build (dist/) in headless Chromium, driven through the page's
 * typed test API `window.__orrery.call(method, params)`, which forwards to the app's studio worker
 * (src/worker/protocol.ts RequestMap). A tiny static server on 127.0.0.1 (a secure context, so WebGPU
 * exists) serves dist/ and the generated CSVs under /bench-data/. Main-thread long tasks are recorded by
 * a PerformanceObserver installed before the app's own scripts run.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { resolveChromium } from '../e2e/chromium.mjs';
import playwrightConfig from '../playwright.config';
import { createProject, type BackendName, type ProjectDocument } from '../src/core/pipeline/document';
import { PROTOCOL_VERSION, type DatasetSummary, type Method, type Params, type Result, type TrainOutcome } from '../src/worker/protocol';
import type { DataFile } from './data';
import { BENCH_MLP, trainingSettings, type ImportRun, type LongTaskWindow, type TrainingRun } from './results';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export interface StaticServer {
  readonly origin: string;
  close(): Promise<void>;
}

async function fileSize(path: string): Promise<number | null> {
  try {
    const s = await stat(path);
    return s.isFile() ? s.size : null;
  } catch {
    return null;
  }
}

/**
 * Serves `distDir` (unknown paths without an extension fall back to index.html, as the app is a SPA)
 * and exactly the given data files under /bench-data/<name>. Streams every file; never caches.
 */
export async function startStaticServer(distDir: string, dataFiles: readonly DataFile[]): Promise<StaticServer> {
  const root = resolve(distDir);
  const data = new Map(dataFiles.map((f) => [f.name, f.path]));
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      let path: string | null = null;
      const pathname = decodeURIComponent(url.pathname);
      if (pathname.startsWith('/bench-data/')) {
        path = data.get(pathname.slice('/bench-data/'.length)) ?? null;
      } else {
        const candidate = normalize(join(root, pathname));
        if (candidate === root || candidate.startsWith(root + sep)) path = candidate;
        if (path && (await fileSize(path)) === null && !extname(pathname)) path = join(root, 'index.html');
      }
      const size = path ? await fileSize(path) : null;
      if (!path || size === null) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, {
        'content-type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
        'content-length': size,
        'cache-control': 'no-store',
      });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      createReadStream(path).on('error', () => res.destroy()).pipe(res);
    })().catch(() => res.destroy());
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

/** What the bench needs of the page's test API (src/ui/testApi.ts). */
interface PageTestApi {
  call<K extends Method>(method: K, params: Params<K>): Promise<Result<K>>;
}

interface LongTaskEntry {
  readonly start: number;
  readonly duration: number;
}

const LONG_TASKS_KEY = '__orreryBenchLongTasks';
const API_TIMEOUT_MS = 60_000;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** One headless Chromium with the app open; `reset()` reloads the page (and so starts a fresh worker). */
export class BrowserSession {
  /** Page errors and console errors, newest last, for error messages. */
  readonly pageErrors: string[] = [];

  private constructor(
    private readonly browser: Browser,
    private readonly page: Page,
    private readonly origin: string,
  ) {}

  /** Launches Chromium with playwright.config.ts's executable and flags, opens the app, waits for its test API. */
  static async open(origin: string): Promise<BrowserSession> {
    const resolved = resolveChromium();
    if (!resolved) throw new Error('No Chromium found: run `node scripts/ensure-chromium.mjs` or set CHROMIUM_PATH.');
    const launch = playwrightConfig.use?.launchOptions ?? {};
    const browser = await chromium.launch({ ...launch, executablePath: resolved.executablePath, headless: true });
    try {
      const page = await browser.newPage();
      const session = new BrowserSession(browser, page, origin);
      page.on('pageerror', (e) => session.note(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) session.note(`console: ${m.text()}`);
      });
      page.on('response', (r) => {
        if (r.status() >= 400) session.note(`HTTP ${r.status()} ${new URL(r.url()).pathname}`);
      });
      await page.addInitScript((key: string) => {
        const entries: { start: number; duration: number }[] = [];
        Object.defineProperty(window, key, { value: entries });
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) entries.push({ start: e.startTime, duration: e.duration });
        }).observe({ type: 'longtask', buffered: true });
      }, LONG_TASKS_KEY);
      await session.reset();
      return session;
    } catch (e) {
      await browser.close();
      throw e;
    }
  }

  get version(): string {
    return this.browser.version();
  }

  private note(message: string): void {
    this.pageErrors.push(message.slice(0, 500));
    if (this.pageErrors.length > 20) this.pageErrors.shift();
  }

  /** (Re)loads the app and waits for `window.__orrery.call` and the worker's handshake. */
  async reset(): Promise<void> {
    await this.page.goto(`${this.origin}/`, { waitUntil: 'load' });
    try {
      await this.page.waitForFunction(
        () => typeof (window as unknown as { __orrery?: Partial<PageTestApi> }).__orrery?.call === 'function',
        null,
        { timeout: API_TIMEOUT_MS },
      );
    } catch {
      throw new Error(
        `The app at ${this.origin}/ exposes no window.__orrery.call() after ${API_TIMEOUT_MS / 1000} s (src/ui/testApi.ts). ` +
          `Page errors: ${this.pageErrors.join(' | ') || 'none'}`,
      );
    }
    const { version } = await this.call('hello', { version: PROTOCOL_VERSION }, API_TIMEOUT_MS);
    if (version !== PROTOCOL_VERSION) throw new Error(`The app's worker speaks protocol ${version}, the bench ${PROTOCOL_VERSION}.`);
  }

  /** One request to the app's worker through the page; rejects after `timeoutMs` (the worker keeps running). */
  call<K extends Method>(method: K, params: Params<K>, timeoutMs: number): Promise<Result<K>> {
    const run = this.page.evaluate(
      ({ m, p }) => (window as unknown as { __orrery: PageTestApi }).__orrery.call(m, p as Params<typeof m>),
      { m: method as Method, p: params as unknown },
    ) as Promise<Result<K>>;
    return withTimeout(run, timeoutMs, `${method} in the browser`);
  }

  /** The page's performance.now(): a mark for `longTasksSince`. */
  now(): Promise<number> {
    return this.page.evaluate(() => performance.now());
  }

  /** Long tasks that started at or after `mark` (waits a moment: entries arrive after the task ends). */
  async longTasksSince(mark: number, phase: string): Promise<LongTaskWindow> {
    await this.page.waitForTimeout(250);
    const entries = await this.page.evaluate(
      ({ key, since }) => ((window as unknown as Record<string, LongTaskEntry[]>)[key] ?? []).filter((e) => e.start >= since),
      { key: LONG_TASKS_KEY, since: mark },
    );
    return { phase, maxMs: Math.max(0, ...entries.map((e) => e.duration)), count: entries.length };
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

export interface BrowserImport {
  readonly runs: ImportRun[];
  readonly longTasks: LongTaskWindow[];
}

function importCheck(summary: DatasetSummary, file: DataFile): string | null {
  const problems: string[] = [];
  if (summary.rowCount !== file.rows) problems.push(`${summary.rowCount} rows instead of ${file.rows}`);
  if (summary.columns.length !== file.columns.length) problems.push(`${summary.columns.length} columns instead of ${file.columns.length}`);
  if (summary.report.skippedCount) problems.push(`${summary.report.skippedCount} line(s) skipped`);
  return problems.length ? problems.join('; ') : null;
}

/** Loads `file` into the worker (fetch from the local server, stream-decode, import, summarize). */
export async function loadInBrowser(session: BrowserSession, file: DataFile, timeoutMs: number): Promise<{ summary: DatasetSummary; wallMs: number }> {
  const t0 = performance.now();
  const summary = await session.call('importCsv', { source: { kind: 'url', url: `/bench-data/${file.name}`, name: file.name } }, timeoutMs);
  const wallMs = performance.now() - t0;
  const problem = importCheck(summary, file);
  if (problem) throw new Error(`The browser worker misread ${file.name}: ${problem}`);
  return { summary, wallMs };
}

/** `runs` imports of `file` in the worker; ms is the worker's own importMs. */
export async function benchBrowserImport(session: BrowserSession, file: DataFile, runs: number, timeoutMs: number): Promise<BrowserImport> {
  const out: ImportRun[] = [];
  const longTasks: LongTaskWindow[] = [];
  for (let i = 0; i < runs; i++) {
    const mark = await session.now();
    const { summary, wallMs } = await loadInBrowser(session, file, timeoutMs);
    longTasks.push(await session.longTasksSince(mark, `import ${file.name} #${i + 1}`));
    out.push({ ms: summary.importMs, rows: summary.rowCount, wallMs });
  }
  return { runs: out, longTasks };
}

/** The bench project over a loaded training file: regression on `y`, 90/5/5 random split, the bench MLP. */
export function benchProject(file: DataFile, backend: BackendName, epochs: number, seed: number): ProjectDocument {
  return createProject(
    { name: file.name, source: { kind: 'file', fileName: file.name, bytes: file.bytes }, columnKinds: {} },
    {
      target: 'y',
      task: 'regression',
      split: { kind: 'random', validation: 0.05, test: 0.05, stratify: false },
      model: BENCH_MLP,
      training: trainingSettings(backend, epochs),
      seed,
    },
  );
}

export interface BrowserTraining {
  readonly run: TrainingRun;
  readonly outcome: TrainOutcome;
  readonly longTasks: LongTaskWindow;
}

/**
 * Trains the bench project on the worker's loaded table with `backend`. Steady samples/s is the
 * worker's `result.timings.samplesPerSec` (step time of every epoch but the first, which on webgl and
 * webgpu includes ~20 s of shader compilation).
 */
export async function benchBrowserTraining(
  session: BrowserSession,
  file: DataFile,
  backend: BackendName,
  epochs: number,
  seed: number,
  timeoutMs: number,
): Promise<BrowserTraining> {
  const mark = await session.now();
  const t0 = performance.now();
  const outcome = await session.call('train', { project: benchProject(file, backend, epochs, seed) }, timeoutMs);
  const wallMs = performance.now() - t0;
  const longTasks = await session.longTasksSince(mark, `train ${backend}`);
  const { result } = outcome;
  const notes: string[] = [];
  if (result.features.encoded.length !== file.columns.length - 1) {
    notes.push(`trained on ${result.features.encoded.length} encoded features, not ${file.columns.length - 1}`);
  }
  if (outcome.backend.fallbacks.length) {
    notes.push(`fallbacks: ${outcome.backend.fallbacks.map((f) => `${f.backend}: ${f.error}`).join('; ')}`);
  }
  if (backend === 'webgpu' && outcome.backend.adapter) {
    const a = outcome.backend.adapter;
    notes.push(`WebGPU adapter: ${a.vendor || '?'} ${a.architecture || '?'}${a.isFallbackAdapter ? ' (fallback adapter)' : ''}`);
  }
  return {
    outcome,
    longTasks,
    run: {
      backend,
      used: outcome.backend.used,
      trainRows: result.splitSizes.train,
      epochs: result.history.length,
      steadySamplesPerSec: result.timings.samplesPerSec ?? 0,
      epochSamplesPerSec: result.history.map((h) => h.samplesPerSec),
      finalLoss: result.history.at(-1)?.loss ?? null,
      wallMs,
      notes,
    },
  };
}
