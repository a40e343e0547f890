/**
 * The user's commands that talk to the worker: importing data, profiling, suggesting a task, training,
 * opening and saving projects. Each keeps at most one request of its kind in flight (a newer one cancels
 * the older) and ignores answers that arrive after being superseded.
 */
import type { ColumnKind } from '../../core/data/table';
import type { DatasetRef } from '../../core/pipeline/document';
import type { NodeId } from '../../core/pipeline/graph/schema';
import type { ImportSource, WorkerEvent } from '../../worker/protocol';
import { parseProjectFile, projectFileName, serializeProject } from '../features/project/projectFile';
import { parseSampleIndex, sampleUrl, type SampleEntry } from '../features/samples/sampleIndex';
import { studio } from '../studio';
import { applyProjectChange, projectForDataset, sameSource, type SampleDefaults } from './projectChanges';
import { migrateV1ToV2 } from '../../core/pipeline/graph/migrate';
import { createRunRecord } from '../../core/pipeline/runRecord';
import { effectiveKindOf, inferredKindOf, selectDataMatchesProject, selectTrainBlocker } from './selectors';
import { useStudio } from './store';
import { graphProject, pageStateOf, runnableProject } from './runnableProject';

const get = useStudio.getState;
const set = useStudio.setState;

let importController: AbortController | null = null;
let profileController: AbortController | null = null;
let trainController: AbortController | null = null;
let previewController: AbortController | null = null;
let previewRequests = 0;

export function isAbortError(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}

/** An error as one plain sentence for the user (the worker's errors already are). */
export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  return String(e);
}

const CLEAR_RUN = { runStatus: 'idle', runMessage: null, epochs: [], batch: null, backend: null, result: null, runError: null } as const;

/** Fetches the bundled sample list (same origin, once at startup). */
export async function loadSamples(base: string = document.baseURI): Promise<void> {
  try {
    const res = await fetch(new URL('samples/index.json', base));
    if (!res.ok) throw new Error(`The sample list could not be loaded (HTTP ${res.status}).`);
    set({ samples: parseSampleIndex(await res.json()), samplesError: null });
  } catch (e) {
    set({ samples: [], samplesError: errorText(e) });
  }
}

/**
 * Imports a CSV through the worker. On success the dataset, profile and project move to the new data;
 * on failure (or cancel) nothing but the error message changes.
 */
export async function importDataset(
  source: ImportSource,
  ref: Omit<DatasetRef, 'columnKinds'>,
  projectName: string,
  sample: SampleDefaults | null,
): Promise<void> {
  if (get().runStatus === 'running') return;
  importController?.abort();
  const controller = new AbortController();
  importController = controller;
  const current = () => importController === controller;
  set({ importing: { name: source.name }, importProgress: null, importError: null, importNotice: null });
  try {
    const summary = await studio().call(
      'importCsv',
      { source },
      {
        signal: controller.signal,
        onEvent: (e: WorkerEvent) => {
          if (e.type === 'progress' && current()) set({ importProgress: { phase: e.phase, done: e.done, total: e.total } });
        },
      },
    );
    if (!current()) return;
    const before = get().project;
    const project = projectForDataset(before, ref, projectName, summary.columns.map((c) => c.name), sample);
    const kept = sameSource(before.dataset.source, project.dataset.source) && project.runs === before.runs;
    set({
      summary,
      loadedSource: ref.source,
      loadedBlob: source.kind === 'file' ? source.file : source.kind === 'text' ? new Blob([source.text], { type: 'text/csv' }) : null,
      project,
      projectStarted: true,
      projectError: null,
      profile: null,
      profileError: null,
      taskSuggestion: null,
      ...(kept ? {} : CLEAR_RUN),
    });
    // A new project starts from its default pipeline; re-importing the same data keeps the edits.
    if (!kept) get().resetGraph(migrateV1ToV2(project).graph);
    void refreshProfile();
  } catch (e) {
    if (!current()) return;
    if (isAbortError(e)) set({ importNotice: 'Import cancelled. The previous data is unchanged.' });
    else set({ importError: errorText(e) });
  } finally {
    if (current()) {
      importController = null;
      set({ importing: null, importProgress: null });
    }
  }
}

