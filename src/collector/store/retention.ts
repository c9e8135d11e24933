import type { Kysely } from 'kysely';
import type { PaneSchema } from './schema';

export interface RetentionResult {
  events: number;
  runs: number;
  qualityChecks: number;
  freshnessObservations: number;
}

/**
 * Deletes history older than `cutoff` (epoch ms). The current state is never lost: jobs,
 * datasets, namespaces and lineage are kept; each job keeps its latest run (and that run's
 * parent), each dataset keeps its latest check result per check and its latest freshness reading.
 */
export async function pruneHistory(db: Kysely<PaneSchema>, cutoff: number): Promise<RetentionResult> {
  return db.transaction().execute(async (trx) => {
    const events = await trx.deleteFrom('events').where('received_at', '<', cutoff).executeTakeFirst();

    const keptRunIds = trx
      .selectFrom('jobs')
      .select('latest_run_id as run_id')
      .where('latest_run_id', 'is not', null)
      .union(
        trx
          .selectFrom('runs as child')
          .innerJoin('jobs', 'jobs.latest_run_id', 'child.run_id')
          .select('child.parent_run_id as run_id')
          .where('child.parent_run_id', 'is not', null),
      );
    const runs = await trx
      .deleteFrom('runs')
      .where('last_event_time', '<', cutoff)
      .where('run_id', 'not in', keptRunIds as never)
      .executeTakeFirst();
    await trx
      .deleteFrom('run_states')
      .where('run_key', 'not in', trx.selectFrom('runs').select('run_key'))
      .execute();
    await trx
      .deleteFrom('run_datasets')
      .where('run_key', 'not in', trx.selectFrom('runs').select('run_key'))
      .execute();

    const latestChecks = trx
      .selectFrom('quality_checks')
      .select((eb) => eb.fn.max('id').as('id'))
      .groupBy(['dataset_namespace', 'dataset_name', 'check_name', 'column_name']);
    const qualityChecks = await trx
      .deleteFrom('quality_checks')
      .where('observed_at', '<', cutoff)
      .where('id', 'not in', latestChecks as never)
      .executeTakeFirst();

    const latestFreshness = trx
      .selectFrom('freshness_observations')
      .select((eb) => eb.fn.max('id').as('id'))
      .groupBy(['dataset_namespace', 'dataset_name']);
    const freshnessObservations = await trx
      .deleteFrom('freshness_observations')
      .where('observed_at', '<', cutoff)
      .where('id', 'not in', latestFreshness as never)
      .executeTakeFirst();

    return {
      events: Number(events.numDeletedRows),
      runs: Number(runs.numDeletedRows),
      qualityChecks: Number(qualityChecks.numDeletedRows),
      freshnessObservations: Number(freshnessObservations.numDeletedRows),
    };
  });
}
