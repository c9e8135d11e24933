/**
 * The lineage panel, BUILT (dist/panel/module.js), loaded by the Grafana stand-in host through
 * SystemJS in Debian's Chromium: drawing, focus and impact by mouse and keyboard, both themes,
 * hostile names, empty and broken data, and the real data source against a real collector.
 * Assertions are on what a person sees (text, the canvas' pixels); screenshots go to
 * test-results/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DataFrameJson } from '../../src/contract/frames';
import { edgesFrameJson, pipelineFrameJson, rowsFrame } from '../../src/panel/testing/pipelineFixture';
import { syntheticLineage, syntheticLineageFrames } from '../../src/panel/testing/syntheticLineage';
import { type GrafanaHost, startGrafanaHost } from '../grafana-host/server/hostServer';
import { type HostBrowser, type Page, launchChromium, openHost, screenshot } from '../grafana-host/support/browser';
import { type TestCollector, startTestCollector } from '../grafana-host/support/collector';
import { ensurePluginBuilt } from '../grafana-host/support/pluginBuild';

const PANEL = 'pipelinepane-lineage-panel';
let host: GrafanaHost;
let chromium: HostBrowser;

beforeAll(async () => {
  await ensurePluginBuilt();
  host = await startGrafanaHost({});
  chromium = await launchChromium();
}, 600_000);

afterAll(async () => {
  await chromium?.close();
  await host?.close();
});

/** Shows the panel with these frames and waits until it has painted (or shown a message). */
async function showLineage(page: Page, frames: DataFrameJson[], options: Record<string, unknown> = {}, size = { width: 1200, height: 640 }) {
  await page.evaluate(({ pluginId, frames, options, size }) => window.grafanaHost.showPanel({ pluginId, frames, options, ...size }), { pluginId: PANEL, frames, options, size });
  await page.waitForSelector('[data-testid="lineage-canvas"][data-painted], [data-testid="lineage-message"]', { timeout: 30_000 });
}

/** How many canvas pixels are (nearly) the colour of the legend swatch whose label starts with `label`. */
async function canvasPixelsLike(page: Page, label: string): Promise<number> {
  return page.evaluate((label) => {
    const items = [...document.querySelectorAll('[data-testid="lineage-legend"] span')];
    const item = items.find((span) => span.children.length > 0 && span.textContent?.startsWith(label));
    const swatch = item?.querySelector('span');
    if (!swatch) throw new Error(`no legend entry "${label}"`);
    const [r, g, b] = (getComputedStyle(swatch).backgroundColor.match(/\d+/g) ?? []).map(Number);
    const canvas = document.querySelector('[data-testid="lineage-canvas"]') as HTMLCanvasElement;
    const data = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, canvas.width, canvas.height).data;
    let count = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i] - r) <= 6 && Math.abs(data[i + 1] - g) <= 6 && Math.abs(data[i + 2] - b) <= 6 && data[i + 3] > 240) count++;
    }
    return count;
  }, label);
}

async function searchAndFocus(page: Page, text: string) {
  const input = page.getByLabel('Search nodes');
  await input.fill(text);
  await page.getByRole('option').first().waitFor();
  await input.press('Enter');
  await page.getByTestId('lineage-focus').waitFor();
}

