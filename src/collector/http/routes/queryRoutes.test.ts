import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryResponse } from '../../../contract/query';
import { readAuth, testCollectorApp, writeAuth } from '../../../../tests/node/support/collectorApp';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../../../../tests/node/support/testDatabases';
import { dagRunId, historyNow, historyStart, pipelineHistoryEvents, transformRunId } from '../../query/__fixtures__/pipelineHistory';
import type { PaneDatabase } from '../../store/openDatabase';
import type { CollectorApp } from '../createCollectorApp';

const range = { from: new Date(historyStart).toISOString(), to: new Date(historyNow).toISOString() };

describe.each(testDatabaseKinds)('POST /api/v1/query on %s', (kind) => {
  let testDatabase: TestDatabase;
  let database: PaneDatabase;
  let collector: CollectorApp;

  const query = (body: unknown, headers: Record<string, string> = readAuth) =>
    collector.app.inject({ method: 'POST', url: '/api/v1/query', headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(body) });

  beforeAll(async () => {
    testDatabase = await createTestDatabase(kind);
    database = await testDatabase.open();
    collector = testCollectorApp(database);
    // the history arrives as an Airflow and a dbt integration would send it
    for (const event of pipelineHistoryEvents()) {
      const response = await collector.app.inject({ method: 'POST', url: '/api/v1/lineage', headers: writeAuth, payload: event });
      expect(response.statusCode).toBe(201);
    }
  });
  afterAll(async () => {
    await collector?.app.close();
    await database?.close();
    await testDatabase?.dispose();
  });

  it('answers frames for each target with a read token', async () => {
    const response = await query({
      range,
      intervalMs: 3_600_000,
      targets: [
        { refId: 'failed', kind: 'runs', states: ['FAIL'] },
        { refId: 'trace', kind: 'trace', runId: dagRunId(9) },
        { refId: 'logs', kind: 'events', levels: ['error'] },
      ],
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const body = response.json() as QueryResponse;
    const failed = body.results.failed.frames[0];
    expect(failed.refId).toBe('failed');
    expect(failed.fields.find((f) => f.name === 'run_id')?.values).toEqual([transformRunId(9), dagRunId(9)]);
    expect(body.results.trace.frames[0].meta?.preferredVisualisationType).toBe('trace');
    expect(body.results.trace.frames[0].fields.find((f) => f.name === 'spanID')?.values).toHaveLength(3);
    expect(body.results.logs.frames[0].fields.find((f) => f.name === 'level')?.values).toEqual(['error', 'error', 'error']); // two failed runs, one failed check
  });

  it('takes a write token too', async () => {
    const response = await query({ range, targets: [{ refId: 'A', kind: 'variables', subject: 'orchestrators' }] }, writeAuth);
    expect(response.statusCode).toBe(200);
    expect((response.json() as QueryResponse).results.A.frames[0].fields[0].values).toEqual(['airflow', 'dbt']);
  });

  it('answers 401 without a token and with a wrong one', async () => {
    const body = { range, targets: [{ refId: 'A', kind: 'runs' }] };
    const missing = await query(body, {});
    expect(missing.statusCode).toBe(401);
    expect(missing.json()).toMatchObject({ error: 'unauthorized' });
    const wrong = await query(body, { authorization: 'Bearer not-a-token-at-all-0000' });
    expect(wrong.statusCode).toBe(401);
  });

  it('answers 400 naming the field for an unknown kind, a bad range or no targets', async () => {
    const unknown = await query({ range, targets: [{ refId: 'A', kind: 'runs' }, { refId: 'B', kind: 'pipelines' }] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toEqual({
      error: 'invalid_query',
      message: expect.stringMatching(/^targets\/1\/kind: "pipelines" is not a query kind; known kinds: runs, runStats, /),
      problems: [{ path: '/targets/1/kind', message: expect.stringContaining('known kinds: runs, runStats, freshness') }],
    });

    const badRange = await query({ range: { from: 'yesterday-ish', to: 'now' }, targets: [{ refId: 'A', kind: 'runs' }] });
    expect(badRange.statusCode).toBe(400);
    expect(badRange.json().problems).toEqual([{ path: '/range/from', message: expect.stringContaining('is not a time') }]);

    const noTargets = await query({ range });
    expect(noTargets.statusCode).toBe(400);
    expect(noTargets.json().problems[0].path).toBe('/targets');

    const array = await query([{ refId: 'A', kind: 'runs' }]);
    expect(array.statusCode).toBe(400);
    expect(array.json().error).toBe('invalid_query');

    const notJson = await collector.app.inject({ method: 'POST', url: '/api/v1/query', headers: { 'content-type': 'application/json', ...readAuth }, payload: '{"targets": [' });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error).toBe('invalid_json');
  });

  it('answers a bad filter inside its target while the other targets answer', async () => {
    const response = await query({
      range,
      targets: [
        { refId: 'A', kind: 'trace', runId: dagRunId(9), depth: -1 },
        { refId: 'B', kind: 'runs', job: 'orders_hourly' },
      ],
    });
    expect(response.statusCode).toBe(200);
    const body = response.json() as QueryResponse;
    expect(body.results.A).toEqual({ frames: [], status: 400, error: 'targets/0/depth: must be between 0 and 50, got -1' });
    expect(body.results.B.frames[0].fields[0].values).toHaveLength(12);
  });
});
