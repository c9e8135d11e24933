import type { Kysely } from 'kysely';
import type { PaneSchema } from '../store/schema';
import { numberOrNull } from './runDisplay';

export interface RunRowCounts {
  rowsIn: number | null;
  rowsOut: number | null;
}

const chunkSize = 500;

/**
 * Rows each run read and wrote: the sums of its input and output row counts in run_datasets
 * (null when no dataset reported a count). Looked up through the runs' keys, run_datasets' primary key.
 */
export async function rowCountsByRun(db: Kysely<PaneSchema>, runIds: readonly string[]): Promise<Map<string, RunRowCounts>> {
  const counts = new Map<string, RunRowCounts>();
  for (let i = 0; i < runIds.length; i += chunkSize) {
    const rows = await db
      .selectFrom('run_datasets')
      .select(['run_id', 'direction', (eb) => eb.fn.sum<number | string | null>('row_count').as('rows')])
      .where('run_key', 'in', db.selectFrom('runs').select('run_key').where('run_id', 'in', runIds.slice(i, i + chunkSize)))
      .groupBy(['run_id', 'direction'])
      .execute();
    for (const row of rows) {
      const entry = counts.get(row.run_id) ?? { rowsIn: null, rowsOut: null };
      if (row.direction === 'input') entry.rowsIn = numberOrNull(row.rows);
      else entry.rowsOut = numberOrNull(row.rows);
      counts.set(row.run_id, entry);
    }
  }
  return counts;
}
