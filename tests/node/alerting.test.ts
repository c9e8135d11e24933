// Alerts-as-code checked with the real tools: promtool checks and unit-tests every rule (each one
// firing and staying quiet), amtool checks the Alertmanager config and walks the routing table,
// and a scrape of a real collector proves that every metric the rules and dashboards read exists.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import type net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { alertPaths } from '../../src/alerts/files';
import { grafanaPolicies, grafanaRuleGroups } from '../../src/alerts/grafanaProvisioning';
import { allMetricNames } from '../../src/alerts/metricNames';
import { receivers, routingExamples, routingTree } from '../../src/alerts/routing';
import { rulesMissingCases } from '../../src/alerts/ruleTests';
import { alertRules } from '../../src/alerts/rules';
import { loadSlaConfig } from '../../src/collector/sla/slaConfig';
import { createSlaResolver } from '../../src/collector/sla/slaResolver';
import type { PaneDatabase } from '../../src/collector/store/openDatabase';
import { startDemo } from '../../scripts/demo';
import { testCollectorApp, writeToken } from './support/collectorApp';
import { createTestDatabase, type TestDatabase } from './support/testDatabases';

const run = promisify(execFile);
const root = path.resolve(__dirname, '..', '..');
const file = (relative: string) => path.join(root, relative);

describe('Prometheus rules', () => {
  it('pass promtool check rules', async () => {
    const { stdout } = await run('promtool', ['check', 'rules', file(alertPaths.prometheusRules)]);
    expect(stdout).toContain('SUCCESS');
    expect(stdout).toContain(`${alertRules.length} rules found`);
  });

  it('have a firing and a quiet promtool case each', () => {
    expect(rulesMissingCases()).toEqual([]);
  });

  it('pass promtool test rules: every rule fires with its labels and annotations, and stays quiet', async () => {
    const { stdout, stderr } = await run('promtool', ['test', 'rules', path.basename(alertPaths.promtoolTests)], {
      cwd: path.dirname(file(alertPaths.promtoolTests)),
    });
    expect(`${stdout}${stderr}`).toContain('SUCCESS');
    const tests = parseYaml(fs.readFileSync(file(alertPaths.promtoolTests), 'utf8')).tests as Array<{ alert_rule_test: Array<{ alertname: string; exp_alerts: unknown[] }> }>;
    for (const rule of alertRules) {
      const cases = tests.flatMap((t) => t.alert_rule_test).filter((t) => t.alertname === rule.name);
      expect(cases.some((c) => c.exp_alerts.length > 0), `${rule.name} fires in a test`).toBe(true);
      expect(cases.some((c) => c.exp_alerts.length === 0), `${rule.name} stays quiet in a test`).toBe(true);
    }
  }, 60_000);

  it('label every alert for routing: component, subject, and severity from the expression', () => {
    const groups = parseYaml(fs.readFileSync(file(alertPaths.prometheusRules), 'utf8')).groups as Array<{ rules: Array<Record<string, any>> }>;
    const rules = groups.flatMap((g) => g.rules);
    expect(rules.map((r) => r.alert).sort()).toEqual(alertRules.map((r) => r.name).sort());
    for (const rule of rules) {
      expect(rule.labels.component).toBe('pipelinepane');
      expect(rule.labels.severity, 'severity comes from the SLA metrics or the expression, never a fixed rule label').toBeUndefined();
      expect(Object.keys(rule.annotations).sort()).toEqual(['dashboard_url', 'description', 'summary']);
    }
  });
});

