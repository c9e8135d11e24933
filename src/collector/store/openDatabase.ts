import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { dialectOf, type SqlDialectName } from './dialect';
import { migrateToLatest } from './migrate';
import type { PaneSchema } from './schema';

export interface PaneDatabase {
  db: Kysely<PaneSchema>;
  /** SQLite only: the connection under `db`, for statements compiled once (see PreparedQuery) */
  sqlite?: SqliteDatabase.Database;
  dialect: SqlDialectName;
  /** where it lives, with any password removed */
  location: string;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** apply pending migrations (default); off only for tests of the migrations themselves */
  migrate?: boolean;
  /** SQLite synchronous mode: NORMAL survives a killed process, FULL also survives power loss */
  sqliteSynchronous?: 'NORMAL' | 'FULL';
  /** SQLite: WAL pages after which a commit checkpoints (10,000 ≈ 40 MB unless another thread checkpoints) */
  sqliteAutocheckpointPages?: number;
  /** SQLite: the connection's page cache, in KiB (65,536 unless told) */
  sqliteCacheKiB?: number;
  postgresPoolSize?: number;
}

// bigint columns hold epoch milliseconds and counts, all well inside Number's exact range.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export async function openDatabase(location: string, options: OpenDatabaseOptions = {}): Promise<PaneDatabase> {
  const dialect = dialectOf(location);
  const database = dialect === 'postgres' ? openPostgres(location, options) : openSqliteDatabase(location, options);
  try {
    if (options.migrate !== false) await migrateToLatest(database.db, dialect);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

/** The SQLite file a location names (`sqlite:` prefixes allowed), or `:memory:`. */
export const sqliteFileOf = (location: string): string => location.replace(/^sqlite:(\/\/)?/, '');

/** Opens a SQLite database without migrating it: for a second connection to one already opened. */
export function openSqliteDatabase(location: string, options: OpenDatabaseOptions = {}): PaneDatabase {
  const file = sqliteFileOf(location);
  if (file !== ':memory:') {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  }
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${options.sqliteSynchronous ?? 'NORMAL'}`);
  sqlite.pragma('busy_timeout = 5000');
  // Ingest inserts into several indexes keyed by random UUIDs; a larger page cache keeps them in memory.
  sqlite.pragma(`cache_size = -${options.sqliteCacheKiB ?? 65_536}`);
  sqlite.pragma('temp_store = MEMORY');
  // Checkpoints are where NORMAL syncs to disk; checkpointing every ~40 MB of WAL instead of
  // every 4 MB cut ingest's commit cost by about 40% here, for a larger WAL file between them.
  sqlite.pragma(`wal_autocheckpoint = ${options.sqliteAutocheckpointPages ?? 10_000}`);
  const db = new Kysely<PaneSchema>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return {
    db,
    sqlite,
    dialect: 'sqlite',
    location: file,
    close: async () => {
      await db.destroy();
    },
  };
}

/**
 * Kysely prepares every statement anew; better-sqlite3's prepare costs more than running a small
 * insert, so ingest would spend most of its time there. Statements are cached by their SQL text,
 * which is safe because better-sqlite3 runs them synchronously, one at a time.
 */
function withStatementCache(sqlite: SqliteDatabase.Database): SqliteDatabase.Database {
  const cache = new Map<string, SqliteDatabase.Statement>();
  const maxCached = 500;
  return new Proxy(sqlite, {
    get(target, property, receiver) {
      if (property === 'prepare') {
        return (source: string) => {
          let statement = cache.get(source);
          if (!statement) {
            statement = target.prepare(source);
            if (cache.size >= maxCached) cache.delete(cache.keys().next().value as string);
            cache.set(source, statement);
          }
          return statement;
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function openPostgres(location: string, options: OpenDatabaseOptions): PaneDatabase {
  const pool = new pg.Pool({ connectionString: location, max: options.postgresPoolSize ?? 10 });
  // An idle connection closed by the server (restart, failover) must not crash the collector;
  // the pool replaces it on the next query.
  pool.on('error', (error) => {
    process.emitWarning(`PostgreSQL connection lost: ${error.message}`);
  });
  const db = new Kysely<PaneSchema>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    location: location.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@'),
    close: async () => {
      await db.destroy();
    },
  };
}
