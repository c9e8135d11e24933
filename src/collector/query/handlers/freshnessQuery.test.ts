import { beforeAll, describe, expect, it } from 'vitest';
import type { QueryRequest, QueryResult, QueryTarget } from '../../../contract/query';
import { sharedDatabaseForSuite, testDatabaseKinds } from '../../../../tests/node/support/testDatabases';
import { healthSlas, hour, loadHealthHistory, now } from '../../sla/__fixtures__/datasetHealthHistory';
import type { PaneDatabase } from '../../store/openDatabase';
import { rows, values } from '../__fixtures__/queryTestKit';
import { runQuery } from '../runQuery';

describe.each(testDatabaseKinds)('freshness query on %s', (kind) => {
  const suite = sharedDatabaseForSuite(kind, loadHealthHistory);
  let database: PaneDatabase;
  const slas = healthSlas();

  const answer = async (target: Record<string, unknown>): Promise<QueryResult> => {
    const request: QueryRequest = { range: { from: now - 24 * hour, to: now }, targets: [{ refId: 'A', kind: 'freshness', ...target } as QueryTarget] };
    return (await runQuery(request, { database, slas, now })).results.A;
  };
  const frameOf = async (target: Record<string, unknown> = {}) => {
    const result = await answer(target);
    if (result.error) throw new Error(result.error);
    expect(result.frames).toHaveLength(1);
    return result.frames[0];
  };

  beforeAll(() => {
    database = suite.database;
  });

  it('answers one row per dataset, stale first, with the SLA and where it came from', async () => {
    const frame = await frameOf();
    expect(frame.meta?.preferredVisualisationType).toBe('table');
    expect(frame.fields.map((f) => [f.name, f.type])).toEqual([
      ['dataset_id', 'string'],
      ['dataset', 'string'],
      ['namespace', 'string'],
      ['status', 'string'],
      ['last_update', 'time'],
      ['age', 'number'],
      ['warn_after', 'number'],
      ['critical_after', 'number'],
      ['expected_schedule', 'string'],
      ['owner', 'string'],
      ['owners', 'string'],
      ['team', 'string'],
      ['severity', 'string'],
      ['producing_job', 'string'],
      ['producing_job_id', 'string'],
      ['reason', 'string'],
      ['sla_source', 'string'],
    ]);
    const byName = Object.fromEntries(rows(frame).map((r) => [r.dataset, r]));
    expect(values(frame, 'status')).toEqual(['stale', 'stale', 'stale', 'warning', 'fresh', 'unknown', 'unknown']);
    expect(byName['analytics.orders_daily']).toEqual({
      dataset_id: 'dataset:snowflake%3A//acme:analytics.orders_daily',
      dataset: 'analytics.orders_daily',
      namespace: 'snowflake://acme',
      status: 'fresh',
      last_update: now - 5.5 * hour,
      age: 5.5 * 3600,
      warn_after: 6 * 3600,
      critical_after: 12 * 3600,
      expected_schedule: null,
      owner: 'analytics@acme.example',
      owners: 'analytics@acme.example',
      team: 'analytics',
      severity: 'critical',
      producing_job: 'orders_daily.load',
      producing_job_id: 'job:airflow-prod:orders_daily.load',
      reason: 'updated within its SLA',
      sla_source: 'test-slas.yaml:9 (datasets[1])',
    });
    expect(byName['analytics.customers']).toMatchObject({
      status: 'stale',
      age: 58 * 3600 - 300,
      critical_after: 48 * 3600,
      owners: 'analytics@acme.example, team:crm',
      producing_job_id: 'job:airflow-prod:crm.load_customers',
    });
    expect(byName['analytics.events_hourly']).toMatchObject({ status: 'warning', age: 7 * 3600, severity: 'warning' });
    expect(byName['analytics.finance_revenue']).toMatchObject({
      status: 'stale',
      expected_schedule: '0 6 * * *',
      // stale exactly when older than the 06:00 run: 6 h at noon
      critical_after: 6 * 3600,
      team: 'finance',
      reason: 'no update since the run scheduled for 2024-11-20T06:00:00.000Z (cron "0 6 * * *" UTC, grace 2h)',
    });
    expect(byName['stripe.charges']).toMatchObject({
      status: 'stale',
      last_update: now - 3 * hour,
      warn_after: 3600,
      critical_after: 7200,
      sla_source: 'dbt source freshness criteria',
      producing_job: null,
      owner: null,
    });
    expect(byName['analytics.new_table']).toMatchObject({ status: 'unknown', last_update: null, age: null, reason: 'no successful update has been recorded' });
    expect(byName['scratch.tmp']).toMatchObject({ status: 'unknown', age: 3600, warn_after: null, reason: 'no freshness SLA applies to this dataset' });
  });

  it('filters by namespace, dataset glob or node id, statuses, owner and team', async () => {
    const names = async (target: Record<string, unknown>) => values(await frameOf(target), 'dataset');
    expect(await names({ namespace: 'postgres://raw' })).toEqual(['stripe.charges']);
    expect(await names({ dataset: 'analytics.*s' })).toEqual(['analytics.customers']);
    expect(await names({ dataset: 'analytics.{orders,events}_*', statuses: ['fresh', 'warning'] })).toEqual(['analytics.events_hourly', 'analytics.orders_daily']);
    expect(await names({ dataset: 'dataset:s3%3A//scratch:scratch.tmp' })).toEqual(['scratch.tmp']);
    expect(await names({ dataset: 'scratch.tmp', namespace: 'snowflake://acme' })).toEqual([]);
    expect(await names({ statuses: ['stale'] })).toHaveLength(3);
    expect(await names({ owner: 'TEAM:CRM' })).toEqual(['analytics.customers']);
    expect(await names({ owner: 'analytics@*', statuses: ['unknown'] })).toEqual(['analytics.new_table']);
    expect(await names({ team: 'finance' })).toEqual(['analytics.finance_revenue']);
    expect(await names({ limit: 2 })).toHaveLength(2);
  });

  it('says how many it left out beyond the limit', async () => {
    const frame = await frameOf({ limit: 2 });
    expect(frame.meta?.notices?.[0].text).toMatch(/^Showing 2 of 7 datasets/);
  });

  it('answers a 400 naming the field for bad filters', async () => {
    expect(await answer({ statuses: ['rotten'] })).toMatchObject({ status: 400, error: expect.stringMatching(/^targets\/0\/statuses\/0: "rotten" is not one of fresh, warning, stale, unknown/) });
    expect(await answer({ dataset: 'job:airflow-prod:x' })).toMatchObject({ status: 400, error: expect.stringMatching(/^targets\/0\/dataset: /) });
    expect(await answer({ limit: 0 })).toMatchObject({ status: 400, error: expect.stringMatching(/^targets\/0\/limit: /) });
    expect(await answer({ owner: 42 })).toMatchObject({ status: 400, error: 'targets/0/owner: must be a string, got number 42' });
  });
});
