import { beforeAll, describe, expect, it } from 'vitest';
import { datasetNodeId } from '../../../contract/nodeIds';
import { sharedDatabaseForSuite, testDatabaseKinds } from '../../../../tests/node/support/testDatabases';
import type { PaneDatabase } from '../../store/openDatabase';
import { dagRunId, dbtTestRunId, historyStart, hour, loadPipelineHistory, transformError, transformRunId, warehouse } from '../__fixtures__/pipelineHistory';
import { answerFrame, answerTarget, rows, values } from '../__fixtures__/queryTestKit';

const dailyOrders = datasetNodeId(warehouse, 'analytics.marts.daily_orders');

describe.each(testDatabaseKinds)('annotations query on %s', (kind) => {
  const suite = sharedDatabaseForSuite(kind, loadPipelineHistory);
  let database: PaneDatabase;

  beforeAll(() => {
    database = suite.database;
  });

  it('marks run failures, quality failures and SLA breaches, newest first', async () => {
    const frame = await answerFrame(database, { kind: 'annotations' });
    expect(frame.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
      'time:time',
      'timeEnd:time',
      'title:string',
      'text:string',
      'tags:other',
      'type:string',
      'namespace:string',
      'job_id:string',
      'dataset_id:string',
      'run_id:string',
    ]);
    expect(rows(frame).map((a) => [a.type, a.title])).toEqual([
      ['slaBreach', 'Freshness SLA breached: analytics.marts.daily_orders'],
      ['slaBreach', 'Freshness SLA breached: analytics.marts.daily_orders'],
      ['runFailure', 'orders_hourly failed'],
      ['runFailure', 'orders_hourly.transform_orders failed'],
      ['qualityFailure', 'Quality check not_null failed on jaffle_shop.public.orders'],
      ['qualityFailure', 'Quality check accepted_values failed on jaffle_shop.public.orders'],
    ]);
    const [stale, late, dagFailure, transformFailure, notNull] = rows(frame);
    expect(stale).toMatchObject({ time: historyStart + 11.5 * hour, timeEnd: historyStart + 11.5 * hour, tags: ['sla breach', 'error', 'analytics.marts.daily_orders'], dataset_id: dailyOrders, job_id: null });
    expect(late.tags).toEqual(['sla breach', 'warning', 'analytics.marts.daily_orders']);
    expect(dagFailure).toMatchObject({ run_id: dagRunId(9), text: 'Task transform_orders failed', tags: ['run failure', 'airflow-prod', 'orders_hourly'] });
    expect(transformFailure).toMatchObject({ run_id: transformRunId(9), text: transformError, job_id: 'job:airflow-prod:orders_hourly.transform_orders', namespace: 'airflow-prod' });
    expect(notNull).toMatchObject({ run_id: dbtTestRunId, job_id: 'job:dbt:jaffle_shop.public.orders.test', tags: ['quality failure', 'error', 'jaffle_shop.public.orders', 'not_null'] });
  });

  it('filters by type, job, dataset and namespace, and keeps to the range', async () => {
    expect(values(await answerFrame(database, { kind: 'annotations', types: ['runFailure'] }), 'run_id')).toEqual([dagRunId(9), transformRunId(9)]);
    expect(values(await answerFrame(database, { kind: 'annotations', types: ['qualityFailure', 'slaBreach'] }), 'type')).toEqual([
      'slaBreach',
      'slaBreach',
      'qualityFailure',
      'qualityFailure',
    ]);
    // the job's own failure, and the breaches of the table it writes
    expect(values(await answerFrame(database, { kind: 'annotations', job: 'job:airflow-prod:orders_hourly.transform_orders' }), 'type')).toEqual([
      'slaBreach',
      'slaBreach',
      'runFailure',
    ]);
    expect(values(await answerFrame(database, { kind: 'annotations', dataset: 'jaffle_shop.public.orders' }), 'type')).toEqual(['qualityFailure', 'qualityFailure']);
    expect(values(await answerFrame(database, { kind: 'annotations', namespace: 'airflow-prod' }), 'type')).toEqual(['runFailure', 'runFailure']);
    const morning = await answerFrame(database, { kind: 'annotations' }, { range: { from: historyStart, to: historyStart + 6 * hour } });
    expect(values(morning, 'type')).toEqual(['qualityFailure', 'qualityFailure']);
  });

  it('answers 400 naming a bad type', async () => {
    expect(await answerTarget(database, { kind: 'annotations', types: ['runFailure', 'deploy'] })).toMatchObject({
      status: 400,
      error: 'targets/0/types/1: "deploy" is not one of runFailure, qualityFailure, slaBreach',
    });
  });
});
