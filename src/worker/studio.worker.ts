/// <reference lib="webworker" />
// The studio worker's entry: wires the dispatcher to this worker's message port. Logic lives in
// dispatcher.ts (protocol handlers) and backend.ts (tfjs backend choice).
import { createDispatcher, createHandlers } from './dispatcher';
import { loseGpuDevice, selectBackend, watchDeviceLoss } from './backend';
import type { FromWorker, ToWorker } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const handlers = createHandlers({ selectBackend, watchDeviceLoss, loseGpuDevice, fetch: (url) => fetch(url) });
const dispatch = createDispatcher(handlers, (msg: FromWorker) => scope.postMessage(msg));
scope.addEventListener('message', (ev: MessageEvent<ToWorker>) => dispatch(ev.data));
