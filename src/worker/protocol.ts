/**
 * The one message contract between the UI thread and the studio worker.
 *
 * Both sides derive from `RequestMap`: the client's `call<K>()` (client.ts) and the worker's handler
 * table (dispatcher.ts), so the compiler checks every pairing. The worker owns the imported table;
 * the UI only ever receives summaries (profile, preview rows, metrics, curves), never whole columns.
 *
 * Wire format (all structured-clone):
 *   UI -> worker:  { type: 'request', id, method, params } | { type: 'cancel', id }
 *   worker -> UI:  { type: 'response', id, ok: true, result } | { type: 'response', id, ok: false, error }
 *                  { type: 'event', id, event }   (progress, epochs, backend notes; rate-bounded)
 */
import type { ColumnKind, ImportReport } from '../core/data/table';
import type { TableProfile } from '../core/data/profile';
import type { KindInference } from '../core/data/infer';
import type { Task, BackendChoice, BackendName } from '../core/pipeline/document';
import type { AnyProject } from '../core/pipeline/load';
import type { NodePreview } from '../core/pipeline/graphExperiment';
import type { ProjectDocumentV2 } from '../core/pipeline/graph/projectV2';
import type { ExperimentResult } from '../core/pipeline/experiment';
import type { EpochLog } from '../core/train/train';

export const PROTOCOL_VERSION = 1;

export type ImportSource =
  | { readonly kind: 'file'; readonly file: Blob; readonly name: string }
  | { readonly kind: 'url'; readonly url: string; readonly name: string }
  | { readonly kind: 'text'; readonly text: string; readonly name: string };

export interface DatasetSummary {
  readonly name: string;
  readonly bytes: number;
  readonly rowCount: number;
  readonly columns: readonly { readonly name: string; readonly inferred: KindInference }[];
  readonly report: ImportReport;
  /** The first rows as display text (never HTML), for the data preview. */
  readonly preview: readonly (readonly string[])[];
  /** Reading and parsing into the typed table (what pandas.read_csv does), in ms. */
  readonly importMs: number;
  /** Inferring the columns' semantic kinds afterwards, in ms. */
  readonly inferMs: number;
}

export interface TaskSuggestion {
  readonly task: Task;
  readonly reason: string;
}

export interface BackendReport {
  readonly requested: BackendChoice;
  /** The backend that actually ran (checked with tf.getBackend() after setBackend). */
  readonly used: BackendName;
  readonly reason: string;
  /** Backends tried before `used`, with why each could not be used. */
  readonly fallbacks: readonly { readonly backend: BackendName; readonly error: string }[];
  readonly adapter: { readonly vendor: string; readonly architecture: string; readonly isFallbackAdapter: boolean } | null;
}

export interface TrainOutcome {
  readonly result: ExperimentResult;
  readonly backend: BackendReport;
}

/** Every request the worker answers: params in, result out. */
export interface RequestMap {
  hello: { params: { readonly version: number }; result: { readonly version: number } };
  importCsv: { params: { readonly source: ImportSource }; result: DatasetSummary };
  profile: {
    params: { readonly kinds: Readonly<Record<string, ColumnKind>>; readonly target: string | null };
    result: TableProfile;
  };
  suggestTask: { params: { readonly target: string; readonly kind: ColumnKind }; result: TaskSuggestion };
  /** Trains a version-1 (settings) or version-2 (pipeline graph) project on the loaded table. */
  train: { params: { readonly project: AnyProject }; result: TrainOutcome };
  /** A feature node's output on the loaded table (fitted on the training rows, as training would). */
  previewNode: { params: { readonly project: ProjectDocumentV2; readonly nodeId: string }; result: NodePreview };
  /** Test hook: destroys the WebGPU device mid-run to exercise the fallback path. */
  loseGpuDevice: { params: Record<string, never>; result: { readonly lost: boolean } };
  memory: { params: Record<string, never>; result: { readonly numTensors: number; readonly backend: string } };
}

export type Method = keyof RequestMap;
export type Params<K extends Method> = RequestMap[K]['params'];
export type Result<K extends Method> = RequestMap[K]['result'];

export type WorkerEvent =
  | { readonly type: 'progress'; readonly phase: string; readonly done: number; readonly total: number | null }
  | { readonly type: 'backend'; readonly report: BackendReport }
  | { readonly type: 'status'; readonly message: string }
  | { readonly type: 'epoch'; readonly log: EpochLog }
  | { readonly type: 'batch'; readonly epoch: number; readonly batch: number; readonly batches: number; readonly loss: number };

export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
}

export type ToWorker =
  | { readonly type: 'request'; readonly id: number; readonly method: Method; readonly params: unknown }
  | { readonly type: 'cancel'; readonly id: number };

export type FromWorker =
  | { readonly type: 'response'; readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly type: 'response'; readonly id: number; readonly ok: false; readonly error: SerializedError }
  | { readonly type: 'event'; readonly id: number; readonly event: WorkerEvent };

export function serializeError(e: unknown): SerializedError {
  if (e instanceof Error) return { name: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}) };
  return { name: 'Error', message: String(e) };
}

/** Rebuilds a real Error (keeping the worker's name and stack) on the receiving side. */
export function deserializeError(s: SerializedError): Error {
  const e = new Error(s.message);
  e.name = s.name;
  if (s.stack) e.stack = s.stack;
  return e;
}
