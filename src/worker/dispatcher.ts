/**
 * The worker's side of the protocol: one handler per request in RequestMap (the compiler checks the
 * table is complete), the worker's state (the imported table, the last trained model), cancellation
 * and rate-bounded events. Environment specifics (which tfjs backends exist, how to read a URL) are
 * injected, so the same dispatcher runs in the browser worker and in Node tests.
 */
import * as tf from '@tensorflow/tfjs';
import { importCsv } from '../core/data/csv';
import { inferColumnKinds, inferTask } from '../core/data/infer';
import { profileTable } from '../core/data/profile';
import { cellText, type Table } from '../core/data/table';
import { effectiveKinds, runExperiment, type ExperimentCallbacks, type TrainedArtifacts } from '../core/pipeline/experiment';
import { previewFeatureNode, runGraphExperiment } from '../core/pipeline/graphExperiment';
import { loadAnyProject } from '../core/pipeline/load';
import type { BackendChoice, BackendName } from '../core/pipeline/document';
import { disposeModel } from '../core/train/train';
import { createModelHandlers, type TrainedRun } from './modelHandlers';
import {
  PROTOCOL_VERSION,
  serializeError,
  type BackendReport,
  type DatasetSummary,
  type FromWorker,
  type ImportSource,
  type Method,
  type Params,
  type Result,
  type ToWorker,
  type WorkerEvent,
} from './protocol';

export interface DispatcherEnv {
  selectBackend(choice: BackendChoice, exclude: ReadonlySet<BackendName>): Promise<BackendReport>;
  /** Registers a callback for loss of the active GPU device (no-op off WebGPU). */
  watchDeviceLoss(onLost: (message: string) => void): void;
  loseGpuDevice(): boolean;
  fetch(url: string): Promise<Response>;
}

export interface HandlerContext {
  readonly signal: { readonly aborted: boolean };
  emit(event: WorkerEvent): void;
}

type Handlers = { [K in Method]: (params: Params<K>, ctx: HandlerContext) => Promise<Result<K>> };

export class AbortError extends Error {
  override readonly name = 'AbortError';
  constructor(message = 'Cancelled.') {
    super(message);
  }
}

const PREVIEW_ROWS = 20;
/** Batch progress events at most this often; epoch events always go out. */
const BATCH_EVENT_INTERVAL_MS = 100;

/** Bytes are gathered into blocks of about this size before decoding: fetch and File streams deliver
 * 64 KiB pieces, and the parser's per-chunk overhead made small pieces ~15% slower (measured). */
const DECODE_BLOCK_BYTES = 1 << 20;

/** Reads a byte stream as decoded UTF-8 text chunks, reporting bytes read. */
async function* decodeStream(
  stream: ReadableStream<Uint8Array>,
  onBytes: (bytes: number) => void,
  signal: { readonly aborted: boolean },
): AsyncGenerator<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder('utf-8');
  let bytes = 0;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const flush = (): string => {
    const block = pending.length === 1 ? pending[0]! : new Uint8Array(pendingBytes);
    if (pending.length > 1) {
      let off = 0;
      for (const p of pending) {
        block.set(p, off);
        off += p.byteLength;
      }
    }
    pending = [];
    pendingBytes = 0;
    return decoder.decode(block, { stream: true });
  };
  try {
    for (;;) {
      if (signal.aborted) throw new AbortError('Import cancelled.');
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      pending.push(value);
      pendingBytes += value.byteLength;
      if (pendingBytes < DECODE_BLOCK_BYTES) continue;
      onBytes(bytes);
      const text = flush();
      if (text) yield text;
    }
    onBytes(bytes);
    const tail = (pendingBytes > 0 ? flush() : '') + decoder.decode();
    if (tail) yield tail;
  } finally {
    reader.releaseLock();
  }
}

function preview(table: Table): string[][] {
  const rows: string[][] = [];
  for (let r = 0; r < Math.min(PREVIEW_ROWS, table.rowCount); r++) rows.push(table.columns.map((c) => cellText(c, r)));
  return rows;
}

