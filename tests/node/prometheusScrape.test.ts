import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSlaConfig } from '../../src/collector/sla/slaConfig';
import { createSlaResolver } from '../../src/collector/sla/slaResolver';
import type { PaneDatabase } from '../../src/collector/store/openDatabase';
import { testCollectorApp, writeAuth } from './support/collectorApp';
import { runEvent } from './support/openLineageEvents';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from './support/testDatabases';

/**
 * A real Prometheus scrapes a real collector (listening on 127.0.0.1) and evaluates the one
 * generic freshness alert rule the docs recommend: the stale dataset fires, the fresh one does
 * not, and the alert carries the dataset's owner, team and severity for routing.
 */
const slaYaml = `
datasets:
  - namespace: "snowflake://acme.eu-west-1"
    dataset: "analytics.*"
    owners: [analytics@acme.example]
    team: analytics
    severity: critical
    freshness: { warnAfter: 6h, criticalAfter: 1d }
`;

const ruleYaml = `
groups:
  - name: pipeline-pane
    interval: 1s
    rules:
      - alert: DatasetStale
        expr: time() - pane_dataset_last_update_timestamp_seconds > pane_dataset_freshness_critical_seconds
        labels:
          alert_source: pipeline-pane
        annotations:
          summary: "{{ $labels.dataset }} is stale"
`;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitFor<T>(what: string, attempt: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await attempt();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
}

interface PromVector {
  metric: Record<string, string>;
  value: [number, string];
}

