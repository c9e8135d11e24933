import { beforeAll, describe, expect, it } from 'vitest';
import { datasetNodeId } from '../../../contract/nodeIds';
import { sharedDatabaseForSuite, testDatabaseKinds } from '../../../../tests/node/support/testDatabases';
import type { PaneDatabase } from '../../store/openDatabase';
import {
  dagRunId,
  dbtTestRunId,
  historyStart,
  hour,
  loadPipelineHistory,
  transformError,
  transformRunId,
  warehouse,
} from '../__fixtures__/pipelineHistory';
import { answerFrame, answerTarget, rows, values } from '../__fixtures__/queryTestKit';

const dailyOrders = datasetNodeId(warehouse, 'analytics.marts.daily_orders');

describe.each(testDatabaseKinds)('events query on %s', (kind) => {
  const suite = sharedDatabaseForSuite(kind, loadPipelineHistory);
  let database: PaneDatabase;

  beforeAll(() => {
    database = suite.database;
  });

  it("shapes state changes, quality failures and SLA breaches for Grafana's logs view, newest first", async () => {
    const frame = await answerFrame(database, { kind: 'events' });
    expect(frame.meta?.preferredVisualisationType).toBe('logs');
    expect(frame.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
      'time:time',
      'body:string',
      'level:string',
      'id:string',
      'source:string',
      'namespace:string',
      'job:string',
      'job_id:string',
      'dataset:string',
      'dataset_id:string',
      'run_id:string',
    ]);
    // 96 run state changes (49 runs, 47 of them finished), 2 failed checks, 2 freshness breaches
    const lines = rows(frame);
    expect(lines).toHaveLength(100);
    const times = values(frame, 'time') as number[];
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(new Set(values(frame, 'id')).size).toBe(100);

    expect(lines[0]).toEqual({
      time: historyStart + 11.5 * hour,
      body: 'analytics.marts.daily_orders is stale: last loaded 3h 23m before the check (warn after 2h 0m, error after 3h 0m)',
      level: 'error',
      id: expect.stringMatching(/^freshness:/),
      source: 'freshness',
      namespace: warehouse,
      job: null,
      job_id: null,
      dataset: 'analytics.marts.daily_orders',
      dataset_id: dailyOrders,
      run_id: null,
    });
    expect(lines.find((l) => l.run_id === transformRunId(9) && l.level === 'error')).toMatchObject({
      body: `orders_hourly.transform_orders failed: ${transformError}`,
      source: 'run',
      namespace: 'airflow-prod',
      job: 'orders_hourly.transform_orders',
      job_id: 'job:airflow-prod:orders_hourly.transform_orders',
    });
    expect(lines.find((l) => l.run_id === dagRunId(6) && l.level === 'warning')?.body).toBe('orders_hourly was aborted');
    expect(lines.find((l) => l.run_id === dagRunId(2) && l.level === 'info' && String(l.body).includes('completed'))?.body).toMatch(
      /^orders_hourly completed in \dm \d+s$/,
    );
    expect(lines.filter((l) => l.source === 'quality')).toEqual([
      expect.objectContaining({
        level: 'error',
        body: 'Quality check not_null failed on jaffle_shop.public.orders.amount (actual 3, expected 0)',
        job: 'jaffle_shop.public.orders.test',
        run_id: dbtTestRunId,
        dataset_id: datasetNodeId(warehouse, 'jaffle_shop.public.orders'),
      }),
      expect.objectContaining({ level: 'warning', body: 'Quality check accepted_values failed on jaffle_shop.public.orders.status (actual 17, expected 0)' }),
    ]);
  });

  it('filters by level', async () => {
    const errors = await answerFrame(database, { kind: 'events', levels: ['error'] });
    expect(rows(errors).map((l) => `${l.source}:${l.job ?? l.dataset}`)).toEqual([
      'freshness:analytics.marts.daily_orders',
      'run:orders_hourly',
      'run:orders_hourly.transform_orders',
      'quality:jaffle_shop.public.orders.test',
    ]);
    const warningsAndErrors = await answerFrame(database, { kind: 'events', levels: ['warning', 'error'] });
    expect(values(warningsAndErrors, 'level').filter((l) => l === 'warning')).toHaveLength(4);
    expect(values(warningsAndErrors, 'body')).toHaveLength(8);
  });

  it('filters by job (its runs and the freshness of what it writes) and by dataset', async () => {
    const transform = await answerFrame(database, { kind: 'events', job: 'orders_hourly.transform_orders' });
    expect(values(transform, 'source').filter((s) => s === 'run')).toHaveLength(23);
    expect(values(transform, 'source').filter((s) => s === 'freshness')).toHaveLength(2);

    const marts = await answerFrame(database, { kind: 'events', dataset: dailyOrders });
    // transform runs that wrote it (11 × 2 changes), publish runs that read it (10 × 2), 2 breaches
    expect(values(marts, 'body')).toHaveLength(44);
    // the dbt test run read it and found two failures; the model run wrote it
    const jaffle = await answerFrame(database, { kind: 'events', dataset: 'jaffle_shop.public.orders' });
    expect(rows(jaffle).map((l) => `${l.source}:${l.body}`)).toEqual([
      'run:jaffle_shop.public.orders.test completed in 38s',
      'quality:Quality check not_null failed on jaffle_shop.public.orders.amount (actual 3, expected 0)',
      'quality:Quality check accepted_values failed on jaffle_shop.public.orders.status (actual 17, expected 0)',
      'run:jaffle_shop.public.orders.test started',
      'run:jaffle_shop.public.orders completed in 48s',
      'run:jaffle_shop.public.orders started',
    ]);
    // a namespace filter means the job's namespace for runs and the dataset's for checks and breaches
    const dbt = await answerFrame(database, { kind: 'events', namespace: 'dbt' });
    // the dbt runs' six state changes, and the two failed checks whose run is a dbt job
    expect(values(dbt, 'source')).toEqual(['run', 'run', 'quality', 'quality', 'run', 'run', 'run', 'run']);
    const warehouseEvents = await answerFrame(database, { kind: 'events', namespace: warehouse });
    expect(values(warehouseEvents, 'source')).toEqual(['freshness', 'freshness', 'quality', 'quality']);
  });

  it('searches messages case-insensitively, LIKE wildcards taken literally', async () => {
    const discount = await answerFrame(database, { kind: 'events', search: 'DISCOUNT_code' });
    expect(values(discount, 'run_id')).toEqual([transformRunId(9)]);
    expect(values(await answerFrame(database, { kind: 'events', search: 'Daily_Orders' }), 'source')).toEqual(['freshness', 'freshness']);
    expect(values(await answerFrame(database, { kind: 'events', search: '100%' }), 'body')).toEqual([]);
  });

  it('keeps to the range and the limit', async () => {
    const hourNine = await answerFrame(database, { kind: 'events' }, { range: { from: historyStart + 9 * hour, to: historyStart + 10 * hour - 1 } });
    expect(values(hourNine, 'body')).toHaveLength(6); // DAG start+fail, extract start+complete, transform start+fail; no publish
    const limited = await answerFrame(database, { kind: 'events', limit: 10 });
    expect(values(limited, 'body')).toHaveLength(10);
    expect(limited.meta?.notices?.[0].severity).toBe('warning');
  });

  it('answers 400 naming a bad level or limit', async () => {
    expect(await answerTarget(database, { kind: 'events', levels: ['debug'] })).toMatchObject({
      status: 400,
      error: 'targets/0/levels/0: "debug" is not one of info, warning, error',
    });
    expect(await answerTarget(database, { kind: 'events', limit: 0 })).toMatchObject({ status: 400, error: expect.stringMatching(/^targets\/0\/limit:/) });
  });
});
