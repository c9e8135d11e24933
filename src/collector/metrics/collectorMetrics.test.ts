import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAuth, testCollectorApp, writeAuth } from '../../../tests/node/support/collectorApp';
import { promtoolCheckMetrics, sampleValue, samples } from '../../../tests/node/support/metricsText';
import { runEvent } from '../../../tests/node/support/openLineageEvents';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../../../tests/node/support/testDatabases';
import { healthSlas, hour, loadHealthHistory, now } from '../sla/__fixtures__/datasetHealthHistory';
import { IngestWriter } from '../store/ingestWriter';
import type { PaneDatabase } from '../store/openDatabase';
import { nodeKey } from '../model/nodeKey';
import { CollectorMetrics } from './collectorMetrics';
import { downstreamCounts } from './pipelineSnapshot';

const valueOf = sampleValue;

describe.each(testDatabaseKinds)('collector metrics on %s', (kind) => {
  let testDatabase: TestDatabase;
  let database: PaneDatabase;
  let exposition: string;

  beforeAll(async () => {
    testDatabase = await createTestDatabase(kind);
    database = await testDatabase.open();
    await loadHealthHistory(database);
    const metrics = new CollectorMetrics({ database, writer: new IngestWriter(database), slas: healthSlas(), now: () => now });
    exposition = await metrics.exposition();
  });
  afterAll(async () => {
    await database?.close();
    await testDatabase?.dispose();
  });

  it('puts each dataset\'s SLA beside its measured values, with the same labels', () => {
    const orders = { namespace: 'snowflake://acme', dataset: 'analytics.orders_daily' };
    const labels = { ...orders, owner: 'analytics@acme.example', team: 'analytics', severity: 'critical' };
    expect(samples(exposition, 'pane_dataset_last_update_timestamp_seconds').find((s) => s.labels.dataset === orders.dataset)).toEqual({
      labels,
      value: (now - 5.5 * hour) / 1000,
    });
    expect(valueOf(exposition, 'pane_dataset_freshness_warn_seconds', labels)).toBe(6 * 3600);
    expect(valueOf(exposition, 'pane_dataset_freshness_critical_seconds', labels)).toBe(12 * 3600);
    expect(valueOf(exposition, 'pane_dataset_freshness_status', labels)).toBe(0);
    expect(valueOf(exposition, 'pane_dataset_quality_pass_ratio', labels)).toBe(0.5);
    expect(valueOf(exposition, 'pane_dataset_quality_min_pass_ratio', labels)).toBe(0.9);
    expect(valueOf(exposition, 'pane_dataset_quality_failing_checks', labels)).toBe(1);
    expect(valueOf(exposition, 'pane_dataset_rows_last_written', labels)).toBe(2000);
    expect(valueOf(exposition, 'pane_dataset_volume_anomaly', labels)).toBe(1);

    // the generic rule's two sides match one to one: every threshold has its timestamp
    const critical = samples(exposition, 'pane_dataset_freshness_critical_seconds');
    const updates = samples(exposition, 'pane_dataset_last_update_timestamp_seconds');
    const key = (l: Record<string, string>) => JSON.stringify(l);
    const updateKeys = new Set(updates.map((s) => key(s.labels)));
    const breached = critical
      .filter((c) => updateKeys.has(key(c.labels)))
      .filter((c) => now / 1000 - updates.find((u) => key(u.labels) === key(c.labels))!.value > c.value)
      .map((c) => c.labels.dataset)
      .sort();
    expect(breached).toEqual(['analytics.customers', 'analytics.finance_revenue', 'stripe.charges']);
  });

  it('counts downstream datasets from the lineage graph as the lineage_edges table has it', async () => {
    const rows = await database.db.selectFrom('lineage_edges').select(['job_namespace', 'job_name', 'direction', 'dataset_namespace', 'dataset_name']).execute();
    const expected = downstreamCounts(rows);
    const counted = samples(exposition, 'pane_dataset_downstream_datasets').filter((s) => s.value > 0);
    expect(counted.length).toBeGreaterThan(0);
    for (const sample of counted) expect(sample.value).toBe(expected.datasets.get(nodeKey(sample.labels.namespace, sample.labels.dataset)));
  });

  it('encodes freshness status as a number per dataset', () => {
    const status = Object.fromEntries(samples(exposition, 'pane_dataset_freshness_status').map((s) => [s.labels.dataset, s.value]));
    expect(status).toEqual({
      'analytics.orders_daily': 0,
      'analytics.customers': 2,
      'analytics.events_hourly': 1,
      'analytics.finance_revenue': 2,
      'analytics.new_table': -1,
      'scratch.tmp': -1,
      'stripe.charges': 2,
    });
    // no SLA: no threshold series; never updated: no timestamp
    expect(samples(exposition, 'pane_dataset_freshness_critical_seconds').map((s) => s.labels.dataset)).not.toContain('scratch.tmp');
    expect(samples(exposition, 'pane_dataset_last_update_timestamp_seconds').map((s) => s.labels.dataset)).not.toContain('analytics.new_table');
    const customers = samples(exposition, 'pane_dataset_freshness_status').find((s) => s.labels.dataset === 'analytics.customers');
    expect(customers?.labels).toMatchObject({ owner: 'analytics@acme.example', team: 'analytics', severity: 'warning' });
  });

  it('describes jobs: runs by state, last run, last success, missed runs and a duration histogram', () => {
    const orders = { namespace: 'airflow-prod', job: 'orders_daily.load', owner: '', team: 'orders', severity: 'warning' };
    expect(valueOf(exposition, 'pane_job_runs_last_24h', { ...orders, state: 'COMPLETE' })).toBe(1);
    expect(valueOf(exposition, 'pane_job_runs_last_24h', { ...orders, state: 'FAIL' })).toBe(0);
    expect(valueOf(exposition, 'pane_job_last_run_state', { ...orders, state: 'COMPLETE' })).toBe(1);
    expect(valueOf(exposition, 'pane_job_last_success_timestamp_seconds', orders)).toBe((now - 5.5 * hour) / 1000);
    expect(valueOf(exposition, 'pane_job_missed_run', orders)).toBe(0);
    const finance = { namespace: 'airflow-prod', job: 'finance.revenue' };
    expect(valueOf(exposition, 'pane_job_last_run_state', { ...finance, state: 'FAIL' })).toBe(1);
    expect(valueOf(exposition, 'pane_job_runs_last_24h', { ...finance, state: 'FAIL' })).toBe(1);
    expect(valueOf(exposition, 'pane_job_missed_run', finance)).toBe(0);
    expect(valueOf(exposition, 'pane_job_missed_run', { job: 'crm.load_customers', severity: 'error' })).toBe(1);
    // jobs without a schedule have no missed-run series
    expect(samples(exposition, 'pane_job_missed_run').map((s) => s.labels.job).sort()).toEqual(['crm.load_customers', 'finance.revenue', 'orders_daily.load']);

    // orders_daily.load today: one COMPLETE run of 10 minutes
    const bucket = (le: string) => valueOf(exposition, 'pane_job_run_duration_seconds_bucket', { ...orders, le });
    expect([bucket('300'), bucket('600'), bucket('1800'), bucket('+Inf')]).toEqual([0, 1, 1, 1]);
    expect(valueOf(exposition, 'pane_job_run_duration_seconds_sum', orders)).toBe(600);
    expect(valueOf(exposition, 'pane_job_run_duration_seconds_count', orders)).toBe(1);
    // hourly events job: runs that started in the last 24 h (23..7 h ago), each 10 min
    expect(valueOf(exposition, 'pane_job_run_duration_seconds_count', { job: 'events.hourly' })).toBe(17);
    expect(exposition).not.toMatch(/run_id|runId/);
  });

  it('passes promtool check metrics', async () => {
    const { code, output } = await promtoolCheckMetrics(exposition);
    expect(output).toBe('');
    expect(code).toBe(0);
  });
});

