/**
 * The UI-side handle on the studio worker: typed `call()` over the protocol, with events and cancel.
 */
import {
  deserializeError,
  PROTOCOL_VERSION,
  type FromWorker,
  type Method,
  type Params,
  type Result,
  type ToWorker,
  type WorkerEvent,
} from './protocol';

export interface CallOptions {
  readonly onEvent?: (event: WorkerEvent) => void;
  /** Aborting sends a cancel; the call then rejects with the worker's AbortError. */
  readonly signal?: AbortSignal;
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  onEvent: ((event: WorkerEvent) => void) | undefined;
}

/** Anything with the Worker messaging surface (a real Worker, or a test double). */
export interface WorkerLike {
  postMessage(message: ToWorker): void;
  addEventListener(type: 'message', listener: (ev: MessageEvent<FromWorker>) => void): void;
  addEventListener(type: 'error', listener: (ev: ErrorEvent) => void): void;
  terminate(): void;
}

export class StudioClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly worker: WorkerLike) {
    worker.addEventListener('message', (ev: MessageEvent<FromWorker>) => this.onMessage(ev.data));
    worker.addEventListener('error', (ev: ErrorEvent) => {
      const err = new Error(`The studio worker failed: ${ev.message || 'unknown error'}`);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    });
  }

  /** Sends one request; resolves with its result, rejects with the worker's error rebuilt as an Error. */
  call<K extends Method>(method: K, params: Params<K>, options: CallOptions = {}): Promise<Result<K>> {
    const id = this.nextId++;
    return new Promise<Result<K>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onEvent: options.onEvent });
      const { signal } = options;
      if (signal) {
        if (signal.aborted) this.worker.postMessage({ type: 'cancel', id });
        else signal.addEventListener('abort', () => this.worker.postMessage({ type: 'cancel', id }), { once: true });
      }
      this.worker.postMessage({ type: 'request', id, method, params });
    });
  }

  async handshake(): Promise<void> {
    const { version } = await this.call('hello', { version: PROTOCOL_VERSION });
    if (version !== PROTOCOL_VERSION) {
      throw new Error(`The studio worker speaks protocol ${version}, the page ${PROTOCOL_VERSION}: reload the page.`);
    }
  }

  terminate(): void {
    this.worker.terminate();
  }

  private onMessage(msg: FromWorker): void {
    const p = this.pending.get(msg.id);
    if (!p) return;
    if (msg.type === 'event') {
      p.onEvent?.(msg.event);
      return;
    }
    this.pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.result);
    else p.reject(deserializeError(msg.error));
  }
}

/** Starts the real module worker (Vite bundles it from this URL). */
export function createStudioClient(): StudioClient {
  const worker = new Worker(new URL('./studio.worker.ts', import.meta.url), { type: 'module', name: 'orrery-studio' });
  return new StudioClient(worker as unknown as WorkerLike);
}
