/**
 * Autosave (issue 3, point 8): the page's work is kept in IndexedDB and comes back after a reload or a
 * crashed tab. One record holds what "Save project" would write (v1 in settings mode, v2 in graph
 * mode), the pipeline mode, and the loaded data: a bundled sample by id, or the user's own CSV as the
 * Blob they imported (IndexedDB stores Blobs by structured clone), so a reload imports it again
 * through the worker. The record is untrusted on the way back: validated, and discarded with a message
 * when it does not load.
 *
 * Writes are debounced after changes to the project, the pipeline mode, the graph or the data, and
 * never happen while nothing is loaded (a fresh page must not overwrite work it has not restored).
 * The user's CSV Blob is stored under its own key and written only when the data changes, so editing
 * settings never rewrites a large file. Several tabs share the record: the last write wins.
 */
import { z } from 'zod';
import { loadAnyProject, type AnyProject } from '../../core/pipeline/load';
import type { SampleEntry } from '../features/samples/sampleIndex';
import { errorText, importBlob, loadSample, refreshProfile } from './actions';
import { sameSource } from './projectChanges';
import { graphProject, pageStateOf, runnableProject, type PipelineMode } from './runnableProject';
import { useStudio, type StudioState } from './store';

/** Where the record lives: a key-value store (IndexedDB in the page, a Map in tests). */
export interface AutosaveStorage {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
}

export const AUTOSAVE_KEY = 'work';
/** The user's CSV, kept apart from the record so that a settings change does not write it again. */
export const AUTOSAVE_DATA_KEY = 'work-data';
export const AUTOSAVE_DELAY_MS = 500;

export type SavedDataset = { readonly kind: 'sample'; readonly id: string } | { readonly kind: 'file'; readonly name: string; readonly blob: Blob };

export interface AutosaveRecord {
  readonly version: 1;
  /** When it was written, ms since the epoch. */
  readonly savedAt: number;
  /** `runnableProject(...)`: a v1 document in settings mode, v2 in graph mode. */
  readonly document: AnyProject;
  readonly mode: PipelineMode;
  readonly dataset: SavedDataset;
  /**
   * Settings mode only: the editor's graph as a v2 document, so graph edits survive a reload while the
   * settings are the pipeline (a v1 document has no graph). Absent in records of earlier versions.
   */
  readonly graphDocument?: AnyProject;
}

const recordSchema = z.object({
  version: z.literal(1),
  savedAt: z.number(),
  mode: z.enum(['settings', 'graph']),
  document: z.unknown(),
  graphDocument: z.unknown().optional(),
  dataset: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('sample'), id: z.string().min(1) }),
    z.object({ kind: z.literal('file'), name: z.string().min(1), blob: z.instanceof(Blob) }),
  ]),
});

/** The record to write for this state, or null while no data is loaded (nothing worth saving). Pure. */
export function autosaveRecordOf(s: StudioState, savedAt: number): AutosaveRecord | null {
  const source = s.loadedSource;
  if (s.summary === null || source === null) return null;
  let dataset: SavedDataset;
  if (source.kind === 'sample') dataset = { kind: 'sample', id: source.id };
  else if (s.loadedBlob !== null) dataset = { kind: 'file', name: source.fileName, blob: s.loadedBlob };
  else return null;
  return {
    version: 1,
    savedAt,
    document: runnableProject(s.project, s.pipelineMode, s.graphHistory.graph),
    mode: s.pipelineMode,
    dataset,
    ...(s.pipelineMode === 'settings' ? { graphDocument: graphProject(s.project, s.graphHistory.graph) } : {}),
  };
}

/** A stored value read back: validated like a project file. Throws an Error saying what is wrong. */
export function parseAutosaveRecord(raw: unknown): AutosaveRecord {
  const parsed = recordSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`the saved record is invalid at "${issue?.path.join('.') || '(top level)'}"`);
  }
  const { graphDocument, ...rest } = parsed.data;
  return {
    ...rest,
    document: loadAnyProject(parsed.data.document),
    dataset: parsed.data.dataset,
    ...(graphDocument !== undefined ? { graphDocument: loadAnyProject(graphDocument) } : {}),
  };
}