describe.each(testDatabaseKinds)('/metrics and log levels over HTTP on %s', (kind) => {
  let testDatabase: TestDatabase;
  let database: PaneDatabase;
  let app: ReturnType<typeof testCollectorApp>['app'];

  beforeAll(async () => {
    testDatabase = await createTestDatabase(kind);
    database = await testDatabase.open();
    ({ app } = testCollectorApp(database, { slas: healthSlas() }));
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
    await testDatabase?.dispose();
  });

  it('counts ingest requests, documents and errors by source, and acknowledgement latency', async () => {
    const event = runEvent({ eventTime: new Date(Date.now() - 60_000).toISOString() });
    expect((await app.inject({ method: 'POST', url: '/api/v1/lineage', headers: writeAuth, payload: event })).statusCode).toBe(201);
    expect((await app.inject({ method: 'POST', url: '/api/v1/lineage', headers: writeAuth, payload: event })).statusCode).toBe(201);
    const batch = [runEvent(), { eventType: 'COMPLETE' }, runEvent()];
    expect((await app.inject({ method: 'POST', url: '/api/v1/lineage/batch', headers: writeAuth, payload: batch })).statusCode).toBe(207);
    expect((await app.inject({ method: 'POST', url: '/api/v1/lineage', headers: readAuth, payload: event })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/api/v1/ingest/dbt', headers: writeAuth, payload: { nothing: true } })).statusCode).toBe(400);
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/ingest/runs', headers: writeAuth, payload: { job: 'nightly-backup', namespace: 'cron', status: 'success' } })).statusCode,
    ).toBeLessThan(300);

    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = response.body;
    expect(valueOf(text, 'pane_ingest_requests_total', { source: 'openlineage', code: '201' })).toBe(2);
    expect(valueOf(text, 'pane_ingest_requests_total', { source: 'openlineage', code: '207' })).toBe(1);
    expect(valueOf(text, 'pane_ingest_documents_total', { source: 'openlineage', outcome: 'stored' })).toBe(3);
    expect(valueOf(text, 'pane_ingest_documents_total', { source: 'openlineage', outcome: 'duplicate' })).toBe(1);
    expect(valueOf(text, 'pane_ingest_documents_total', { source: 'openlineage', outcome: 'rejected' })).toBe(1);
    expect(valueOf(text, 'pane_ingest_errors_total', { source: 'openlineage', error: 'forbidden' })).toBe(1);
    expect(valueOf(text, 'pane_ingest_errors_total', { source: 'dbt', error: 'invalid_document' })).toBe(1);
    expect(valueOf(text, 'pane_ingest_requests_total', { source: 'plain', code: '201' })).toBe(1);
    expect(valueOf(text, 'pane_ingest_acknowledgement_seconds_count', { source: 'openlineage' })).toBe(3);
    expect(valueOf(text, 'pane_ingest_queue_depth', {})).toBe(0);
    expect(valueOf(text, 'pane_database_ping_seconds', { dialect: kind })).toBeGreaterThan(0);
    expect(valueOf(text, 'pane_http_request_duration_seconds_count', { method: 'POST', route: '/api/v1/lineage', code: '403' })).toBe(1);
    expect(samples(text, 'process_resident_memory_bytes')[0].value).toBeGreaterThan(0);
    expect(samples(text, 'nodejs_heap_size_used_bytes')[0].value).toBeGreaterThan(0);
    expect(valueOf(text, 'pane_datasets', {})).toBe(2);
    expect(samples(text, 'pane_dataset_last_update_timestamp_seconds').map((s) => s.labels.dataset)).toContain('analytics.staging.orders');

    const { code, output } = await promtoolCheckMetrics(text);
    expect(output).toBe('');
    expect(code).toBe(0);
  });

  it('serves dataset metrics from a short cache', async () => {
    const first = await app.inject({ method: 'GET', url: '/metrics' });
    await app.inject({ method: 'POST', url: '/api/v1/lineage', headers: writeAuth, payload: runEvent({ outputs: [{ namespace: 'cache-test', name: 'new.dataset' }] }) });
    const second = await app.inject({ method: 'GET', url: '/metrics' });
    expect(valueOf(second.body, 'pane_datasets', {})).toBe(valueOf(first.body, 'pane_datasets', {}));
    expect(valueOf(second.body, 'pane_metrics_snapshot_age_seconds', {})).toBeLessThan(10);
  });

  it('shows and changes log levels per module at runtime', async () => {
    const shown = await app.inject({ method: 'GET', url: '/api/v1/admin/log-level', headers: readAuth });
    expect(shown.json()).toMatchObject({ levels: { '*': 'warn', ingest: 'warn', query: 'warn', store: 'warn', http: 'warn' } });
    expect((await app.inject({ method: 'GET', url: '/api/v1/admin/log-level' })).statusCode).toBe(401);
    const forbidden = await app.inject({ method: 'PUT', url: '/api/v1/admin/log-level', headers: readAuth, payload: { module: 'ingest', level: 'debug' } });
    expect(forbidden.statusCode).toBe(403);

    const changed = await app.inject({ method: 'PUT', url: '/api/v1/admin/log-level', headers: writeAuth, payload: { module: 'ingest', level: 'debug' } });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().levels).toEqual({ '*': 'warn', ingest: 'debug', query: 'warn', store: 'warn', http: 'warn' });
    expect(app.paneLoggers.get('ingest').isLevelEnabled('debug')).toBe(true);
    expect(app.paneLoggers.get('query').isLevelEnabled('debug')).toBe(false);

    const all = await app.inject({ method: 'PUT', url: '/api/v1/admin/log-level', headers: writeAuth, payload: { module: '*', level: 'error' } });
    expect(all.json().levels).toEqual({ '*': 'error', ingest: 'error', query: 'error', store: 'error', http: 'error' });

    const bad = await app.inject({ method: 'PUT', url: '/api/v1/admin/log-level', headers: writeAuth, payload: { module: 'ingest', level: 'loud' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'invalid_document', problems: [{ path: '/level', message: '"loud" is not one of fatal, error, warn, info, debug, trace, silent' }] });
    const badModule = await app.inject({ method: 'PUT', url: '/api/v1/admin/log-level', headers: writeAuth, payload: { module: 'everything', level: 'info' } });
    expect(badModule.json()).toMatchObject({ problems: [{ path: '/module' }] });
  });
});
