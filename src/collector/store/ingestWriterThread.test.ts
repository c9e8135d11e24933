import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
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

describe('IngestWriterThread when its thread dies', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it('fails what it held, starts a new thread, and refuses at once, never hangs, when that cannot start', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pane-writer-crash-'));
    dirs.push(dir);
    const marker = path.join(dir, 'started-once');
    // A stand-in worker: ready the first time, dies on its first submission, and cannot start again.
    const workerFile = path.join(dir, 'dyingWorker.js');
    fs.writeFileSync(
      workerFile,
      `const fs = require('node:fs');
       const { parentPort } = require('node:worker_threads');
       if (fs.existsSync(${JSON.stringify(marker)})) throw new Error('database file is gone');
       fs.writeFileSync(${JSON.stringify(marker)}, '');
       parentPort.on('message', () => process.exit(3));
       parentPort.postMessage({ kind: 'ready' });`,
    );
    const thread = await IngestWriterThread.start(path.join(dir, 'pane.sqlite'), { workerFile });
    await expect(thread.submit([runEnvelope(randomUUID(), 'START', t0)])).rejects.toThrow(/stopped \(exit code 3\)/);
    expect(thread.depth).toBe(0);
    await expect.poll(() => thread.submit([runEnvelope(randomUUID(), 'START', t0)]).catch((error: Error) => error.message)).toMatch(
      /could not be restarted: database file is gone/,
    );
    await thread.close();
  });
});
