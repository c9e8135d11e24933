import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Kysely, Migrator, sql } from 'kysely';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../../../../tests/node/support/testDatabases';
import { migrateToLatest } from '../migrate';
import type { PaneDatabase } from '../openDatabase';
import { initialSchema } from './001_initial';
import { queryIndexes } from './002_query_indexes';
import { freshnessSummary } from './003_freshness_summary';

describe.each(testDatabaseKinds)('upgrading a database of the previous release (migrations 001–003) on %s', (kind) => {
  let testDatabase: TestDatabase;
  let database: PaneDatabase;

  beforeEach(async () => {
    testDatabase = await createTestDatabase(kind);
    // openDatabase would migrate to the latest schema; this test starts from the previous release's.
    database = await testDatabase.open({ migrate: false });
  });
  afterEach(async () => {
    await database.close();
    await testDatabase.dispose();
  });

  it('keys runs, their states and their datasets by run_key, keeping every row, in first-seen order', async () => {
    const db = database.db as unknown as Kysely<any>;
    const previous = new Migrator({
      db,
      provider: {
        getMigrations: async () => ({
          '001_initial': initialSchema(database.dialect),
          '002_query_indexes': queryIndexes,
          '003_freshness_summary': freshnessSummary,
        }),
      },
    });
    expect((await previous.migrateToLatest()).error).toBeUndefined();
    const run = (runId: string, time: number) => ({
      run_id: runId, job_namespace: 'airflow-prod', job_name: 'orders.load', state: 'COMPLETE', state_rank: 3,
      state_time: time, first_event_time: time, last_event_time: time, producer: 'p', orchestrator: 'airflow', updated_at: time,
    });
    // inserted newest first: keys must follow first_event_time on SQLite, where the table is rebuilt
    await db.insertInto('runs').values([run('f0000000-0000-4000-8000-000000000002', 2000), run('a0000000-0000-4000-8000-000000000001', 1000)]).execute();
    await db.insertInto('run_states').values([
      { run_id: 'a0000000-0000-4000-8000-000000000001', state: 'START', event_time: 900, received_at: 900 },
      { run_id: 'a0000000-0000-4000-8000-000000000001', state: 'COMPLETE', event_time: 1000, received_at: 1000 },
      { run_id: 'orphan', state: 'START', event_time: 5, received_at: 5 },
    ]).execute();
    await db.insertInto('run_datasets').values([
      { run_id: 'f0000000-0000-4000-8000-000000000002', direction: 'output', namespace: 'snowflake://acme', name: 'orders', row_count: 12, event_time: 2000 },
    ]).execute();

    await db.insertInto('datasets').values([
      { namespace: 'snowflake://acme', name: 'orders', last_writer_run_id: 'f0000000-0000-4000-8000-000000000002', created_at: 1, updated_at: 1 },
      { namespace: 'snowflake://acme', name: 'refunds', last_writer_run_id: 'pruned-run', created_at: 1, updated_at: 1 },
    ]).execute();

    const observation = (observed_at: number, max_loaded_at: number | null, warn: number) => ({
      dataset_namespace: 'snowflake://acme', dataset_name: 'refunds', observed_at, max_loaded_at, status: 'pass', warn_after_seconds: warn, error_after_seconds: warn * 2,
    });
    await db.insertInto('freshness_observations').values([
      observation(100, 90, 60),
      observation(300, null, 120), // the latest: its criteria count, though it reported no load time
      observation(200, 150, 90),
    ]).execute();

    const check = (name: string, column: string | null, passed: number, observed_at: number) => ({
      dataset_namespace: 'snowflake://acme', dataset_name: 'orders', check_name: name, column_name: column, passed, observed_at,
    });
    await db.insertInto('quality_checks').values([
      check('not_null', 'id', 0, 100),
      check('not_null', 'id', 1, 200),
      check('row_count', null, 1, 300),
      check('row_count', null, 0, 300), // same time, written later: the latest
    ]).execute();

    expect(await migrateToLatest(db, database.dialect)).toEqual(['004_run_keys', '005_dataset_writer_job', '006_quality_latest', '007_change_sequence', '008_dataset_source_freshness', '009_partial_indexes']);

    // 008: source freshness on the dataset row: the largest load time, the latest criteria
    const sources = await db
      .selectFrom('datasets')
      .select(['name', 'source_observed_at', 'source_max_loaded_at', 'source_warn_after_seconds', 'source_error_after_seconds'])
      .orderBy('name')
      .execute();
    expect(sources.map((r) => [r.name, ...[r.source_observed_at, r.source_max_loaded_at, r.source_warn_after_seconds, r.source_error_after_seconds].map((v) => (v === null ? null : Number(v)))])).toEqual([
      ['orders', null, null, null, null],
      ['refunds', 300, 150, 120, 240],
    ]);

    // 007: existing rows are numbered 0, and the writes counter starts there
    const stamped = await db.selectFrom('datasets').select(['name', 'change_seq']).orderBy('name').execute();
    expect(stamped.map((r) => [r.name, Number(r.change_seq)])).toEqual([['orders', 0], ['refunds', 0]]);
    const counters = await db.selectFrom('change_counters').selectAll().execute();
    expect(counters.map((c) => ({ ...c, value: Number(c.value) }))).toEqual([{ name: 'writes', value: 0 }]);

    // 006: each check's latest result
    const latest = await db.selectFrom('quality_latest').select(['check_name', 'column_key', 'column_name', 'passed', 'observed_at']).orderBy('check_name').execute();
    expect(latest.map((r) => ({ ...r, passed: Number(r.passed), observed_at: Number(r.observed_at) }))).toEqual([
      { check_name: 'not_null', column_key: 'id', column_name: 'id', passed: 1, observed_at: 200 },
      { check_name: 'row_count', column_key: '', column_name: null, passed: 0, observed_at: 300 },
    ]);

    // 005: each dataset's writer job, from its writer run where retention kept it
    const writers = await db.selectFrom('datasets').select(['name', 'last_writer_job_namespace', 'last_writer_job_name']).orderBy('name').execute();
    expect(writers).toEqual([
      { name: 'orders', last_writer_job_namespace: 'airflow-prod', last_writer_job_name: 'orders.load' },
      { name: 'refunds', last_writer_job_namespace: null, last_writer_job_name: null },
    ]);

    const runs = await db.selectFrom('runs').select(['run_key', 'run_id']).orderBy('run_key').execute();
    expect(runs.map((r) => r.run_id)).toEqual(
      kind === 'sqlite'
        ? ['a0000000-0000-4000-8000-000000000001', 'f0000000-0000-4000-8000-000000000002']
        : expect.arrayContaining(['a0000000-0000-4000-8000-000000000001', 'f0000000-0000-4000-8000-000000000002']),
    );
    const keyOf = new Map(runs.map((r) => [r.run_id, Number(r.run_key)]));
    const states = await db.selectFrom('run_states').select(['run_key', 'run_id', 'state']).orderBy('event_time').execute();
    expect(states.map((s) => ({ ...s, run_key: Number(s.run_key) }))).toEqual([
      { run_key: keyOf.get('a0000000-0000-4000-8000-000000000001'), run_id: 'a0000000-0000-4000-8000-000000000001', state: 'START' },
      { run_key: keyOf.get('a0000000-0000-4000-8000-000000000001'), run_id: 'a0000000-0000-4000-8000-000000000001', state: 'COMPLETE' },
    ]);
    const datasets = await db.selectFrom('run_datasets').select(['run_key', 'name', 'row_count']).execute();
    expect(datasets.map((d) => ({ ...d, run_key: Number(d.run_key), row_count: Number(d.row_count) }))).toEqual([
      { run_key: keyOf.get('f0000000-0000-4000-8000-000000000002'), name: 'orders', row_count: 12 },
    ]);
    // run_id is still unique, and a new run gets the next key.
    await expect(db.insertInto('runs').values(run('a0000000-0000-4000-8000-000000000001', 3000)).execute()).rejects.toThrow(/unique|duplicate/i);
    const added = await db.insertInto('runs').values(run('b0000000-0000-4000-8000-000000000003', 3000)).returning('run_key').executeTakeFirstOrThrow();
    expect(Number(added.run_key)).toBeGreaterThan(Math.max(...keyOf.values()));
    if (kind === 'sqlite') {
      const tableSql = (await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'runs'`.execute(db)).rows[0].sql;
      expect(tableSql).not.toMatch(/without rowid/i);
      const indexes = (await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('runs', 'run_states', 'run_datasets')`.execute(db)).rows.map((r) => r.name);
      expect(indexes).toEqual(expect.arrayContaining(['runs_job_time', 'runs_first_event_time', 'runs_parent', 'runs_state_time', 'run_states_event_time', 'run_datasets_output_rows']));
    }
  });
});
