/**
 * Export and score (issue #5), as a user does it: train on a sample, export ONNX (checked in
 * onnxruntime-web in the worker) and download it, export the TF.js zip, then score a new CSV, read its
 * preview, unseen categories and drift, download the predictions, and get a clear error for a file
 * without a column the model needs. The worker does the work: the page stays free of long tasks.
 *
 * Fixtures (e2e/data), derived from public/samples/penguins.csv (every 11th complete row, 30 rows,
 * without the Species target):
 * - penguins-new.csv: an extra text column `note` (ignored by the model, passed through) whose row 3
 *   (line 4) is `=1+2`, a formula a spreadsheet would run; Island = `Atlantis` (never seen in training)
 *   on row 5 (line 6); one note holds a comma (a quoted field).
 * - penguins-no-island.csv: the same rows without the Island column.
 */
import { readFile } from 'node:fs/promises';
import type { Download, ElementHandle, Locator, Page } from '@playwright/test';
import { test, expect, dataPath, type LongTaskProbe } from './fixtures/studio';

const EXPORT_TIMEOUT = 120_000;

const exportSection = (page: Page) => page.getByRole('region', { name: 'Export and score', exact: true });

/** The browser's long-task threshold: no main-thread task of the app's may take longer. */
const LONG_TASK_MS = 50;

/**
 * Main-thread long tasks while the app works, apart from the test's own queries: a role lookup walks
 * the whole page's accessibility tree in the page's main thread (tens of ms on this page), so inside a
 * measured phase the test only clicks element handles it resolved before, waits for text with a
 * MutationObserver, and waits for downloads.
 */
class AppLongTasks {
  /** Tasks over their phase's limit. */
  readonly over: { phase: string; start: number; duration: number }[] = [];
  constructor(private readonly probe: LongTaskProbe) {}

  async during<T>(phase: string, work: () => Promise<T>): Promise<T> {
    await this.probe.reset();
    const result = await work();
    const tasks = await this.probe.entries();
    if (tasks.length > 0) test.info().annotations.push({ type: 'long tasks', description: `${phase}: ${tasks.map((t) => `${Math.round(t.duration)} ms`).join(', ')}` });
    for (const t of tasks) if (t.duration > LONG_TASK_MS) this.over.push({ phase, ...t });
    return result;
  }
}

/** The control `locator` finds, resolved now (so using it later costs no role lookup). */
async function handleOf(locator: Locator): Promise<ElementHandle> {
  await expect(locator).toBeEnabled();
  return (await locator.elementHandle())!;
}

/**
 * Waits until the page's text holds `text`: one evaluate whose MutationObserver checks textContent
 * (no layout, no accessibility tree), instead of polling, so the wait adds no main-thread tasks.
 */
async function waitForText(page: Page, text: string): Promise<void> {
  await page.evaluate(
    ([t, ms]) =>
      new Promise<void>((resolve, reject) => {
        const found = () => document.body.textContent?.includes(t) ?? false;
        if (found()) return resolve();
        const observer = new MutationObserver(() => {
          if (!found()) return;
          clearTimeout(timer);
          observer.disconnect();
          resolve();
        });
        const timer = setTimeout(() => {
          observer.disconnect();
          reject(new Error(`"${t}" did not appear within ${ms} ms`));
        }, ms);
        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      }),
    [text, EXPORT_TIMEOUT] as const,
  );
}

/** Clicks `button` and returns the download it starts. */
async function download(page: Page, button: ElementHandle): Promise<Download> {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: EXPORT_TIMEOUT }), button.click()]);
  return file;
}

async function bytesOf(file: Download): Promise<Buffer> {
  return readFile(await file.path());
}

