import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { freshDatabasePerTest, testDatabaseKinds } from '../../../tests/node/support/testDatabases';
import type { IngestEnvelope } from '../model/observations';
import { IngestWriter } from '../store/ingestWriter';
import type { PaneDatabase } from '../store/openDatabase';
import { loadDatasetFreshness } from './datasetFreshness';
import { noSlas } from './slaResolver';
import { t0, writesEnvelope } from '../store/__fixtures__/runEnvelope';

describe.each(testDatabaseKinds)('dataset freshness producing job on %s', (kind) => {
  const fresh = freshDatabasePerTest(kind);
  let database: PaneDatabase;
  let writer: IngestWriter;

  beforeEach(() => {
    database = fresh.database;
    writer = new IngestWriter(database);
  });

  const producingJobs = async () =>
    Object.fromEntries((await loadDatasetFreshness(database.db, noSlas, t0 + 10 * 3_600_000)).map((d) => [d.name, d.producingJob?.name ?? null]));

  it('is the job whose run last completed writing the dataset, whatever order the events came in', async () => {
    await writer.submit([writesEnvelope('load_orders', 'orders', 'COMPLETE', t0 + 2 * 3_600_000)]);
    await writer.submit([writesEnvelope('backfill_orders', 'orders', 'COMPLETE', t0 + 3 * 3_600_000)]);
    // an older completion arriving late does not take over
    await writer.submit([writesEnvelope('load_orders', 'orders', 'COMPLETE', t0 + 3_600_000)]);
    // a run that started writing but never completed does not either
    await writer.submit([writesEnvelope('repair_orders', 'orders', 'START', t0 + 4 * 3_600_000)]);
    expect((await producingJobs()).orders).toBe('backfill_orders');
  });

  it('falls back to the newest writer on the lineage graph when no run has completed writing it', async () => {
    await writer.submit([writesEnvelope('load_refunds', 'refunds', 'START', t0)]);
    await writer.submit([writesEnvelope('rebuild_refunds', 'refunds', 'FAIL', t0 + 3_600_000)]);
    expect((await producingJobs()).refunds).toBe('rebuild_refunds');
  });

  it('takes dbt source freshness from the largest load time and the latest observation, whatever order they came in', async () => {
    const observed = (observedAt: number, maxLoadedAt: number | undefined, warnAfterSeconds: number): IngestEnvelope => ({
      source: 'dbt',
      eventKey: `freshness:${observedAt}:${randomUUID()}`,
      eventType: 'dbt/sources',
      eventTime: observedAt,
      payload: {},
      runs: [],
      datasets: [{ namespace: 'postgres://raw', name: 'stripe.charges' }],
      jobs: [],
      qualityChecks: [],
      freshness: [
        { dataset: { namespace: 'postgres://raw', name: 'stripe.charges' }, observedAt, maxLoadedAt, status: 'pass', warnAfterSeconds, errorAfterSeconds: 2 * warnAfterSeconds },
      ],
    });
    await writer.submit([observed(t0 + 2 * 3_600_000, t0 + 3_600_000, 600)]);
    // older, arriving late: its load time is earlier and its criteria are not the latest
    await writer.submit([observed(t0 + 3_600_000, t0, 60)]);
    // the latest reading could not tell the load time
    await writer.submit([observed(t0 + 3 * 3_600_000, undefined, 1800)]);
    const [charges] = await loadDatasetFreshness(database.db, noSlas, t0 + 4 * 3_600_000);
    expect(charges).toMatchObject({ name: 'stripe.charges', maxLoadedAt: t0 + 3_600_000, lastUpdate: t0 + 3_600_000 });
    expect(charges.facts.freshnessCriteria).toEqual({ warnAfterSeconds: 1800, criticalAfterSeconds: 3600 });
    expect(charges.verdict).toMatchObject({ status: 'stale', ageSeconds: 3 * 3600, warnAfterSeconds: 1800, criticalAfterSeconds: 3600 });
  });
});
