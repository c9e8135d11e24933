import { type Kysely, sql } from 'kysely';
import type { PaneSchema } from '../store/schema';
import { nodeKey } from '../model/nodeKey';

export interface RowCountPoint {
  runId: string;
  rows: number;
  time: number;
}

const chunkSize = 100;

/**
 * The newest `count` row counts each dataset's runs wrote before `before` (exclusive; omit for
 * "up to now"), newest first. One statement per 100 datasets, each arm an index range scan on
 * run_datasets (namespace, name, event_time): never a scan of the whole history.
 */
export async function recentRowCounts(
  db: Kysely<PaneSchema>,
  datasets: ReadonlyArray<{ namespace: string; name: string; before?: number }>,
  count: number,
): Promise<Map<string, RowCountPoint[]>> {
  const byKey = new Map<string, RowCountPoint[]>();
  for (let start = 0; start < datasets.length; start += chunkSize) {
    const chunk = datasets.slice(start, start + chunkSize);
    const arms = chunk.map(
      (d, i) => sql`SELECT * FROM (
          SELECT namespace, name, run_id, row_count, event_time FROM run_datasets
          WHERE direction = 'output' AND namespace = ${d.namespace} AND name = ${d.name} AND row_count IS NOT NULL
          ${d.before === undefined ? sql`` : sql`AND event_time < ${d.before}`}
          ORDER BY event_time DESC, run_id DESC LIMIT ${sql.lit(Math.max(1, Math.floor(count)))}
        ) AS h${sql.raw(String(i))}`,
    );
    const result = await sql<{ namespace: string; name: string; run_id: string; row_count: number | string; event_time: number | string }>`${sql.join(arms, sql` UNION ALL `)}`.execute(db);
    for (const row of result.rows) {
      const key = nodeKey(row.namespace, row.name);
      let list = byKey.get(key);
      if (!list) byKey.set(key, (list = []));
      list.push({ runId: row.run_id, rows: Number(row.row_count), time: Number(row.event_time) });
    }
  }
  for (const list of byKey.values()) list.sort((a, b) => b.time - a.time || (a.runId < b.runId ? 1 : -1));
  return byKey;
}

