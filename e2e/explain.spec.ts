/**
 * Explaining a trained model (issue #4), as a user does it: train, open the Explain section, explain
 * test rows, read the global importance and one row's waterfall (whose bars add up from the base value
 * to the prediction), cancel a long request, then permutation importance, partial dependence and
 * fairness. The worker does the work: the page must stay free of long tasks while it explains.
 */
import type { Locator, Page } from '@playwright/test';
import { test, expect, parseDisplayedNumber, type Studio } from './fixtures/studio';

const EXPLAIN_TIMEOUT = 120_000;

const explainSection = (page: Page) => page.getByRole('region', { name: 'Explain', exact: true });

async function trainSample(studio: Studio, page: Page, sample: string, target: string, epochs: string): Promise<void> {
  await studio.open();
  await studio.chooseSample(sample);
  await expect(studio.targetSelect).toHaveValue(target, { timeout: 30_000 });
  await expect(explainSection(page)).toHaveCount(0);
  await page.getByLabel('Epochs').fill(epochs);
  await studio.selectBackend('wasm');
  await studio.train();
  await studio.waitForMetrics();
}

/** The waterfall's numbers: base, prediction and every bar's contribution (data attributes), and the prediction printed in its table. */
async function readWaterfall(section: Locator) {
  const svg = section.getByRole('img', { name: /^Waterfall of/ });
  await expect(svg).toBeVisible();
  const base = Number(await svg.getAttribute('data-base'));
  const prediction = Number(await svg.getAttribute('data-prediction'));
  const contributions = await svg.locator('[data-contribution]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-contribution'))));
  const row = section
    .getByRole('table', { name: 'Waterfall contributions' })
    .getByRole('row')
    .filter({ has: section.page().getByRole('rowheader', { name: 'Prediction f(x)', exact: true }) });
  const shown = parseDisplayedNumber(await row.getByRole('cell').first().innerText(), 'prediction');
  return { base, prediction, contributions, shown };
}

function expectWaterfallAddsUp(w: Awaited<ReturnType<typeof readWaterfall>>): void {
  expect(w.contributions.length).toBeGreaterThan(0);
  for (const v of [w.base, w.prediction, ...w.contributions]) expect(Number.isFinite(v)).toBe(true);
  const sum = w.contributions.reduce((a, b) => a + b, 0);
  expect(Math.abs(w.base + sum - w.prediction)).toBeLessThan(1e-6);
  // The table prints 4 significant digits.
  expect(Math.abs(w.shown - w.prediction)).toBeLessThanOrEqual(Math.abs(w.prediction) * 5e-4 + 1e-9);
}

