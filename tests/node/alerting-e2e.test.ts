// End to end, with every part real: the collector (listening on 127.0.0.1) takes in a dataset
// written two hours ago and a job run that just failed; a real Prometheus scrapes its /metrics and
// evaluates the generated rules (alerts/pipelinepane.rules.yml, with their `for:` shortened to
// seconds); a real Alertmanager routes the alerts with the generated alerts/alertmanager.yml (its
// secret files and endpoints pointed at loopback); and a webhook receiver on loopback gets both
// alerts with the labels and annotations a person would read, while the Slack and PagerDuty
// endpoints get the stale dataset as its critical severity says. Everything started here is
// stopped here.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { alertPaths } from '../../src/alerts/files';
import { collectorScrapeJob } from '../../src/alerts/metricNames';
import { parseSlaConfig } from '../../src/collector/sla/slaConfig';
import { createSlaResolver } from '../../src/collector/sla/slaResolver';
import type { PaneDatabase } from '../../src/collector/store/openDatabase';
import { testCollectorApp, writeAuth } from './support/collectorApp';
import { runEvent } from './support/openLineageEvents';
import { createTestDatabase, type TestDatabase } from './support/testDatabases';

const root = path.resolve(__dirname, '..', '..');

const slaYaml = `
version: 1
datasets:
  - namespace: "snowflake://acme"
    dataset: "analytics.*"
    owners: ["team:analytics"]
    team: analytics
    severity: critical
    freshness: { warnAfter: 1m, criticalAfter: 2m }
jobs:
  - namespace: airflow-prod
    owners: [alice@example.com]
    team: data-platform
    severity: warning
`;

/** The first of these on PATH (Debian names Alertmanager prometheus-alertmanager). */
function binary(...names: string[]): string {
  for (const name of names) {
    try {
      execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'pipe' });
      return name;
    } catch {
      // next
    }
  }
  throw new Error(`none of ${names.join(', ')} is installed: run the tests through npm test, which installs prometheus and prometheus-alertmanager`);
}

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

