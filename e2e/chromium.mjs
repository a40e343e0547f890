// Which Chromium the e2e tests and benchmarks drive. Plain ESM (typed by chromium.d.mts) so that both
// playwright.config.ts and scripts/ensure-chromium.mjs (run by bare Node before anything is built) share
// one resolution order. `npx playwright install` cannot download on our machines (MACHINE.md), so
// Debian's package is preferred and Playwright's own download is only the last resort.
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Debian's real binary first: /usr/bin/chromium is a shell wrapper that prints a harmless
 * "[: ... unexpected operator" line into every test log.
 */
export const DEBIAN_CHROMIUM = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'];

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Where Playwright would put its own Chromium, or null when @playwright/test cannot say. */
export function playwrightChromiumPath() {
  try {
    const { chromium } = createRequire(import.meta.url)('@playwright/test');
    return chromium.executablePath() || null;
  } catch {
    return null;
  }
}

/**
 * Resolves the browser: env CHROMIUM_PATH, then Debian's chromium (unwrapped binary, then wrapper), then
 * Playwright's downloaded one. Returns null when none is on disk. Throws when CHROMIUM_PATH is set but is
 * not an executable file: an explicit choice that fails should not be silently replaced by another browser.
 * Cost: a few stat calls and, on the last step, loading @playwright/test.
 */
export function resolveChromium(env = process.env) {
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} is not an executable file`);
    return { executablePath: fromEnv, source: 'CHROMIUM_PATH' };
  }
  for (const path of DEBIAN_CHROMIUM) {
    if (isExecutable(path)) return { executablePath: path, source: 'debian' };
  }
  const bundled = playwrightChromiumPath();
  if (bundled && isExecutable(bundled)) return { executablePath: bundled, source: 'playwright' };
  return null;
}
