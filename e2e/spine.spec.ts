/**
 * The spine, as a user walks it: import a CSV (with defects), pick a target, train in the worker on a
 * chosen backend, watch the curves, read honest test metrics, stop a run.
 */
import { test, expect, dataPath } from './fixtures/studio';

test.describe('import', () => {
  test('a CSV with defects: skipped lines are reported by number and the good rows imported', async ({ studio, page }) => {
    await studio.open();
    await studio.uploadCsv(dataPath('defects.csv'));
    const report = page.getByRole('region', { name: 'Import report' });
    await expect(report).toContainText('62', { timeout: 30_000 });
    // The two rows with the wrong field count and the repeated header, by line number.
    await expect(report).toContainText(/\b24\b/);
    await expect(report).toContainText(/\b58\b/);
    await expect(report).toContainText(/\b33\b/);
    const dataset = await page.evaluate(() => window.__orrery!.getDataset());
    expect(dataset?.rowCount).toBe(62);
    expect(dataset?.columns.map((c) => c.name)).toEqual(['city', 'temp_c', 'humidity', 'visibility_m', 'note', 'rain']);
    const skipped = dataset!.report.skipped.map((s) => s.line).sort((a, b) => a - b);
    expect(skipped).toEqual([24, 33, 58]);
    // Non-ASCII text survives; the quoted field keeps its delimiter and line break.
    const preview = page.getByRole('table', { name: 'Data preview' });
    await expect(preview).toContainText('gusty; then');
  });

  test('a header-only file gets a clear error and the loaded data stays', async ({ studio, page }) => {
    await studio.open();
    await studio.uploadCsv(dataPath('defects.csv'));
    await expect(page.getByRole('table', { name: 'Data preview' })).toBeVisible({ timeout: 30_000 });
    await studio.uploadCsv(dataPath('header-only.csv'));
    await expect(page.getByRole('alert').first()).toContainText(/no data rows|header/i);
    const dataset = await page.evaluate(() => window.__orrery!.getDataset());
    expect(dataset?.rowCount).toBe(62);
  });
});