export function createHandlers(env: DispatcherEnv): Handlers {
  let table: Table | null = null;
  let tableName = 'data';
  let last: TrainedArtifacts | null = null;
  let lastRun: TrainedRun | null = null;
  // tf.memory() before any setBackend would initialise tfjs' own first choice (webgpu), which is
  // exactly what backend.ts avoids; so the worker remembers whether a backend was chosen yet.
  let backendChosen = false;

  const requireTable = (): Table => {
    if (!table) throw new Error('No data is loaded yet: open a CSV or a sample first.');
    return table;
  };
  const disposeLast = (): void => {
    if (last?.model) disposeModel(last.model);
    last = null;
    lastRun = null;
  };

  async function openSource(source: ImportSource, ctx: HandlerContext): Promise<{ text: AsyncIterable<string> | string; bytes: number | null }> {
    const progress = (bytes: number, total: number | null) => ctx.emit({ type: 'progress', phase: 'import', done: bytes, total });
    if (source.kind === 'text') return { text: source.text, bytes: source.text.length };
    if (source.kind === 'file') {
      const total = source.file.size;
      return { text: decodeStream(source.file.stream(), (b) => progress(b, total), ctx.signal), bytes: total };
    }
    const response = await env.fetch(source.url);
    if (!response.ok || !response.body) throw new Error(`Could not read ${source.name} (HTTP ${response.status}).`);
    const len = Number(response.headers.get('content-length'));
    const total = Number.isFinite(len) && len > 0 ? len : null;
    return { text: decodeStream(response.body, (b) => progress(b, total), ctx.signal), bytes: total };
  }

  return {
    ...createModelHandlers({ run: () => lastRun, open: openSource }),

    async hello() {
      return { version: PROTOCOL_VERSION };
    },

    async importCsv({ source }, ctx) {
      const t0 = performance.now();
      const { text, bytes } = await openSource(source, ctx);
      const { table: imported, report } = await importCsv(text, {
        signal: ctx.signal,
        ...(bytes !== null ? { totalBytes: bytes } : {}),
      });
      const importMs = performance.now() - t0;
      // Only now replace the worker's dataset: a failed import keeps the previous one.
      disposeLast();
      table = imported;
      tableName = source.name;
      const t1 = performance.now();
      const inferred = inferColumnKinds(imported);
      const inferMs = performance.now() - t1;
      const summary: DatasetSummary = {
        name: source.name,
        bytes: report.bytes,
        rowCount: imported.rowCount,
        columns: imported.columns.map((c) => ({ name: c.name, inferred: inferred[c.name]! })),
        report,
        preview: preview(imported),
        importMs,
        inferMs,
      };
      return summary;
    },

    async profile({ kinds, target }) {
      const t = requireTable();
      return profileTable(t, effectiveKinds(t, kinds), target);
    },

    async suggestTask({ target, kind }) {
      return inferTask(requireTable(), target, kind);
    },

    async train({ project }, ctx) {
      const t = requireTable();
      // Never trust a document that crossed a boundary.
      const doc = loadAnyProject(project);
      disposeLast();
      const excluded = new Set<BackendName>();
      const failedMidRun: { backend: BackendName; error: string }[] = [];
      for (;;) {
        const chosen = await env.selectBackend(doc.training.backend, excluded);
        // A backend that failed mid-run in this request is part of the story the user is told.
        const report: BackendReport = failedMidRun.length
          ? {
              ...chosen,
              fallbacks: [...failedMidRun, ...chosen.fallbacks],
              reason: `${failedMidRun.map((f) => `${f.backend} failed during training (${f.error})`).join('; ')}; restarted on ${chosen.used}. ${chosen.reason}`,
            }
          : chosen;
        backendChosen = true;
        ctx.emit({ type: 'backend', report });
        let lost = null as string | null;
        env.watchDeviceLoss((message) => {
          lost = message;
        });
        const gpu = report.used === 'webgpu' || report.used === 'webgl';
        let lastBatchEvent = 0;
        let epochNow = 1;
        try {
          const callbacks: ExperimentCallbacks = {
            shouldStop: () => ctx.signal.aborted || lost !== null,
            onStatus: (message) =>
              ctx.emit({
                type: 'status',
                // GPU backends compile their shaders during the first epoch (~20 s on software adapters).
                message: gpu && message === 'Training' ? `Training: compiling ${report.used} shaders, the first epoch can take a while…` : message,
              }),
            onEpoch: (log) => {
              epochNow = log.epoch + 1;
              ctx.emit({ type: 'epoch', log });
            },
            onBatch: (batch, batches, loss) => {
              const now = performance.now();
              if (now - lastBatchEvent < BATCH_EVENT_INTERVAL_MS && batch < batches) return;
              lastBatchEvent = now;
              ctx.emit({ type: 'batch', epoch: epochNow, batch, batches, loss });
            },
          };
          const { result, artifacts } =
            doc.version === 2 ? await runGraphExperiment(t, doc, report.used, callbacks) : await runExperiment(t, doc, report.used, callbacks);
          if (lost !== null) {
            if (artifacts.model) disposeModel(artifacts.model);
            throw new DeviceLostError(lost);
          }
          last = artifacts;
          lastRun = { artifacts, table: t, modelKind: result.model, name: tableName };
          return { result, backend: report };
        } catch (e) {
          const deviceLost = lost !== null || e instanceof DeviceLostError;
          if (!deviceLost && !isBackendFailure(e, report.used)) throw e;
          const error = lost ?? (e instanceof Error ? e.message : String(e));
          excluded.add(report.used);
          failedMidRun.push({ backend: report.used, error });
          ctx.emit({ type: 'status', message: `The ${report.used} backend failed during training (${error}); restarting on the next backend.` });
        }
      }
    },

    async previewNode({ project, nodeId }) {
      const doc = loadAnyProject(project);
      if (doc.version !== 2) throw new Error('Node previews need a pipeline-graph (version 2) project.');
      return previewFeatureNode(requireTable(), doc, nodeId);
    },

    async loseGpuDevice() {
      return { lost: env.loseGpuDevice() };
    },

    async memory() {
      if (!backendChosen) return { numTensors: 0, backend: 'none' };
      return { numTensors: tf.memory().numTensors, backend: tf.getBackend() };
    },
  };
}