test('export a trained model as ONNX (verified) and TF.js, then score a new CSV with drift', async ({ studio, page, longTasks }) => {
  test.setTimeout(300_000);
  // Everything, onnxruntime-web's wasm included, comes from the page's own origin.
  const origin = new URL(test.info().project.use.baseURL!).origin;
  const foreign: string[] = [];
  page.context().on('request', (r) => {
    const url = new URL(r.url());
    if (/^(http|ws)s?:$/.test(url.protocol) && url.origin !== origin) foreign.push(r.url());
  });
  await studio.open();
  await studio.chooseSample('Palmer penguins');
  await expect(studio.targetSelect).toHaveValue('Species', { timeout: 30_000 });
  await expect(exportSection(page)).toHaveCount(0);
  await page.getByLabel('Epochs').fill('15');
  await studio.selectBackend('wasm');
  await studio.train();
  await studio.waitForMetrics();
  const work = new AppLongTasks(longTasks);

  const section = exportSection(page);
  await expect(section).toBeVisible();
  const exportPart = section.getByRole('region', { name: 'Export the model' });

  // ONNX: written, checked in onnxruntime-web, then downloaded.
  const exportOnnx = await handleOf(exportPart.getByRole('button', { name: 'Export ONNX' }));
  await work.during('ONNX export and check', async () => {
    await exportOnnx.click();
    await waitForText(page, '— passed');
  });
  const onnxGroup = exportPart.getByRole('group', { name: 'ONNX file' });
  await expect(onnxGroup).toContainText(/Checked with onnxruntime-web \(wasm\) on \d+ rows of your data: largest difference \S+ \(limit 1e-4\) — passed/);
  const saveOnnx = await handleOf(onnxGroup.getByRole('button', { name: /^Download .+\.onnx$/ }));
  const onnx = await work.during('ONNX download', () => download(page, saveOnnx));
  expect(onnx.suggestedFilename()).toMatch(/\.onnx$/);
  expect((await bytesOf(onnx)).length).toBeGreaterThan(1000);

  // TF.js: saved as soon as it is written, with a note of what the zip holds.
  const exportTfjs = await handleOf(exportPart.getByRole('button', { name: 'Export TF.js (zip)' }));
  const zip = await work.during('TF.js export', () => download(page, exportTfjs));
  expect(zip.suggestedFilename()).toMatch(/-tfjs\.zip$/);
  const zipBytes = await bytesOf(zip);
  expect(zipBytes.subarray(0, 2).toString('latin1')).toBe('PK');
  expect(zipBytes.length).toBeGreaterThan(1000);
  await expect(exportPart.getByRole('group', { name: 'TF.js file' })).toContainText('model.json and weights.bin');

  // Score a new CSV.
  const scorePart = section.getByRole('region', { name: 'Score a new CSV' });
  const scoreInput = await handleOf(scorePart.getByLabel('CSV to score', { exact: true }));
  await work.during('scoring', async () => {
    await scoreInput.setInputFiles(dataPath('penguins-new.csv'));
    await waitForText(page, 'Drift against the training data');
  });
  const preview = scorePart.getByRole('table', { name: 'Scored rows' });
  await expect(preview).toBeVisible();
  await expect(scorePart).toContainText('Scored 30 rows of “penguins-new.csv”');
  await expect(preview.getByRole('columnheader', { name: /^predicted Species/ })).toBeVisible();
  await expect(preview.getByRole('columnheader', { name: /^probability Adelie/ })).toBeVisible();
  // User data is text: the formula cell shows as typed.
  await expect(preview.getByRole('cell', { name: '=1+2', exact: true })).toBeVisible();
  await expect(scorePart.getByRole('list', { name: 'Ignored columns' })).toContainText('note');
  await expect(scorePart.getByRole('list', { name: 'Unseen categories' })).toContainText('1 row of Island had a value not seen in training, e.g. “Atlantis”.');
  const drift = scorePart.getByRole('table', { name: 'Data drift' });
  await expect(drift).toBeVisible();
  for (const column of ['Island', 'Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)', 'Sex']) {
    await expect(drift.getByRole('rowheader', { name: column, exact: true })).toBeVisible();
  }
  for (const header of ['PSI', 'KS D', 'KS p', 'Shift', 'Drifted', 'What changed']) {
    await expect(drift.getByRole('columnheader', { name: header, exact: true })).toBeVisible();
  }

  // The predictions as CSV: a BOM for spreadsheets, the prediction header, the formula escaped.
  const savePredictions = await handleOf(scorePart.getByRole('button', { name: 'Download predictions (CSV)' }));
  const predictions = await work.during('predictions download', () => download(page, savePredictions));
  expect(predictions.suggestedFilename()).toBe('penguins-new-predictions.csv');
  const csv = (await bytesOf(predictions)).toString('utf8');
  expect(csv.startsWith('\uFEFF')).toBe(true);
  const [header, ...lines] = csv.slice(1).split('\r\n');
  expect(header).toContain('predicted Species');
  expect(header).toContain('probability Gentoo');
  expect(lines.filter((l) => l !== '')).toHaveLength(30);
  expect(lines[2]).toMatch(/^Dream,40\.9,18\.9,184,3900,MALE,'=1\+2,(Adelie|Chinstrap|Gentoo),/);
  expect(csv).not.toMatch(/(^|,)=1\+2/m);
  expect(csv).toContain('"ringed, then released"');

  // A file without a column the model needs: a clear error, and the previous result stays.
  await work.during('scoring a file without Island', async () => {
    await scoreInput.setInputFiles(dataPath('penguins-no-island.csv'));
    await waitForText(page, 'that the model needs is not in this file');
  });
  await expect(scorePart.getByRole('alert')).toContainText('Could not score the file: The column "Island" that the model needs is not in this file.');
  await expect(preview).toBeVisible();
  await expect(scorePart).toContainText('Scored 30 rows of “penguins-new.csv”');

  // The worker did the work: no main-thread task over 50 ms while the app exported and scored, the
  // check in onnxruntime-web included.
  expect(work.over).toEqual([]);
  expect(foreign).toEqual([]);
});