test('explain an MLP: importance and a waterfall that adds up, permutation importance, partial dependence, fairness', async ({
  studio,
  page,
  longTasks,
}) => {
  await trainSample(studio, page, 'Palmer penguins', 'Species', '30');
  const section = explainSection(page);
  await expect(section).toBeVisible();
  await section.getByLabel('Rows to explain').fill('20');
  await section.getByLabel('Background size').fill('40');
  await expect(section.getByRole('combobox', { name: 'Method' })).toHaveValue('auto');
  await expect(section.getByLabel('Show encoded columns')).not.toBeChecked();

  await longTasks.reset();
  await section.getByRole('button', { name: 'Explain', exact: true }).click();
  await expect(section.getByRole('img', { name: /^Global feature importance/ })).toBeVisible({ timeout: EXPLAIN_TIMEOUT });
  // No main-thread task over 50 ms while the worker explained and the views appeared.
  expect.soft(await longTasks.entries()).toEqual([]);

  // Six source columns: exact Shapley values, and they add up.
  await expect(section.getByLabel('How the explanation was computed')).toContainText('Exact Shapley values');
  await expect(section).toContainText(/Attributions add up to the prediction (within \d(\.\d)?e-\d+|exactly)\./);
  await expect(section.getByRole('table', { name: 'Global feature importance (numbers)' }).getByRole('row')).toHaveCount(1 + 6);
  await expect(section.getByRole('img', { name: /^SHAP summary/ })).toBeVisible();
  await expect(section.getByRole('img', { name: /^Dependence plot/ })).toBeVisible();
  await expect(section).toContainText('probability of class “Adelie”');
  expectWaterfallAddsUp(await readWaterfall(section));

  // Another class and another row: still adds up.
  await section.getByRole('combobox', { name: 'Class' }).selectOption('Gentoo');
  await expect(section.getByLabel('How the explanation was computed')).toContainText('probability of class “Gentoo”');
  const rowSelect = section.getByRole('combobox', { name: 'Row to explain' });
  await expect(rowSelect.getByRole('option')).toHaveCount(20);
  await rowSelect.selectOption({ index: 7 });
  expectWaterfallAddsUp(await readWaterfall(section));
  await section.getByRole('combobox', { name: 'Dependence plot feature' }).selectOption('Island');
  await expect(section.getByRole('img', { name: /^Dependence plot: SHAP value of “Island”/ })).toBeVisible();

  // Permutation importance: a chart and a table, with the metric and its baseline.
  const permutation = section.getByRole('region', { name: 'Permutation importance' });
  await permutation.getByLabel('Repeats').fill('2');
  await permutation.getByRole('button', { name: 'Compute permutation importance' }).click();
  const importance = permutation.getByRole('table', { name: 'Permutation importance' });
  await expect(importance).toBeVisible({ timeout: EXPLAIN_TIMEOUT });
  await expect(importance.getByRole('row')).toHaveCount(1 + 6);
  await expect(permutation).toContainText(/Baseline accuracy on \d+ test rows/);
  await expect(permutation.getByRole('img', { name: /^Permutation importance/ })).toBeVisible();

  // Partial dependence of a numeric column.
  const pdp = section.getByRole('region', { name: 'Partial dependence' });
  await pdp.getByRole('combobox', { name: 'Partial dependence feature' }).selectOption('Flipper Length (mm)');
  await pdp.getByRole('button', { name: 'Compute partial dependence' }).click();
  await expect(pdp.getByRole('img', { name: /^Partial dependence of .*“Flipper Length \(mm\)”/ })).toBeVisible({ timeout: EXPLAIN_TIMEOUT });
  expect(await pdp.getByRole('table', { name: 'Partial dependence (numbers)' }).getByRole('row').count()).toBeGreaterThan(3);

  // Fairness by one column: its groups in a table.
  const fairness = section.getByRole('region', { name: 'Fairness' });
  await expect(fairness.getByRole('checkbox', { name: 'Species' })).toHaveCount(0);
  await fairness.getByRole('checkbox', { name: 'Sex', exact: true }).check();
  await fairness.getByRole('button', { name: 'Compute fairness' }).click();
  const bySex = fairness.getByRole('table', { name: 'Fairness by Sex' });
  await expect(bySex).toBeVisible({ timeout: EXPLAIN_TIMEOUT });
  await expect(bySex.getByRole('rowheader', { name: /^MALE/ })).toBeVisible();
  await expect(bySex.getByRole('rowheader', { name: /^FEMALE/ })).toBeVisible();
  await expect(bySex.getByRole('columnheader', { name: 'Accuracy' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);

  // A new run clears the reports.
  await studio.train();
  await expect.poll(() => page.evaluate(() => window.__orrery!.getRunStatus()), { timeout: 150_000 }).toBe('done');
  await expect(section).toBeVisible();
  await expect(section.getByRole('img', { name: /^Global feature importance/ })).toHaveCount(0);
  await expect(section.getByRole('table', { name: 'Permutation importance' })).toHaveCount(0);
});

test('explain a logistic regression: linear SHAP on the logit, the smallest features folded, a long request cancelled', async ({ studio, page }) => {
  await studio.open();
  await studio.chooseSample('Breast cancer (Wisconsin diagnostic)');
  await expect(studio.targetSelect).toHaveValue('diagnosis', { timeout: 30_000 });
  await page.getByRole('combobox', { name: 'Model', exact: true }).selectOption({ label: 'Linear / logistic regression' });
  await page.getByLabel('Epochs').fill('20');
  await studio.selectBackend('wasm');
  await studio.train();
  await studio.waitForMetrics();

  const section = explainSection(page);
  await section.getByRole('button', { name: 'Explain', exact: true }).click();
  await expect(section.getByRole('img', { name: /^Global feature importance/ })).toBeVisible({ timeout: EXPLAIN_TIMEOUT });
  const facts = section.getByLabel('How the explanation was computed');
  await expect(facts).toContainText('Linear SHAP');
  await expect(facts).toContainText(/logit of “.+” — linear SHAP works on the logit/);
  // 30 columns: the 10 largest contributions one by one, the other 20 as one bar.
  const table = section.getByRole('table', { name: 'Waterfall contributions' });
  await expect(table.getByRole('rowheader', { name: '20 other features' })).toBeVisible();
  const w = await readWaterfall(section);
  expect(w.contributions).toHaveLength(11);
  expectWaterfallAddsUp(w);
  // KernelSHAP over 30 columns for every test row takes long: cancelling keeps the linear report.
  await section.getByRole('combobox', { name: 'Method' }).selectOption({ label: 'KernelSHAP' });
  await section.getByLabel('Rows to explain').fill('500');
  await section.getByRole('button', { name: 'Explain', exact: true }).click();
  await expect(section.getByRole('progressbar', { name: 'Explain progress' })).toBeVisible();
  await section.getByRole('button', { name: 'Cancel', exact: true }).click();
  // The worker stops within one model batch; on a loaded 2-core machine that can take a while.
  await expect(section.getByRole('status').filter({ hasText: 'Cancelled. The previous report is kept.' })).toBeVisible({ timeout: 60_000 });
  await expect(section.getByRole('progressbar', { name: 'Explain progress' })).toHaveCount(0);
  await expect(facts).toContainText('Linear SHAP');
  expectWaterfallAddsUp(await readWaterfall(section));

  // The encoded view explains the model's inputs instead.
  await section.getByRole('combobox', { name: 'Method' }).selectOption('auto');
  await section.getByLabel('Rows to explain').fill('50');
  await section.getByLabel('Show encoded columns').check();
  await section.getByRole('button', { name: 'Explain', exact: true }).click();
  await expect(section.getByLabel('How the explanation was computed')).toContainText('encoded columns', { timeout: EXPLAIN_TIMEOUT });
  expectWaterfallAddsUp(await readWaterfall(section));
});
