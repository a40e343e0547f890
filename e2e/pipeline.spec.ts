/**
 * The visual pipeline editor as a user works it (issue 3): the default pipeline appears as a graph;
 * nodes are added from the palette, connected by dragging ports, configured in the inspector; undo
 * and redo; a refused connection says why; the edited graph is what trains.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures/studio';

const pipeline = (page: Page) => page.getByRole('region', { name: 'Pipeline', exact: true });
const inspector = (page: Page) => page.getByRole('region', { name: 'Inspector' });
const graphCheck = (page: Page) => page.getByRole('status', { name: 'Graph check' });
const DRAG = { timeout: 10_000 };
const port = (page: Page, node: string, dir: 'input' | 'output', type: 'tensor' | 'table', name = dir === 'input' ? 'in' : 'out') =>
  page.getByLabel(`${node}: ${dir} "${name}" (${type})`, { exact: true });

async function openIris(page: Page, studio: { open(): Promise<void>; chooseSample(n: string): Promise<void>; targetSelect: import('@playwright/test').Locator }) {
  await studio.open();
  await studio.chooseSample('Iris flowers');
  await expect(studio.targetSelect).toHaveValue('species', { timeout: 30_000 });
  await expect(pipeline(page).getByRole('group', { name: /^Dense node dense_1/ })).toBeVisible();
  await pipeline(page).scrollIntoViewIfNeeded();
}

test('edit the graph with the mouse, undo and redo, then train the graph and read the metrics', async ({ studio, page }) => {
  await openIris(page, studio);
  await expect(graphCheck(page)).toContainText('The graph can run');

  // Remove the second hidden layer: the graph can no longer run, and Train says why.
  await pipeline(page).getByRole('group', { name: /^Dense node dense_2/ }).click();
  await pipeline(page).getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(pipeline(page).getByRole('group', { name: /^Dense node dense_2/ })).toHaveCount(0);
  await expect(graphCheck(page)).toContainText('Graph cannot run');
  await expect(studio.trainButton).toBeDisabled();
  const reasonId = await studio.trainButton.getAttribute('aria-describedby');
  expect(reasonId).toBeTruthy();
  await expect(page.locator(`[id="${reasonId}"]`)).toContainText('The pipeline graph cannot run');

  // Undo brings it back exactly; redo removes it again.
  await pipeline(page).getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(pipeline(page).getByRole('group', { name: /^Dense node dense_2/ })).toHaveCount(1);
  await expect(graphCheck(page)).toContainText('The graph can run');
  // The keyboard works on the canvas too: Ctrl+Shift+Z redoes, Ctrl+Z undoes.
  await pipeline(page).getByRole('group', { name: /^Dense node dense_1/ }).click();
  await page.keyboard.press('Control+Shift+Z');
  await expect(pipeline(page).getByRole('group', { name: /^Dense node dense_2/ })).toHaveCount(0);
  await page.keyboard.press('Control+Z');
  await expect(pipeline(page).getByRole('group', { name: /^Dense node dense_2/ })).toHaveCount(1);
  await pipeline(page).getByRole('button', { name: 'Redo', exact: true }).click();
  await expect(pipeline(page).getByRole('group', { name: /^Dense node dense_2/ })).toHaveCount(0);

  // Add a Dense layer from the palette and wire it in by dragging between ports.
  const palette = page.getByRole('region', { name: 'Node palette' });
  await palette.getByRole('searchbox', { name: 'Search nodes' }).or(palette.getByLabel('Search nodes')).first().fill('dense');
  await palette.getByRole('button', { name: 'Dense', exact: true }).click();
  const graph = await page.evaluate(() => window.__orrery!.getGraph());
  const added = graph.nodes.filter((n) => n.kind === 'dense').map((n) => n.id).find((id) => id !== 'dense_1')!;
  expect(added).toBeTruthy();
  await port(page, 'dense_1', 'output', 'tensor').dragTo(port(page, added, 'input', 'tensor'), DRAG);
  await port(page, added, 'output', 'tensor').dragTo(port(page, 'output', 'input', 'tensor'), DRAG);
  await expect(graphCheck(page)).toContainText('The graph can run');

  // Set its width in the inspector.
  await pipeline(page).getByRole('group', { name: new RegExp(`^Dense node ${added}`) }).click();
  const units = inspector(page).getByLabel('Units', { exact: true });
  await units.fill('5');
  await units.press('Tab');
  await expect(pipeline(page).getByRole('group', { name: new RegExp(`^Dense node ${added}`) })).toContainText('[batch, 5]');

  // The edited graph is what trains.
  await expect(page.getByRole('combobox', { name: 'Model', exact: true })).toHaveValue('graph');
  await page.getByLabel('Epochs').fill('40');
  await studio.train();
  await studio.waitForMetrics();
  const result = await page.evaluate(() => window.__orrery!.getResult());
  expect(result!.model).toBe('graph');
  expect(result!.history.length).toBeGreaterThan(0);
  expect(await studio.metric('accuracy')).toBeGreaterThan(0.6);
  await expect(page.getByRole('table', { name: 'Run history' })).toContainText('Pipeline graph');
});

test('a refused connection shows its reason and changes nothing', async ({ studio, page }) => {
  await openIris(page, studio);
  const before = await page.evaluate(() => window.__orrery!.getGraph());
  // A table output cannot feed a tensor input.
  await port(page, 'scale', 'output', 'table').dragTo(port(page, 'dense_2', 'input', 'tensor'), DRAG);
  await expect(page.getByRole('alert').filter({ hasText: 'Cannot connect' })).toBeVisible();
  expect(await page.evaluate(() => window.__orrery!.getGraph())).toEqual(before);
});

test('build a small graph from an empty canvas with the mouse, train it and read the metrics', async ({ studio, page }) => {
  test.slow();
  await openIris(page, studio);
  // Empty the canvas: select each node and press Delete, as a user would.
  for (const node of (await page.evaluate(() => window.__orrery!.getGraph())).nodes) {
    await pipeline(page).getByRole('group', { name: new RegExp(`node ${node.id}(,|$)`) }).click();
    await page.keyboard.press('Delete');
  }
  expect((await page.evaluate(() => window.__orrery!.getGraph())).nodes).toEqual([]);
  await expect(studio.trainButton).toBeDisabled();

  // Add the nodes from the palette, in order.
  const palette = page.getByRole('region', { name: 'Node palette' });
  for (const label of ['Data source', 'Split', 'Input', 'Dense', 'Output', 'Evaluate']) {
    await palette.getByRole('button', { name: label, exact: true }).click();
  }
  const ids = Object.fromEntries((await page.evaluate(() => window.__orrery!.getGraph())).nodes.map((n) => [n.kind, n.id]));
  // Tidy up so every port is in view (new nodes land at free spots, some under the minimap).
  await pipeline(page).getByRole('button', { name: 'Auto-layout', exact: true }).click();
  // Wire them by dragging from each output port to the next input port.
  await port(page, ids['source']!, 'output', 'table').dragTo(port(page, ids['split']!, 'input', 'table'), DRAG);
  await port(page, ids['split']!, 'output', 'table').dragTo(port(page, ids['input']!, 'input', 'table'), DRAG);
  await port(page, ids['input']!, 'output', 'tensor').dragTo(port(page, ids['dense']!, 'input', 'tensor'), DRAG);
  await port(page, ids['dense']!, 'output', 'tensor').dragTo(port(page, ids['output']!, 'input', 'tensor'), DRAG);
  await port(page, ids['output']!, 'output', 'tensor').dragTo(port(page, ids['evaluate']!, 'input', 'tensor'), DRAG);
  await expect(graphCheck(page)).toContainText('The graph can run');
  expect((await page.evaluate(() => window.__orrery!.getGraph())).edges).toHaveLength(5);

  // Set a parameter in the inspector.
  await pipeline(page).getByRole('group', { name: new RegExp(`^Dense node ${ids['dense']}`) }).click();
  const units = inspector(page).getByLabel('Units', { exact: true });
  await units.fill('12');
  await units.press('Tab');
  await expect(pipeline(page).getByRole('group', { name: new RegExp(`^Dense node ${ids['dense']}`) })).toContainText('[batch, 12]');

  await page.getByLabel('Epochs').fill('60');
  await studio.train();
  await studio.waitForMetrics();
  const result = await page.evaluate(() => window.__orrery!.getResult());
  expect(result!.model).toBe('graph');
  expect(result!.features.encoded).toHaveLength(4);
  expect(await studio.metric('accuracy')).toBeGreaterThan(0.6);
});

test('a reload restores the work: the edited graph, the mode and the data', async ({ studio, page }) => {
  await openIris(page, studio);
  await pipeline(page).getByRole('group', { name: /^Dense node dense_1/ }).click();
  const units = inspector(page).getByLabel('Units', { exact: true });
  await units.fill('9');
  await units.press('Tab');
  await expect(pipeline(page).getByRole('group', { name: /^Dense node dense_1/ })).toContainText('[batch, 9]');
  const before = await page.evaluate(() => window.__orrery!.getGraph());
  await page.evaluate(() => window.__orrery!.flushAutosave());
  await page.reload();
  await expect(page.getByRole('status').filter({ hasText: /Restored your work from/ })).toBeVisible({ timeout: 30_000 });
  expect(await page.evaluate(() => window.__orrery!.getGraph())).toEqual(before);
  expect(await page.evaluate(() => window.__orrery!.getPipelineMode())).toBe('graph');
  expect((await page.evaluate(() => window.__orrery!.getDataset()))?.rowCount).toBe(150);
  await expect(studio.targetSelect).toHaveValue('species');
  // Start over clears it.
  await page.getByRole('button', { name: 'Start over', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: /Restored your work/ })).toHaveCount(0);
  expect(await page.evaluate(() => window.__orrery!.getDataset())).toBeNull();
});

test('clicking a feature node previews its output, fitted on the training rows', async ({ studio, page }) => {
  await openIris(page, studio);
  await pipeline(page).getByRole('group', { name: /^Scale node scale/ }).click();
  await inspector(page).getByRole('button', { name: 'Preview output', exact: true }).click();
  const preview = page.getByRole('region', { name: 'Node preview' });
  await expect(preview).toContainText(/Fitted on \d+ training rows/);
  await expect(preview.getByRole('table', { name: 'Node output' }).getByRole('columnheader', { name: 'sepal length (cm)' })).toBeVisible();
  await expect(preview.getByRole('table', { name: 'Node column stats' })).toContainText('petal width (cm)');
});