test.describe('training', () => {
  test('pick a target, train, watch the curve grow, read the test metrics; the UI stays responsive', async ({
    studio,
    page,
    longTasks,
  }) => {
    await studio.open();
    await studio.uploadCsv(dataPath('defects.csv'));
    await expect(page.getByRole('table', { name: 'Data preview' })).toBeVisible({ timeout: 30_000 });
    await studio.selectTarget('rain');
    await expect(page.getByRole('combobox', { name: 'Task' })).toHaveValue('binary');
    await page.getByLabel('Epochs').fill('60');
    await page.getByLabel('Early stopping').uncheck();
    await studio.selectBackend('wasm');
    const before = await page.evaluate(() => window.__orrery!.memory());
    await longTasks.reset();
    await studio.train();
    // The curve grows while training runs.
    await expect.poll(async () => (await page.evaluate(() => window.__orrery!.getEpochs())).length, { timeout: 60_000 }).toBeGreaterThan(3);
    await studio.waitForMetrics();
    expect(await page.getByRole('status', { name: 'Backend in use' }).or(page.getByLabel('Backend in use')).first().textContent()).toContain('wasm');
    const accuracy = await studio.metric('accuracy');
    const result = await page.evaluate(() => window.__orrery!.getResult());
    expect(result).not.toBeNull();
    expect(result!.history.length).toBe(60);
    // The value shown is the one computed, and the data is learnable: far above the 50% baseline.
    expect(accuracy).toBeCloseTo((result!.metrics.test as { accuracy: number }).accuracy, 4);
    expect(accuracy).toBeGreaterThanOrEqual(0.75);
    await expect(studio.metricsTable.getByRole('columnheader', { name: 'Baseline' })).toBeVisible();
    for (const name of ['precision_macro', 'recall_macro', 'f1_macro', 'roc_auc', 'log_loss']) {
      expect(Number.isFinite(await studio.metric(name))).toBe(true);
    }
    await expect(page.getByRole('table', { name: 'Confusion matrix' })).toBeVisible();
    // No main-thread task over 50 ms while the worker trained.
    expect(await longTasks.entries()).toEqual([]);
    // Tensors are released: another run leaves the worker's tensor count where it was.
    const after1 = await page.evaluate(() => window.__orrery!.memory());
    await studio.train();
    await expect.poll(() => page.evaluate(() => window.__orrery!.getRunStatus()), { timeout: 120_000 }).toBe('done');
    const after2 = await page.evaluate(() => window.__orrery!.memory());
    expect(after2.numTensors).toBe(after1.numTensors);
    expect(before.numTensors).toBeLessThanOrEqual(after1.numTensors);
  });

  test('Stop ends the run early and keeps the best model so far', async ({ studio, page }) => {
    await studio.open();
    await studio.chooseSample('Breast cancer (Wisconsin diagnostic)');
    await expect(studio.targetSelect).toHaveValue('diagnosis', { timeout: 30_000 });
    await page.getByLabel('Epochs').fill('2000');
    await page.getByLabel('Early stopping').uncheck();
    await page.getByLabel('Batch size').fill('8');
    await studio.selectBackend('cpu');
    await studio.train();
    await expect.poll(async () => (await page.evaluate(() => window.__orrery!.getEpochs())).length, { timeout: 60_000 }).toBeGreaterThan(1);
    await studio.stop();
    await studio.waitForMetrics(30_000);
    const result = await page.evaluate(() => window.__orrery!.getResult());
    expect(result!.stoppedBy).toBe('user');
    expect(result!.history.length).toBeLessThan(2000);
    expect(result!.bestEpoch).not.toBeNull();
    expect(await studio.metric('accuracy')).toBeGreaterThan(0.8);
  });

  test('forcing WebGPU really trains on WebGPU', async ({ studio, page }) => {
    test.slow(); // shader compilation on the software adapter takes ~20 s (MACHINE.md)
    await studio.open();
    await studio.chooseSample('Iris flowers');
    await expect(studio.targetSelect).toHaveValue('species', { timeout: 30_000 });
    await page.getByLabel('Epochs').fill('3');
    await studio.selectBackend('webgpu');
    await studio.train();
    await studio.waitForMetrics(240_000);
    const backend = await page.evaluate(() => window.__orrery!.getBackend());
    expect(backend?.used).toBe('webgpu');
    expect(backend?.fallbacks).toEqual([]);
    await expect(page.getByLabel('Backend in use')).toContainText('webgpu');
    const mem = await page.evaluate(() => window.__orrery!.memory());
    expect(mem.backend).toBe('webgpu');
    const result = await page.evaluate(() => window.__orrery!.getResult());
    expect(result!.backend).toBe('webgpu');
    expect(result!.history.length).toBe(3);
  });
});

test('a GPU device lost mid-run: training falls back to the next backend and says so', async ({ studio, page }) => {
  test.slow();
  await studio.open();
  await studio.chooseSample('Iris flowers');
  await expect(studio.targetSelect).toHaveValue('species', { timeout: 30_000 });
  await page.getByLabel('Epochs').fill('40');
  await page.getByLabel('Early stopping').uncheck();
  await studio.selectBackend('webgpu');
  await studio.train();
  await expect.poll(async () => (await page.evaluate(() => window.__orrery!.getEpochs())).length, { timeout: 120_000 }).toBeGreaterThan(1);
  expect(await page.evaluate(() => window.__orrery!.call('loseGpuDevice', {}))).toEqual({ lost: true });
  await studio.waitForMetrics(240_000);
  const backend = await page.evaluate(() => window.__orrery!.getBackend());
  expect(backend?.used).not.toBe('webgpu');
  expect(backend?.fallbacks[0]?.backend).toBe('webgpu');
  await expect(page.getByLabel('Backend in use')).not.toContainText('webgpu');
  await expect(page.getByRole('region', { name: 'Training', exact: true })).toContainText(/webgpu failed during training/);
  const result = await page.evaluate(() => window.__orrery!.getResult());
  expect(result!.history.length).toBe(40);
});
