import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestDatabase, createTestDatabase, testDatabaseKinds } from '../../../tests/node/support/testDatabases';
import type { IngestEnvelope } from '../model/observations';
import { currentDatasetRows, currentJobRows, currentQualityLatestRows } from './currentNodeRows';
import { IngestWriter } from './ingestWriter';
import type { PaneDatabase } from './openDatabase';
import { numberWriteTransaction } from './writeEnvelope';
import { t0, writesEnvelope } from './__fixtures__/runEnvelope';

describe.each(testDatabaseKinds)('the process copy of job and dataset rows on %s', (kind) => {
  let testDatabase: TestDatabase;
  // Written through one handle and read through another: another connection (SQLite's writer
  // thread) or another replica's pool (PostgreSQL).
  let writing: PaneDatabase;
  let reading: PaneDatabase;
  let writer: IngestWriter;

  beforeEach(async () => {
    testDatabase = await createTestDatabase(kind);
    writing = await testDatabase.open();
    reading = await testDatabase.open();
    writer = new IngestWriter(writing);
  });
  afterEach(async () => {
    await writer.close();
    await reading.close();
    await writing.close();
    await testDatabase.dispose();
  });

  const storedDatasets = async () =>
    (await reading.db.selectFrom('datasets').select(['name', 'last_written_at', 'last_row_count']).orderBy('name').execute()).map((r) => ({
      name: r.name,
      lastWrittenAt: r.last_written_at === null ? null : Number(r.last_written_at),
      lastRowCount: r.last_row_count === null ? null : Number(r.last_row_count),
    }));
  const copiedDatasets = async () =>
    [...(await currentDatasetRows(reading.db)).rows]
      .map((r) => ({ name: r.name, lastWrittenAt: r.lastWrittenAt, lastRowCount: r.lastRowCount }))
      .sort((a, b) => a.name.localeCompare(b.name));

  it('numbers each write transaction and stamps the rows it writes', async () => {
    await writer.submit([writesEnvelope('orders.load', 'orders', 'COMPLETE', t0)]);
    await writer.submit([writesEnvelope('refunds.load', 'refunds', 'COMPLETE', t0 + 1000)]);
    const seqs = await reading.db.selectFrom('datasets').select(['name', 'change_seq']).orderBy('name').execute();
    expect(seqs.map((r) => [r.name, Number(r.change_seq)])).toEqual([['orders', 1], ['refunds', 2]]);
    const jobs = await reading.db.selectFrom('jobs').select(['name', 'change_seq']).orderBy('name').execute();
    expect(jobs.map((r) => [r.name, Number(r.change_seq)])).toEqual([['orders.load', 1], ['refunds.load', 2]]);
  });

  it('matches the tables after every commit, re-reading only the rows that changed', async () => {
    await writer.submit([writesEnvelope('orders.load', 'orders', 'COMPLETE', t0, 10), writesEnvelope('refunds.load', 'refunds', 'COMPLETE', t0, 5)]);
    expect(await copiedDatasets()).toEqual(await storedDatasets());
    const before = await currentDatasetRows(reading.db);
    const refundsBefore = before.get('snowflake://acme', 'refunds');
    const ordersBefore = before.get('snowflake://acme', 'orders');

    // a later write of orders, a new dataset, and a run that only starts (no dataset change)
    await writer.submit([writesEnvelope('orders.load', 'orders', 'COMPLETE', t0 + 3_600_000, 12), writesEnvelope('customers.load', 'customers', 'COMPLETE', t0 + 60_000, 3)]);
    const after = await currentDatasetRows(reading.db);
    expect(await copiedDatasets()).toEqual(await storedDatasets());
    expect(after.get('snowflake://acme', 'orders')).toMatchObject({ lastWrittenAt: t0 + 3_600_000, lastRowCount: 12, lastWriterJobName: 'orders.load' });
    expect(after.get('snowflake://acme', 'orders')).not.toBe(ordersBefore);
    // untouched since the last refresh: the very same row object, not read again
    expect(after.get('snowflake://acme', 'refunds')).toBe(refundsBefore);
    expect(after.get('snowflake://acme', 'nowhere')).toBeUndefined();

    const jobs = await currentJobRows(reading.db);
    expect(jobs.get('airflow-prod', 'orders.load')).toMatchObject({ latestRunState: 'COMPLETE', latestRunTime: t0 + 3_600_000, lastSuccessAt: t0 + 3_600_000 });
    expect(jobs.rows.map((j) => j.name).sort()).toEqual(['customers.load', 'orders.load', 'refunds.load']);
  });

  it('sees every commit made before the refresh began, however many refreshes run at once', async () => {
    await currentDatasetRows(reading.db);
    const commits: Array<Promise<unknown>> = [];
    const refreshes: Array<Promise<unknown>> = [];
    for (let i = 0; i < 20; i++) {
      commits.push(writer.submit([writesEnvelope(`job_${i}`, `table_${i}`, 'COMPLETE', t0 + i * 1000, i)]));
      refreshes.push(currentDatasetRows(reading.db));
    }
    await Promise.all([...commits, ...refreshes]);
    expect(await copiedDatasets()).toEqual(await storedDatasets());
    expect((await currentDatasetRows(reading.db)).rows).toHaveLength(20);
  });

  it('reloads the whole table when rows disappear behind its back', async () => {
    await writer.submit([writesEnvelope('orders.load', 'orders', 'COMPLETE', t0), writesEnvelope('refunds.load', 'refunds', 'COMPLETE', t0)]);
    expect((await currentDatasetRows(reading.db)).rows).toHaveLength(2);
    // whatever deletes rows numbers its transaction, as ingest does
    await writing.db.transaction().execute(async (trx) => {
      await numberWriteTransaction(trx, writing);
      await trx.deleteFrom('datasets').where('name', '=', 'refunds').execute();
    });
    const after = await currentDatasetRows(reading.db);
    expect(after.rows.map((r) => r.name)).toEqual(['orders']);
    expect(after.get('snowflake://acme', 'refunds')).toBeUndefined();
  });

  it('keeps each check\'s latest result, an older one arriving late changing nothing', async () => {
    const checked = (check: string, column: string | undefined, passed: boolean, observedAt: number): IngestEnvelope => ({
      source: 'dbt',
      eventKey: `check:${check}:${observedAt}:${randomUUID()}`,
      eventType: 'dbt/test',
      eventTime: observedAt,
      payload: {},
      runs: [],
      datasets: [],
      jobs: [],
      qualityChecks: [{ dataset: { namespace: 'snowflake://acme', name: 'orders' }, check, column, passed, severity: 'error', observedAt }],
      freshness: [],
    });
    await writer.submit([checked('not_null', 'id', true, t0), checked('row_count', undefined, true, t0)]);
    const before = await currentQualityLatestRows(reading.db);
    const rowCountBefore = before.rows.find((r) => r.checkName === 'row_count');
    await writer.submit([checked('not_null', 'id', false, t0 + 60_000)]);
    await writer.submit([checked('not_null', 'id', true, t0 - 60_000)]);
    const after = await currentQualityLatestRows(reading.db);
    expect(after.rows.map((r) => [r.checkName, r.columnName, r.passed, r.observedAt]).sort()).toEqual([
      ['not_null', 'id', false, t0 + 60_000],
      ['row_count', null, true, t0],
    ]);
    expect(after.rows.find((r) => r.checkName === 'row_count')).toBe(rowCountBefore);
  });
});