export function cancelImport(): void {
  importController?.abort();
}

export function loadSample(sample: SampleEntry, base: string = document.baseURI): Promise<void> {
  return importDataset(
    { kind: 'url', url: sampleUrl(sample, base), name: sample.name },
    { name: sample.name, source: { kind: 'sample', id: sample.id } },
    sample.id,
    { target: sample.target, task: sample.task },
  );
}

export function importFile(file: File): Promise<void> {
  return importBlob(file, file.name);
}

/** Imports the user's own data: a File they chose, or the same bytes kept by autosave under their name. */
export function importBlob(blob: Blob, name: string): Promise<void> {
  return importDataset(
    { kind: 'file', file: blob, name },
    { name, source: { kind: 'file', fileName: name, bytes: blob.size } },
    name.replace(/\.(csv|tsv|txt)$/i, '') || name,
    null,
  );
}

/**
 * Asks the worker for the profile under the current column kinds and target (leakage and imbalance
 * warnings depend on the target). A newer request cancels an older one.
 */
export async function refreshProfile(): Promise<void> {
  const s = get();
  if (!s.summary) return;
  profileController?.abort();
  const controller = new AbortController();
  profileController = controller;
  const current = () => profileController === controller;
  // A project opened for other data must not send its column names for this table.
  const matches = selectDataMatchesProject(s);
  const params = { kinds: matches ? s.project.dataset.columnKinds : {}, target: matches ? s.project.target : null };
  set({ profileLoading: true, profileError: null });
  try {
    const profile = await studio().call('profile', params, { signal: controller.signal });
    if (current()) set({ profile });
  } catch (e) {
    if (current() && !isAbortError(e)) set({ profileError: errorText(e) });
  } finally {
    if (current()) {
      profileController = null;
      set({ profileLoading: false });
    }
  }
}

/** Sets the target, asks the worker which task fits it, and re-profiles with the new target. */
export async function chooseTarget(target: string | null): Promise<void> {
  get().change({ type: 'setTarget', target });
  set({ taskSuggestion: null });
  if (target === null) get().change({ type: 'setTask', task: null });
  void refreshProfile();
  if (target === null) return;
  const kind = effectiveKindOf(get(), target);
  if (kind === null) return;
  try {
    const suggestion = await studio().call('suggestTask', { target, kind });
    if (get().project.target !== target) return;
    get().change({ type: 'setTask', task: suggestion.task });
    set({ taskSuggestion: { target, suggestion } });
  } catch (e) {
    if (get().project.target === target) set({ profileError: `No task could be suggested for "${target}": ${errorText(e)}` });
  }
}

/** Overrides a column's kind (choosing the inferred kind again removes the override) and re-profiles. */
export function chooseColumnKind(column: string, kind: ColumnKind): void {
  const inferred = inferredKindOf(get(), column);
  get().change({ type: 'setColumnKind', column, kind: kind === inferred ? null : kind });
  void refreshProfile();
}

/**
 * Trains the current project in the worker, streaming events into the run slice. Stop (abort) makes
 * the worker finish within one batch and answer normally with stoppedBy 'user'. Each finished run is
 * appended to project.runs.
 */
