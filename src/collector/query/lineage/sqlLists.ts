import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { SqlDialectName } from '../../store/dialect';
import type { PaneSchema } from '../../store/schema';

/** What the lineage loaders need: the database and which SQL it speaks. */
export interface LineageDb {
  db: Kysely<PaneSchema>;
  dialect: SqlDialectName;
}

/**
 * Key lists go to SQL as ONE parameter, so the statement text never changes with the list's
 * length: SQLite prepares it once (the collector caches prepared statements by their text) and
 * Kysely compiles a handful of nodes instead of one per key. `(a, b) IN (...)` over the list is
 * answered with an index search per key on both databases:
 * - SQLite: a JSON array of key tuples read with `json_each`;
 * - PostgreSQL: one text array per key column, zipped with `unnest`.
 * Lists are still cut into chunks so no single statement grows without bound.
 */
export const chunking = {
  /** keys per statement; tests lower it to walk the chunked paths */
  keysPerChunk: 5_000,
};

/** `(col1, col2, ...) IN (<the keys>)` for a non-empty list of key tuples (strings). */
export function keyListCondition(dialect: SqlDialectName, columns: readonly string[], keys: ReadonlyArray<readonly string[]>): RawBuilder<SqlBool> {
  if (keys.length === 0) throw new Error('keyListCondition needs at least one key');
  const left = sql.join(columns.map((c) => sql.ref(c)));
  if (dialect === 'postgres') {
    const arrays = columns.map((_, i) => sql`CAST(${keys.map((key) => key[i])} AS text[])`);
    return sql<SqlBool>`(${left}) IN (SELECT * FROM unnest(${sql.join(arrays)}))`;
  }
  const parts = columns.map((_, i) => sql`value ->> ${sql.lit(i)}`);
  return sql<SqlBool>`(${left}) IN (SELECT ${sql.join(parts)} FROM json_each(${JSON.stringify(keys)}))`;
}

/**
 * The keys as a table to join against, each row numbered by its place in the list, so that a
 * query can answer "which key" with one small integer instead of repeating the key's strings
 * (reading strings out of the database is most of a lineage query's cost).
 */
export interface KeyTable {
  /** the FROM item, aliased `alias` */
  from: RawBuilder<unknown>;
  /** the key's i-th part */
  part(i: number): RawBuilder<string>;
  /** the key's place in the list, from 0 */
  index: RawBuilder<number>;
}

export function keyTable(dialect: SqlDialectName, keys: ReadonlyArray<readonly string[]>, width: number, alias = 'k'): KeyTable {
  if (dialect === 'postgres') {
    const arrays = Array.from({ length: width }, (_, i) => sql`CAST(${keys.map((key) => key[i])} AS text[])`);
    const names = Array.from({ length: width }, (_, i) => sql.raw(`c${i}`));
    return {
      from: sql`unnest(${sql.join(arrays)}) WITH ORDINALITY AS ${sql.raw(alias)}(${sql.join(names)}, i)`,
      part: (i) => sql<string>`${sql.ref(`${alias}.c${i}`)}`,
      index: sql<number>`(${sql.ref(`${alias}.i`)} - 1)`,
    };
  }
  return {
    from: sql`json_each(${JSON.stringify(keys)}) AS ${sql.raw(alias)}`,
    part: (i) => sql<string>`${sql.ref(`${alias}.value`)} ->> ${sql.lit(i)}`,
    index: sql<number>`${sql.ref(`${alias}.key`)}`,
  };
}

/** Runs `query` once per chunk of keys (with the chunk's offset in the list) and concatenates the rows. */
export async function forChunks<K, Row>(
  keys: readonly K[],
  query: (chunk: K[], offset: number) => Promise<Row[]>,
  size = chunking.keysPerChunk,
): Promise<Row[]> {
  if (keys.length <= size) return keys.length === 0 ? [] : query(keys as K[], 0);
  const out: Row[] = [];
  for (let offset = 0; offset < keys.length; offset += size) {
    const rows = await query(keys.slice(offset, offset + size), offset);
    for (const row of rows) out.push(row);
  }
  return out;
}
