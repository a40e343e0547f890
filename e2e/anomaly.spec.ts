/**
 * The autoencoder template end to end (issues 3–5): on the breast-cancer sample ("malignant" marks the
 * anomalies), the template trains a reconstruct head, the results read as anomaly metrics, Explain
 * attributes each row's anomaly score and its waterfall adds up, and the ONNX export (anomaly_score,
 * label) passes the check in onnxruntime-web.
 */
import { test, expect } from './fixtures/studio';

test('autoencoder template: anomaly metrics, explained scores, a checked ONNX export', async ({ page, studio }) => {
  test.setTimeout(240_000);
  await studio.open();
  await studio.chooseSample('Breast cancer (Wisconsin diagnostic)');
  await expect(studio.targetSelect).toHaveValue('diagnosis', { timeout: 30_000 });
  await page.getByRole('combobox', { name: 'Template' }).selectOption({ label: 'Autoencoder (anomaly detection)' });
  await page.getByLabel('Epochs').fill('10');
  await studio.selectBackend('wasm');
  await studio.train();
  await studio.waitForMetrics();
  const metrics = page.getByRole('table', { name: 'Test metrics' });
  await expect(metrics.getByRole('rowheader', { name: /^ROC AUC/ })).toBeVisible();

  const explain = page.getByRole('region', { name: 'Explain', exact: true });
  await explain.getByLabel('Rows to explain').fill('3');
  await explain.getByRole('button', { name: 'Explain', exact: true }).click();
  const facts = explain.getByLabel('How the explanation was computed');
  await expect(facts).toContainText('anomaly score (reconstruction error)', { timeout: 120_000 });
  const svg = explain.getByRole('img', { name: /^Waterfall of / });
  const base = Number(await svg.getAttribute('data-base'));
  const prediction = Number(await svg.getAttribute('data-prediction'));
  const contributions = await svg.locator('[data-contribution]').evaluateAll((bars) => bars.map((b) => Number(b.getAttribute('data-contribution'))));
  expect(Math.abs(base + contributions.reduce((a, b) => a + b, 0) - prediction)).toBeLessThan(1e-6);

  const exportPart = page.getByRole('region', { name: 'Export the model' });
  await exportPart.getByRole('button', { name: 'Export ONNX' }).click();
  await expect(exportPart.getByRole('group', { name: 'ONNX file' })).toContainText(/largest difference \S+ \(limit 1e-4\) — passed/, { timeout: 120_000 });
});
