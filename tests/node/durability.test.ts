import { afterEach, describe, expect, it } from 'vitest';
import { testTokens, writeAuth } from './support/collectorApp';
import { type CollectorProcess, startCollectorProcess } from './support/collectorProcess';
import { runEvent } from './support/openLineageEvents';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from './support/testDatabases';

/**
 * Acknowledged means committed: clients post events concurrently, the collector is killed
 * with SIGKILL mid-stream, and after a restart every acknowledged event is there.
 */
describe.each(testDatabaseKinds)('durability on %s', (kind) => {
  let testDatabase: TestDatabase | undefined;
  let collector: CollectorProcess | undefined;

  afterEach(async () => {
    await collector?.stop();
    await testDatabase?.dispose();
  });

  it('keeps every acknowledged event across kill -9', async () => {
    testDatabase = await createTestDatabase(kind);
    collector = await startCollectorProcess(testDatabase.location, { PANE_TOKENS: testTokens });
    const url = collector.url;
    const acknowledged: string[] = [];
    let stop = false;

    const singleClient = async () => {
      while (!stop) {
        const event = runEvent();
        try {
          const response = await fetch(`${url}/api/v1/lineage`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...writeAuth },
            body: JSON.stringify(event),
          });
          if (response.status === 201) acknowledged.push(event.run.runId);
        } catch {
          return; // the collector is gone
        }
      }
    };
    const batchClient = async () => {
      while (!stop) {
        const events = Array.from({ length: 50 }, () => runEvent());
        try {
          const response = await fetch(`${url}/api/v1/lineage/batch`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...writeAuth },
            body: JSON.stringify(events),
          });
          if (response.status === 200) acknowledged.push(...events.map((e) => e.run.runId));
        } catch {
          return;
        }
      }
    };
    const clients = [...Array.from({ length: 12 }, singleClient), ...Array.from({ length: 4 }, batchClient)];
    // Kill once a good number of events is acknowledged, while clients are still sending.
    while (acknowledged.length < 2_000) await new Promise((resolve) => setTimeout(resolve, 20));
    await collector.kill9();
    stop = true;
    await Promise.all(clients);
    expect(acknowledged.length).toBeGreaterThanOrEqual(2_000);

    collector = await startCollectorProcess(testDatabase.location, { PANE_TOKENS: testTokens });
    await collector.stop();
    const database = await testDatabase.open();
    try {
      const stored = new Set<string>();
      for (let i = 0; i < acknowledged.length; i += 500) {
        const rows = await database.db.selectFrom('runs').select('run_id').where('run_id', 'in', acknowledged.slice(i, i + 500)).execute();
        rows.forEach((row) => stored.add(row.run_id));
      }
      const lost = acknowledged.filter((runId) => !stored.has(runId));
      expect(lost).toEqual([]);
    } finally {
      await database.close();
    }
  });
});
