import { beforeAll, describe, expect, it } from 'vitest';
import type { QueryRequest, QueryResult, QueryTarget } from '../../../contract/query';
import { sharedDatabaseForSuite, testDatabaseKinds } from '../../../../tests/node/support/testDatabases';
import { day, healthSlas, hour, loadHealthHistory, now, ordersRows } from '../../sla/__fixtures__/datasetHealthHistory';
import { median } from '../../sla/volumeAnomaly';
import type { PaneDatabase } from '../../store/openDatabase';
import { rows, values } from '../__fixtures__/queryTestKit';
import { runQuery } from '../runQuery';

const midnight = now - 12 * hour;
const ordersId = 'dataset:snowflake%3A//acme:analytics.orders_daily';

describe.each(testDatabaseKinds)('volume query on %s', (kind) => {
  const suite = sharedDatabaseForSuite(kind, loadHealthHistory);
  let database: PaneDatabase;
  const slas = healthSlas();

  const answer = async (target: Record<string, unknown>, from = now - 3 * day): Promise<QueryResult> => {
    const request: QueryRequest = { range: { from, to: now }, targets: [{ refId: 'A', kind: 'volume', ...target } as QueryTarget] };
    return (await runQuery(request, { database, slas, now })).results.A;
  };
  const frameOf = async (target: Record<string, unknown>, from?: number) => {
    const result = await answer(target, from);
    if (result.error) throw new Error(result.error);
    expect(result.frames).toHaveLength(1);
    return result.frames[0];
  };

  beforeAll(() => {
    database = suite.database;
  });

  it('lists rows written per dataset per run with the anomaly verdict against its own history', async () => {
    const frame = await frameOf({ dataset: ordersId });
    expect(frame.fields.map((f) => [f.name, f.type])).toEqual([
      ['time', 'time'],
      ['dataset_id', 'string'],
      ['dataset', 'string'],
      ['namespace', 'string'],
      ['rows', 'number'],
      ['baseline', 'number'],
      ['z_score', 'number'],
      ['anomaly', 'boolean'],
      ['anomaly_kind', 'string'],
      ['history_runs', 'number'],
      ['run_id', 'string'],
      ['job_id', 'string'],
      ['job', 'string'],
      ['state', 'string'],
    ]);
    const runs = rows(frame);
    expect(runs.map((r) => r.time)).toEqual([midnight + 6.5 * hour, midnight - day + 6.5 * hour, midnight - 2 * day + 6.5 * hour]);
    expect(runs.map((r) => r.rows)).toEqual([ordersRows(0), ordersRows(1), ordersRows(2)]);
    // today's run is judged against the 20 runs before it (days 1..20), which lie mostly before the range
    const history = Array.from({ length: 20 }, (_, i) => ordersRows(i + 1));
    expect(runs[0]).toMatchObject({
      anomaly: true,
      anomaly_kind: 'drop',
      baseline: median(history),
      history_runs: 20,
      job_id: 'job:airflow-prod:orders_daily.load',
      job: 'orders_daily.load',
      state: 'COMPLETE',
    });
    expect(runs[0].z_score as number).toBeLessThan(-3.5);
    expect(runs[1]).toMatchObject({ anomaly: false, anomaly_kind: null, history_runs: 20 });
    expect(Math.abs(runs[1].z_score as number)).toBeLessThan(3.5);
    expect(frame.meta?.custom).toEqual({ historyRuns: 20, anomalies: 1 });
  });

  it('gives no verdict without five earlier runs', async () => {
    const frame = await frameOf({ dataset: 'scratch.tmp' });
    expect(rows(frame)).toEqual([
      expect.objectContaining({ dataset: 'scratch.tmp', rows: 7, anomaly: false, baseline: null, z_score: null, history_runs: 0, job: 'scratch.job' }),
    ]);
  });

  it('covers every dataset that reported rows, and filters to anomalies', async () => {
    const frame = await frameOf({});
    const datasets = new Set(values(frame, 'dataset'));
    expect(datasets).toEqual(new Set(['analytics.orders_daily', 'analytics.customers', 'analytics.events_hourly', 'analytics.finance_revenue', 'scratch.tmp']));
    // the failed finance run reported no row count: not listed
    expect(values(frame, 'state')).not.toContain('FAIL');
    const anomalies = await frameOf({ anomaliesOnly: true }, now - 30 * day);
    expect(rows(anomalies).map((r) => [r.dataset, r.anomaly_kind])).toEqual([['analytics.orders_daily', 'drop']]);
    const warehouseOnly = await frameOf({ namespace: 's3://scratch' });
    expect(values(warehouseOnly, 'dataset')).toEqual(['scratch.tmp']);
    const limited = await frameOf({ limit: 2 });
    expect(values(limited, 'dataset')).toHaveLength(2);
    expect(limited.meta?.notices?.[0].text).toMatch(/^Showing the newest 2 runs/);
  });

  it('judges the oldest shown runs against history before the range', async () => {
    const frame = await frameOf({ dataset: ordersId }, now - 30 * day);
    const runs = rows(frame);
    expect(runs).toHaveLength(30);
    // the first run of all has no history; the sixth has five runs before it
    expect(runs[29]).toMatchObject({ history_runs: 0, anomaly: false });
    expect(runs[24]).toMatchObject({ history_runs: 5 });
    expect(runs.filter((r) => r.anomaly).map((r) => r.time)).toEqual([midnight + 6.5 * hour]);
  });

  it('refuses bad filters', async () => {
    expect(await answer({ anomaliesOnly: 1 })).toMatchObject({ status: 400, error: 'targets/0/anomaliesOnly: must be true or false, got number 1' });
  });
});
