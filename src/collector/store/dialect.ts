export type SqlDialectName = 'sqlite' | 'postgres';

/** `postgres://` and `postgresql://` URLs select PostgreSQL; anything else is a SQLite file path. */
export function dialectOf(databaseLocation: string): SqlDialectName {
  return /^postgres(ql)?:\/\//i.test(databaseLocation) ? 'postgres' : 'sqlite';
}
