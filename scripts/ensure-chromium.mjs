#!/usr/bin/env node
// Run before the e2e tests and benchmarks (`npm run test:e2e`, `npm run bench`): makes sure a Chromium is
// on disk and says which one the tests will drive. Resolution order lives in e2e/chromium.mjs, shared
// with playwright.config.ts. When nothing is found and we are root on Debian, installs Debian's chromium
// (Playwright cannot download its own browser on our machines; see /work/shared/MACHINE.md).
// Exit status: 0 with a browser, 1 without one.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { resolveChromium } from '../e2e/chromium.mjs';

const HOW_TO =
  'Install one with `apt-get install -y chromium` (Debian/Ubuntu, as root), ' +
  'or point CHROMIUM_PATH at a Chromium/Chrome executable.';

function resolveOrExit() {
  try {
    return resolveChromium();
  } catch (error) {
    console.error(`ensure-chromium: ${error instanceof Error ? error.message : String(error)}. ${HOW_TO}`);
    process.exit(1);
  }
}

/** Streams the command's output; exits the script when it fails. */
function run(command, args) {
  console.log(`ensure-chromium: $ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status !== 0) {
    console.error(`ensure-chromium: \`${command} ${args.join(' ')}\` failed (${result.error?.message ?? `exit ${result.status}`}).`);
    process.exit(1);
  }
}

function describe({ executablePath, source }) {
  // --version needs no display and no sandbox; a failure here only loses the version in the message.
  const version = spawnSync(executablePath, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  const label = version.status === 0 ? version.stdout.trim() : 'version unknown';
  const why = { CHROMIUM_PATH: 'from CHROMIUM_PATH', debian: "Debian's package", playwright: "Playwright's download" };
  return `${label} at ${executablePath} (${why[source]})`;
}

let browser = resolveOrExit();
if (!browser) {
  const rootOnDebian = existsSync('/etc/debian_version') && process.getuid?.() === 0;
  if (!rootOnDebian) {
    console.error(`ensure-chromium: no Chromium found. ${HOW_TO}`);
    process.exit(1);
  }
  console.log('ensure-chromium: no Chromium found; installing Debian\'s chromium package.');
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', 'chromium']);
  browser = resolveOrExit();
  if (!browser) {
    console.error(`ensure-chromium: apt-get installed chromium but no executable was found. ${HOW_TO}`);
    process.exit(1);
  }
}
console.log(`ensure-chromium: using ${describe(browser)}`);
