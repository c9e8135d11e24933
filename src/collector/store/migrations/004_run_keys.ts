import { type CreateTableBuilder, type Kysely, sql } from 'kysely';
import type { SqlDialectName } from '../dialect';

/**
 * Runs get a surrogate key, `run_key`, in the order they are first seen, and a run's state
 * changes and datasets are keyed by it instead of by its run id.
 *
 * Run ids are mostly random UUIDs. Keyed by them, every new run's row, its state row and its
 * dataset rows each landed on a random page of a large B-tree, and each such page was written
 * again at every commit: ≈4.6 pages of write-ahead log per event at 60k events. Keyed by
 * run_key they are appended, and only the run_id index (small entries) is written at random.
 * `run_id` stays in every table, so queries by run id and the HTTP API do not change.
 *
 * On SQLite `runs` becomes a rowid table with run_key as its rowid (it was WITHOUT ROWID on
 * run_id, so its whole ~400-byte row lived in the random B-tree); on PostgreSQL run_key is a
 * bigserial column with a unique index. Existing rows are copied in first-event order.
 */
export function runKeys(dialect: SqlDialectName) {
  const withoutRowid = <T extends CreateTableBuilder<any, any>>(builder: T): T =>
    (dialect === 'sqlite' ? builder.modifyEnd(sql`without rowid`) : builder) as T;
  return {
    async up(db: Kysely<any>): Promise<void> {
      if (dialect === 'sqlite') {
        await rebuildSqliteRunsWithRowidKey(db);
      } else {
        await sql`ALTER TABLE runs ADD COLUMN run_key bigserial`.execute(db);
        await db.schema.createIndex('runs_run_key').unique().on('runs').column('run_key').execute();
      }

      await db.schema
        .createTable('run_states_keyed')
        .addColumn('run_key', 'bigint', (c) => c.notNull())
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('event_time', 'bigint', (c) => c.notNull())
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('run_states_keyed_pk', ['run_key', 'event_time', 'state'])
        .$call(withoutRowid)
        .execute();
      await sql`INSERT INTO run_states_keyed (run_key, run_id, state, event_time, received_at)
        SELECT runs.run_key, s.run_id, s.state, s.event_time, s.received_at FROM run_states s JOIN runs ON runs.run_id = s.run_id`.execute(db);
      await db.schema.dropTable('run_states').execute();
      await db.schema.alterTable('run_states_keyed').renameTo('run_states').execute();
      await db.schema.createIndex('run_states_event_time').on('run_states').column('event_time').execute();

      await db.schema
        .createTable('run_datasets_keyed')
        .addColumn('run_key', 'bigint', (c) => c.notNull())
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('direction', 'text', (c) => c.notNull())
        .addColumn('namespace', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('row_count', 'bigint')
        .addColumn('bytes', 'bigint')
        .addColumn('file_count', 'bigint')
        .addColumn('event_time', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('run_datasets_keyed_pk', ['run_key', 'direction', 'namespace', 'name'])
        .$call(withoutRowid)
        .execute();
      await sql`INSERT INTO run_datasets_keyed (run_key, run_id, direction, namespace, name, row_count, bytes, file_count, event_time)
        SELECT runs.run_key, d.run_id, d.direction, d.namespace, d.name, d.row_count, d.bytes, d.file_count, d.event_time
        FROM run_datasets d JOIN runs ON runs.run_id = d.run_id`.execute(db);
      await db.schema.dropTable('run_datasets').execute();
      await db.schema.alterTable('run_datasets_keyed').renameTo('run_datasets').execute();
      await db.schema.createIndex('run_datasets_dataset').on('run_datasets').columns(['namespace', 'name', 'event_time']).execute();
    },
    async down(): Promise<void> {
      // Every query of the earlier schema still works on this one; there is nothing to undo.
    },
  };
}

const runColumns = [
  'run_id', 'job_namespace', 'job_name', 'parent_run_id', 'parent_job_namespace', 'parent_job_name', 'state', 'state_rank',
  'state_time', 'started_at', 'ended_at', 'first_event_time', 'last_event_time', 'nominal_start_time', 'nominal_end_time',
  'error_message', 'stack_trace', 'producer', 'orchestrator', 'facets', 'updated_at',
];

async function rebuildSqliteRunsWithRowidKey(db: Kysely<any>): Promise<void> {
  const indexes = await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'runs' AND sql IS NOT NULL`.execute(db);
  await db.schema
    .createTable('runs_keyed')
    .addColumn('run_key', 'integer', (c) => c.primaryKey())
    .addColumn('run_id', 'text', (c) => c.notNull().unique())
    .addColumn('job_namespace', 'text', (c) => c.notNull())
    .addColumn('job_name', 'text', (c) => c.notNull())
    .addColumn('parent_run_id', 'text')
    .addColumn('parent_job_namespace', 'text')
    .addColumn('parent_job_name', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('state_rank', 'integer', (c) => c.notNull())
    .addColumn('state_time', 'bigint', (c) => c.notNull())
    .addColumn('started_at', 'bigint')
    .addColumn('ended_at', 'bigint')
    .addColumn('first_event_time', 'bigint', (c) => c.notNull())
    .addColumn('last_event_time', 'bigint', (c) => c.notNull())
    .addColumn('nominal_start_time', 'bigint')
    .addColumn('nominal_end_time', 'bigint')
    .addColumn('error_message', 'text')
    .addColumn('stack_trace', 'text')
    .addColumn('producer', 'text', (c) => c.notNull())
    .addColumn('orchestrator', 'text', (c) => c.notNull())
    .addColumn('facets', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  const columns = sql.join(runColumns.map((column) => sql.ref(column)));
  await sql`INSERT INTO runs_keyed (${columns}) SELECT ${columns} FROM runs ORDER BY first_event_time`.execute(db);
  await db.schema.dropTable('runs').execute();
  await db.schema.alterTable('runs_keyed').renameTo('runs').execute();
  for (const index of indexes.rows) await sql.raw(index.sql).execute(db);
}
