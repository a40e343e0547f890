import { defineConfig } from 'vitest/config';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// The worker checks ONNX exports on onnxruntime-web's wasm backend only, so its bundle takes the plain
// wasm build (a 14 MB .wasm) instead of the default one with WebGPU (28 MB): half the bytes to fetch
// and compile, which otherwise keeps both cores of a small machine busy for seconds. Worker bundles
// only: Node (the CLI, unit tests) keeps the package's node build.
const onnxruntimeWasmOnly: Plugin = {
  name: 'orrery:onnxruntime-web-wasm-only',
  enforce: 'pre',
  resolveId(source, importer, options) {
    if (source !== 'onnxruntime-web') return null;
    return this.resolve('onnxruntime-web/wasm', importer, { ...options, skipSelf: true });
  },
};

// One config for the app build, the dev server and the unit tests (Vitest).
export default defineConfig({
  plugins: [react()],
  worker: { format: 'es', plugins: () => [onnxruntimeWasmOnly] },
  // The dev server would otherwise discover these worker-only dependencies late and reload the page
  // mid-test (MACHINE.md).
  optimizeDeps: {
    include: [
      '@tensorflow/tfjs',
      '@tensorflow/tfjs-backend-wasm',
      '@tensorflow/tfjs-backend-webgpu',
      'papaparse',
    ],
    // onnxruntime-web is imported lazily by the worker (ONNX export check) and finds its .wasm beside
    // its own module; pre-bundling would move the module away from it (MACHINE.md).
    exclude: ['onnxruntime-web'],
  },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