describe.each(testDatabaseKinds)('a real Prometheus scraping the collector on %s', (kind) => {
  let testDatabase: TestDatabase;
  let database: PaneDatabase;
  let app: ReturnType<typeof testCollectorApp>['app'];
  let prometheus: ChildProcess | undefined;
  let prometheusExited: Promise<void> | undefined;
  let prometheusLog = '';
  let dir: string;
  let promUrl: string;

  const query = async (expr: string): Promise<PromVector[]> => {
    const response = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(expr)}`);
    const body = (await response.json()) as { status: string; data: { result: PromVector[] }; error?: string };
    if (body.status !== 'success') throw new Error(`query ${expr}: ${body.error}`);
    return body.data.result;
  };

  beforeAll(async () => {
    testDatabase = await createTestDatabase(kind);
    database = await testDatabase.open();
    ({ app } = testCollectorApp(database, { slas: createSlaResolver(parseSlaConfig(slaYaml, 'slas.yaml')) }));
    await app.listen({ host: '127.0.0.1', port: 0 });
    const collectorPort = (app.server.address() as net.AddressInfo).port;

    // One dataset written a minute ago, one written three days ago.
    const written = (name: string, agoMs: number) =>
      runEvent({
        eventTime: new Date(Date.now() - agoMs).toISOString(),
        outputs: [{ namespace: 'snowflake://acme.eu-west-1', name }],
      });
    for (const event of [written('analytics.fresh_orders', 60_000), written('analytics.stale_customers', 3 * 24 * 3_600_000)]) {
      const response = await app.inject({ method: 'POST', url: '/api/v1/lineage', headers: writeAuth, payload: event });
      expect(response.statusCode).toBe(201);
    }

    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pane-prometheus-'));
    fs.writeFileSync(path.join(dir, 'rules.yml'), ruleYaml);
    fs.writeFileSync(
      path.join(dir, 'prometheus.yml'),
      [
        'global:',
        '  scrape_interval: 1s',
        '  evaluation_interval: 1s',
        'rule_files:',
        `  - ${path.join(dir, 'rules.yml')}`,
        'scrape_configs:',
        '  - job_name: pane',
        '    metrics_path: /metrics',
        '    honor_labels: true',
        '    static_configs:',
        `      - targets: ["127.0.0.1:${collectorPort}"]`,
        '',
      ].join('\n'),
    );
    const promPort = await freePort();
    promUrl = `http://127.0.0.1:${promPort}`;
    prometheus = spawn(
      'prometheus',
      [
        `--config.file=${path.join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${path.join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    prometheus.stdout?.on('data', (chunk) => (prometheusLog += chunk));
    prometheus.stderr?.on('data', (chunk) => (prometheusLog += chunk));
    const child = prometheus;
    prometheusExited = new Promise((resolve) => child.once('exit', () => resolve()));
    await waitFor('Prometheus to be ready', async () => ((await fetch(`${promUrl}/-/ready`)).ok ? true : undefined)).catch((error) => {
      throw new Error(`${(error as Error).message}\n${prometheusLog}`);
    });
  }, 60_000);

  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null && prometheus.signalCode === null) prometheus.kill('SIGTERM');
    await prometheusExited;
    await app?.close();
    await database?.close();
    await testDatabase?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('scrapes the target successfully', async () => {
    const up = await waitFor('a successful scrape', async () => {
      const result = await query('up{job="pane"}');
      return result.length > 0 && result[0].value[1] === '1' ? result : undefined;
    });
    expect(up[0].metric).toMatchObject({ job: 'pane', instance: expect.stringMatching(/^127\.0\.0\.1:\d+$/) });
  });

  it('has each dataset\'s last update timestamp with namespace, dataset, owner, team and severity labels', async () => {
    const result = await waitFor('pane_dataset_last_update_timestamp_seconds', async () => {
      const found = await query('pane_dataset_last_update_timestamp_seconds{namespace="snowflake://acme.eu-west-1"}');
      return found.length === 2 ? found : undefined;
    });
    const fresh = result.find((r) => r.metric.dataset === 'analytics.fresh_orders');
    expect(fresh?.metric).toEqual({
      __name__: 'pane_dataset_last_update_timestamp_seconds',
      namespace: 'snowflake://acme.eu-west-1',
      dataset: 'analytics.fresh_orders',
      owner: 'analytics@acme.example',
      team: 'analytics',
      severity: 'critical',
      job: 'pane',
      instance: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
    });
    expect(Math.abs(Number(fresh!.value[1]) - (Date.now() - 60_000) / 1000)).toBeLessThan(120);
    const threshold = await query('pane_dataset_freshness_critical_seconds{dataset="analytics.fresh_orders"}');
    expect(threshold[0].value[1]).toBe('86400');
  });

  it('keeps the pipeline job as the job label of job metrics (honor_labels), and the scrape job elsewhere', async () => {
    const state = await query('pane_job_last_run_state');
    expect(state).toEqual([
      expect.objectContaining({
        metric: expect.objectContaining({ job: 'orders_daily.load_orders', namespace: 'airflow-prod', state: 'COMPLETE' }),
        value: [expect.any(Number), '1'],
      }),
    ]);
    const ingest = await query('pane_ingest_requests_total{source="openlineage"}');
    expect(ingest[0].metric).toMatchObject({ job: 'pane', code: '201' });
    expect(ingest[0].value[1]).toBe('2');
  });

  it('fires the one generic freshness rule for the stale dataset only, with routing labels', async () => {
    const stale = await query('time() - pane_dataset_last_update_timestamp_seconds > pane_dataset_freshness_critical_seconds');
    expect(stale.map((r) => r.metric.dataset)).toEqual(['analytics.stale_customers']);
    const alerts = await waitFor('the DatasetStale alert', async () => {
      const found = await query('ALERTS{alertname="DatasetStale",alertstate="firing"}');
      return found.length > 0 ? found : undefined;
    });
    expect(alerts).toHaveLength(1);
    expect(alerts[0].metric).toMatchObject({
      alertname: 'DatasetStale',
      dataset: 'analytics.stale_customers',
      owner: 'analytics@acme.example',
      team: 'analytics',
      severity: 'critical',
      alert_source: 'pipeline-pane',
    });
  });
});
