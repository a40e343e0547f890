/**
 * A typed test API on `window.__orrery` (the tldraw habit): e2e tests read the app's state through it
 * instead of scraping pixels. Read-only, except `memory()` and `call()`, which ask the worker, and
 * `flushAutosave()`, which writes the autosave record now.
 * Installed in every build (e2e tests run the production build); it exposes nothing the page does not
 * already show.
 */
import type { TableProfile } from '../core/data/profile';
import type { ProjectDocument } from '../core/pipeline/document';
import type { PipelineGraph } from '../core/pipeline/graph/schema';
import type { ExperimentResult } from '../core/pipeline/experiment';
import type { EpochLog } from '../core/train/train';
import type { BackendReport, DatasetSummary, Method, Params, Result } from '../worker/protocol';
import { studio } from './studio';
import type { RunStatus } from './store/runSlice';
import { pageAutosave } from './store/autosave';
import { selectGraphAnalysis } from './store/graphSelectors';
import type { PipelineMode } from './store/runnableProject';
import { useStudio } from './store/store';

export interface OrreryTestApi {
  readonly version: 1;
  /** The current project document (what "Save project" would write). */
  getProject(): ProjectDocument;
  /** The loaded dataset's summary, or null. */
  getDataset(): DatasetSummary | null;
  getProfile(): TableProfile | null;
  /** The last finished run's result, or null. */
  getResult(): ExperimentResult | null;
  /** The backend report of the current or last run, or null. */
  getBackend(): BackendReport | null;
  /** Epoch logs received so far in the current (or last) run. */
  getEpochs(): readonly EpochLog[];
  getRunStatus(): RunStatus;
  /** What Train runs and Save writes: the settings form ('settings', v1) or the graph ('graph', v2). */
  getPipelineMode(): PipelineMode;
  /** The pipeline graph being edited (what the canvas draws). */
  getGraph(): PipelineGraph;
  /** Why the graph cannot run (what "Graph cannot run" lists); empty when it can. */
  getGraphProblems(): readonly { readonly nodeId: string | null; readonly message: string }[];
  /** The worker's live tensor count and tfjs backend (for leak checks). */
  memory(): Promise<{ readonly numTensors: number; readonly backend: string }>;
  /** Writes the autosave record now (no debounce), so a test can reload and find its work. */
  flushAutosave(): Promise<void>;
  /** Any protocol request to the page's own worker (benchmarks, fault injection like loseGpuDevice). */
  call<K extends Method>(method: K, params: Params<K>): Promise<Result<K>>;
}

declare global {
  interface Window {
    __orrery?: OrreryTestApi;
  }
}

export function createTestApi(): OrreryTestApi {
  const s = useStudio.getState;
  return {
    version: 1,
    getProject: () => s().project,
    getDataset: () => s().summary,
    getProfile: () => s().profile,
    getResult: () => s().result,
    getBackend: () => s().backend,
    getEpochs: () => s().epochs,
    getRunStatus: () => s().runStatus,
    getPipelineMode: () => s().pipelineMode,
    getGraph: () => s().graphHistory.graph,
    getGraphProblems: () => selectGraphAnalysis(s()).problems,
    memory: () => studio().call('memory', {}),
    flushAutosave: () => pageAutosave().flush(),
    call: (method, params) => studio().call(method, params),
  };
}

export function installTestApi(target: Window = window): void {
  target.__orrery = createTestApi();
}
