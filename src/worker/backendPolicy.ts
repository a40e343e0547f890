/**
 * Which tfjs backend to try first, and why: a pure function of the user's choice and the WebGPU
 * adapter, so it is unit-tested without a browser. backend.ts does the trying.
 */
import type { BackendChoice, BackendName } from '../core/pipeline/document';
import type { BackendReport } from './protocol';

export type AdapterInfo = NonNullable<BackendReport['adapter']>;

/** True when the adapter is a software rasterizer rather than a real GPU. */
export function isSoftwareAdapter(a: AdapterInfo): boolean {
  return a.isFallbackAdapter || /swiftshader|llvmpipe|lavapipe|software/i.test(`${a.architecture} ${a.vendor}`);
}

/** The order to try backends in, and why. Pure, so it is unit-tested. */
export function rankBackends(choice: BackendChoice, adapter: AdapterInfo | null): { order: BackendName[]; reason: string } {
  const realGpu = adapter !== null && !isSoftwareAdapter(adapter);
  const ranking: BackendName[] = realGpu ? ['webgpu', 'wasm', 'webgl', 'cpu'] : ['wasm', 'cpu', 'webgl', 'webgpu'];
  if (choice !== 'auto') {
    return { order: [choice, ...ranking.filter((b) => b !== choice)], reason: `You chose ${choice}.` };
  }
  if (realGpu) {
    return { order: ranking, reason: `A hardware GPU was found (${adapter.vendor || 'unknown vendor'} ${adapter.architecture}): WebGPU runs on it.` };
  }
  const why = adapter
    ? `The only WebGPU adapter is a software one (${adapter.architecture || adapter.vendor || 'fallback adapter'}), where WebAssembly is about 20x faster`
    : 'No WebGPU adapter is available';
  return { order: ranking, reason: `${why}: using the fastest CPU backend, WebAssembly.` };
}
