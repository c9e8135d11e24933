import { DocumentChecks, isJsonObject, JsonObject, pointer } from '../dbt/documentChecks';

/**
 * Rows per table from a dlt step info, summed over load packages. dlt has written them three ways:
 * - `table_metrics: [{table_name, items_count, load_id, ...}]` (normalize_info since dlt 0.5),
 * - `row_counts: [{load_id, table_name, count}]` (NormalizeInfo.asdict() before that),
 * - `row_counts: {table: count}` (`pipeline.last_trace.last_normalize_info.row_counts`, which users often
 *   add to a load_info before sending it).
 * `row_counts` wins when both are there.
 */
export function readDltRowCounts(info: JsonObject, path: string, checks: DocumentChecks): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (table: string | undefined, count: number | undefined): void => {
    if (table !== undefined && count !== undefined) counts.set(table, (counts.get(table) ?? 0) + count);
  };
  const rowCounts = info.row_counts;
  if (isJsonObject(rowCounts)) {
    for (const [table, count] of Object.entries(rowCounts)) {
      add(table, checks.number(count, pointer(path, 'row_counts', table), { integer: true, min: 0 }));
    }
    return counts;
  }
  if (Array.isArray(rowCounts)) {
    rowCounts.forEach((entry, index) => {
      const entryPath = pointer(path, 'row_counts', index);
      if (Array.isArray(entry)) {
        add(checks.string(entry[0], pointer(entryPath, 0), { nonEmpty: true }), checks.number(entry[1], pointer(entryPath, 1), { integer: true, min: 0 }));
        return;
      }
      const object = checks.object(entry, entryPath);
      if (!object) return;
      add(
        checks.string(object.table_name, pointer(entryPath, 'table_name'), { nonEmpty: true }),
        checks.number(object.count, pointer(entryPath, 'count'), { integer: true, min: 0 }),
      );
    });
    return counts;
  }
  if (rowCounts !== undefined && rowCounts !== null) {
    checks.add(pointer(path, 'row_counts'), 'must be an object {table: count} or a list of {table_name, count}');
    return counts;
  }
  (checks.array(info.table_metrics, pointer(path, 'table_metrics'), { optional: true, nullable: true }) ?? []).forEach((entry, index) => {
    const entryPath = pointer(path, 'table_metrics', index);
    const object = checks.object(entry, entryPath);
    if (!object) return;
    add(
      checks.string(object.table_name, pointer(entryPath, 'table_name'), { nonEmpty: true }),
      checks.number(object.items_count, pointer(entryPath, 'items_count'), { integer: true, min: 0 }),
    );
  });
  return counts;
}