export interface Autosave {
  /**
   * Once per page (later calls return the first call's promise): reads the record; if there is one,
   * imports its data again, applies its document and reports "restored"; a record that does not load
   * is deleted and reported. Then starts saving changes.
   */
  restore(): Promise<void>;
  /** Writes the current state now (after a restore in progress), skipping the debounce. */
  flush(): Promise<void>;
  /** Deletes the record, stops saving and reloads the page, which then starts fresh. */
  startOver(): Promise<void>;
  /** Stops saving (a pending write is dropped). */
  stop(): void;
}

export interface AutosaveOptions {
  readonly storage: AutosaveStorage;
  readonly delayMs?: number;
  readonly now?: () => number;
  /** What "Start over" does after deleting the record (the page reloads). */
  readonly reload?: () => void;
  /** Where bundled samples are fetched from (the page's base URL by default). */
  readonly sampleBase?: string;
}

export function createAutosave({ storage, delayMs = AUTOSAVE_DELAY_MS, now = Date.now, reload = () => location.reload(), sampleBase }: AutosaveOptions): Autosave {
  const get = useStudio.getState;
  const set = useStudio.setState;
  let restoring: Promise<void> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let unsubscribe: (() => void) | null = null;
  /** The Blob last written under AUTOSAVE_DATA_KEY (written again only when the data changes). */
  let storedBlob: Blob | null = null;

  const cancelTimer = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };

  const write = async (): Promise<void> => {
    cancelTimer();
    const record = autosaveRecordOf(get(), now());
    if (record === null) return;
    try {
      const { dataset } = record;
      if (dataset.kind === 'file' && dataset.blob !== storedBlob) {
        await storage.set(AUTOSAVE_DATA_KEY, dataset.blob);
        storedBlob = dataset.blob;
      }
      await storage.set(AUTOSAVE_KEY, dataset.kind === 'file' ? { ...record, dataset: { kind: 'file', name: dataset.name } } : record);
      if (get().autosaveError !== null) set({ autosaveError: null });
    } catch (e) {
      set({ autosaveError: `Your work could not be autosaved: ${errorText(e)}` });
    }
  };

  // A reload within the debounce would lose the last edit: leaving the page writes a pending change
  // at once (IndexedDB usually finishes it; `flush()` is the sure way before a scripted reload).
  const onPageHide = () => {
    if (timer !== null) void write();
  };

  const watch = () => {
    if (unsubscribe) return;
    if (typeof window !== 'undefined') window.addEventListener('pagehide', onPageHide);
    const unsubscribeStore = useStudio.subscribe((s, prev) => {
      const changed =
        s.project !== prev.project || s.pipelineMode !== prev.pipelineMode || s.graphHistory.graph !== prev.graphHistory.graph || s.summary !== prev.summary;
      if (!changed || s.summary === null) return;
      cancelTimer();
      timer = setTimeout(() => void write(), delayMs);
    });
    unsubscribe = () => {
      unsubscribeStore();
      if (typeof window !== 'undefined') window.removeEventListener('pagehide', onPageHide);
    };
  };

  const run = async (): Promise<void> => {
    let raw: unknown;
    try {
      raw = await storage.get(AUTOSAVE_KEY);
      raw = await withStoredBlob(raw);
    } catch (e) {
      set({ autosaveError: `Autosave is unavailable in this browser: ${errorText(e)}` });
      return;
    }
    if (raw !== undefined) await restoreRecord(raw);
    watch();
  };

  // A file record stores its Blob under AUTOSAVE_DATA_KEY; records written with the Blob inline still load.
  const withStoredBlob = async (raw: unknown): Promise<unknown> => {
    const dataset = (raw as { dataset?: { kind?: unknown; blob?: unknown } } | undefined)?.dataset;
    if (dataset?.kind !== 'file' || dataset.blob !== undefined) return raw;
    return { ...(raw as object), dataset: { ...dataset, blob: await storage.get(AUTOSAVE_DATA_KEY) } };
  };

  const restoreRecord = async (raw: unknown): Promise<void> => {
    let record: AutosaveRecord;
    try {
      record = parseAutosaveRecord(raw);
    } catch (e) {
      await storage.delete(AUTOSAVE_KEY).catch(() => undefined);
      await storage.delete(AUTOSAVE_DATA_KEY).catch(() => undefined);
      set({ restore: { kind: 'failed', message: `Your autosaved work could not be restored and was discarded: ${errorText(e)}` } });
      return;
    }
    if (record.dataset.kind === 'file') storedBlob = record.dataset.blob;
    set({ restore: { kind: 'restoring', savedAt: record.savedAt } });
    const problem = await importAgain(record.dataset, sampleBase);
    if (problem !== null) {
      // The record stays: nothing is saved until data is loaded, so a later reload can try again.
      set({ restore: { kind: 'failed', message: `Your autosaved work could not be restored: ${problem}` } });
      return;
    }
    const page = pageStateOf(record.document);
    set({ project: page.project, pipelineMode: page.mode, projectStarted: true, projectError: null, taskSuggestion: null });
    // In settings mode the editor's own graph comes back too (its edits are not in the v1 document).
    const kept = page.mode === 'settings' && record.graphDocument?.version === 2 ? record.graphDocument.graph : page.graph;
    get().resetGraph(kept);
    void refreshProfile();
    set({ restore: { kind: 'restored', savedAt: record.savedAt } });
  };

  const autosave: Autosave = {
    restore: () => (restoring ??= run()),
    flush: async () => {
      if (restoring) await restoring;
      await write();
    },
    startOver: async () => {
      autosave.stop();
      await storage.delete(AUTOSAVE_KEY).catch(() => undefined);
      await storage.delete(AUTOSAVE_DATA_KEY).catch(() => undefined);
      reload();
    },
    stop: () => {
      cancelTimer();
      unsubscribe?.();
      unsubscribe = null;
    },
  };
  return autosave;
}

