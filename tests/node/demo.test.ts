// The demo emitter against a real collector: a few seconds of it (after its backfill) bring runs
// from every orchestrator, failures, failing checks, volume drops and lineage down to columns,
// all accepted by the collector's validation; replaying it stores nothing twice; and the built
// `npm run demo` script runs and stops on its own.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import type net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { QueryResponse, QueryTarget } from '../../src/contract/query';
import { datasetNodeId } from '../../src/contract/nodeIds';
import { loadSlaConfig } from '../../src/collector/sla/slaConfig';
import { createSlaResolver } from '../../src/collector/sla/slaResolver';
import type { PaneDatabase } from '../../src/collector/store/openDatabase';
import { startDemo } from '../../scripts/demo';
import { airflowDag, pipelines, slotStart } from '../../scripts/demoPipelines';
import { readAuth, testCollectorApp, writeToken } from './support/collectorApp';
import { createTestDatabase, type TestDatabase } from './support/testDatabases';

const root = path.resolve(__dirname, '..', '..');
const run = promisify(execFile);

type Frame = QueryResponse['results'][string]['frames'][number];

/** A frame's rows as objects. */
const rows = (frame: Frame | undefined): Array<Record<string, unknown>> =>
  frame ? Array.from({ length: frame.fields[0]?.values.length ?? 0 }, (_, i) => Object.fromEntries(frame.fields.map((f) => [f.name, f.values[i]]))) : [];