/** The canvas centre, where a node picked in the search is drawn. */
async function canvasCentre(page: Page) {
  const box = await page.getByTestId('lineage-canvas').boundingBox();
  if (!box) throw new Error('no canvas');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

const frameOf = async (page: Page) => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

for (const theme of ['dark', 'light'] as const) {
  describe(`lineage panel (${theme})`, () => {
    it('draws jobs and datasets with health in the theme\u2019s colours and a legend', async () => {
      const { page, errors } = await openHost(chromium.browser, host.url, theme);
      await showLineage(page, pipelineFrameJson());
      const canvas = page.getByTestId('lineage-canvas');
      expect(await canvas.getAttribute('data-nodes')).toBe('8');
      expect(await canvas.getAttribute('data-engine')).toBe('dagre');
      expect(await page.getByTestId('lineage-summary').innerText()).toBe('8 nodes \u00b7 7 edges');
      const legend = page.getByTestId('lineage-legend');
      expect(await legend.innerText()).toMatch(/Freshness[\s\S]*Fresh[\s\S]*Stale: SLA missed[\s\S]*Job[\s\S]*Dataset/);
      expect(await page.getByTestId('host-root').getAttribute('data-theme')).toBe(theme);
      // The badges on the canvas are painted in the legend's (theme's) colours.
      expect(await canvasPixelsLike(page, 'Stale: SLA missed')).toBeGreaterThan(20);
      expect(await canvasPixelsLike(page, 'Fresh')).toBeGreaterThan(20);
      await screenshot(page, `lineage-panel-${theme}`);
      expect(errors).toEqual([]);
      await page.close();
    });

    it('focuses a node by search and by click, lighting its upstream and downstream', async () => {
      const { page, errors } = await openHost(chromium.browser, host.url, theme);
      await showLineage(page, pipelineFrameJson());
      await searchAndFocus(page, 'orders');
      const card = page.getByTestId('lineage-focus');
      expect(await card.innerText()).toContain('dataset:pg:orders');
      expect(await page.getByTestId('lineage-focus-counts').innerText()).toBe('2 nodes upstream \u00b7 4 nodes downstream');
      expect(await card.getByRole('link', { name: 'Dataset health' }).getAttribute('href')).toMatch(/^\/d\/pipelinepane-dataset-health\?var-dataset=dataset%3Apg%3Aorders/);
      await frameOf(page);
      await screenshot(page, `lineage-panel-focus-${theme}`);

      // Esc clears; a click on the node (centred by the search) focuses it again.
      await page.getByTestId('lineage-canvas').press('Escape');
      await expect.poll(() => page.getByTestId('lineage-focus').count()).toBe(0);
      const centre = await canvasCentre(page);
      await page.mouse.move(centre.x, centre.y);
      const tooltip = page.getByTestId('lineage-tooltip');
      await tooltip.waitFor();
      expect(await tooltip.innerText()).toMatch(/orders[\s\S]*Age[\s\S]*2h, past its SLA[\s\S]*Failing checks[\s\S]*not_null_id[\s\S]*team-core/);
      await screenshot(page, `lineage-panel-tooltip-${theme}`);
      await page.mouse.click(centre.x, centre.y);
      await page.getByTestId('lineage-focus').waitFor();
      expect(await page.getByTestId('lineage-focus-counts').innerText()).toBe('2 nodes upstream \u00b7 4 nodes downstream');
      // A click on the background clears the focus.
      const box = (await page.getByTestId('lineage-canvas').boundingBox())!;
      await page.mouse.click(box.x + 8, box.y + 8);
      await expect.poll(() => page.getByTestId('lineage-focus').count()).toBe(0);
      expect(errors).toEqual([]);
      await page.close();
    });

    it('lights up everything downstream in impact mode and counts datasets and owners', async () => {
      const { page, errors } = await openHost(chromium.browser, host.url, theme);
      await showLineage(page, pipelineFrameJson());
      await searchAndFocus(page, 'raw_orders');
      await page.getByRole('button', { name: /Impact/ }).click();
      const impact = page.getByTestId('lineage-impact');
      await impact.waitFor();
      expect(await impact.innerText()).toMatch(/3 datasets and 3 jobs affected downstream, 1 already stale, 1 job failing\./);
      expect(await impact.innerText()).toMatch(/5 owners to tell: team-analytics, team-core, team-finance, team-growth, team-ingest/);
      expect(await page.getByTestId('lineage-focus-counts').innerText()).toBe('6 nodes downstream');
      await page.getByRole('button', { name: 'Fit the graph (0)' }).click();
      await frameOf(page);
      await screenshot(page, `lineage-panel-impact-${theme}`);
      expect(errors).toEqual([]);
      await page.close();
    });
  });
}

describe('lineage panel: names, empty and broken data', () => {
  it('shows a hostile dataset name literally and runs nothing', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const { page, errors } = await openHost(chromium.browser, host.url, 'dark');
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const frames = [
      rowsFrame('nodes', [
        { id: `dataset:warehouse:${hostile}`, title: hostile, detail__freshness_status: 'stale', detail__owners: hostile },
        { id: 'job:warehouse:loader', title: 'loader', detail__last_run_state: 'COMPLETE' },
      ]),
      edgesFrameJson([['job:warehouse:loader', `dataset:warehouse:${hostile}`]]),
    ];
    await showLineage(page, frames);
    await searchAndFocus(page, 'onerror');
    expect(await page.getByTestId('lineage-focus').innerText()).toContain(hostile);
    const centre = await canvasCentre(page);
    await page.mouse.move(centre.x, centre.y);
    await page.getByTestId('lineage-tooltip').waitFor();
    expect(await page.getByTestId('lineage-tooltip').innerText()).toContain(hostile);
    await page.getByLabel('Search nodes').fill('img src');
    expect(await page.getByRole('option').first().innerText()).toContain(hostile);
    await page.waitForTimeout(300);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await screenshot(page, 'lineage-panel-hostile-name');
    expect(errors.filter((e) => !/favicon/.test(e))).toEqual([]);
    await page.close();
  });

  it('says there is no lineage data for an empty result', async () => {
    const { page, errors } = await openHost(chromium.browser, host.url, 'light');
    await showLineage(page, []);
    expect(await page.getByTestId('lineage-message').innerText()).toMatch(/No lineage data[\s\S]*kind "Lineage"/);
    await screenshot(page, 'lineage-panel-empty');
    // The collector's answer when nothing matches: both frames, no rows.
    await showLineage(page, [rowsFrame('nodes', []), edgesFrameJson([])]);
    expect(await page.getByTestId('lineage-message').innerText()).toMatch(/No lineage data[\s\S]*empty graph/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('names the missing fields instead of crashing', async () => {
    const { page, errors } = await openHost(chromium.browser, host.url, 'dark');
    await showLineage(page, [{ name: 'edges', fields: [{ name: 'from', type: 'string', values: ['a'] }] }]);
    expect(await page.getByTestId('lineage-message').innerText()).toMatch(/lack the fields[\s\S]*no "source" and "target" fields \(it has fields "from"\)/);
    await screenshot(page, 'lineage-panel-missing-fields');
    // Only edges: drawn, with a note; Node Graph frames with nothing but ids draw too.
    await showLineage(page, [edgesFrameJson([['a', 'b'], ['b', 'c']])]);
    expect(await page.getByTestId('lineage-canvas').getAttribute('data-nodes')).toBe('3');
    await page.getByRole('button', { name: '1 note' }).click();
    expect(await page.getByTestId('lineage-notes').innerText()).toContain('No nodes frame');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('lineage panel: options and big graphs', () => {
  it('lays out top to bottom, colours by run state and groups namespaces', async () => {
    const { page, errors } = await openHost(chromium.browser, host.url, 'dark');
    await showLineage(page, pipelineFrameJson(), { direction: 'TB', colorBy: 'runState', groupByNamespace: true });
    expect(await page.getByTestId('lineage-canvas').getAttribute('data-painted')).toMatch(/\|TB\|/);
    expect(await page.getByTestId('lineage-summary').innerText()).toBe('8 nodes \u00b7 7 edges \u00b7 5 shown');
    expect(await page.getByTestId('lineage-legend').innerText()).toMatch(/Run state[\s\S]*Last run failed[\s\S]*Namespace \(collapsed\)/);
    await screenshot(page, 'lineage-panel-grouped-tb');
    // The namespaces menu opens them all again.
    await page.getByRole('button', { name: 'Namespaces' }).click();
    await page.getByText('Expand all').click();
    expect(await page.getByTestId('lineage-summary').innerText()).toBe('8 nodes \u00b7 7 edges');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('draws 2,000 nodes and 4,000 edges with the fast layout, and collapses 10,000 under the maximum', async () => {
    const { page, errors } = await openHost(chromium.browser, host.url, 'dark');
    await showLineage(page, syntheticLineageFrames(syntheticLineage({ nodes: 2000 })));
    const canvas = page.getByTestId('lineage-canvas');
    expect(await canvas.getAttribute('data-engine')).toBe('fast');
    expect(await canvas.getAttribute('data-nodes')).toBe('2000');
    expect(await canvas.getAttribute('data-edges')).toBe('4000');
    await screenshot(page, 'lineage-panel-2000');
    await searchAndFocus(page, 'table_1000');
    await page.getByRole('button', { name: /Impact/ }).click();
    expect(await page.getByTestId('lineage-impact').innerText()).toMatch(/\d+ datasets? and \d+ jobs? affected downstream/);
    await screenshot(page, 'lineage-panel-2000-impact');

    await showLineage(page, syntheticLineageFrames(syntheticLineage({ nodes: 10_000 })));
    expect(await page.getByTestId('lineage-summary').innerText()).toMatch(/^10,000 nodes \u00b7 20,000 edges \u00b7 [\d,]+ shown$/);
    await screenshot(page, 'lineage-panel-10000-collapsed');
    await showLineage(page, syntheticLineageFrames(syntheticLineage({ nodes: 10_000 })), { maxNodes: 20_000 });
    expect(await canvas.getAttribute('data-nodes')).toBe('10000');
    // Still usable: zoom in and hover answer.
    await page.getByRole('button', { name: 'Zoom in (+)' }).click();
    await searchAndFocus(page, 'job_3000');
    expect(await page.getByTestId('lineage-focus').innerText()).toContain('job_3000');
    await screenshot(page, 'lineage-panel-10000');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});

describe('lineage panel through the data source', () => {
  let collector: TestCollector;
  let withCollector: GrafanaHost;

  beforeAll(async () => {
    collector = await startTestCollector();
    withCollector = await startGrafanaHost({
      dataSources: [
        { uid: 'pane', name: 'Pipeline Pane', type: 'pipelinepane-datasource', isDefault: true, jsonData: { collectorUrl: collector.url }, secureJsonData: { apiToken: collector.readToken } },
      ],
    });
  }, 600_000);

  afterAll(async () => {
    await withCollector?.close();
    await collector?.stop();
  }, 120_000);

  it('draws the collector\u2019s lineage frames with health and links', async () => {
    const { page, errors } = await openHost(chromium.browser, withCollector.url, 'dark');
    await page.evaluate(
      ({ pluginId }) =>
        window.grafanaHost.showPanel({
          pluginId,
          datasourceUid: 'pane',
          targets: [{ refId: 'A', kind: 'lineage', node: 'dataset:snowflake%3A//acme:analytics.stg_orders', direction: 'both', depth: 4 } as never],
          width: 1200,
          height: 640,
        }),
      { pluginId: PANEL },
    );
    await page.waitForSelector('[data-testid="lineage-canvas"][data-painted], [data-testid="lineage-message"]', { timeout: 30_000 });
    const nodes = Number(await page.getByTestId('lineage-canvas').getAttribute('data-nodes'));
    expect(nodes).toBeGreaterThan(2);
    await searchAndFocus(page, 'stg_orders');
    expect(await page.getByTestId('lineage-focus').innerText()).toContain('dataset:snowflake%3A//acme:analytics.stg_orders');
    expect(await page.getByRole('link', { name: 'Dataset health' }).getAttribute('href')).toContain(
      'var-dataset=dataset%3Asnowflake%253A%2F%2Facme%3Aanalytics.stg_orders',
    );
    const centre = await canvasCentre(page);
    await page.mouse.move(centre.x, centre.y);
    await page.getByTestId('lineage-tooltip').waitFor();
    expect(await page.getByTestId('lineage-tooltip').innerText()).toMatch(/Dataset \u00b7 snowflake:\/\/acme/);
    await screenshot(page, 'lineage-panel-collector');
    expect(errors).toEqual([]);
    await page.close();
  });
});
