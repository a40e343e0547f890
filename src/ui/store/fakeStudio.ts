/**
 * Test doubles for the store's worker-facing tests (actions, autosave): a studio whose requests are
 * answered by per-method handlers, and small protocol values. Not used by the page.
 */
import type { CallOptions } from '../../worker/client';
import type { DatasetSummary, Method, Params, Result } from '../../worker/protocol';
import type { SampleEntry } from '../features/samples/sampleIndex';
import type { Studio } from '../studio';

export type Handler<K extends Method> = (params: Params<K>, options: CallOptions) => Promise<Result<K>>;
export type Handlers = { [K in Method]?: Handler<K> };
export type Calls = { method: Method; params: unknown }[];

/** A studio answering each method with its handler (a missing one rejects), recording every call. */
export function fakeStudio(handlers: Handlers, calls: Calls = []): Studio {
  return {
    call: (<K extends Method>(method: K, params: Params<K>, options: CallOptions = {}) => {
      calls.push({ method, params });
      const h = handlers[method] as Handler<K> | undefined;
      return h ? h(params, options) : Promise.reject(new Error(`unexpected ${method}`));
    }) as Studio['call'],
  };
}

export const abortError = (): Error => Object.assign(new Error('Cancelled.'), { name: 'AbortError' });

export const summary = (name: string, columns: string[]): DatasetSummary =>
  ({
    name,
    bytes: 100,
    rowCount: 3,
    columns: columns.map((c) => ({ name: c, inferred: { kind: c === 'species' ? 'categorical' : 'numeric', reason: 'test' } })),
    report: { delimiter: ',', lineEnding: 'LF', hadBom: false, skipped: [], skippedCount: 0, blankLines: 0, repeatedHeaders: 0, coerced: [], warnings: [], bytes: 100 },
    preview: [],
    importMs: 1,
    inferMs: 1,
  }) as unknown as DatasetSummary;

export const iris: SampleEntry = {
  id: 'iris',
  name: 'Iris flowers',
  file: 'iris.csv',
  description: '',
  target: 'species',
  task: 'multiclass',
  rows: 3,
  columns: 2,
  source: '',
  licence: '',
};

export const emptyProfile = { rowCount: 3, columnCount: 2, duplicateRows: 0, columns: [], warnings: [] } as unknown as Result<'profile'>;

export const BASE = 'http://127.0.0.1/app/';
