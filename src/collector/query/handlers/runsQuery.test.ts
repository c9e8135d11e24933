import { beforeAll, describe, expect, it } from 'vitest';
import { sharedDatabaseForSuite, testDatabaseKinds } from '../../../../tests/node/support/testDatabases';
import type { PaneDatabase } from '../../store/openDatabase';
import {
  dagRunId,
  extractRows,
  extractRunId,
  extractSeconds,
  historyStart,
  hour,
  loadPipelineHistory,
  publishRunId,
  transformError,
  transformRunId,
} from '../__fixtures__/pipelineHistory';
import { answerFrame, answerTarget, rows, values } from '../__fixtures__/queryTestKit';

describe.each(testDatabaseKinds)('runs query on %s', (kind) => {
  const suite = sharedDatabaseForSuite(kind, loadPipelineHistory);
  let database: PaneDatabase;

  beforeAll(() => {
    database = suite.database;
  });

  it('lists every run of the range as one table, newest first', async () => {
    const frame = await answerFrame(database, { kind: 'runs' });
    expect(frame.meta?.preferredVisualisationType).toBe('table');
    expect(frame.fields.map((f) => [f.name, f.type])).toEqual([
      ['run_id', 'string'],
      ['job_id', 'string'],
      ['job', 'string'],
      ['namespace', 'string'],
      ['parent_run_id', 'string'],
      ['parent_job_id', 'string'],
      ['state', 'string'],
      ['start', 'time'],
      ['end', 'time'],
      ['duration_ms', 'number'],
      ['rows_in', 'number'],
      ['rows_out', 'number'],
      ['error', 'string'],
      ['orchestrator', 'string'],
      ['nominal_time', 'time'],
    ]);
    // 12 DAG runs, 12 extract, 12 transform, 10 publish, 3 dbt runs
    expect(values(frame, 'run_id')).toHaveLength(49);
    const starts = values(frame, 'start') as number[];
    expect([...starts].sort((a, b) => b - a)).toEqual(starts);
    expect(values(frame, 'run_id')[0]).toBe(transformRunId(11));
  });

  it('shows a finished task run with its job, parent, duration, rows and nominal time', async () => {
    const frame = await answerFrame(database, { kind: 'runs' });
    const extract = rows(frame).find((r) => r.run_id === extractRunId(3));
    expect(extract).toEqual({
      run_id: extractRunId(3),
      job_id: 'job:airflow-prod:orders_hourly.extract_orders',
      job: 'orders_hourly.extract_orders',
      namespace: 'airflow-prod',
      parent_run_id: dagRunId(3),
      parent_job_id: 'job:airflow-prod:orders_hourly',
      state: 'COMPLETE',
      start: historyStart + 3 * hour + 15_000,
      end: historyStart + 3 * hour + 15_000 + extractSeconds(3) * 1000,
      duration_ms: extractSeconds(3) * 1000,
      rows_in: extractRows(3),
      rows_out: extractRows(3),
      error: null,
      orchestrator: 'airflow',
      nominal_time: historyStart + 3 * hour,
    });
  });

  it('shows the error of a failed run and no end or duration for a running one', async () => {
    const frame = await answerFrame(database, { kind: 'runs' });
    const byId = new Map(rows(frame).map((r) => [r.run_id, r]));
    expect(byId.get(transformRunId(9))).toMatchObject({ state: 'FAIL', error: transformError });
    expect(byId.get(transformRunId(11))).toMatchObject({ state: 'START', end: null, duration_ms: null, rows_out: null });
    expect(byId.get(dagRunId(11))).toMatchObject({ state: 'START', parent_run_id: null });
  });

  it('filters by states, job name or node id, namespace, orchestrator', async () => {
    const failed = await answerFrame(database, { kind: 'runs', states: ['FAIL', 'ABORT'] });
    expect(new Set(values(failed, 'run_id'))).toEqual(new Set([dagRunId(9), transformRunId(9), dagRunId(6), publishRunId(6)]));

    const byName = await answerFrame(database, { kind: 'runs', job: 'orders_hourly.transform_orders' });
    expect(values(byName, 'run_id')).toHaveLength(12);
    const byNodeId = await answerFrame(database, { kind: 'runs', job: 'job:airflow-prod:orders_hourly.transform_orders' });
    expect(values(byNodeId, 'run_id')).toEqual(values(byName, 'run_id'));
    const otherNamespace = await answerFrame(database, { kind: 'runs', job: 'job:airflow-dev:orders_hourly.transform_orders' });
    expect(values(otherNamespace, 'run_id')).toEqual([]);

    const nameInNamespace = await answerFrame(database, { kind: 'runs', namespace: 'airflow-prod', job: 'orders_hourly' });
    expect(values(nameInNamespace, 'run_id')).toHaveLength(12);
    expect(values(await answerFrame(database, { kind: 'runs', namespace: 'dbt', job: 'orders_hourly' }), 'run_id')).toEqual([]);
    expect(values(await answerFrame(database, { kind: 'runs', namespace: 'dbt', job: 'job:airflow-prod:orders_hourly' }), 'run_id')).toEqual([]);

    const dbt = await answerFrame(database, { kind: 'runs', orchestrator: 'dbt' });
    expect(values(dbt, 'run_id')).toHaveLength(3);
    const dbtNamespace = await answerFrame(database, { kind: 'runs', namespace: 'dbt', states: ['COMPLETE'] });
    expect(values(dbtNamespace, 'job')).toEqual(['jaffle_shop.public.orders.test', 'jaffle_shop.public.orders', 'dbt-run-jaffle_shop']);
  });

  it('lists the child runs of a run, whatever the range', async () => {
    const frame = await answerFrame(
      database,
      { kind: 'runs', parentRunId: dagRunId(9) },
      { range: { from: historyStart + 20 * hour, to: historyStart + 21 * hour } },
    );
    expect(values(frame, 'run_id')).toEqual([transformRunId(9), extractRunId(9)]);
  });

  it('takes runs overlapping the range, including ones that started before it', async () => {
    // 03:00:30–03:00:40: the DAG run of hour 3 (from 03:00:05) and its extract task (03:00:15–03:01:45)
    const frame = await answerFrame(database, { kind: 'runs' }, { range: { from: historyStart + 3 * hour + 30_000, to: historyStart + 3 * hour + 40_000 } });
    expect(values(frame, 'run_id')).toEqual([extractRunId(3), dagRunId(3)]);
    // the DAG run of hour 11 is still going, so a later range still shows it
    const later = await answerFrame(database, { kind: 'runs', job: 'orders_hourly' }, { range: { from: historyStart + 14 * hour, to: historyStart + 15 * hour } });
    expect(values(later, 'run_id')).toEqual([dagRunId(11)]);
  });

  it('limits rows and says so', async () => {
    const frame = await answerFrame(database, { kind: 'runs', limit: 5 });
    expect(values(frame, 'run_id')).toHaveLength(5);
    expect(frame.meta?.notices?.[0].text).toMatch(/newest 5 runs/);
  });

  it('answers 400 naming the bad filter', async () => {
    expect(await answerTarget(database, { kind: 'runs', states: ['COMPLETE', 'DONE'] })).toMatchObject({
      status: 400,
      error: expect.stringMatching(/^targets\/0\/states\/1: "DONE" is not one of START, RUNNING, COMPLETE, ABORT, FAIL, OTHER/),
    });
    expect(await answerTarget(database, { kind: 'runs', limit: 20_000 })).toMatchObject({ status: 400, error: expect.stringMatching(/^targets\/0\/limit:/) });
    expect(await answerTarget(database, { kind: 'runs', job: 'dataset:warehouse:orders' })).toMatchObject({ status: 400, error: expect.stringMatching(/^targets\/0\/job:/) });
    expect(await answerTarget(database, { kind: 'runs', namespace: 42 })).toMatchObject({ status: 400, error: expect.stringMatching(/^targets\/0\/namespace:/) });
  });
});
