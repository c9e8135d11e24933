import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../migrate';
import { initialSchema } from './001_initial';
import { queryIndexes } from './002_query_indexes';
import { freshnessSummary } from './003_freshness_summary';

describe('004_runs_by_rowid', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it('rebuilds a database made by earlier versions with runs as a rowid table, keeping every run and index', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pane-migration-'));
    dirs.push(dir);
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new SqliteDatabase(path.join(dir, 'pane.sqlite')) }) });
    try {
      // The schema as the previous release left it: migrations 001–003 only.
      const previous = new Migrator({
        db,
        provider: {
          getMigrations: async () => ({
            '001_initial': initialSchema('sqlite'),
            '002_query_indexes': queryIndexes,
            '003_freshness_summary': freshnessSummary,
          }),
        },
      });
      expect((await previous.migrateToLatest()).error).toBeUndefined();
      const run = (runId: string, time: number) => ({
        run_id: runId, job_namespace: 'airflow-prod', job_name: 'orders.load', state: 'COMPLETE', state_rank: 3,
        state_time: time, first_event_time: time, last_event_time: time, producer: 'p', orchestrator: 'airflow', updated_at: time,
      });
      await db.insertInto('runs').values([run('5f0c…a', 1000), run('0a1b…b', 2000)]).execute();
      const tableSql = async () =>
        (await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'runs'`.execute(db)).rows[0].sql;
      const indexNames = async () =>
        (await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'runs' ORDER BY name`.execute(db)).rows.map((r) => r.name);
      expect(await tableSql()).toMatch(/without rowid/i);
      const indexesBefore = (await indexNames()).filter((name) => !name.startsWith('sqlite_autoindex'));

      expect(await migrateToLatest(db, 'sqlite')).toContain('004_runs_by_rowid');

      expect(await tableSql()).not.toMatch(/without rowid/i);
      expect(await indexNames()).toEqual(expect.arrayContaining([...indexesBefore, 'sqlite_autoindex_runs_1']));
      const rows = await db.selectFrom('runs').select(['run_id', 'first_event_time']).orderBy('first_event_time').execute();
      expect(rows).toEqual([{ run_id: '5f0c…a', first_event_time: 1000 }, { run_id: '0a1b…b', first_event_time: 2000 }]);
      // run_id is still the key an upsert conflicts on.
      await expect(db.insertInto('runs').values(run('5f0c…a', 3000)).execute()).rejects.toThrow(/UNIQUE/);
    } finally {
      await db.destroy();
    }
  });
});
