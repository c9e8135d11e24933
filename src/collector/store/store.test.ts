import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { freshDatabasePerTest, testDatabaseKinds } from '../../../tests/node/support/testDatabases';
import { job, runEnvelope, t0 } from './__fixtures__/runEnvelope';
import { IngestOverloadedError, IngestWriter } from './ingestWriter';
import type { PaneDatabase } from './openDatabase';
import { pruneHistory } from './retention';

describe.each(testDatabaseKinds)('store on %s', (kind) => {
  const fresh = freshDatabasePerTest(kind);
  let database: PaneDatabase;
  let writer: IngestWriter;

  beforeEach(() => {
    database = fresh.database;
    writer = new IngestWriter(database);
  });

  it('merges events that arrive out of order into the right run state', async () => {
    const runId = randomUUID();
    await writer.submit([runEnvelope(runId, 'COMPLETE', t0 + 60_000)]);
    await writer.submit([runEnvelope(runId, 'RUNNING', t0 + 30_000)]);
    await writer.submit([runEnvelope(runId, 'START', t0)]);
    await writer.submit([runEnvelope(runId, 'OTHER', t0 + 90_000)]);
    const run = await database.db.selectFrom('runs').selectAll().where('run_id', '=', runId).executeTakeFirstOrThrow();
    expect(run.state).toBe('COMPLETE');
    expect(run.started_at).toBe(t0);
    expect(run.ended_at).toBe(t0 + 60_000);
    expect(run.last_event_time).toBe(t0 + 90_000);
    const states = await database.db
      .selectFrom('run_states')
      .select(['state', 'event_time'])
      .where('run_id', '=', runId)
      .orderBy('event_time')
      .execute();
    expect(states.map((s) => s.state)).toEqual(['START', 'RUNNING', 'COMPLETE', 'OTHER']);
    const jobRow = await database.db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
    expect(jobRow.latest_run_state).toBe('COMPLETE');
    expect(jobRow.last_success_at).toBe(t0 + 60_000);
    const dataset = await database.db
      .selectFrom('datasets')
      .selectAll()
      .where('name', '=', 'staging.orders')
      .executeTakeFirstOrThrow();
    expect(dataset.last_written_at).toBe(t0 + 60_000);
    expect(dataset.last_row_count).toBe(1200);
    expect(JSON.parse(dataset.pii_columns as string)).toEqual(['email']);
    const edges = await database.db.selectFrom('lineage_edges').selectAll().orderBy('direction').execute();
    expect(edges.map((e) => [e.direction, e.dataset_name, e.first_seen_at])).toEqual([
      ['input', 'public.orders', t0],
      ['output', 'staging.orders', t0],
    ]);
  });

  it('keeps the later of two terminal states and the error of a failed run', async () => {
    const runId = randomUUID();
    await writer.submit([runEnvelope(runId, 'FAIL', t0 + 10_000, { errorMessage: 'division by zero', stackTrace: 'Traceback…' })]);
    await writer.submit([runEnvelope(runId, 'START', t0)]);
    const run = await database.db.selectFrom('runs').selectAll().where('run_id', '=', runId).executeTakeFirstOrThrow();
    expect(run.state).toBe('FAIL');
    expect(run.error_message).toBe('division by zero');
    expect(run.stack_trace).toBe('Traceback…');
  });

  it('stores the same event delivered twice once, even within one batch', async () => {
    const envelope = runEnvelope(randomUUID(), 'START', t0);
    expect(await writer.submit([envelope, envelope])).toEqual(['stored', 'duplicate']);
    expect(await writer.submit([envelope])).toEqual(['duplicate']);
    const { count } = await database.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    expect(Number(count)).toBe(1);
    const states = await database.db.selectFrom('run_states').selectAll().execute();
    expect(states).toHaveLength(1);
  });

  it('groups concurrent submissions and refuses more than the queue holds', async () => {
    const small = new IngestWriter(database, { maxQueuedEnvelopes: 3 });
    const first = small.submit([runEnvelope(randomUUID(), 'START', t0), runEnvelope(randomUUID(), 'START', t0)]);
    const second = small.submit([runEnvelope(randomUUID(), 'START', t0), runEnvelope(randomUUID(), 'START', t0)]);
    await expect(second).rejects.toBeInstanceOf(IngestOverloadedError);
    expect(await first).toEqual(['stored', 'stored']);
    expect(small.depth).toBe(0);
  });

  it('prunes old history but keeps the current state of jobs and datasets', async () => {
    const day = 86_400_000;
    const oldRun = randomUUID();
    const newestRun = randomUUID();
    await writer.submit([runEnvelope(oldRun, 'COMPLETE', t0 - 100 * day)]);
    await writer.submit([runEnvelope(newestRun, 'COMPLETE', t0 - 95 * day)]);
    // Pretend both were received long ago.
    await database.db.updateTable('events').set({ received_at: t0 - 95 * day }).execute();

    const result = await pruneHistory(database.db, t0 - 90 * day);
    expect(result.events).toBe(2);
    expect(result.runs).toBe(1);
    const runs = await database.db.selectFrom('runs').select('run_id').execute();
    expect(runs.map((r) => r.run_id)).toEqual([newestRun]);
    const jobRow = await database.db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
    expect(jobRow.latest_run_id).toBe(newestRun);
    const datasets = await database.db.selectFrom('datasets').select('name').orderBy('name').execute();
    expect(datasets.map((d) => d.name)).toEqual(['public.orders', 'staging.orders']);
    const orphanStates = await database.db.selectFrom('run_states').select('run_id').where('run_id', '=', oldRun).execute();
    expect(orphanStates).toHaveLength(0);
  });

  it("keeps each check's latest result beside the history, whatever order results arrive in", async () => {
    const result = (passed: boolean, observedAt: number, column?: string) => ({
      ...runEnvelope(randomUUID(), 'COMPLETE', observedAt),
      runs: [],
      qualityChecks: [{ dataset: { namespace: 'snowflake://acme', name: 'staging.orders' }, check: 'not_null', column, passed, observedAt }],
    });
    await writer.submit([result(true, t0 + 2000, 'id'), result(false, t0 + 1000, 'id'), result(false, t0 + 500)]);
    await writer.submit([result(true, t0 + 500)]);
    const latest = await database.db.selectFrom('quality_latest').select(['column_key', 'passed', 'observed_at']).orderBy('column_key').execute();
    expect(latest.map((r) => ({ ...r, passed: Number(r.passed), observed_at: Number(r.observed_at) }))).toEqual([
      { column_key: '', passed: 1, observed_at: t0 + 500 },
      { column_key: 'id', passed: 1, observed_at: t0 + 2000 },
    ]);
    const history = await database.db.selectFrom('quality_checks').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(history.n)).toBe(4);
  });
});