class DeviceLostError extends Error {
  override readonly name = 'DeviceLostError';
}

/** Errors that come from the GPU backend itself rather than from the data or the document. */
function isBackendFailure(e: unknown, backend: BackendName): boolean {
  if (backend !== 'webgpu' && backend !== 'webgl') return false;
  const msg = e instanceof Error ? `${e.name} ${e.message}` : String(e);
  return /device|lost|GPU|WebGL|context|shader|buffer/i.test(msg);
}

/**
 * Wires handlers to a message port: dispatches requests, tracks cancellation per request id, and
 * sends responses and events. `post` must accept structured-clone messages.
 */
export function createDispatcher(handlers: Handlers, post: (msg: FromWorker) => void): (msg: ToWorker) => void {
  const cancelled = new Set<number>();
  return (msg) => {
    if (msg.type === 'cancel') {
      cancelled.add(msg.id);
      return;
    }
    const { id, method } = msg;
    const handler = handlers[method] as (params: unknown, ctx: HandlerContext) => Promise<unknown>;
    const ctx: HandlerContext = {
      signal: {
        get aborted() {
          return cancelled.has(id);
        },
      },
      emit: (event) => post({ type: 'event', id, event }),
    };
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`Unknown request "${String(method)}".`);
        return handler(msg.params, ctx);
      })
      .then(
        (result) => post({ type: 'response', id, ok: true, result }),
        (error: unknown) => post({ type: 'response', id, ok: false, error: serializeError(error) }),
      )
      .finally(() => cancelled.delete(id));
  };
}
