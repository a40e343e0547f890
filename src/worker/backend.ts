/**
 * Chooses the tfjs backend on purpose, at the edge (STYLE.md "backends at the edge").
 *
 * tfjs would rank webgpu first, but on a software adapter (SwiftShader) webgpu is ~20x slower than
 * wasm (MACHINE.md). So: a real GPU adapter -> webgpu; otherwise the fastest that works (wasm, then
 * cpu, then webgl, then webgpu). A forced choice is tried first; if it cannot start, the next in the
 * ranking is used and the report says so. Every choice is checked with tf.getBackend().
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
// Vite copies these into the build and gives their URLs (MACHINE.md: import with ?url).
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendChoice, BackendName } from '../core/pipeline/document';
import { rankBackends, type AdapterInfo } from './backendPolicy';
import type { BackendReport } from './protocol';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
});
// Threaded wasm breaks in Vite's minified build on crossOriginIsolated pages and gives no gain on
// small machines (MACHINE.md).
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);

interface GpuAdapterLike {
  info?: { vendor?: string; architecture?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}

/** Asks for a WebGPU adapter without creating a device. null when WebGPU is unavailable. */
export async function probeAdapter(): Promise<AdapterInfo | null> {
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } }).gpu;
  if (!gpu) return null;
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return null;
    const info = adapter.info ?? {};
    return {
      vendor: info.vendor ?? '',
      architecture: info.architecture ?? '',
      isFallbackAdapter: Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter),
    };
  } catch {
    return null;
  }
}

async function tryBackend(name: BackendName): Promise<void> {
  const ok = await tf.setBackend(name);
  await tf.ready();
  if (!ok || tf.getBackend() !== name) throw new Error(`tfjs could not start the ${name} backend.`);
  // A tiny computation proves the backend really runs (a lost device or missing kernel shows here).
  const t = tf.tidy(() => tf.tensor1d([1, 2, 3]).square());
  const v = await t.data();
  t.dispose();
  if (v[2] !== 9) throw new Error(`The ${name} backend computed a wrong result.`);
}

/**
 * Activates the first backend of the ranking that works, skipping `exclude` (backends that already
 * failed in this run). Throws only if none works.
 */
export async function selectBackend(choice: BackendChoice, exclude: ReadonlySet<BackendName> = new Set()): Promise<BackendReport> {
  const adapter = await probeAdapter();
  const { order, reason } = rankBackends(choice, adapter);
  const fallbacks: { backend: BackendName; error: string }[] = [];
  for (const name of order) {
    if (exclude.has(name)) continue;
    try {
      await tryBackend(name);
      const why = fallbacks.length
        ? `${reason} ${fallbacks.map((f) => `${f.backend} failed (${f.error})`).join('; ')}; fell back to ${name}.`
        : reason;
      return { requested: choice, used: name, reason: why, fallbacks, adapter };
    } catch (e) {
      fallbacks.push({ backend: name, error: e instanceof Error ? e.message : String(e) });
    }
  }
  throw new Error(`No tfjs backend could start: ${fallbacks.map((f) => `${f.backend}: ${f.error}`).join('; ')}`);
}

/** Calls `onLost` if the active WebGPU device is lost (driver reset, test hook). */
export function watchDeviceLoss(onLost: (message: string) => void): void {
  if (tf.getBackend() !== 'webgpu') return;
  const device = (tf.backend() as unknown as { device?: GPUDeviceLike }).device;
  void device?.lost.then((info) => onLost(info.message || info.reason || 'the GPU device was lost'));
}

interface GPUDeviceLike {
  lost: Promise<{ message: string; reason?: string }>;
  destroy(): void;
}

/** Test hook: destroys the WebGPU device so the fallback path can be exercised. */
export function loseGpuDevice(): boolean {
  if (tf.getBackend() !== 'webgpu') return false;
  const device = (tf.backend() as unknown as { device?: GPUDeviceLike }).device;
  if (!device) return false;
  device.destroy();
  return true;
}
