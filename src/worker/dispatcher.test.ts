// The worker's protocol handlers, run in-process in Node on the cpu backend, through the same
// dispatcher and client the browser uses (a MessageChannel-like pair stands in for the Worker).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createProject } from '../core/pipeline/document';
import { StudioClient, type WorkerLike } from './client';
import { createDispatcher, createHandlers, type DispatcherEnv } from './dispatcher';
import type { BackendReport, FromWorker, ToWorker, WorkerEvent } from './protocol';

function inProcessClient(env: Partial<DispatcherEnv> = {}): StudioClient {
  const listeners: ((ev: MessageEvent<FromWorker>) => void)[] = [];
  const fullEnv: DispatcherEnv = {
    selectBackend: async (choice): Promise<BackendReport> => {
      await tf.setBackend('cpu');
      return { requested: choice, used: 'cpu', reason: 'tests run on cpu', fallbacks: [], adapter: null };
    },
    watchDeviceLoss: () => {},
    loseGpuDevice: () => false,
    fetch: () => Promise.reject(new Error('no network in tests')),
    ...env,
  };
  // structuredClone mimics postMessage: nothing but cloneable data crosses.
  const dispatch = createDispatcher(createHandlers(fullEnv), (msg) =>
    queueMicrotask(() => listeners.forEach((l) => l({ data: structuredClone(msg) } as MessageEvent<FromWorker>))),
  );
  const worker = {
    postMessage: (msg: ToWorker) => dispatch(structuredClone(msg)),
    addEventListener: (type: string, l: (ev: MessageEvent<FromWorker>) => void) => {
      if (type === 'message') listeners.push(l);
    },
    terminate: () => {},
  } as WorkerLike;
  return new StudioClient(worker);
}

