import { beforeAll, describe, expect, it } from 'vitest';
import { sharedDatabaseForSuite, testDatabaseKinds } from '../../../../tests/node/support/testDatabases';
import type { PaneDatabase } from '../../store/openDatabase';
import {
  dagRunId,
  dbtInvocationRunId,
  dbtModelRunId,
  dbtTestRunId,
  extractRows,
  extractRunId,
  extractSeconds,
  historyNow,
  historyStart,
  hour,
  loadPipelineHistory,
  transformError,
  transformRunId,
  transformSeconds,
} from '../__fixtures__/pipelineHistory';
import { answerFrame, answerTarget, rows, values } from '../__fixtures__/queryTestKit';

describe.each(testDatabaseKinds)('trace query on %s', (kind) => {
  const suite = sharedDatabaseForSuite(kind, loadPipelineHistory);
  let database: PaneDatabase;

  beforeAll(() => {
    database = suite.database;
  });

  it("shapes a failed DAG run and its tasks for Grafana's trace view", async () => {
    const frame = await answerFrame(database, { kind: 'trace', runId: dagRunId(9) });
    expect(frame.meta?.preferredVisualisationType).toBe('trace');
    expect(frame.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
      'traceID:string',
      'spanID:string',
      'parentSpanID:string',
      'operationName:string',
      'serviceName:string',
      'serviceTags:other',
      'startTime:number',
      'duration:number',
      'logs:other',
      'tags:other',
      'statusCode:number',
      'statusMessage:string',
      'stackTraces:other',
    ]);
    const spans = rows(frame);
    expect(values(frame, 'traceID')).toEqual([dagRunId(9), dagRunId(9), dagRunId(9)]);
    expect(spans.map((s) => [s.spanID, s.parentSpanID, s.operationName])).toEqual([
      [dagRunId(9), null, 'orders_hourly'],
      [extractRunId(9), dagRunId(9), 'orders_hourly.extract_orders'],
      [transformRunId(9), dagRunId(9), 'orders_hourly.transform_orders'],
    ]);

    const dagStart = historyStart + 9 * hour + 5_000;
    const extractEnd = dagStart + 10_000 + extractSeconds(9) * 1000;
    const transformEnd = extractEnd + 5_000 + transformSeconds(9) * 1000;
    const [dag, extract, transform] = spans;
    expect(dag).toMatchObject({ serviceName: 'airflow-prod', startTime: dagStart, duration: transformEnd + 5_000 - dagStart, statusCode: 2 });
    expect(extract).toMatchObject({ startTime: dagStart + 10_000, duration: extractSeconds(9) * 1000, statusCode: 1, statusMessage: null });
    expect(extract.tags).toEqual(
      expect.arrayContaining([
        { key: 'state', value: 'COMPLETE' },
        { key: 'job_id', value: 'job:airflow-prod:orders_hourly.extract_orders' },
        { key: 'rows_out', value: extractRows(9) },
        { key: 'nominal_start', value: new Date(historyStart + 9 * hour).toISOString() },
      ]),
    );
    expect(extract.serviceTags).toEqual(expect.arrayContaining([{ key: 'orchestrator', value: 'airflow' }]));
    expect(transform).toMatchObject({ statusCode: 2, statusMessage: transformError, stackTraces: [expect.stringContaining('UndefinedColumn')] });
    expect(transform.logs).toEqual([
      { timestamp: extractEnd + 5_000, name: 'START', fields: [{ key: 'state', value: 'START' }] },
      {
        timestamp: transformEnd,
        name: 'FAIL',
        fields: [
          { key: 'state', value: 'FAIL' },
          { key: 'error', value: transformError },
        ],
      },
    ]);
  });

  it('measures still-running spans up to now', async () => {
    const frame = await answerFrame(database, { kind: 'trace', runId: dagRunId(11) });
    const spans = rows(frame);
    expect(spans).toHaveLength(3);
    const dagStart = historyStart + 11 * hour + 5_000;
    expect(spans[0]).toMatchObject({ spanID: dagRunId(11), duration: historyNow - dagStart, statusCode: 0 });
    expect(spans[2]).toMatchObject({ spanID: transformRunId(11), statusCode: 0 });
    expect(spans[2].startTime as number + (spans[2].duration as number)).toBe(historyNow);
  });

  it('follows a dbt invocation to its models and tests, and stops at the depth asked', async () => {
    const frame = await answerFrame(database, { kind: 'trace', runId: dbtInvocationRunId });
    expect(values(frame, 'spanID')).toEqual([dbtInvocationRunId, dbtModelRunId, dbtTestRunId]);
    expect(values(frame, 'serviceName')).toEqual(['dbt', 'dbt', 'dbt']);
    const rootOnly = await answerFrame(database, { kind: 'trace', runId: dbtInvocationRunId, depth: 0 });
    expect(values(rootOnly, 'spanID')).toEqual([dbtInvocationRunId]);
  });

  it('makes the asked run the root even when it has a parent', async () => {
    const frame = await answerFrame(database, { kind: 'trace', runId: transformRunId(3) });
    expect(rows(frame)).toEqual([expect.objectContaining({ traceID: transformRunId(3), spanID: transformRunId(3), parentSpanID: null })]);
  });

  it('finds a run by id in any case, whatever the time range', async () => {
    const frame = await answerFrame(database, { kind: 'trace', runId: `urn:uuid:${dagRunId(2).toUpperCase()}` }, { range: { from: 'now-1h', to: 'now' } });
    expect(values(frame, 'spanID')).toHaveLength(4);
    expect(values(frame, 'traceID')[0]).toBe(dagRunId(2));
  });

  it('answers 400 naming runId or depth', async () => {
    expect(await answerTarget(database, { kind: 'trace', runId: '01934a2e-0000-7000-8000-ffffffffffff' })).toMatchObject({
      status: 400,
      error: 'targets/0/runId: no run "01934a2e-0000-7000-8000-ffffffffffff" is known',
    });
    expect(await answerTarget(database, { kind: 'trace' })).toMatchObject({ status: 400, error: 'targets/0/runId: is required' });
    expect(await answerTarget(database, { kind: 'trace', runId: dagRunId(1), depth: 51 })).toMatchObject({
      status: 400,
      error: 'targets/0/depth: must be between 0 and 50, got 51',
    });
    expect(await answerTarget(database, { kind: 'trace', runId: dagRunId(1), depth: 'deep' })).toMatchObject({
      status: 400,
      error: expect.stringMatching(/^targets\/0\/depth: must be a whole number/),
    });
  });
});
