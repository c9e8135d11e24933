import { type CreateTableBuilder, type Kysely, sql } from 'kysely';
import type { SqlDialectName } from '../dialect';

/** The first schema. Later migrations add files beside this one; applied ones are never edited. */
export function initialSchema(dialect: SqlDialectName) {
  const idColumnType = dialect === 'postgres' ? sql`bigserial` : sql`integer`;
  // On SQLite, tables keyed by a natural key keep their rows in that key's B-tree: one index less per insert.
  const keyedByPrimaryKey = <T extends CreateTableBuilder<any, any>>(builder: T): T =>
    (dialect === 'sqlite' ? builder.modifyEnd(sql`without rowid`) : builder) as T;
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('events')
        .addColumn('id', idColumnType, (c) => c.primaryKey())
        .addColumn('event_key', 'text', (c) => c.notNull().unique())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('event_type', 'text', (c) => c.notNull())
        .addColumn('event_time', 'bigint', (c) => c.notNull())
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .addColumn('run_id', 'text')
        .addColumn('job_namespace', 'text')
        .addColumn('job_name', 'text')
        .addColumn('payload', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('events_received_at').on('events').column('received_at').execute();

      await db.schema
        .createTable('namespaces')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
        .$call(keyedByPrimaryKey)
        .execute();

      await db.schema
        .createTable('jobs')
        .addColumn('namespace', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('type', 'text')
        .addColumn('description', 'text')
        .addColumn('orchestrator', 'text')
        .addColumn('owners', 'text')
        .addColumn('tags', 'text')
        .addColumn('facets', 'text')
        .addColumn('latest_run_id', 'text')
        .addColumn('latest_run_state', 'text')
        .addColumn('latest_run_time', 'bigint')
        .addColumn('last_success_at', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('jobs_pk', ['namespace', 'name'])
        .$call(keyedByPrimaryKey)
        .execute();

      await db.schema
        .createTable('datasets')
        .addColumn('namespace', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('schema_fields', 'text')
        .addColumn('owners', 'text')
        .addColumn('tags', 'text')
        .addColumn('pii_columns', 'text')
        .addColumn('facets', 'text')
        .addColumn('last_written_at', 'bigint')
        .addColumn('last_writer_run_id', 'text')
        .addColumn('last_row_count', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('datasets_pk', ['namespace', 'name'])
        .$call(keyedByPrimaryKey)
        .execute();

      await db.schema
        .createTable('runs')
        .addColumn('run_id', 'text', (c) => c.primaryKey())
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
        .$call(keyedByPrimaryKey)
        .execute();
      await db.schema
        .createIndex('runs_job_time')
        .on('runs')
        .columns(['job_namespace', 'job_name', 'first_event_time'])
        .execute();
      await db.schema.createIndex('runs_first_event_time').on('runs').column('first_event_time').execute();
      await db.schema.createIndex('runs_parent').on('runs').column('parent_run_id').execute();

      await db.schema
        .createTable('run_states')
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('event_time', 'bigint', (c) => c.notNull())
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('run_states_pk', ['run_id', 'event_time', 'state'])
        .$call(keyedByPrimaryKey)
        .execute();

      await db.schema
        .createTable('run_datasets')
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('direction', 'text', (c) => c.notNull())
        .addColumn('namespace', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('row_count', 'bigint')
        .addColumn('bytes', 'bigint')
        .addColumn('file_count', 'bigint')
        .addColumn('event_time', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('run_datasets_pk', ['run_id', 'direction', 'namespace', 'name'])
        .$call(keyedByPrimaryKey)
        .execute();
      await db.schema
        .createIndex('run_datasets_dataset')
        .on('run_datasets')
        .columns(['namespace', 'name', 'event_time'])
        .execute();

      await db.schema
        .createTable('lineage_edges')
        .addColumn('job_namespace', 'text', (c) => c.notNull())
        .addColumn('job_name', 'text', (c) => c.notNull())
        .addColumn('direction', 'text', (c) => c.notNull())
        .addColumn('dataset_namespace', 'text', (c) => c.notNull())
        .addColumn('dataset_name', 'text', (c) => c.notNull())
        .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
        .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('lineage_edges_pk', [
          'job_namespace',
          'job_name',
          'direction',
          'dataset_namespace',
          'dataset_name',
        ])
        .$call(keyedByPrimaryKey)
        .execute();
      await db.schema
        .createIndex('lineage_edges_dataset')
        .on('lineage_edges')
        .columns(['dataset_namespace', 'dataset_name', 'direction'])
        .execute();

      await db.schema
        .createTable('column_lineage')
        .addColumn('dataset_namespace', 'text', (c) => c.notNull())
        .addColumn('dataset_name', 'text', (c) => c.notNull())
        .addColumn('field', 'text', (c) => c.notNull())
        .addColumn('input_namespace', 'text', (c) => c.notNull())
        .addColumn('input_name', 'text', (c) => c.notNull())
        .addColumn('input_field', 'text', (c) => c.notNull())
        .addColumn('transformation', 'text')
        .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
        .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('column_lineage_pk', [
          'dataset_namespace',
          'dataset_name',
          'field',
          'input_namespace',
          'input_name',
          'input_field',
        ])
        .$call(keyedByPrimaryKey)
        .execute();

      await db.schema
        .createTable('quality_checks')
        .addColumn('id', idColumnType, (c) => c.primaryKey())
        .addColumn('dataset_namespace', 'text', (c) => c.notNull())
        .addColumn('dataset_name', 'text', (c) => c.notNull())
        .addColumn('run_id', 'text')
        .addColumn('check_name', 'text', (c) => c.notNull())
        .addColumn('column_name', 'text')
        .addColumn('passed', 'integer', (c) => c.notNull())
        .addColumn('severity', 'text')
        .addColumn('actual', 'text')
        .addColumn('expected', 'text')
        .addColumn('message', 'text')
        .addColumn('observed_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('quality_checks_dataset_time')
        .on('quality_checks')
        .columns(['dataset_namespace', 'dataset_name', 'observed_at'])
        .execute();
      await db.schema.createIndex('quality_checks_time').on('quality_checks').column('observed_at').execute();

      await db.schema
        .createTable('freshness_observations')
        .addColumn('id', idColumnType, (c) => c.primaryKey())
        .addColumn('dataset_namespace', 'text', (c) => c.notNull())
        .addColumn('dataset_name', 'text', (c) => c.notNull())
        .addColumn('observed_at', 'bigint', (c) => c.notNull())
        .addColumn('max_loaded_at', 'bigint')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('warn_after_seconds', 'bigint')
        .addColumn('error_after_seconds', 'bigint')
        .execute();
      await db.schema
        .createIndex('freshness_dataset_time')
        .on('freshness_observations')
        .columns(['dataset_namespace', 'dataset_name', 'observed_at'])
        .execute();
    },
  };
}
