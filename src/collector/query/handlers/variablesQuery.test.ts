import { beforeAll, describe, expect, it } from 'vitest';
import { datasetNodeId, jobNodeId } from '../../../contract/nodeIds';
import { sharedDatabaseForSuite, testDatabaseKinds } from '../../../../tests/node/support/testDatabases';
import { ingestOpenLineageEvent } from '../../ingest/openlineage';
import { IngestWriter } from '../../store/ingestWriter';
import type { PaneDatabase } from '../../store/openDatabase';
import { airflowProducer, historyStart, loadPipelineHistory, ordersDb, warehouse } from '../__fixtures__/pipelineHistory';
import { answerFrame, answerTarget, rows, values } from '../__fixtures__/queryTestKit';

describe.each(testDatabaseKinds)('variables query on %s', (kind) => {
  const suite = sharedDatabaseForSuite(kind, loadPipelineHistory);
  let database: PaneDatabase;

  beforeAll(() => {
    database = suite.database;
  });

  it('lists namespaces', async () => {
    const frame = await answerFrame(database, { kind: 'variables', subject: 'namespaces' });
    expect(frame.fields.map((f) => `${f.name}:${f.type}`)).toEqual(['text:string', 'value:string']);
    expect(values(frame, 'value')).toEqual(['airflow-prod', 'dbt', ordersDb, warehouse]);
    expect(values(frame, 'text')).toEqual(values(frame, 'value'));
  });

  it('lists jobs by name with their node ids, within a namespace, matching a search', async () => {
    const all = await answerFrame(database, { kind: 'variables', subject: 'jobs' });
    expect(values(all, 'text')).toEqual([
      'dbt-run-jaffle_shop',
      'jaffle_shop.public.orders',
      'jaffle_shop.public.orders.test',
      'orders_hourly',
      'orders_hourly.extract_orders',
      'orders_hourly.publish_report',
      'orders_hourly.transform_orders',
    ]);
    expect(rows(all)[3]).toEqual({ text: 'orders_hourly', value: jobNodeId('airflow-prod', 'orders_hourly') });

    const dbt = await answerFrame(database, { kind: 'variables', subject: 'jobs', namespace: 'dbt' });
    expect(values(dbt, 'value')).toEqual(['job:dbt:dbt-run-jaffle_shop', 'job:dbt:jaffle_shop.public.orders', 'job:dbt:jaffle_shop.public.orders.test']);
    const transform = await answerFrame(database, { kind: 'variables', subject: 'jobs', search: 'TRANSFORM' });
    expect(values(transform, 'text')).toEqual(['orders_hourly.transform_orders']);
    // LIKE wildcards in a search are plain characters
    expect(values(await answerFrame(database, { kind: 'variables', subject: 'jobs', search: 'hourly%extract' }), 'text')).toEqual([]);
    expect(values(await answerFrame(database, { kind: 'variables', subject: 'jobs', search: 's_h' }), 'text')).toEqual(['orders_hourly', 'orders_hourly.extract_orders', 'orders_hourly.publish_report', 'orders_hourly.transform_orders']);
  });

  it('lists owners from the ownership facets of jobs and datasets', async () => {
    expect(values(await answerFrame(database, { kind: 'variables', subject: 'owners' }), 'value')).toEqual(['data-platform', 'team:analytics']);
    expect(values(await answerFrame(database, { kind: 'variables', subject: 'owners', search: 'TEAM' }), 'value')).toEqual(['team:analytics']);
    expect(values(await answerFrame(database, { kind: 'variables', subject: 'owners', namespace: 'airflow-prod' }), 'value')).toEqual(['data-platform']);
  });

  it('lists orchestrators', async () => {
    expect(values(await answerFrame(database, { kind: 'variables', subject: 'orchestrators' }), 'text')).toEqual(['airflow', 'dbt']);
    expect(values(await answerFrame(database, { kind: 'variables', subject: 'orchestrators', namespace: 'dbt' }), 'text')).toEqual(['dbt']);
  });

  it('limits and says so', async () => {
    const frame = await answerFrame(database, { kind: 'variables', subject: 'jobs', limit: 2 });
    expect(values(frame, 'text')).toEqual(['dbt-run-jaffle_shop', 'jaffle_shop.public.orders']);
    expect(frame.meta?.notices?.[0].text).toMatch(/first 2 jobs/);
  });

  it('answers 400 naming the subject', async () => {
    expect(await answerTarget(database, { kind: 'variables', subject: 'teams' })).toMatchObject({
      status: 400,
      error: 'targets/0/subject: "teams" is not one of namespaces, jobs, datasets, owners, orchestrators',
    });
    expect(await answerTarget(database, { kind: 'variables' })).toMatchObject({ status: 400, error: expect.stringMatching(/^targets\/0\/subject: is required/) });
  });

  it('lists datasets by name, adding the namespace where two share a name', async () => {
    const before = await answerFrame(database, { kind: 'variables', subject: 'datasets' });
    expect(rows(before)).toEqual([
      { text: 'analytics.marts.daily_orders', value: datasetNodeId(warehouse, 'analytics.marts.daily_orders') },
      { text: 'analytics.staging.orders', value: datasetNodeId(warehouse, 'analytics.staging.orders') },
      { text: 'jaffle_shop.public.orders', value: datasetNodeId(warehouse, 'jaffle_shop.public.orders') },
      { text: 'public.orders', value: datasetNodeId(ordersDb, 'public.orders') },
    ]);

    const replica = 'postgres://orders-replica:5432';
    await new IngestWriter(database).submit([
      ingestOpenLineageEvent({
        eventType: 'COMPLETE',
        eventTime: new Date(historyStart).toISOString(),
        producer: airflowProducer,
        schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
        run: { runId: '01934a2e-0000-7000-8000-00000000abcd', facets: {} },
        job: { namespace: 'airflow-prod', name: 'replicate_orders', facets: {} },
        inputs: [{ namespace: ordersDb, name: 'public.orders' }],
        outputs: [{ namespace: replica, name: 'public.orders' }],
      }),
    ]);
    const after = await answerFrame(database, { kind: 'variables', subject: 'datasets', search: 'public.orders' });
    expect(values(after, 'text')).toEqual(['jaffle_shop.public.orders', `public.orders (${ordersDb})`, `public.orders (${replica})`]);
  });
});
