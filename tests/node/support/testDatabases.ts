import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { type OpenDatabaseOptions, type PaneDatabase, openDatabase } from '../../../src/collector/store/openDatabase';

/**
 * Where tests find PostgreSQL: `scripts/test.sh` starts a real server and exports this URL.
 * Under CI a missing server is an error, never a silent skip.
 */
export const postgresAdminUrl = process.env.PANE_TEST_POSTGRES_URL;
if (!postgresAdminUrl && process.env.CI) {
  throw new Error('PANE_TEST_POSTGRES_URL is not set: run the tests through `npm test`, which starts PostgreSQL');
}

export type TestDatabaseKind = 'sqlite' | 'postgres';
export const testDatabaseKinds: TestDatabaseKind[] = postgresAdminUrl ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestDatabase {
  /** what `pane serve --database` would take */
  location: string;
  open(options?: Pick<OpenDatabaseOptions, 'migrate'>): Promise<PaneDatabase>;
  dispose(): Promise<void>;
}

/** A new, empty database of the given kind: a temporary SQLite file or a fresh PostgreSQL database. */
export async function createTestDatabase(kind: TestDatabaseKind): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pane-test-'));
    const location = path.join(dir, 'pane.sqlite');
    return {
      location,
      open: (options) => openDatabase(location, options),
      dispose: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `pane_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(postgresAdminUrl as string);
  url.pathname = `/${name}`;
  const location = url.toString();
  return {
    location,
    open: (options) => openDatabase(location, { ...options, postgresPoolSize: 4 }),
    dispose: async () => {
      const cleanup = new pg.Client({ connectionString: postgresAdminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

/** A database of `kind` made afresh before each test of the calling suite and disposed of after it. */
export interface DatabasePerTest {
  readonly database: PaneDatabase;
  readonly location: string;
}

/** Registers the suite's beforeEach/afterEach for a fresh, migrated database per test. */
export function freshDatabasePerTest(kind: TestDatabaseKind): DatabasePerTest {
  let testDatabase: TestDatabase | undefined;
  let database: PaneDatabase | undefined;
  beforeEach(async () => {
    testDatabase = await createTestDatabase(kind);
    database = await testDatabase.open();
  });
  afterEach(async () => {
    await database?.close();
    await testDatabase?.dispose();
    database = undefined;
    testDatabase = undefined;
  });
  return {
    get database() {
      if (!database) throw new Error('the test database exists only inside a test');
      return database;
    },
    get location() {
      if (!testDatabase) throw new Error('the test database exists only inside a test');
      return testDatabase.location;
    },
  };
}

/**
 * Registers the suite's beforeAll/afterAll for one migrated database of `kind` that every test
 * of the suite reads, filled once by `fill` (a fixture history, say).
 */
export function sharedDatabaseForSuite(kind: TestDatabaseKind, fill: (database: PaneDatabase) => Promise<unknown> = async () => undefined): { readonly database: PaneDatabase } {
  let testDatabase: TestDatabase | undefined;
  let database: PaneDatabase | undefined;
  beforeAll(async () => {
    testDatabase = await createTestDatabase(kind);
    database = await testDatabase.open();
    await fill(database);
  });
  afterAll(async () => {
    await database?.close();
    await testDatabase?.dispose();
  });
  return {
    get database() {
      if (!database) throw new Error('the suite database exists only inside the suite');
      return database;
    },
  };
}
