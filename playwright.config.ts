// End-to-end tests: a real Chromium driving the production build, served by `vite preview`.
// `npm run test:e2e` runs scripts/ensure-chromium.mjs and `vite build` first; this file only serves dist/.
import { defineConfig } from '@playwright/test';
import { resolveChromium } from './e2e/chromium.mjs';

const chromium = resolveChromium();
if (!chromium) {
  throw new Error('No Chromium found: run `node scripts/ensure-chromium.mjs` or set CHROMIUM_PATH.');
}

const baseURL = 'http://127.0.0.1:4173';

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  // Two cores: parallel browsers training models would only slow each other down and make timings noisy.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  // Training on software backends is slow, and the first webgl/webgpu epoch compiles shaders for ~20 s.
  timeout: 180_000,
  expect: { timeout: 15_000 },
  reporter: 'list',
  webServer: {
    command: 'npx vite preview --host 127.0.0.1 --port 4173 --strictPort',
    url: baseURL,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
  use: {
    baseURL,
    browserName: 'chromium',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromium.executablePath,
      args: [
        // The only flag headless WebGPU needs (MACHINE.md); the adapter is SwiftShader, a software
        // fallback. 127.0.0.1 is a secure context, so navigator.gpu exists.
        '--enable-unsafe-webgpu',
        // Keep the browser from reaching for the network or updating itself mid-test.
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
});
