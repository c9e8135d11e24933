import type { Kysely } from 'kysely';

/**
 * Indexes the query benchmark (`npm run bench:query`, 1M runs, 50k lineage edges) showed a need for.
 *
 * - `runs_state_time` (state, first_event_time): "what failed in the last 24 h" — runs filtered
 *   by state over a range, and the failure annotations. With only `runs_first_event_time`, both
 *   databases read every run of the range (≈66k with the 24 h lookback) to keep the few failed
 *   ones: SQLite took 137 ms for `runs` with `states: [FAIL]` and a namespace, 25 ms with it.
 *   Runs change state a few times in their life, so it costs a few index writes per run.
 *
 * - `lineage_edges_dataset_job` (dataset_namespace, dataset_name, direction, job_namespace,
 *   job_name) replaces `lineage_edges_dataset` (its first three columns): a lineage walk from a
 *   dataset reads the jobs on its edges from the index alone, as a walk from a job already does
 *   from the primary key. PostgreSQL: 1,500 datasets' readers went from 11,042 to 4,590 buffer
 *   reads (index-only scan); SQLite: about 6% less CPU. Neither `first_seen_at` nor
 *   `last_seen_at` is in it, so the upsert that bumps them on every run event does not touch it.
 *
 * - `run_states_event_time` (event_time): the events (logs) and annotations kinds read state
 *   changes by time; without it they scanned the 24 h lookback of runs (60–300 ms at 1M runs),
 *   with it about 2 ms. Event times mostly arrive in order, so the index grows at its end.
 */
export const queryIndexes = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema.createIndex('runs_state_time').ifNotExists().on('runs').columns(['state', 'first_event_time']).execute();
    await db.schema
      .createIndex('lineage_edges_dataset_job')
      .ifNotExists()
      .on('lineage_edges')
      .columns(['dataset_namespace', 'dataset_name', 'direction', 'job_namespace', 'job_name'])
      .execute();
    await db.schema.dropIndex('lineage_edges_dataset').ifExists().execute();
    await db.schema.createIndex('run_states_event_time').ifNotExists().on('run_states').column('event_time').execute();
  },
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropIndex('run_states_event_time').ifExists().execute();
    await db.schema.createIndex('lineage_edges_dataset').ifNotExists().on('lineage_edges').columns(['dataset_namespace', 'dataset_name', 'direction']).execute();
    await db.schema.dropIndex('lineage_edges_dataset_job').ifExists().execute();
    await db.schema.dropIndex('runs_state_time').ifExists().execute();
  },
};