async function waitFor<T>(what: string, attempt: () => T | undefined | Promise<T | undefined>, timeoutMs: number, diagnostics: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await attempt();
    if (value !== undefined) {
      return value;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}\n${diagnostics()}`);
}

interface Received {
  path: string;
  body: any;
}

interface Started {
  child: ChildProcess;
  exited: Promise<void>;
  log: () => string;
}

function start(command: string, args: string[]): Started {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (chunk) => (log += chunk));
  child.stderr?.on('data', (chunk) => (log += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, exited, log: () => log.slice(-4000) };
}

async function stop(started: Started | undefined): Promise<void> {
  if (!started) {
    return;
  }
  if (started.child.exitCode === null && started.child.signalCode === null) {
    started.child.kill('SIGTERM');
  }
  await Promise.race([started.exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  if (started.child.exitCode === null && started.child.signalCode === null) {
    started.child.kill('SIGKILL');
    await started.exited;
  }
}

/** Every route in an Alertmanager route tree. */
function* routes(route: Record<string, any>): Generator<Record<string, any>> {
  yield route;
  for (const child of route.routes ?? []) {
    yield* routes(child);
  }
}

describe('alerts end to end: collector, Prometheus, Alertmanager, webhook', () => {
  let testDatabase: TestDatabase;
  let database: PaneDatabase;
  let app: ReturnType<typeof testCollectorApp>['app'];
  let dir: string;
  let hook: http.Server;
  const received: Received[] = [];
  let prometheus: Started | undefined;
  let alertmanager: Started | undefined;
  let promUrl = '';
  let amUrl = '';

  const diagnostics = () =>
    `webhook got: ${JSON.stringify(received.map((r) => ({ path: r.path, alerts: r.body?.alerts?.map((a: any) => a.labels.alertname) })))}\n` +
    `--- prometheus:\n${prometheus?.log() ?? ''}\n--- alertmanager:\n${alertmanager?.log() ?? ''}`;

  beforeAll(async () => {
    const prometheusBinary = binary('prometheus');
    const alertmanagerBinary = binary('alertmanager', 'prometheus-alertmanager');

    // The collector, with SLAs whose thresholds are minutes.
    testDatabase = await createTestDatabase('sqlite');
    database = await testDatabase.open();
    ({ app } = testCollectorApp(database, { slas: createSlaResolver(parseSlaConfig(slaYaml, 'slas.yaml')) }));
    await app.listen({ host: '127.0.0.1', port: 0 });
    const collectorPort = (app.server.address() as net.AddressInfo).port;
    const post = async (event: Record<string, unknown>) => {
      const response = await app.inject({ method: 'POST', url: '/api/v1/lineage', headers: writeAuth, payload: event });
      expect(response.statusCode).toBe(201);
    };
    // A dbt model last written two hours ago: stale against its 2-minute SLA.
    await post(
      runEvent({
        eventTime: new Date(Date.now() - 2 * 3_600_000).toISOString(),
        job: { namespace: 'dbt-prod', name: 'acme.daily_revenue' },
        inputs: [],
        outputs: [{ namespace: 'snowflake://acme', name: 'analytics.daily_revenue' }],
      }),
    );
    // An Airflow task that failed a minute ago.
    await post(
      runEvent({
        eventType: 'FAIL',
        eventTime: new Date(Date.now() - 60_000).toISOString(),
        job: { namespace: 'airflow-prod', name: 'orders_daily.load_orders' },
        runFacets: {
          errorMessage: {
            _producer: 'https://github.com/apache/airflow/tree/providers-openlineage/1.14.0',
            _schemaURL: 'https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet',
            message: 'relation "public.orders" does not exist',
            programmingLanguage: 'python',
          },
        },
      }),
    );

    // The webhook receiver, also standing in for Slack's and PagerDuty's endpoints.
    hook = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        try {
          received.push({ path: request.url ?? '', body: JSON.parse(body) });
        } catch {
          received.push({ path: request.url ?? '', body });
        }
        response.writeHead(request.url === '/pagerduty' ? 202 : 200, { 'content-type': 'application/json' });
        response.end(request.url === '/pagerduty' ? '{"status":"success","message":"Event processed","dedup_key":"x"}' : 'ok');
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const hookUrl = `http://127.0.0.1:${(hook.address() as net.AddressInfo).port}`;

    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pane-alerting-e2e-'));
    const [promPort, amPort] = [await freePort(), await freePort()];
    promUrl = `http://127.0.0.1:${promPort}`;
    amUrl = `http://127.0.0.1:${amPort}`;

    // The generated rules, evaluated every second and firing without waiting (escalations,
    // which wait hours, keep their `for:` so they stay pending and inhibit nothing).
    const rules = parseYaml(fs.readFileSync(path.join(root, alertPaths.prometheusRules), 'utf8'));
    for (const group of rules.groups) {
      group.interval = '1s';
      for (const rule of group.rules) {
        if (!rule.labels?.escalated) {
          rule.for = '0s';
        }
      }
    }
    fs.writeFileSync(path.join(dir, 'pipelinepane.rules.yml'), stringify(rules, { version: '1.1', lineWidth: 0 }));
    fs.writeFileSync(
      path.join(dir, 'prometheus.yml'),
      stringify({
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        rule_files: [path.join(dir, 'pipelinepane.rules.yml')],
        alerting: { alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${amPort}`] }] }] },
        scrape_configs: [{ job_name: collectorScrapeJob, honor_labels: true, metrics_path: '/metrics', static_configs: [{ targets: [`127.0.0.1:${collectorPort}`] }] }],
      }),
    );

    // The generated Alertmanager config with its secret files and endpoints on loopback, quick
    // grouping, and one extra route first that copies every Pipeline Pane alert to the webhook.
    const secrets = path.join(dir, 'secrets');
    fs.mkdirSync(secrets);
    const config = parseYaml(fs.readFileSync(path.join(root, alertPaths.alertmanager), 'utf8'));
    const secretFile = (original: string, content: string) => {
      const target = path.join(secrets, path.basename(original));
      fs.writeFileSync(target, content);
      return target;
    };
    config.global.slack_api_url_file = secretFile(config.global.slack_api_url_file, `${hookUrl}/slack`);
    config.global.smtp_auth_password_file = secretFile(config.global.smtp_auth_password_file, 'not-a-password');
    config.global.smtp_smarthost = '127.0.0.1:9';
    config.global.smtp_require_tls = false;
    config.global.pagerduty_url = `${hookUrl}/pagerduty`;
    for (const receiver of config.receivers) {
      for (const pagerduty of receiver.pagerduty_configs ?? []) {
        pagerduty.routing_key_file = secretFile(pagerduty.routing_key_file, `routing-key-${path.basename(pagerduty.routing_key_file)}`);
      }
    }
    for (const route of routes(config.route)) {
      route.group_wait = '1s';
      route.group_interval = '1s';
    }
    config.receivers.push({ name: 'test-webhook', webhook_configs: [{ url: `${hookUrl}/webhook`, send_resolved: false }] });
    config.route.routes.unshift({ receiver: 'test-webhook', matchers: ['component="pipelinepane"'], continue: true, group_wait: '1s', group_interval: '1s' });
    fs.writeFileSync(path.join(dir, 'alertmanager.yml'), stringify(config, { version: '1.1', lineWidth: 0 }));

    alertmanager = start(alertmanagerBinary, [
      `--config.file=${path.join(dir, 'alertmanager.yml')}`,
      `--storage.path=${path.join(dir, 'alertmanager-data')}`,
      `--web.listen-address=127.0.0.1:${amPort}`,
      '--cluster.listen-address=',
    ]);
    prometheus = start(prometheusBinary, [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'prometheus-data')}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
    ]);
    await waitFor('Alertmanager to be ready', async () => ((await fetch(`${amUrl}/-/ready`).catch(() => undefined))?.ok ? true : undefined), 30_000, diagnostics);
    await waitFor('Prometheus to be ready', async () => ((await fetch(`${promUrl}/-/ready`).catch(() => undefined))?.ok ? true : undefined), 30_000, diagnostics);
  }, 90_000);

  afterAll(async () => {
    await stop(prometheus);
    await stop(alertmanager);
    await new Promise<void>((resolve) => (hook ? hook.close(() => resolve()) : resolve()));
    await app?.close();
    await database?.close();
    await testDatabase?.dispose();
    if (dir) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  const webhookAlert = (alertname: string) =>
    waitFor(
      `the webhook to receive ${alertname}`,
      () => received.filter((r) => r.path === '/webhook').flatMap((r) => r.body.alerts as any[]).find((alert) => alert.labels.alertname === alertname && alert.status === 'firing'),
      60_000,
      diagnostics,
    );

  it('a stale dataset reaches the webhook with its owner, team, severity and a link to its dashboard', async () => {
    const alert = await webhookAlert('PaneDatasetStale');
    expect(alert.labels).toMatchObject({
      alertname: 'PaneDatasetStale',
      component: 'pipelinepane',
      subject: 'dataset',
      namespace: 'snowflake://acme',
      dataset: 'analytics.daily_revenue',
      owner: 'team:analytics',
      team: 'analytics',
      severity: 'critical',
    });
    expect(alert.labels.instance, 'one alert per dataset, whichever replica was scraped').toBeUndefined();
    expect(alert.annotations.summary).toMatch(/^Dataset analytics\.daily_revenue is stale: last updated 2h \d+m \d+s ago$/);
    expect(alert.annotations.description).toContain('past its freshness SLA of 2m 0s');
    expect(alert.annotations.description).toContain('owner team:analytics, team analytics');
    expect(alert.annotations.description).toContain('0 downstream dataset(s) affected.');
    expect(alert.annotations.dashboard_url).toBe(
      'http://localhost:3000/d/pipelinepane-dataset-health/pipelinepane-dataset-health?var-dataset=dataset%3Asnowflake%253A%2F%2Facme%3Aanalytics.daily_revenue',
    );
  }, 90_000);

  it('a failed job reaches the webhook with its owner, team and severity from the job SLA', async () => {
    const alert = await webhookAlert('PaneJobFailed');
    expect(alert.labels).toMatchObject({
      alertname: 'PaneJobFailed',
      component: 'pipelinepane',
      subject: 'job',
      namespace: 'airflow-prod',
      job: 'orders_daily.load_orders',
      owner: 'alice@example.com',
      team: 'data-platform',
      severity: 'warning',
    });
    expect(alert.annotations.summary).toBe('Job orders_daily.load_orders failed');
    expect(alert.annotations.description).toContain('The latest run of orders_daily.load_orders (airflow-prod) failed; 1 failed run(s) in the last 24 hours, last success never.');
    expect(alert.annotations.description).toContain('Error: relation "public.orders" does not exist. 1 downstream dataset(s) affected.');
    expect(alert.annotations.dashboard_url).toContain('var-job=job%3Aairflow-prod%3Aorders_daily.load_orders');
  }, 90_000);

  it('routes the critical stale dataset to its team’s Slack channel and to PagerDuty at high urgency', async () => {
    const slack = await waitFor(
      'the Slack notification of the stale dataset',
      () => received.find((r) => r.path === '/slack' && JSON.stringify(r.body).includes('analytics.daily_revenue is stale')),
      60_000,
      diagnostics,
    );
    expect(slack.body.channel).toBe('#analytics-alerts');
    const pagerduty = await waitFor(
      'the PagerDuty event of the stale dataset',
      () => received.find((r) => r.path === '/pagerduty' && JSON.stringify(r.body).includes('analytics.daily_revenue')),
      60_000,
      diagnostics,
    );
    expect(pagerduty.body).toMatchObject({ event_action: 'trigger', payload: { severity: 'critical' } });
    expect(pagerduty.body.routing_key).toBe('routing-key-pane_pagerduty_routing_key');
    expect(pagerduty.body.payload.custom_details.urgency).toBe('high');
  }, 90_000);
});
