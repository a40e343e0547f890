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
import type { DriftReport } from '../core/score/drift';
import type {
  ExplainOptions,
  ExplainReport,
  FairnessReportData,
  Granularity,
  PartialDependenceReport,
  PermutationReport,
} from '../core/explain/reports';

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

/** What the trained model in the worker is (after `train`), for the Explain / Export / Score panels. */
export interface ExportCheck {
  /** Problems that block an ONNX export, one plain message per node at fault; empty = exportable. */
  readonly onnxProblems: readonly string[];
  readonly tfjsAvailable: boolean;
}

export interface ExportOutcome {
  readonly fileName: string;
  readonly bytes: Uint8Array;
  readonly format: 'onnx' | 'tfjs';
  /** ONNX only: the export run by onnxruntime-web on test rows, compared with the studio's predictions. */
  readonly verification: {
    readonly rows: number;
    readonly maxAbsDiff: number;
    readonly tolerance: number;
    readonly passed: boolean;
    readonly runtime: string;
  } | null;
  readonly ms: number;
}

export interface ScoreOutcome {
  readonly name: string;
  readonly rowCount: number;
  /** Header of the preview (and of the download): the file's columns, then prediction columns. */
  readonly columns: readonly string[];
  /** Names of the added columns (prediction, probability per class). */
  readonly predictionColumns: readonly string[];
  /** First rows, display text (never HTML). */
  readonly preview: readonly (readonly string[])[];
  /** Columns of the file the model does not use (ignored). */
  readonly ignoredColumns: readonly string[];
  readonly unseen: readonly { readonly column: string; readonly count: number; readonly examples: readonly string[] }[];
  /** Each model input compared with the training data (PSI, KS, a plain explanation). */
  readonly drift: DriftReport;
  readonly importReport: ImportReport;
  readonly ms: number;
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
  /** Attributions for rows of the last trained model (issue #4). */
  explain: { params: ExplainOptions; result: ExplainReport };
  permutationImportance: { params: { readonly repeats: number; readonly granularity: Granularity; readonly seed: number }; result: PermutationReport };
  partialDependence: { params: { readonly feature: string; readonly maxPoints: number; readonly iceRows: number; readonly seed: number }; result: PartialDependenceReport };
  /** `positive`: the class counted as the favourable outcome (default: binary's second class; none for multiclass). */
  fairness: { params: { readonly columns: readonly string[]; readonly positive?: string }; result: FairnessReportData };
  /** What the last trained model can be exported to, and why not. */
  exportCheck: { params: Record<string, never>; result: ExportCheck };
  exportModel: { params: { readonly format: 'onnx' | 'tfjs' }; result: ExportOutcome };
  /** Scores a new CSV with the last trained model (the training data stays loaded). */
  scoreCsv: { params: { readonly source: ImportSource }; result: ScoreOutcome };
  /** The last scored file with its predictions, as CSV text safe against formula injection. */
  scoredCsv: { params: Record<string, never>; result: { readonly fileName: string; readonly csv: string } };
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
