import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// One config for the app build, the dev server and the unit tests (Vitest).
export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
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
