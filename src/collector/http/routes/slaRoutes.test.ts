import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAuth, testCollectorApp } from '../../../../tests/node/support/collectorApp';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../../../../tests/node/support/testDatabases';
import { healthSlas, loadHealthHistory } from '../../sla/__fixtures__/datasetHealthHistory';
import type { PaneDatabase } from '../../store/openDatabase';

describe.each(testDatabaseKinds)('GET /api/v1/sla/* on %s', (kind) => {
  let testDatabase: TestDatabase;
  let database: PaneDatabase;
  let app: ReturnType<typeof testCollectorApp>['app'];

  const get = (url: string, headers: Record<string, string> = readAuth) => app.inject({ method: 'GET', url, headers });

  beforeAll(async () => {
    testDatabase = await createTestDatabase(kind);
    database = await testDatabase.open();
    await loadHealthHistory(database);
    ({ app } = testCollectorApp(database, { slas: healthSlas() }));
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
    await testDatabase?.dispose();
  });

  it('shows a dataset\'s effective SLA part by part with where each came from', async () => {
    const response = await get(`/api/v1/sla/dataset?node=${encodeURIComponent('dataset:snowflake%3A//acme:analytics.customers')}`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      node: 'dataset:snowflake%3A//acme:analytics.customers',
      namespace: 'snowflake://acme',
      name: 'analytics.customers',
      known: true,
      sla: {
        freshness: {
          warnAfter: { seconds: 93_600, text: '1d2h' },
          criticalAfter: { seconds: 172_800, text: '2d' },
          expectedSchedule: null,
          source: 'test-slas.yaml:3 (datasets[0])',
        },
        minQualityPassRatio: { value: 0.9, source: 'test-slas.yaml:3 (datasets[0])' },
        owners: { value: ['analytics@acme.example', 'team:crm'], source: 'test-slas.yaml:3 (datasets[0]) + OpenLineage ownership facet' },
        team: { value: 'analytics', source: 'test-slas.yaml:3 (datasets[0])' },
        severity: { value: 'warning', source: 'built-in default' },
      },
      matchedRules: ['test-slas.yaml:3 (datasets[0])'],
      facts: { owners: ['team:crm'], tags: [], dbtFreshnessCriteria: null },
      freshness: {
        status: 'stale',
        producingJob: 'job:airflow-prod:crm.load_customers',
        criticalAfterSeconds: 172_800,
      },
    });
    expect(body.freshness.lastUpdate).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('explains schedule SLAs and dbt criteria', async () => {
    const finance = (await get('/api/v1/sla/dataset?node=dataset:snowflake%253A//acme:analytics.finance_revenue')).json();
    expect(finance.sla.freshness).toEqual({
      warnAfter: null,
      criticalAfter: null,
      expectedSchedule: { cron: '0 6 * * *', timezone: 'UTC', grace: { seconds: 7200, text: '2h' }, warnGrace: null },
      source: 'test-slas.yaml:15 (datasets[3])',
    });
    expect(finance.freshness.dueSince).toMatch(/T06:00:00.000Z$/);
    const stripe = (await get('/api/v1/sla/dataset?node=dataset:postgres%253A//raw:stripe.charges')).json();
    expect(stripe.sla.freshness).toMatchObject({ warnAfter: { seconds: 3600 }, criticalAfter: { seconds: 7200 }, source: 'dbt source freshness criteria' });
    expect(stripe.facts.dbtFreshnessCriteria).toEqual({ warnAfterSeconds: 3600, criticalAfterSeconds: 7200 });
  });

  it('answers for a dataset not seen yet from config alone', async () => {
    const body = (await get('/api/v1/sla/dataset?node=dataset:snowflake%253A//acme:analytics.not_yet')).json();
    expect(body).toMatchObject({
      known: false,
      sla: { freshness: { criticalAfter: { seconds: 172_800 } }, owners: { value: ['analytics@acme.example'] } },
      freshness: { status: 'unknown', lastUpdate: null, producingJob: null },
    });
  });

  it('shows a job\'s SLA', async () => {
    const body = (await get('/api/v1/sla/job?node=job:airflow-prod:crm.load_customers')).json();
    expect(body).toMatchObject({
      node: 'job:airflow-prod:crm.load_customers',
      known: true,
      sla: {
        expectedSchedule: { value: { cron: '0 2 * * *', timezone: 'UTC', grace: { seconds: 3600, text: '1h' } }, source: 'test-slas.yaml:27 (jobs[2])' },
        severity: { value: 'error', source: 'test-slas.yaml:27 (jobs[2])' },
      },
      latestRun: { state: 'COMPLETE' },
    });
  });

  it('needs a read token and a well-formed node of the right kind', async () => {
    expect((await get('/api/v1/sla/dataset?node=dataset:a:b', {})).statusCode).toBe(401);
    const missing = await get('/api/v1/sla/dataset');
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ error: 'invalid_query', problems: [{ path: '/node', message: 'is required' }] });
    const wrongKind = await get('/api/v1/sla/dataset?node=job:airflow-prod:x');
    expect(wrongKind.statusCode).toBe(400);
    expect(wrongKind.json().problems[0]).toEqual({ path: '/node', message: 'must be a dataset node id' });
    const garbage = await get('/api/v1/sla/job?node=nonsense');
    expect(garbage.statusCode).toBe(400);
    expect(garbage.json().message).toMatch(/is not a node id/);
  });
});
