import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../../../tests/node/support/collectorProcess';
import { createTestDatabase, type TestDatabase } from '../../../tests/node/support/testDatabases';
import { runEnvelope, t0 } from './__fixtures__/runEnvelope';
import { IngestOverloadedError } from './ingestSink';
import { IngestWriterThread } from './ingestWriterThread';
import type { PaneDatabase } from './openDatabase';

// The thread runs compiled JavaScript; `npm test` builds it before the tests run.
const workerFile = path.join(repoRoot, 'build', 'src', 'collector', 'store', 'ingestWriterWorker.js');

describe('IngestWriterThread (SQLite writes on a worker thread)', () => {
  let testDatabase: TestDatabase;
  let database: PaneDatabase;
  let thread: IngestWriterThread | undefined;

  beforeEach(async () => {
    if (!fs.existsSync(workerFile)) throw new Error(`${workerFile} is missing: run \`npm run build:node\` first (npm test does)`);
    testDatabase = await createTestDatabase('sqlite');
    database = await testDatabase.open();
  });
  afterEach(async () => {
    await thread?.close();
    thread = undefined;
    await database.close();
    await testDatabase.dispose();
  });

  it('commits on its own connection before acknowledging, so the HTTP thread reads what was acknowledged', async () => {
    thread = await IngestWriterThread.start(testDatabase.location, { workerFile });
    const runId = randomUUID();
    const start = runEnvelope(runId, 'START', t0);
    expect(await thread.submit([start, runEnvelope(runId, 'COMPLETE', t0 + 60_000)])).toEqual(['stored', 'stored']);
    const run = await database.db.selectFrom('runs').select(['state', 'started_at', 'ended_at']).where('run_id', '=', runId).executeTakeFirstOrThrow();
    expect(run).toEqual({ state: 'COMPLETE', started_at: t0, ended_at: t0 + 60_000 });
    expect(await thread.submit([start])).toEqual(['duplicate']);
    expect(thread.depth).toBe(0);
  });

  it('refuses with IngestOverloadedError once its queue is full, and takes submissions again when it drains', async () => {
    thread = await IngestWriterThread.start(testDatabase.location, { workerFile, maxQueuedEnvelopes: 3 });
    const first = thread.submit([runEnvelope(randomUUID(), 'START', t0), runEnvelope(randomUUID(), 'START', t0)]);
    await expect(thread.submit([runEnvelope(randomUUID(), 'START', t0), runEnvelope(randomUUID(), 'START', t0)])).rejects.toBeInstanceOf(
      IngestOverloadedError,
    );
    expect(thread.depth).toBe(2);
    await first;
    expect(await thread.submit([runEnvelope(randomUUID(), 'START', t0)])).toEqual(['stored']);
  });

  it("rejects a submission the database refuses with the database's message, and commits its neighbours", async () => {
    thread = await IngestWriterThread.start(testDatabase.location, { workerFile });
    const broken = runEnvelope(randomUUID(), 'START', t0);
    (broken.runs[0] as { producer: unknown }).producer = null; // runs.producer is NOT NULL
    const good = runEnvelope(randomUUID(), 'START', t0);
    const [brokenOutcome, goodOutcome] = await Promise.allSettled([thread.submit([broken]), thread.submit([good])]);
    expect(brokenOutcome.status).toBe('rejected');
    expect(String((brokenOutcome as PromiseRejectedResult).reason.message)).toMatch(/NOT NULL constraint failed: runs\.producer/);
    expect(goodOutcome).toEqual({ status: 'fulfilled', value: ['stored'] });
    const stored = await database.db.selectFrom('events').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(1);
  });

  it('finishes what was submitted before closing', async () => {
    thread = await IngestWriterThread.start(testDatabase.location, { workerFile });
    const pending = thread.submit(Array.from({ length: 200 }, () => runEnvelope(randomUUID(), 'START', t0)));
    await thread.close();
    expect((await pending).every((outcome) => outcome === 'stored')).toBe(true);
    const stored = await database.db.selectFrom('runs').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(200);
    await expect(thread.submit([runEnvelope(randomUUID(), 'START', t0)])).rejects.toThrow(/closing/);
  });
});