describe('the demo emitter against a real collector', () => {
  let testDatabase: TestDatabase;
  let database: PaneDatabase;
  let app: ReturnType<typeof testCollectorApp>['app'];
  let url: string;
  let firstCounts: Awaited<ReturnType<typeof startDemo>['done']>;
  const log: string[] = [];

  const query = async (target: Omit<QueryTarget, 'refId'>, from = 'now-3h'): Promise<Frame[]> => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/query',
      headers: readAuth,
      payload: { range: { from, to: 'now' }, targets: [{ refId: 'A', ...target }] },
    });
    expect(response.statusCode, response.body).toBe(200);
    const result = (response.json() as QueryResponse).results.A;
    expect(result.error, JSON.stringify(target)).toBeUndefined();
    return result.frames;
  };

  beforeAll(async () => {
    testDatabase = await createTestDatabase('sqlite');
    database = await testDatabase.open();
    ({ app } = testCollectorApp(database, { slas: createSlaResolver(loadSlaConfig(path.join(root, 'docker/demo/slas.yaml'))), bodyLimitBytes: 10 * 1024 * 1024 }));
    await app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(app.server.address() as net.AddressInfo).port}`;
    firstCounts = await startDemo({ url, token: writeToken, backfillHours: 2, durationMs: 3_000, log: (line) => log.push(line) }).done;
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await database?.close();
    await testDatabase?.dispose();
  });

  it('sends every kind of document and the collector accepts them all', () => {
    expect(firstCounts.rejected, log.join('\n')).toBe(0);
    expect(firstCounts.errors).toBe(0);
    expect(Object.keys(firstCounts.byKind).sort()).toEqual(['dbt', 'dlt', 'openlineage', 'plain']);
    expect(firstCounts.stored).toBeGreaterThan(200);
  });

  it('brings runs from Airflow, dbt, dlt, Spark and a cloud function', async () => {
    const runs = rows((await query({ kind: 'runs', limit: 5000 }))[0]);
    const namespaces = new Set(runs.map((r) => r.namespace));
    expect([...namespaces].sort()).toEqual(expect.arrayContaining(['airflow-prod', 'dbt://jaffle_shop', 'dlt://jaffle_raw', 'functions', 'spark-prod']));
    // Airflow task runs and dbt models come with their parent run: a trace shows the DAG run's tasks.
    const tasksPerDagRun = new Map<string, number>();
    for (const r of runs.filter((run) => run.namespace === 'airflow-prod' && run.parent_run_id)) {
      tasksPerDagRun.set(String(r.parent_run_id), (tasksPerDagRun.get(String(r.parent_run_id)) ?? 0) + 1);
    }
    const [dagRunId, tasks] = [...tasksPerDagRun].find(([, count]) => count === 3) ?? [];
    expect(dagRunId, 'a DAG run with all three of its tasks').toBeDefined();
    const trace = await query({ kind: 'trace', runId: String(dagRunId) });
    expect(rows(trace[0]).length).toBe(1 + tasks!);
    expect(runs.some((r) => r.namespace === 'dbt://jaffle_shop' && r.parent_run_id)).toBe(true);
  });

  it('brings failures with their errors', async () => {
    const failed = rows((await query({ kind: 'runs', states: ['FAIL'], limit: 5000 }))[0]);
    const jobs = new Set(failed.map((r) => r.job));
    expect(jobs.size).toBeGreaterThanOrEqual(3);
    expect(failed.find((r) => r.job === 'shop_extract.extract_payments')?.error).toContain('psycopg2.OperationalError');
    expect(failed.find((r) => r.job === 'ingest-webhook')?.error).toContain('TimeoutError');
  });

  it('brings quality checks, some of them failing', async () => {
    const checks = rows((await query({ kind: 'quality', limit: 5000 }))[0]);
    expect(checks.length).toBeGreaterThan(20);
    const failing = checks.filter((c) => c.passed === false);
    expect(failing.length).toBeGreaterThan(0);
    expect(failing.map((c) => c.dataset)).toContain('jaffle_shop.dbt_alice.customers');
  });

  it('brings volume with a drop the collector flags', async () => {
    const volume = rows((await query({ kind: 'volume', dataset: datasetNodeId('s3://acme-landing', 'landing/orders'), limit: 1000 }, 'now-2h'))[0]);
    expect(volume.length).toBeGreaterThan(10);
    const dropSlots = volume.filter((v) => Number(v.rows) < 1_000);
    // every 11th DAG run brings a fraction of the usual rows; two hours hold at least one
    expect(dropSlots.length).toBeGreaterThan(0);
  });

  it('brings lineage from the source database to the Spark mart, with column lineage and personal data', async () => {
    const mart = datasetNodeId('s3://acme-lake', 'marts/customer_revenue');
    const lineage = await query({ kind: 'lineage', node: mart, direction: 'upstream', depth: 10 });
    const nodes = rows(lineage.find((f) => f.name === 'nodes')).map((n) => n.id);
    expect(nodes).toEqual(
      expect.arrayContaining([
        mart,
        datasetNodeId('postgres://jaffle_shop', 'jaffle_shop.dbt_alice.customers'),
        datasetNodeId('postgres://jaffle_shop', 'jaffle_shop.dbt_alice.stg_orders'),
        datasetNodeId('postgres://jaffle_shop', 'jaffle_shop.raw.orders'),
      ]),
    );
    const columns = rows((await query({ kind: 'columnLineage', node: mart }))[0]);
    expect(columns).toEqual(expect.arrayContaining([expect.objectContaining({ column: 'email', input_column: 'email' }), expect.objectContaining({ column: 'lifetime_value', transformation: expect.stringContaining('AGGREGATION') })]));
  });

  it('brings the SLA picture: stale or late datasets and teams from the demo SLA config', async () => {
    const freshness = rows((await query({ kind: 'freshness', limit: 1000 }))[0]);
    expect(freshness.length).toBeGreaterThan(10);
    expect(new Set(freshness.map((f) => f.team))).toEqual(new Set(['data-platform', 'analytics', 'growth']));
    expect(freshness.every((f) => f.status !== 'unknown' || String(f.namespace).startsWith('postgres://orders-db'))).toBe(true);
  });

  it('stores nothing twice when the same history is played again', async () => {
    const again = await startDemo({ url, token: writeToken, backfillHours: 2, durationMs: 0 }).done;
    expect(again.rejected).toBe(0);
    // only slots that began since the first run are new
    expect(again.stored).toBeLessThan(20);
    expect(again.duplicates).toBeGreaterThan(firstCounts.stored * 0.8);
  }, 60_000);

  it('plays the same documents for the same slot', () => {
    for (const pipeline of pipelines) {
      const slot = 5_000_123;
      expect(JSON.stringify(pipeline.play(slot, slotStart(pipeline, slot)))).toBe(JSON.stringify(pipeline.play(slot, slotStart(pipeline, slot))));
    }
    // a late DAG run starts minutes after its slot; a skipped one sends nothing
    const late = airflowDag.play(29, slotStart(airflowDag, 29));
    expect(late[0].at - slotStart(airflowDag, 29)).toBeGreaterThanOrEqual(3 * 60_000);
    expect(airflowDag.play(17, slotStart(airflowDag, 17))).toEqual([]);
  });

  it('runs as `npm run demo` (the built script) and stops after --duration', async () => {
    const script = path.join(root, 'build', 'scripts', 'demo.js');
    if (!fs.existsSync(script)) {
      throw new Error('the demo is not built: run `npm run build:node` first (npm test does)');
    }
    const { stdout } = await run(process.execPath, [script, '--url', url, '--token', writeToken, '--backfill-hours', '0.1', '--duration', '1', '--quiet'], { timeout: 60_000 });
    expect(stdout).toMatch(/demo: stopped; \d+ documents stored/);
  }, 60_000);
});