/** Imports the saved dataset through the existing paths; null when it is loaded, else why not. */
async function importAgain(dataset: SavedDataset, sampleBase: string | undefined): Promise<string | null> {
  const get = useStudio.getState;
  if (dataset.kind === 'sample') {
    const sample = (await samplesLoaded()).find((x) => x.id === dataset.id);
    if (!sample) return `the sample "${dataset.id}" is not available.`;
    await (sampleBase === undefined ? loadSample(sample) : loadSample(sample, sampleBase));
  } else {
    await importBlob(dataset.blob, dataset.name);
  }
  const s = get();
  const expected = dataset.kind === 'sample' ? { kind: 'sample' as const, id: dataset.id } : { kind: 'file' as const, fileName: dataset.name, bytes: dataset.blob.size };
  if (s.summary !== null && s.loadedSource !== null && sameSource(s.loadedSource, expected)) return null;
  return s.importError ? `its data did not load again (${s.importError})` : 'its data did not load again.';
}

/** The bundled sample list once the page has fetched it (App starts that at mount). */
function samplesLoaded(): Promise<readonly SampleEntry[]> {
  const now = useStudio.getState().samples;
  if (now !== null) return Promise.resolve(now);
  return new Promise((resolve) => {
    const unsubscribe = useStudio.subscribe((s) => {
      if (s.samples === null) return;
      unsubscribe();
      resolve(s.samples);
    });
  });
}

/**
 * IndexedDB as a tiny key-value store: one database, one object store. Written here rather than taken
 * from a library (idb-keyval is not a dependency): get, set and delete of one record over the raw API
 * is these few lines, and a dependency would cost more review than it saves.
 */
export function indexedDbStorage(dbName = 'orrery', storeName = 'autosave'): AutosaveStorage {
  let db: Promise<IDBDatabase> | null = null;
  const open = (): Promise<IDBDatabase> =>
    (db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(dbName, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(storeName);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened.'));
    }).catch((e: unknown) => {
      db = null; // let a later call try again
      throw e;
    }));
  const run = async <T>(mode: IDBTransactionMode, op: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
    const database = await open();
    return new Promise<T>((resolve, reject) => {
      const tx = database.transaction(storeName, mode);
      const req = op(tx.objectStore(storeName));
      // Resolve on commit, not on the request's success: a write is only safe once the transaction is.
      tx.oncomplete = () => resolve(req.result);
      tx.onabort = tx.onerror = () => reject(tx.error ?? req.error ?? new Error('The IndexedDB transaction failed.'));
    });
  };
  return {
    get: (key) => run('readonly', (store) => store.get(key)),
    set: async (key, value) => void (await run('readwrite', (store) => store.put(value, key))),
    delete: async (key) => void (await run('readwrite', (store) => store.delete(key))),
  };
}

let pageInstance: Autosave | null = null;

/** The page's autosave over IndexedDB, created on first use (App restores at mount; the test API flushes). */
export function pageAutosave(): Autosave {
  pageInstance ??= createAutosave({ storage: indexedDbStorage() });
  return pageInstance;
}