export async function train(): Promise<void> {
  const s = get();
  if (selectTrainBlocker(s) !== null) return;
  const project = s.project;
  const runnable = runnableProject(project, s.pipelineMode, s.graphHistory.graph);
  const controller = new AbortController();
  trainController = controller;
  set({ ...CLEAR_RUN, runStatus: 'running', runMessage: 'Starting…' });
  const onEvent = (e: WorkerEvent): void => {
    if (trainController !== controller) return;
    switch (e.type) {
      case 'backend':
        set({ backend: e.report });
        break;
      case 'status':
        set({ runMessage: e.message });
        break;
      case 'epoch':
        set((st) => ({ epochs: [...st.epochs, e.log] }));
        break;
      case 'batch':
        set({ batch: { epoch: e.epoch, batch: e.batch, batches: e.batches } });
        break;
      case 'progress':
        set({ runMessage: e.phase });
        break;
    }
  };
  try {
    const { result, backend } = await studio().call('train', { project: runnable }, { signal: controller.signal, onEvent });
    const run = createRunRecord(result, runnable.version === 2 ? { kind: 'graph' } : project.model, backend?.used ?? null);
    set((st) => ({
      runStatus: result.stoppedBy === 'user' ? 'stopped' : 'done',
      runMessage: null,
      batch: null,
      // The live list already holds these epochs unless events were lost; a new array would redraw the charts.
      ...(result.history.length !== st.epochs.length ? { epochs: result.history } : {}),
      backend,
      result,
      project: applyProjectChange(st.project, { type: 'addRun', run }),
    }));
  } catch (e) {
    if (isAbortError(e)) set({ runStatus: 'stopped', runMessage: 'Stopped before a model was trained.', batch: null });
    else set({ runStatus: 'failed', runMessage: null, runError: errorText(e), batch: null });
  } finally {
    if (trainController === controller) trainController = null;
  }
}

export function stopTraining(): void {
  trainController?.abort();
}

/**
 * Asks the worker for a node's output (feature nodes fitted on the training rows, as training fits
 * them), always on the graph as a v2 document whatever Train runs. A newer preview cancels the older
 * one; an answer that is no longer current (another preview, or one cleared by an edit: store.ts) is
 * dropped.
 */
export async function previewNode(nodeId: NodeId): Promise<void> {
  const s = get();
  if (s.summary === null) return;
  previewController?.abort();
  const controller = new AbortController();
  previewController = controller;
  const request = ++previewRequests;
  const current = () => get().nodePreview?.request === request;
  const project = graphProject(s.project, s.graphHistory.graph);
  set({ nodePreview: { status: 'loading', nodeId, request } });
  try {
    const preview = await studio().call('previewNode', { project, nodeId }, { signal: controller.signal });
    if (current()) set({ nodePreview: { status: 'done', nodeId, request, preview } });
  } catch (e) {
    if (current() && !isAbortError(e)) set({ nodePreview: { status: 'failed', nodeId, request, error: errorText(e) } });
  } finally {
    if (previewController === controller) previewController = null;
  }
}

/** Downloads the project document as `<name>.orrery.json` (a Blob URL: nothing leaves the page). */
export function saveProject(): void {
  const { project, pipelineMode, graphHistory } = get();
  const doc = runnableProject(project, pipelineMode, graphHistory.graph);
  const url = URL.createObjectURL(new Blob([serializeProject(doc)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = projectFileName(project.name);
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Opens a project file. An invalid file changes nothing but the error message. A valid one replaces
 * the project; if it names a bundled sample that is not loaded, the sample is loaded for it.
 */
export async function openProjectText(text: string): Promise<void> {
  if (get().runStatus === 'running') return;
  let opened;
  try {
    opened = pageStateOf(parseProjectFile(text));
  } catch (e) {
    set({ projectError: errorText(e) });
    return;
  }
  const { project } = opened;
  set({ project, pipelineMode: opened.mode, projectStarted: true, projectError: null, taskSuggestion: null, ...CLEAR_RUN });
  get().resetGraph(opened.graph);
  const s = get();
  if (selectDataMatchesProject(s)) {
    void refreshProfile();
    return;
  }
  const source = project.dataset.source;
  if (source.kind === 'sample') {
    const sample = s.samples?.find((x) => x.id === source.id);
    if (sample) await loadSample(sample);
  } else {
    void refreshProfile();
  }
}

export async function openProjectFile(file: File): Promise<void> {
  let text: string;
  try {
    text = await file.text();
  } catch (e) {
    set({ projectError: `The file "${file.name}" could not be read: ${errorText(e)}` });
    return;
  }
  await openProjectText(text);
}
