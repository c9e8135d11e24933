import { NestedMap } from '../model/nestedMap';
import type { QualityLatestRow } from '../store/currentNodeRows';

/** Quality: the latest result of each check seen within this window counts. */
export const qualityLookbackMs = 7 * 24 * 3_600_000;

export interface QualitySummary {
  /** distinct checks (name and column), each counted by its latest result within the lookback */
  total: number;
  passed: number;
  /** names of the checks whose latest result failed, `check(column)` for a column's, sorted */
  failing: string[];
}

/**
 * Per dataset (namespace, then name), its checks' latest results within the lookback: what
 * /metrics exports as the pass ratio and lineage health judges against the SLA minimum.
 */
export function summarizeLatestChecks(rows: readonly QualityLatestRow[], now: number): NestedMap<QualitySummary> {
  const since = now - qualityLookbackMs;
  const summaries = new NestedMap<QualitySummary>();
  for (const row of rows) {
    if (row.observedAt < since) continue;
    let summary = summaries.get(row.datasetNamespace, row.datasetName);
    if (!summary) summaries.set(row.datasetNamespace, row.datasetName, (summary = { total: 0, passed: 0, failing: [] }));
    summary.total += 1;
    if (row.passed) summary.passed += 1;
    else summary.failing.push(row.columnName ? `${row.checkName}(${row.columnName})` : row.checkName);
  }
  summaries.forEach((summary) => {
    if (summary.failing.length > 1) summary.failing.sort();
  });
  return summaries;
}
