/**
 * Autosave against an in-memory storage and a fake studio (Node has no IndexedDB): what is written
 * (v1 in settings mode, v2 in graph mode, the user's file as its Blob), when (debounced, never before
 * data is loaded), and what a restore does with a good, a corrupt or an unloadable record.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { asNodeId } from '../../core/pipeline/graph/schema';
import { setStudio } from '../studio';
import { importBlob, loadSample } from './actions';
import { AUTOSAVE_DATA_KEY, AUTOSAVE_KEY, autosaveRecordOf, createAutosave, type Autosave, type AutosaveRecord, type AutosaveStorage } from './autosave';
import { BASE, emptyProfile, fakeStudio, iris, summary, type Calls } from './fakeStudio';
import { graphProject } from './runnableProject';
import { resetStudioStore, useStudio } from './store';

const s = useStudio.getState;

function memoryStorage(initial?: unknown): AutosaveStorage & { map: Map<string, unknown> } {
  const map = new Map<string, unknown>(initial === undefined ? [] : [[AUTOSAVE_KEY, initial]]);
  return {
    map,
    get: async (key) => map.get(key),
    set: async (key, value) => void map.set(key, value),
    delete: async (key) => void map.delete(key),
  };
}

const studioFor = (calls: Calls = []) =>
  fakeStudio({ importCsv: async (p) => summary(p.source.name, ['sepal', 'species']), profile: async () => emptyProfile }, calls);

let autosave: Autosave | null = null;
const make = (storage: AutosaveStorage, extra: { reload?: () => void } = {}) => {
  autosave = createAutosave({ storage, delayMs: 500, now: () => 1_700_000_000_000, sampleBase: BASE, ...extra });
  return autosave;
};

beforeEach(() => {
  resetStudioStore();
  useStudio.setState({ samples: [iris] });
});
afterEach(() => {
  autosave?.stop();
  autosave = null;
  setStudio(null);
  vi.useRealTimers();
});

describe('what autosave writes', () => {
  it('writes nothing while no data is loaded', async () => {
    const storage = memoryStorage();
    const a = make(storage);
    await a.restore();
    s().change({ type: 'setSeed', seed: 7 });
    await a.flush();
    expect(storage.map.size).toBe(0);
    expect(autosaveRecordOf(s(), 1)).toBeNull();
  });

  it('a sample in settings mode: the v1 document and the sample id', async () => {
    setStudio(studioFor());
    const storage = memoryStorage();
    const a = make(storage);
    await a.restore();
    await loadSample(iris, BASE);
    await a.flush();
    const record = storage.map.get(AUTOSAVE_KEY) as AutosaveRecord;
    expect(record).toEqual({
      version: 1,
      savedAt: 1_700_000_000_000,
      document: s().project,
      mode: 'settings',
      dataset: { kind: 'sample', id: 'iris' },
      graphDocument: graphProject(s().project, s().graphHistory.graph),
    });
    expect(record.document.version).toBe(1);
  });

  it('graph mode: the v2 document with the edited graph', async () => {
    setStudio(studioFor());
    const storage = memoryStorage();
    const a = make(storage);
    await a.restore();
    await loadSample(iris, BASE);
    s().runGraphCommand({ type: 'setParams', nodeId: asNodeId('dense_1'), params: { units: 5, activation: 'relu' } });
    expect(s().pipelineMode).toBe('graph');
    await a.flush();
    const record = storage.map.get(AUTOSAVE_KEY) as AutosaveRecord;
    expect(record.mode).toBe('graph');
    expect(record.document).toEqual(graphProject(s().project, s().graphHistory.graph));
    expect(record.document.version).toBe(2);
  });

  it("keeps the user's own file as the Blob they imported", async () => {
    setStudio(studioFor());
    const storage = memoryStorage();
    const a = make(storage);
    await a.restore();
    const blob = new Blob(['sepal,species\n1,a\n'], { type: 'text/csv' });
    await importBlob(blob, 'mine.csv');
    await a.flush();
    // The Blob is stored apart from the record, and not written again by later changes.
    expect(storage.map.get(AUTOSAVE_KEY)).toMatchObject({ dataset: { kind: 'file', name: 'mine.csv' } });
    expect(storage.map.get(AUTOSAVE_DATA_KEY)).toBe(blob);
    storage.map.delete(AUTOSAVE_DATA_KEY);
    useStudio.getState().change({ type: 'setSeed', seed: 3 });
    await a.flush();
    expect(storage.map.has(AUTOSAVE_DATA_KEY)).toBe(false);
    // A reload reads them back together.
    a.stop();
    resetStudioStore();
    storage.map.set(AUTOSAVE_DATA_KEY, blob);
    setStudio(studioFor());
    await make(storage).restore();
    expect(useStudio.getState().loadedBlob).toBe(blob);
  });

  it('debounces: a burst of changes is one write, after the delay', async () => {
    vi.useFakeTimers();
    setStudio(studioFor());
    const storage = memoryStorage();
    const writes = vi.spyOn(storage, 'set');
    const a = make(storage);
    await a.restore();
    await loadSample(iris, BASE);
    for (const seed of [1, 2, 3]) s().change({ type: 'setSeed', seed });
    await vi.advanceTimersByTimeAsync(400);
    expect(writes).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(200);
    expect(writes).toHaveBeenCalledTimes(1);
    expect((storage.map.get(AUTOSAVE_KEY) as AutosaveRecord).document.seed).toBe(3);
  });

  it('reports a failed write, and clears the message once a write succeeds', async () => {
    setStudio(studioFor());
    const storage = memoryStorage();
    const a = make(storage);
    await a.restore();
    await loadSample(iris, BASE);
    vi.spyOn(storage, 'set').mockRejectedValueOnce(new Error('The quota has been exceeded.'));
    await a.flush();
    expect(s().autosaveError).toBe('Your work could not be autosaved: The quota has been exceeded.');
    await a.flush();
    expect(s().autosaveError).toBeNull();
  });
});

describe('restoring', () => {
  /** A record written by one page, for a fresh one to restore. */
  async function savedWork(edit: () => void): Promise<AutosaveRecord> {
    setStudio(studioFor());
    const storage = memoryStorage();
    const a = make(storage);
    await a.restore();
    await loadSample(iris, BASE);
    edit();
    await a.flush();
    a.stop();
    resetStudioStore();
    useStudio.setState({ samples: [iris] });
    return storage.map.get(AUTOSAVE_KEY) as AutosaveRecord;
  }

  it('imports the sample again and applies the document, mode and graph (graph mode)', async () => {
    const record = await savedWork(() => {
      s().change({ type: 'setSeed', seed: 11 });
      s().runGraphCommand({ type: 'setParams', nodeId: asNodeId('dense_1'), params: { units: 5, activation: 'relu' } });
    });
    const calls: Calls = [];
    setStudio(studioFor(calls));
    const storage = memoryStorage(record);
    await make(storage).restore();
    expect(calls[0]).toEqual({ method: 'importCsv', params: { source: { kind: 'url', url: `${BASE}samples/iris.csv`, name: 'Iris flowers' } } });
    expect(s().pipelineMode).toBe('graph');
    expect(s().project).toMatchObject({ seed: 11, target: 'species', dataset: { source: { kind: 'sample', id: 'iris' } } });
    expect(s().graphHistory.graph.nodes.find((n) => n.id === 'dense_1')?.params).toEqual({ units: 5, activation: 'relu' });
    expect(s().graphHistory.past).toEqual([]);
    expect(s().restore).toEqual({ kind: 'restored', savedAt: 1_700_000_000_000 });
    // The last profile request carries the restored target.
    expect(calls.filter((c) => c.method === 'profile').at(-1)?.params).toEqual({ kinds: {}, target: 'species' });
  });

  it('settings mode keeps the editor\'s graph edits too: they come back after a reload', async () => {
    const record = await savedWork(() => {
      s().runGraphCommand({ type: 'setParams', nodeId: asNodeId('dense_1'), params: { units: 7, activation: 'tanh' } });
      s().setPipelineMode('settings');
    });
    expect(record.mode).toBe('settings');
    expect(record.document.version).toBe(1);
    setStudio(studioFor());
    await make(memoryStorage(record)).restore();
    expect(s().pipelineMode).toBe('settings');
    expect(s().graphHistory.graph.nodes.find((n) => n.id === 'dense_1')?.params).toEqual({ units: 7, activation: 'tanh' });
  });

  it('restores settings mode as the v1 settings, and a user file through the import path', async () => {
    setStudio(studioFor());
    const blob = new Blob(['sepal,species\n1,a\n']);
    const document = { ...s().project, name: 'mine', target: 'species', dataset: { name: 'mine.csv', source: { kind: 'file', fileName: 'mine.csv', bytes: blob.size }, columnKinds: { sepal: 'categorical' } } };
    const storage = memoryStorage({ version: 1, savedAt: 5, document, mode: 'settings', dataset: { kind: 'file', name: 'mine.csv', blob } });
    const calls: Calls = [];
    setStudio(studioFor(calls));
    await make(storage).restore();
    expect(calls[0]).toEqual({ method: 'importCsv', params: { source: { kind: 'file', file: blob, name: 'mine.csv' } } });
    expect(s().pipelineMode).toBe('settings');
    expect(s().project).toMatchObject({ name: 'mine', target: 'species', dataset: { columnKinds: { sepal: 'categorical' } } });
    expect(s().loadedBlob).toBe(blob);
    expect(s().restore).toEqual({ kind: 'restored', savedAt: 5 });
  });

  it.each([
    ['a document that is not a project', (r: AutosaveRecord) => ({ ...r, document: { format: 'orrery-project', version: 1 } })],
    ['a record of another shape', () => 'garbage'],
    ['a file without its bytes', (r: AutosaveRecord) => ({ ...r, dataset: { kind: 'file', name: 'x.csv', blob: 'x' } })],
  ])('discards %s with a message and changes nothing', async (_name, corrupt) => {
    const record = await savedWork(() => undefined);
    const calls: Calls = [];
    setStudio(studioFor(calls));
    const storage = memoryStorage(corrupt(record));
    const before = s().project;
    const a = make(storage);
    await a.restore();
    expect(storage.map.has(AUTOSAVE_KEY)).toBe(false);
    expect(s().restore).toMatchObject({ kind: 'failed', message: expect.stringMatching(/^Your autosaved work could not be restored and was discarded: .+/) });
    expect(calls).toEqual([]);
    expect(s().project).toBe(before);
    // The page goes on autosaving.
    await loadSample(iris, BASE);
    await a.flush();
    expect(storage.map.has(AUTOSAVE_KEY)).toBe(true);
  });

  it('keeps a good record whose data does not load, and says so', async () => {
    const record = await savedWork(() => undefined);
    setStudio(fakeStudio({ importCsv: async () => Promise.reject(new Error('HTTP 404')) }));
    const storage = memoryStorage(record);
    await make(storage).restore();
    expect(s().restore).toEqual({ kind: 'failed', message: 'Your autosaved work could not be restored: its data did not load again (HTTP 404)' });
    expect(storage.map.get(AUTOSAVE_KEY)).toBe(record);
    expect(s().projectStarted).toBe(false);
  });

  it('restores once per page, and waits for the sample list', async () => {
    const record = await savedWork(() => undefined);
    useStudio.setState({ samples: null });
    const calls: Calls = [];
    setStudio(studioFor(calls));
    const a = make(memoryStorage(record));
    const first = a.restore();
    expect(a.restore()).toBe(first);
    await Promise.resolve();
    expect(calls).toEqual([]);
    useStudio.setState({ samples: [iris] });
    await first;
    expect(calls.filter((c) => c.method === 'importCsv')).toHaveLength(1);
    expect(s().restore?.kind).toBe('restored');
  });

  it('Start over deletes the record, stops saving and reloads', async () => {
    const record = await savedWork(() => undefined);
    setStudio(studioFor());
    const storage = memoryStorage(record);
    const reload = vi.fn();
    const a = make(storage, { reload });
    await a.restore();
    await a.startOver();
    expect(storage.map.size).toBe(0);
    expect(reload).toHaveBeenCalledOnce();
    vi.useFakeTimers();
    s().change({ type: 'setSeed', seed: 3 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(storage.map.size).toBe(0);
  });
});
