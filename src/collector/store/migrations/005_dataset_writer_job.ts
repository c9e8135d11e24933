import { type Kysely, sql } from 'kysely';

/**
 * `datasets.last_writer_job_namespace` / `last_writer_job_name`: the job of the run that last
 * completed writing the dataset, kept beside `last_writer_run_id` by ingest.
 *
 * The freshness query kind shows each dataset's producing job. It found it by reading every
 * output edge of `lineage_edges` and keeping the one seen last: 27 ms of a 55 ms answer for
 * 10k datasets (50k edges) on SQLite. Kept on the dataset row it costs nothing to read, and it
 * names the job whose run actually made the data, not merely the one seen last.
 * Existing rows are filled from the writer runs that retention has not removed yet.
 */
export const datasetWriterJob = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('datasets').addColumn('last_writer_job_namespace', 'text').execute();
    await db.schema.alterTable('datasets').addColumn('last_writer_job_name', 'text').execute();
    await sql`UPDATE datasets SET
        last_writer_job_namespace = (SELECT runs.job_namespace FROM runs WHERE runs.run_id = datasets.last_writer_run_id),
        last_writer_job_name = (SELECT runs.job_name FROM runs WHERE runs.run_id = datasets.last_writer_run_id)
      WHERE last_writer_run_id IS NOT NULL`.execute(db);
  },
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('datasets').dropColumn('last_writer_job_name').execute();
    await db.schema.alterTable('datasets').dropColumn('last_writer_job_namespace').execute();
  },
};
