import { type Kysely, sql } from 'kysely';
import type { PaneSchema } from './schema';

/**
 * The `writes` counter (migration 007): raised by every write transaction, in commit order.
 * A process's copy of a table that has seen counter value n, and finds it unchanged, knows that
 * nothing has been committed since, without reading the table.
 */
export const writesCounterValue = sql<unknown>`(SELECT value FROM change_counters WHERE name = 'writes')`;

/** The counter as a column answered it (PostgreSQL answers bigint as text), or undefined without one. */
export const writesCounterOf = (value: unknown): number | undefined => (value === null || value === undefined ? undefined : Number(value));

/** The counter now, or undefined in a database without it. */
export async function readWritesCounter(db: Kysely<PaneSchema>): Promise<number | undefined> {
  const { rows } = await sql<{ value: unknown }>`SELECT ${writesCounterValue} AS value`.execute(db);
  return writesCounterOf(rows[0]?.value);
}
