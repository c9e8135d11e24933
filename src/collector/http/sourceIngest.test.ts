import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countRows, testCollectorApp, writeAuth } from '../../../tests/node/support/collectorApp';
import { freshDatabasePerTest, testDatabaseKinds } from '../../../tests/node/support/testDatabases';
import type { PaneDatabase } from '../store/openDatabase';

const fixture = (source: 'dbt' | 'dlt', name: string) =>
  JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'ingest', source, '__fixtures__', name), 'utf8'));

describe.each(testDatabaseKinds)('dbt, dlt and plain-run ingest on %s', (kind) => {
  const fresh = freshDatabasePerTest(kind);
  let database: PaneDatabase;
  let app: FastifyInstance;

  beforeEach(() => {
    database = fresh.database;
    app = testCollectorApp(database).app;
  });
  afterEach(async () => {
    await app.close();
  });

  const post = (url: string, body: unknown) =>
    app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', ...writeAuth }, payload: JSON.stringify(body) });

  it('stores a dbt invocation with its models as child runs and its tests as quality checks', async () => {
    const response = await post('/api/v1/ingest/dbt', { run_results: fixture('dbt', 'run_results_v6.json'), manifest: fixture('dbt', 'manifest.json') });
    expect(response.statusCode).toBe(201);
    const answer = response.json();
    expect(answer.status).toBe('stored');
    expect(answer.qualityChecks).toBeGreaterThan(0);
    const runs = await database.db.selectFrom('runs').selectAll().execute();
    const parents = runs.filter((r) => r.parent_run_id === null);
    expect(parents).toHaveLength(1);
    expect(runs.filter((r) => r.parent_run_id === parents[0].run_id).length).toBe(runs.length - 1);
    expect(runs.some((r) => r.state === 'FAIL')).toBe(true);
    expect(await countRows(database, 'quality_checks')).toBe(answer.qualityChecks);
    const failedChecks = await database.db.selectFrom('quality_checks').select('check_name').where('passed', '=', 0).execute();
    expect(failedChecks.length).toBeGreaterThan(0);
    // The same artifacts posted again are the same document.
    expect((await post('/api/v1/ingest/dbt', { run_results: fixture('dbt', 'run_results_v6.json'), manifest: fixture('dbt', 'manifest.json') })).json().status).toBe('duplicate');
  });

  it('stores dbt source freshness as freshness observations', async () => {
    const response = await post('/api/v1/ingest/dbt', { sources: fixture('dbt', 'sources.json') });
    expect(response.statusCode).toBe(201);
    expect(await countRows(database, 'freshness_observations')).toBe(response.json().freshness);
    expect(response.json().freshness).toBeGreaterThan(0);
  });

  it('refuses an unsupported dbt schema version naming the field', async () => {
    const runResults = fixture('dbt', 'run_results_v6.json');
    runResults.metadata.dbt_schema_version = 'https://schemas.getdbt.com/dbt/run-results/v2.json';
    const response = await post('/api/v1/ingest/dbt', runResults);
    expect(response.statusCode).toBe(400);
    expect(response.json().problems.map((p: { path: string }) => p.path)).toContain('/metadata/dbt_schema_version');
    expect(await countRows(database, 'events')).toBe(0);
  });

  it('stores a dlt trace with its steps, row counts and a failure', async () => {
    expect((await post('/api/v1/ingest/dlt', fixture('dlt', 'trace_success.json'))).statusCode).toBe(201);
    expect((await post('/api/v1/ingest/dlt', fixture('dlt', 'trace_step_exception.json'))).statusCode).toBe(201);
    const runs = await database.db.selectFrom('runs').selectAll().execute();
    const pipelines = runs.filter((r) => r.parent_run_id === null);
    expect(pipelines.map((r) => r.state).sort()).toEqual(['COMPLETE', 'FAIL']);
    expect(pipelines.find((r) => r.state === 'FAIL')?.error_message).toBeTruthy();
    expect(runs.some((r) => r.job_name.endsWith('.load'))).toBe(true);
    const rows = await database.db.selectFrom('run_datasets').select('row_count').where('direction', '=', 'output').execute();
    expect(rows.some((r) => (r.row_count ?? 0) > 0)).toBe(true);
    expect((await post('/api/v1/ingest/dlt', { hello: 'world' })).statusCode).toBe(400);
  });

  it('takes a plain run started and finished with one call each', async () => {
    const started = await post('/api/v1/ingest/runs/start', { namespace: 'cron', job: 'nightly_export', orchestrator: 'cron' });
    expect(started.statusCode).toBe(201);
    const { runId, job } = started.json();
    expect(job).toBe('job:cron:nightly_export');
    const finished = await post(`/api/v1/ingest/runs/${runId}/finish`, {
      status: 'success',
      rows: 1234,
      outputs: [{ namespace: 's3://exports', name: 'daily/orders.csv' }],
    });
    expect(finished.statusCode).toBe(201);
    const run = await database.db.selectFrom('runs').selectAll().where('run_id', '=', runId).executeTakeFirstOrThrow();
    expect(run).toMatchObject({ state: 'COMPLETE', orchestrator: 'cron', job_namespace: 'cron' });
    expect(run.started_at).not.toBeNull();
    expect(run.ended_at).toBeGreaterThanOrEqual(run.started_at as number);
    const output = await database.db.selectFrom('run_datasets').selectAll().where('run_id', '=', runId).executeTakeFirstOrThrow();
    expect(output).toMatchObject({ name: 'daily/orders.csv', row_count: 1234 });
  });

  it('takes a one-shot failed run report with its duration, and names bad fields', async () => {
    const response = await post('/api/v1/ingest/runs', {
      job: 'export',
      status: 'failed',
      startedAt: '2026-11-21T02:00:00Z',
      endedAt: '2026-11-21T02:03:10Z',
      error: 'disk full',
      exitCode: 1,
    });
    expect(response.statusCode).toBe(201);
    const run = await database.db.selectFrom('runs').selectAll().executeTakeFirstOrThrow();
    expect(run).toMatchObject({ state: 'FAIL', error_message: 'disk full', job_namespace: 'default' });
    expect((run.ended_at as number) - (run.started_at as number)).toBe(190_000);

    const bad = await post('/api/v1/ingest/runs', { job: 'x', status: 'done', rows: -1, colour: 'red' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().problems.map((p: { path: string }) => p.path).sort()).toEqual(['/colour', '/rows', '/status']);
    const orphan = await post('/api/v1/ingest/runs/0b4f2a0c-7d61-4d7e-9d5e-3f1a2b3c4d5e/finish', { status: 'success' });
    expect(orphan.statusCode).toBe(400);
    expect(orphan.json().problems[0].path).toBe('/job');
    expect(await countRows(database, 'runs')).toBe(1);
  });
});
