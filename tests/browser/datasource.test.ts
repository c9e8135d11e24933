/**
 * The Pipeline Pane data source, BUILT (dist/datasource/module.js), loaded by the Grafana
 * stand-in host through SystemJS in Debian's Chromium, against a real collector filled through
 * its ingest API. Assertions are on what a person sees; screenshots go to
 * test-results/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type GrafanaHost, startGrafanaHost } from '../grafana-host/server/hostServer';
import { type HostBrowser, type Page, launchChromium, openHost, screenshot } from '../grafana-host/support/browser';
import { type TestCollector, startTestCollector } from '../grafana-host/support/collector';
import { ensurePluginBuilt } from '../grafana-host/support/pluginBuild';

let collector: TestCollector;
let host: GrafanaHost;
let chromium: HostBrowser;

const warehouse = 'snowflake://acme';
const datasetId = (name: string) => `dataset:snowflake%3A//acme:${name}`;

beforeAll(async () => {
  await ensurePluginBuilt();
  collector = await startTestCollector();
  host = await startGrafanaHost({
    dataSources: [
      { uid: 'pane', name: 'Pipeline Pane', type: 'pipelinepane-datasource', isDefault: true, jsonData: { collectorUrl: collector.url }, secureJsonData: { apiToken: collector.readToken } },
      { uid: 'pane-wrong-token', name: 'Pane (wrong token)', type: 'pipelinepane-datasource', jsonData: { collectorUrl: collector.url }, secureJsonData: { apiToken: 'not-the-token-0123456789' } },
      { uid: 'pane-down', name: 'Pane (down)', type: 'pipelinepane-datasource', jsonData: { collectorUrl: 'http://127.0.0.1:9' }, secureJsonData: { apiToken: collector.readToken } },
    ],
  });
  chromium = await launchChromium();
}, 600_000);

afterAll(async () => {
  await chromium?.close();
  await host?.close();
  await collector?.stop();
});

async function settled(page: Page) {
  const results = page.getByTestId('query-results');
  await results.waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => document.querySelector('[data-testid="query-editor-view"]')?.getAttribute('data-running') === 'false', null, { timeout: 30_000 });
  return results;
}

async function showQuery(page: Page, query: Record<string, unknown>, datasourceUid = 'pane') {
  await page.evaluate(({ query, datasourceUid }) => window.grafanaHost.showQueryEditor({ datasourceUid, query, app: 'explore' }), { query, datasourceUid });
  return settled(page);
}

for (const theme of ['dark', 'light'] as const) {
  describe(`config editor and Save & test (${theme})`, () => {
    it('connects with the right token', async () => {
      const { page, errors } = await openHost(chromium.browser, host.url, theme);
      await page.evaluate(() => window.grafanaHost.showDataSourceSettings('pane'));
      await expect.poll(() => page.getByLabel(/^Collector URL/).inputValue()).toBe(collector.url);
      await expect.poll(() => page.locator('#pipelinepane-api-token').inputValue()).toBe('configured');
      await page.getByRole('button', { name: 'Save & test' }).click();
      const status = page.getByTestId('datasource-test-status');
      await expect.poll(() => status.getAttribute('data-status'), { timeout: 20_000 }).toBe('success');
      expect(await status.innerText()).toMatch(/Connected to the Pipeline Pane collector \d+\.\d+\.\d+ \(sqlite\)\. The token has read scope\./);
      await screenshot(page, `datasource-config-success-${theme}`);
      // The token went through the proxy route, never to the browser.
      expect(host.proxyLog.some((entry) => entry.proxyPath === 'collector/api/v1/whoami' && entry.injectedHeaders.includes('Authorization') && entry.status === 200)).toBe(true);
      expect(await page.content()).not.toContain(collector.readToken);
      expect(errors).toEqual([]);
      await page.close();
    });

    it('names a wrong token and what to do', async () => {
      const { page } = await openHost(chromium.browser, host.url, theme);
      await page.evaluate(() => window.grafanaHost.showDataSourceSettings('pane-wrong-token'));
      await page.getByRole('button', { name: 'Save & test' }).click();
      const status = page.getByTestId('datasource-test-status');
      await expect.poll(() => status.getAttribute('data-status'), { timeout: 20_000 }).toBe('error');
      expect(await status.innerText()).toMatch(/rejected the API token \(HTTP 401\).*Enter the token again/s);
      await screenshot(page, `datasource-config-wrong-token-${theme}`);
      await page.close();
    });
  });
}

describe('config editor: typing a new token and an unreachable URL', () => {
  it('saves the typed token as a secret and reports an unreachable collector', async () => {
    const { page } = await openHost(chromium.browser, host.url);
    await page.evaluate(() => window.grafanaHost.showDataSourceSettings('pane-down'));
    await page.getByRole('button', { name: 'Save & test' }).click();
    const status = page.getByTestId('datasource-test-status');
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 20_000 }).toBe('error');
    expect(await status.innerText()).toContain('Grafana could not reach the collector at http://127.0.0.1:9 (HTTP 502). Check the collector URL');
    // fix the URL in the form, save & test again
    await page.getByLabel(/^Collector URL/).fill(collector.url);
    await page.getByRole('button', { name: 'Save & test' }).click();
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 20_000 }).toBe('success');
    expect(host.getDataSource('pane-down')?.jsonData?.collectorUrl).toBe(collector.url);
    await screenshot(page, 'datasource-config-fixed-url');
    host.setDataSource({ ...host.getDataSource('pane-down')!, jsonData: { collectorUrl: 'http://127.0.0.1:9' } });
    await page.close();
  });
});

describe('query editor and results, every kind', () => {
  let page: Page;
  let errors: string[];
  beforeAll(async () => {
    ({ page, errors } = await openHost(chromium.browser, host.url));
  });
  afterAll(async () => {
    expect(errors).toEqual([]);
    await page.close();
  });

  it('runs: a table of runs with the failure and links to the trace and the job', async () => {
    const results = await showQuery(page, { kind: 'runs', namespace: 'airflow-prod', job: 'orders_daily.transform_orders' });
    const table = results.getByTestId('view-table');
    await expect.poll(() => table.innerText()).toContain('FAIL');
    expect(await table.innerText()).toContain('column "discount_code" does not exist');
    await screenshot(page, 'query-runs');
    const data = await page.evaluate(() => window.grafanaHost.lastData());
    const runId = data!.frames[0].fields.find((f) => f.name === 'run_id')!;
    expect(runId.config.links.map((l: { title: string }) => l.title)).toContain('Run trace');
    const job = data!.frames[0].fields.find((f) => f.name === 'job')!;
    expect(job.config.links[0].url).toContain('/d/pipelinepane-job-detail?var-namespace=');
  });

  it('runStats: a time series of runs by state', async () => {
    const results = await showQuery(page, { kind: 'runStats', namespace: 'airflow-prod' });
    await results.getByTestId('view-graph').locator('canvas').first().waitFor();
    expect(await results.getByTestId('view-graph').innerText()).toMatch(/COMPLETE|Complete/);
    await screenshot(page, 'query-runStats');
  });

  it('freshness: the stale dataset stands out', async () => {
    const results = await showQuery(page, { kind: 'freshness', namespace: warehouse });
    const table = results.getByTestId('view-table');
    await expect.poll(() => table.innerText()).toContain('analytics.customers');
    expect(await table.innerText()).toContain('stale');
    await screenshot(page, 'query-freshness');
  });

  it('quality: the failing check', async () => {
    const results = await showQuery(page, { kind: 'quality', namespace: warehouse, failedOnly: true });
    await expect.poll(() => results.getByTestId('view-table').innerText()).toContain('analytics.fct_revenue');
    // the check column is further right than the table's visible width: read it from the answer
    const data = await page.evaluate(() => window.grafanaHost.lastData());
    expect(data!.frames[0].fields.find((f) => f.name === 'check')!.values).toContain('accepted_values');
    await screenshot(page, 'query-quality');
  });

  it('qualityStats: pass rate over time', async () => {
    const results = await showQuery(page, { kind: 'qualityStats', namespace: warehouse });
    await results.getByTestId('view-graph').waitFor();
    await screenshot(page, 'query-qualityStats');
  });

  it('volume: rows written per run', async () => {
    const results = await showQuery(page, { kind: 'volume', dataset: datasetId('analytics.orders_daily') });
    expect(await results.getAttribute('data-state')).toBe('Done');
    expect(await results.getByTestId('query-error').count()).toBe(0);
    await screenshot(page, 'query-volume');
  });

  it('lineage: a node graph around a dataset', async () => {
    const results = await showQuery(page, { kind: 'lineage', node: datasetId('analytics.stg_orders'), direction: 'both', depth: 2 });
    const graph = results.getByTestId('node-graph');
    await graph.waitFor();
    expect(await graph.getByTestId('node-graph-node').count()).toBeGreaterThanOrEqual(5);
    expect(await graph.getByTestId('node-graph-node-title').allTextContents()).toEqual(expect.arrayContaining(['analytics.stg_orders', 'orders_daily.transform_orders']));
    await screenshot(page, 'query-lineage');
  });

  it('columnLineage and impact', async () => {
    let results = await showQuery(page, { kind: 'columnLineage', node: datasetId('analytics.stg_orders') });
    expect(await results.getByTestId('query-error').count()).toBe(0);
    results = await showQuery(page, { kind: 'impact', node: datasetId('raw.orders') });
    await expect.poll(() => results.getByTestId('view-table').innerText()).toContain('analytics.fct_revenue');
    await screenshot(page, 'query-impact');
  });

  it('events: the failure in the logs view', async () => {
    const results = await showQuery(page, { kind: 'events', namespace: 'airflow-prod', levels: ['error'] });
    const logs = results.getByTestId('view-logs');
    await logs.waitFor();
    expect(await logs.getByTestId('log-row').count()).toBeGreaterThan(0);
    expect(await logs.innerText()).toContain('discount_code');
    await screenshot(page, 'query-events');
  });

  it('trace: the DAG run and its task runs', async () => {
    const results = await showQuery(page, { kind: 'trace', runId: collector.ids.latestDagRunId });
    const trace = results.getByTestId('view-trace');
    await trace.waitFor();
    expect(await trace.getByTestId('trace-span').count()).toBe(4);
    expect(await trace.getByTestId('trace-header').innerText()).toContain('orders_daily');
    expect(await trace.locator('[data-status="error"]').count()).toBeGreaterThan(0);
    await screenshot(page, 'query-trace');
  });

  it('variables and annotations as tables', async () => {
    let results = await showQuery(page, { kind: 'variables', subject: 'namespaces', search: 'snowflake' });
    await expect.poll(() => results.getByTestId('view-table').innerText()).toContain(warehouse);
    results = await showQuery(page, { kind: 'annotations', namespace: 'airflow-prod' });
    await expect.poll(() => results.getByTestId('view-table').innerText()).toContain('orders_daily.transform_orders failed');
  });

  it("shows the collector's own message as the query error", async () => {
    const results = await showQuery(page, { kind: 'trace', runId: 'no-such-run' });
    await expect.poll(() => results.getByTestId('query-error').innerText()).toContain('no run "no-such-run" is known');
    await screenshot(page, 'query-error');
  });

  it('template variables resolve in every field', async () => {
    await page.evaluate(() =>
      window.grafanaHost.setVariables([
        { name: 'ns', value: 'airflow-prod' },
        { name: 'states', value: ['FAIL', 'ABORT'], multi: true },
      ]),
    );
    const results = await showQuery(page, { kind: 'runs', namespace: '$ns', states: ['$states'] });
    const text = await results.getByTestId('view-table').innerText();
    expect(text).toContain('FAIL');
    expect(text).not.toContain('COMPLETE');
    expect(await page.evaluate(() => window.grafanaHost.currentQuery())).toMatchObject({ namespace: '$ns' });
    await page.evaluate(() => window.grafanaHost.setVariables([]));
  });

  it('picking a kind and a node, searching the collector', { timeout: 60_000 }, async () => {
    await page.evaluate(() => window.grafanaHost.showQueryEditor({ datasourceUid: 'pane', query: { kind: 'runs' }, run: false }));
    await page.locator('#pipelinepane-query-kind').click();
    await page.locator('#pipelinepane-query-kind').fill('Lineage');
    await page.getByRole('option', { name: /^Lineage/ }).click({ timeout: 5_000 });
    await screenshot(page, 'query-editor-picking-kind');
    expect(await page.getByTestId('query-error').innerText()).toContain('node: pick a node, or a namespace to show its whole graph');
    // the node picker searches the collector; typing narrows it to the dataset, Enter picks it
    await page.locator('#pipelinepane-query-node').click();
    await page.locator('#pipelinepane-query-node').fill('fct_revenue');
    const found = page.getByRole('option', { name: /analytics\.fct_revenue/ }).first();
    await found.waitFor({ timeout: 10_000 });
    await found.dispatchEvent('click');
    const results = await settled(page);
    await results.getByTestId('node-graph').waitFor();
    expect(await page.evaluate(() => window.grafanaHost.currentQuery())).toMatchObject({ kind: 'lineage', node: expect.stringContaining('fct_revenue') });
    await screenshot(page, 'query-editor-picked-lineage');
  });
});

describe('variables, annotations and failures', () => {
  it('the variable editor lists the jobs of a namespace', async () => {
    const { page } = await openHost(chromium.browser, host.url, 'light');
    await page.evaluate(() => window.grafanaHost.showVariableEditor({ datasourceUid: 'pane', query: { refId: 'v', subject: 'jobs', namespace: 'airflow-prod' } as never }));
    await expect.poll(() => page.getByTestId('variable-value').allInnerTexts()).toEqual(expect.arrayContaining(['orders_daily.transform_orders']));
    expect(await page.evaluate(() => window.grafanaHost.metricFindQuery({ datasourceUid: 'pane', query: 'namespaces' }))).toEqual(
      expect.arrayContaining([{ text: warehouse, value: warehouse }]),
    );
    await screenshot(page, 'variable-editor-light');
    await page.close();
  });

  it('annotations mark failures', async () => {
    const { page } = await openHost(chromium.browser, host.url);
    await page.evaluate(() => window.grafanaHost.showAnnotations({ datasourceUid: 'pane', annotation: { target: { refId: 'A', kind: 'annotations', namespace: 'airflow-prod' } as never } }));
    await expect.poll(() => page.getByTestId('annotation-title').allInnerTexts()).toContain('orders_daily.transform_orders failed');
    await screenshot(page, 'annotations');
    await page.close();
  });

  it('an unreachable collector answers each query with an error, quickly', async () => {
    const { page } = await openHost(chromium.browser, host.url);
    const started = Date.now();
    const answer = await page.evaluate(() => window.grafanaHost.runQuery({ datasourceUid: 'pane-down', targets: [{ refId: 'A', kind: 'runs' }, { refId: 'B', kind: 'freshness' }] as never }));
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(answer.state).toBe('Error');
    expect(answer.errors.map((e: { refId?: string }) => e.refId)).toEqual(['A', 'B']);
    expect(answer.errors[0].message).toContain('could not reach the collector');
    await page.close();
  });
});