describe('Alertmanager configuration', () => {
  it('passes amtool check-config', async () => {
    const { stdout } = await run('amtool', ['check-config', file(alertPaths.alertmanager)]);
    expect(stdout).toContain('SUCCESS');
    expect(stdout).toContain(`${receivers().length} receivers`);
  });

  it.each(routingExamples.map((example) => [Object.entries(example.labels).map(([k, v]) => `${k}=${v}`).join(' '), example] as const))(
    'routes %s as the routing table says',
    async (_name, example) => {
      const labels = Object.entries(example.labels).map(([key, value]) => `${key}=${value}`);
      const { stdout } = await run('amtool', ['config', 'routes', 'test', `--config.file=${file(alertPaths.alertmanager)}`, `--verify.receivers=${example.receivers.join(',')}`, ...labels]);
      expect(stdout.trim()).toBe(example.receivers.join(','));
    },
  );

  it('keeps secrets in files written from the environment, never in the config', () => {
    const config = parseYaml(fs.readFileSync(file(alertPaths.alertmanager), 'utf8'));
    expect(config.global.slack_api_url_file).toMatch(/^\/etc\/alertmanager\/secrets\//);
    expect(config.global.smtp_auth_password_file).toMatch(/^\/etc\/alertmanager\/secrets\//);
    expect(config.global.slack_api_url).toBeUndefined();
    for (const receiver of config.receivers) {
      for (const pagerduty of receiver.pagerduty_configs ?? []) {
        expect(pagerduty.routing_key_file).toMatch(/^\/etc\/alertmanager\/secrets\//);
        expect(pagerduty.routing_key).toBeUndefined();
      }
    }
  });

  it('sends each severity where the issue says: info Slack; warning Slack and email; error adds PagerDuty low; critical PagerDuty high', () => {
    const config = parseYaml(fs.readFileSync(file(alertPaths.alertmanager), 'utf8'));
    const receiver = (name: string) => config.receivers.find((r: { name: string }) => r.name === name);
    const channels = (name: string) => {
      const r = receiver(name);
      return {
        slack: (r.slack_configs ?? []).length > 0,
        email: (r.email_configs ?? []).length > 0,
        pagerduty: r.pagerduty_configs?.[0]?.details?.urgency,
      };
    };
    expect(channels('pipelinepane-analytics-info')).toEqual({ slack: true, email: false, pagerduty: undefined });
    expect(channels('pipelinepane-analytics-warning')).toEqual({ slack: true, email: true, pagerduty: undefined });
    expect(channels('pipelinepane-analytics-error')).toEqual({ slack: true, email: true, pagerduty: 'low' });
    expect(channels('pipelinepane-analytics-critical')).toEqual({ slack: true, email: true, pagerduty: 'high' });
    expect(receiver('pipelinepane-analytics-critical').pagerduty_configs[0].severity).toBe('critical');
    expect(receiver('pipelinepane-analytics-error').pagerduty_configs[0].severity).toBe('warning');
    // a dataset's alert notifies once, then once an hour while it persists
    expect(config.route.group_by).toEqual(expect.arrayContaining(['alertname', 'namespace', 'dataset']));
    expect(config.route.repeat_interval).toBe('1h');
    // escalations silence what they escalate
    expect(config.inhibit_rules).toEqual(
      expect.arrayContaining([expect.objectContaining({ source_matchers: ['alertname="PaneDatasetStaleEscalated"'], target_matchers: ['alertname="PaneDatasetStale"'] })]),
    );
  });
});

describe('Grafana-managed alerting', () => {
  it('has the same rules as Prometheus, querying the same expressions', () => {
    const rules = grafanaRuleGroups().groups.flatMap((group) => group.rules);
    expect(rules.map((rule) => rule.title).sort()).toEqual(alertRules.map((rule) => rule.name).sort());
    for (const rule of alertRules) {
      const grafana = rules.find((r) => r.title === rule.name)!;
      expect(grafana.uid).toBe(rule.uid);
      expect(grafana.for).toBe(rule.for);
      expect(grafana.data[0].model).toMatchObject({ expr: rule.expr, instant: true });
    }
  });

  it('routes with the same tree as Alertmanager', () => {
    const tree = routingTree();
    const policies = grafanaPolicies().policies[0];
    expect(policies.receiver).toBe(tree.receiver);
    const shape = (route: { receiver: string; routes?: unknown[] }): unknown => ({ receiver: route.receiver, routes: (route.routes ?? []).map((r) => shape(r as typeof route)) });
    expect(shape(policies)).toEqual(shape(tree));
  });
});

describe('metric names the rules and dashboards read', () => {
  let testDatabase: TestDatabase;
  let database: PaneDatabase;
  let app: ReturnType<typeof testCollectorApp>['app'];
  let exposed: Set<string>;

  beforeAll(async () => {
    testDatabase = await createTestDatabase('sqlite');
    database = await testDatabase.open();
    // The demo's SLAs: freshness thresholds, a quality minimum and an expected schedule, so every
    // per-dataset and per-job series exists.
    ({ app } = testCollectorApp(database, { slas: createSlaResolver(loadSlaConfig(file('docker/demo/slas.yaml'))), bodyLimitBytes: 10 * 1024 * 1024 }));
    await app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(app.server.address() as net.AddressInfo).port}`;
    const counts = await startDemo({ url, token: writeToken, backfillHours: 3, durationMs: 0 }).done;
    expect(counts.rejected).toBe(0);
    // One refused document, so the error counter has a sample as it would in real life.
    const refused = await fetch(`${url}/api/v1/lineage`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${writeToken}` }, body: '{"eventType":"COMPLETE"}' });
    expect(refused.status).toBe(400);
    // One job whose latest run failed, so the last-error series has a sample whatever hour the
    // demo's backfill ends on.
    const failed = await fetch(`${url}/api/v1/ingest/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${writeToken}` },
      body: JSON.stringify({ namespace: 'cron', job: 'nightly_export', status: 'failed', error: 'disk full' }),
    });
    expect(failed.status).toBe(201);
    const text = await (await fetch(`${url}/metrics`)).text();
    exposed = new Set(
      text
        .split('\n')
        .filter((line) => line && !line.startsWith('#'))
        .map((line) => /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)![0]),
    );
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await database?.close();
    await testDatabase?.dispose();
  });

  it('every metric in src/alerts/metricNames.ts is in a real collector’s /metrics', () => {
    const missing = allMetricNames().filter((name) => !exposed.has(name));
    expect(missing, 'metrics the rules or dashboards read that the collector does not export').toEqual([]);
  });

  it('the rules and dashboards read no metric outside that list', () => {
    const known = new Set([...allMetricNames(), 'up', 'ALERTS']);
    const texts = [alertPaths.prometheusRules, alertPaths.grafanaRules, ...fs.readdirSync(file('dashboards')).map((name) => `dashboards/${name}`)].map((relative) =>
      fs.readFileSync(file(relative), 'utf8'),
    );
    const used = new Set(texts.flatMap((text) => [...text.matchAll(/\b(?:pane|process|nodejs)_[a-z0-9_]+/g)].map((m) => m[0])));
    // pane_ns is a helper label dashboards add with label_replace, not a metric
    used.delete('pane_ns');
    expect([...used].filter((name) => !known.has(name))).toEqual([]);
  });
});
