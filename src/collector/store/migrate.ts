import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { SqlDialectName } from './dialect';
import { initialSchema } from './migrations/001_initial';
import { queryIndexes } from './migrations/002_query_indexes';
import { freshnessSummary } from './migrations/003_freshness_summary';
import { runKeys } from './migrations/004_run_keys';
import { datasetWriterJob } from './migrations/005_dataset_writer_job';
import { qualityLatest } from './migrations/006_quality_latest';
import { changeSequence } from './migrations/007_change_sequence';
import { datasetSourceFreshness } from './migrations/008_dataset_source_freshness';
import { partialIndexes } from './migrations/009_partial_indexes';

class StaticMigrationProvider implements MigrationProvider {
  constructor(private readonly migrations: Record<string, Migration>) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return this.migrations;
  }
}

/** Applies pending migrations; on PostgreSQL Kysely holds a lock so concurrent replicas migrate once. */
export async function migrateToLatest(db: Kysely<any>, dialect: SqlDialectName): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: new StaticMigrationProvider({
      '001_initial': initialSchema(dialect),
      '002_query_indexes': queryIndexes,
      '003_freshness_summary': freshnessSummary,
      '004_run_keys': runKeys(dialect),
      '005_dataset_writer_job': datasetWriterJob,
      '006_quality_latest': qualityLatest(dialect),
      '007_change_sequence': changeSequence,
      '008_dataset_source_freshness': datasetSourceFreshness,
      '009_partial_indexes': partialIndexes,
    }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${String((error as Error).message ?? error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