function blobsCsv(n: number): string {
  const lines = ['a,b,group,label'];
  for (let i = 0; i < n; i++) {
    const pos = i % 2 === 0;
    lines.push(`${((pos ? 1.5 : -1.5) + Math.sin(i)).toFixed(3)},${Math.cos(i * 3).toFixed(3)},${i % 3 ? 'u' : 'v'},${pos ? 'yes' : 'no'}`);
  }
  return lines.join('\n');
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('studio worker protocol (in-process)', () => {
  it('answers hello with its protocol version', async () => {
    await expect(inProcessClient().handshake()).resolves.toBeUndefined();
  });

  it('imports, profiles, suggests a task and trains, streaming events', async () => {
    const client = inProcessClient();
    const summary = await client.call('importCsv', { source: { kind: 'text', text: blobsCsv(200), name: 'blobs.csv' } });
    expect(summary.rowCount).toBe(200);
    expect(summary.columns.map((c) => c.name)).toEqual(['a', 'b', 'group', 'label']);
    expect(summary.preview).toHaveLength(20);
    const suggestion = await client.call('suggestTask', { target: 'label', kind: 'categorical' });
    expect(suggestion.task).toBe('binary');
    const profile = await client.call('profile', { kinds: {}, target: 'label' });
    expect(profile.rowCount).toBe(200);

    const project = {
      ...createProject({ name: 'blobs', source: { kind: 'file', fileName: 'blobs.csv', bytes: 1 }, columnKinds: {} }),
      target: 'label',
      task: 'binary' as const,
    };
    const events: WorkerEvent[] = [];
    const { result, backend } = await client.call('train', { project: { ...project, training: { ...project.training, epochs: 15 } } }, { onEvent: (e) => events.push(e) });
    expect(backend.used).toBe('cpu');
    expect(result.backend).toBe('cpu');
    expect(result.history).toHaveLength(15);
    expect(events.filter((e) => e.type === 'epoch')).toHaveLength(15);
    expect(events[0]).toMatchObject({ type: 'backend' });
    expect(result.metrics.test.kind).toBe('classification');
    const numTensorsAfterFirst = (await client.call('memory', {})).numTensors;
    await client.call('train', { project: { ...project, training: { ...project.training, epochs: 5 } } });
    expect((await client.call('memory', {})).numTensors).toBe(numTensorsAfterFirst);
  });

  it('errors cross as real Errors with their names; a failed import keeps the loaded table', async () => {
    const client = inProcessClient();
    await client.call('importCsv', { source: { kind: 'text', text: blobsCsv(30), name: 'ok.csv' } });
    const err = await client.call('importCsv', { source: { kind: 'text', text: '', name: 'empty.csv' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).name).toBe('CsvImportError');
    const profile = await client.call('profile', { kinds: {}, target: null });
    expect(profile.rowCount).toBe(30);
  });

  it('refuses a hostile project document before training', async () => {
    const client = inProcessClient();
    await client.call('importCsv', { source: { kind: 'text', text: blobsCsv(30), name: 'ok.csv' } });
    const bad = { ...createProject({ name: 'x', source: { kind: 'sample', id: 'x' }, columnKinds: {} }), seed: -5 };
    await expect(client.call('train', { project: bad })).rejects.toThrow(/invalid at "seed"/);
  });

  it('cancel stops a training run within a batch and returns the best model so far', async () => {
    const client = inProcessClient();
    await client.call('importCsv', { source: { kind: 'text', text: blobsCsv(400), name: 'blobs.csv' } });
    const base = createProject({ name: 'b', source: { kind: 'file', fileName: 'b.csv', bytes: 1 }, columnKinds: {} });
    const project = { ...base, target: 'label', task: 'binary' as const, training: { ...base.training, epochs: 5000, batchSize: 4, earlyStopping: { enabled: false, patience: 5 } } };
    const abort = new AbortController();
    let epochs = 0;
    const run = client.call('train', { project }, {
      signal: abort.signal,
      onEvent: (e) => {
        if (e.type === 'epoch' && ++epochs === 2) abort.abort();
      },
    });
    const { result } = await run;
    expect(result.stoppedBy).toBe('user');
    expect(result.history.length).toBeGreaterThanOrEqual(2);
    expect(result.history.length).toBeLessThan(5);
  });

  it('falls back to the next backend when the device is lost mid-run', async () => {
    const tried: string[] = [];
    let onLost: ((m: string) => void) | null = null;
    const client = inProcessClient({
      selectBackend: async (choice, exclude): Promise<BackendReport> => {
        await tf.setBackend('cpu');
        const used = exclude.has('webgpu') ? 'cpu' : 'webgpu';
        tried.push(used);
        return { requested: choice, used, reason: 'test', fallbacks: [], adapter: null };
      },
      watchDeviceLoss: (cb) => {
        onLost = cb;
      },
    });
    await client.call('importCsv', { source: { kind: 'text', text: blobsCsv(200), name: 'blobs.csv' } });
    const base = createProject({ name: 'b', source: { kind: 'file', fileName: 'b.csv', bytes: 1 }, columnKinds: {} });
    const project = { ...base, target: 'label', task: 'binary' as const, training: { ...base.training, epochs: 10, backend: 'webgpu' as const } };
    const events: WorkerEvent[] = [];
    const { result, backend } = await client.call('train', { project }, {
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'epoch' && e.log.epoch === 2 && tried.length === 1) onLost?.('device destroyed (test)');
      },
    });
    expect(tried).toEqual(['webgpu', 'cpu']);
    expect(backend.used).toBe('cpu');
    expect(backend.fallbacks).toEqual([{ backend: 'webgpu', error: 'device destroyed (test)' }]);
    expect(backend.reason).toMatch(/webgpu failed during training/);
    expect(result.backend).toBe('cpu');
    expect(result.history).toHaveLength(10);
    expect(events.some((e) => e.type === 'status' && /webgpu backend failed.*device destroyed/.test(e.message))).toBe(true);
  });
});
