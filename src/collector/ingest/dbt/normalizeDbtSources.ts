import { DatasetKey, DatasetObservation, FreshnessObservation } from '../../model/observations';
import { DocumentChecks, isJsonObject, pointer } from './documentChecks';
import { DbtArtifact } from './dbtArtifacts';

/**
 * dbt source freshness (sources.json, schema v3) → one FreshnessObservation per source: when dbt looked
 * (snapshotted_at), when the data was last loaded (max_loaded_at), the verdict (pass, warn, error,
 * runtime error) and the thresholds (`criteria.warn_after` / `error_after`, `{count, period}`) in seconds.
 */

export const FRESHNESS_STATUSES = ['pass', 'warn', 'error', 'runtime error'] as const;
const PERIOD_SECONDS = { minute: 60, hour: 3600, day: 86400 } as const;
const PERIODS = Object.keys(PERIOD_SECONDS) as Array<keyof typeof PERIOD_SECONDS>;

export interface DbtSourceFreshnessResult {
  path: string;
  uniqueId: string;
  status: (typeof FRESHNESS_STATUSES)[number];
  maxLoadedAt?: number;
  snapshottedAt?: number;
  warnAfterSeconds?: number;
  errorAfterSeconds?: number;
  error?: string;
}

export interface DbtSourceFreshness {
  generatedAt?: number;
  invocationId?: string;
  dbtVersion?: string;
  results: DbtSourceFreshnessResult[];
}

/** Reads and checks a sources.json, naming the path of every wrong field. */
export function readDbtSourceFreshness(artifact: DbtArtifact, checks: DocumentChecks): DbtSourceFreshness {
  const { document, path } = artifact;
  const metadata = isJsonObject(document.metadata) ? document.metadata : {};
  const opt = { optional: true, nullable: true } as const;
  const generatedAt = checks.timestamp(metadata.generated_at, pointer(path, 'metadata', 'generated_at'), opt);
  const invocationId = checks.string(metadata.invocation_id, pointer(path, 'metadata', 'invocation_id'), opt);
  const dbtVersion = checks.string(metadata.dbt_version, pointer(path, 'metadata', 'dbt_version'), opt);
  const results: DbtSourceFreshnessResult[] = [];
  const list = checks.array(document.results, pointer(path, 'results')) ?? [];
  list.forEach((item, index) => {
    const itemPath = pointer(path, 'results', index);
    const result = checks.object(item, itemPath);
    if (!result) return;
    const uniqueId = checks.string(result.unique_id, pointer(itemPath, 'unique_id'), { nonEmpty: true });
    if (uniqueId !== undefined && !uniqueId.startsWith('source.')) {
      checks.add(pointer(itemPath, 'unique_id'), `must be a source's unique_id (source.<package>.<source>.<table>), got ${JSON.stringify(uniqueId)}`);
    }
    const status = checks.oneOf(result.status, pointer(itemPath, 'status'), FRESHNESS_STATUSES);
    // which fields must be there depends on the status: without a valid one, nothing more can be said
    if (status === undefined) return;
    if (status === 'runtime error') {
      const error = checks.string(result.error, pointer(itemPath, 'error'), opt);
      if (uniqueId?.startsWith('source.')) results.push({ path: itemPath, uniqueId, status, error: error || undefined });
      return;
    }
    const maxLoadedAt = checks.timestamp(result.max_loaded_at, pointer(itemPath, 'max_loaded_at'));
    const snapshottedAt = checks.timestamp(result.snapshotted_at, pointer(itemPath, 'snapshotted_at'));
    const criteria = checks.object(result.criteria, pointer(itemPath, 'criteria'), opt) ?? {};
    const warnAfterSeconds = thresholdSeconds(criteria.warn_after, pointer(itemPath, 'criteria', 'warn_after'), checks);
    const errorAfterSeconds = thresholdSeconds(criteria.error_after, pointer(itemPath, 'criteria', 'error_after'), checks);
    if (uniqueId?.startsWith('source.')) {
      results.push({ path: itemPath, uniqueId, status, maxLoadedAt, snapshottedAt, warnAfterSeconds, errorAfterSeconds });
    }
  });
  return { generatedAt, invocationId, dbtVersion, results };
}

/** `{count: 12, period: 'hour'}` → 43200; an unset threshold (null, or count/period null) → undefined. */
export function thresholdSeconds(value: unknown, path: string, checks: DocumentChecks): number | undefined {
  const time = checks.object(value, path, { optional: true, nullable: true });
  if (!time) return undefined;
  const count = checks.number(time.count, pointer(path, 'count'), { optional: true, nullable: true, integer: true, min: 0 });
  const period = checks.oneOf(time.period, pointer(path, 'period'), PERIODS, { optional: true, nullable: true });
  if (count === undefined || period === undefined) return undefined;
  return count * PERIOD_SECONDS[period];
}

/** The freshness observations and the source datasets they are about. */
export function dbtFreshnessObservations(
  freshness: DbtSourceFreshness,
  datasetOf: (uniqueId: string) => DatasetKey | undefined,
  fallbackTime: number,
): { freshness: FreshnessObservation[]; datasets: DatasetObservation[] } {
  const observations: FreshnessObservation[] = [];
  const datasets: DatasetObservation[] = [];
  for (const result of freshness.results) {
    const dataset = datasetOf(result.uniqueId);
    if (!dataset) continue;
    datasets.push({ ...dataset });
    observations.push({
      dataset,
      observedAt: result.snapshottedAt ?? freshness.generatedAt ?? fallbackTime,
      status: result.status,
      ...(result.maxLoadedAt !== undefined ? { maxLoadedAt: result.maxLoadedAt } : {}),
      ...(result.warnAfterSeconds !== undefined ? { warnAfterSeconds: result.warnAfterSeconds } : {}),
      ...(result.errorAfterSeconds !== undefined ? { errorAfterSeconds: result.errorAfterSeconds } : {}),
      ...(result.error ? { message: result.error } : {}),
    });
  }
  return { freshness: observations, datasets };
}
