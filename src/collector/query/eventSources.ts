import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { EventLevel, RunState } from '../../contract/query';
import {
  type NodeFilter,
  all,
  containsText,
  datasetFilterOf,
  equals,
  inTimeRange,
  isOneOf,
  jobFilterOf,
  matchesNode,
  nodeAndNamespace,
  runLookbackMs,
} from './filters';
import { optionalString } from './targetFields';
import type { QueryContext } from './queryContext';
import { formatDuration, numberOrNull, runDurationMs } from './runDisplay';

/**
 * The things that "happen" to pipelines, read from the store for the events (logs) and
 * annotations kinds: run state changes, failed quality checks and freshness SLA breaches.
 * Each reader is one index-friendly query, newest first, bounded by `limit`.
 */
export interface EventFilter {
  namespace?: string;
  job?: NodeFilter;
  dataset?: NodeFilter;
  /** case-insensitive substring of the job, dataset, state, check, or message (a run's error only on its FAIL) */
  search?: string;
}

/** The event filter a target names: namespace, job and dataset (node ids, names or globs), and `search`. */
export function eventFilterOf(target: object): EventFilter {
  return {
    namespace: optionalString(target, 'namespace'),
    job: jobFilterOf(optionalString(target, 'job')),
    dataset: datasetFilterOf(optionalString(target, 'dataset')),
    search: optionalString(target, 'search'),
  };
}

export const runStateLevel = (state: string): EventLevel => (state === 'FAIL' ? 'error' : state === 'ABORT' ? 'warning' : 'info');
const statesOfLevel: Record<EventLevel, RunState[]> = {
  info: ['START', 'RUNNING', 'COMPLETE', 'OTHER'],
  warning: ['ABORT'],
  error: ['FAIL'],
};
export const runStatesAtLevels = (levels: readonly EventLevel[]): RunState[] => levels.flatMap((level) => statesOfLevel[level]);

export interface RunStateChange {
  run_id: string;
  state: string;
  time: number;
  job_namespace: string;
  job_name: string;
  parent_run_id: string | null;
  error_message: string | null;
  started_at: number | null;
  ended_at: number | null;
  first_event_time: number;
}

/**
 * Run state changes (run_states) in the range, joined to their runs. Runs are found through
 * their first event time, so a change is found when its run started at most runLookbackMs
 * before the range.
 */
export async function runStateChanges(
  context: QueryContext,
  filter: EventFilter,
  states: readonly RunState[] | undefined,
  limit: number,
): Promise<RunStateChange[]> {
  const rows = await context.db
    .selectFrom('runs')
    .innerJoin('run_states', 'run_states.run_key', 'runs.run_key')
    .select([
      'runs.run_id',
      'run_states.state',
      'run_states.event_time as time',
      'runs.job_namespace',
      'runs.job_name',
      'runs.parent_run_id',
      'runs.error_message',
      'runs.started_at',
      'runs.ended_at',
      'runs.first_event_time',
    ])
    .where(
      all([
        sql<SqlBool>`runs.first_event_time >= ${context.from - runLookbackMs} AND runs.first_event_time <= ${context.to}`,
        inTimeRange('run_states.event_time', context),
        states === undefined ? undefined : isOneOf('run_states.state', states),
        nodeAndNamespace(filter.job, filter.namespace, 'runs.job_namespace', 'runs.job_name'),
        filter.dataset === undefined
          ? undefined
          : sql<SqlBool>`EXISTS (SELECT 1 FROM run_datasets WHERE run_datasets.run_key = runs.run_key AND ${matchesNode(filter.dataset, 'run_datasets.namespace', 'run_datasets.name')})`,
        filter.search === undefined
          ? undefined
          : sql<SqlBool>`(${containsText(['runs.job_name', 'runs.job_namespace', 'run_states.state'], filter.search)}
              OR (run_states.state = 'FAIL' AND ${containsText(['runs.error_message'], filter.search)}))`,
      ]),
    )
    .orderBy('run_states.event_time', 'desc')
    .orderBy('runs.run_id')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    ...row,
    time: Number(row.time),
    started_at: numberOrNull(row.started_at),
    ended_at: numberOrNull(row.ended_at),
    first_event_time: Number(row.first_event_time),
  }));
}

export function runStateMessage(change: RunStateChange): string {
  switch (change.state) {
    case 'START':
      return `${change.job_name} started`;
    case 'RUNNING':
      return `${change.job_name} is running`;
    case 'COMPLETE': {
      const duration = runDurationMs(change);
      return `${change.job_name} completed${duration === null ? '' : ` in ${formatDuration(duration)}`}`;
    }
    case 'FAIL':
      return `${change.job_name} failed${change.error_message ? `: ${change.error_message}` : ''}`;
    case 'ABORT':
      return `${change.job_name} was aborted`;
    default:
      return `${change.job_name} reported ${change.state}`;
  }
}

const warningSeverities = ['warn', 'warning', 'low', 'info', 'minor'];

export interface QualityFailure {
  id: number;
  dataset_namespace: string;
  dataset_name: string;
  run_id: string | null;
  check_name: string;
  column_name: string | null;
  severity: string | null;
  actual: string | null;
  expected: string | null;
  message: string | null;
  time: number;
  job_namespace: string | null;
  job_name: string | null;
  level: EventLevel;
}

/** Failed quality checks in the range: error, unless the check's severity says warning. */
export async function qualityFailures(
  context: QueryContext,
  filter: EventFilter,
  levels: readonly EventLevel[] | undefined,
  limit: number,
): Promise<QualityFailure[]> {
  const wantWarning = levels === undefined || levels.includes('warning');
  const wantError = levels === undefined || levels.includes('error');
  if (!wantWarning && !wantError) return [];
  const isWarning = sql<SqlBool>`LOWER(COALESCE(quality_checks.severity, '')) IN (${sql.join(warningSeverities)})`;
  const rows = await context.db
    .selectFrom('quality_checks')
    .leftJoin('runs', 'runs.run_id', 'quality_checks.run_id')
    .select([
      'quality_checks.id',
      'quality_checks.dataset_namespace',
      'quality_checks.dataset_name',
      'quality_checks.run_id',
      'quality_checks.check_name',
      'quality_checks.column_name',
      'quality_checks.severity',
      'quality_checks.actual',
      'quality_checks.expected',
      'quality_checks.message',
      'quality_checks.observed_at as time',
      'runs.job_namespace',
      'runs.job_name',
    ])
    .where(
      all([
        equals('quality_checks.passed', 0),
        inTimeRange('quality_checks.observed_at', context),
        wantWarning && wantError ? undefined : wantWarning ? isWarning : sql<SqlBool>`NOT ${isWarning}`,
        filter.namespace === undefined
          ? undefined
          : sql<SqlBool>`(quality_checks.dataset_namespace = ${filter.namespace} OR runs.job_namespace = ${filter.namespace})`,
        filter.dataset === undefined ? undefined : matchesNode(filter.dataset, 'quality_checks.dataset_namespace', 'quality_checks.dataset_name'),
        filter.job === undefined ? undefined : matchesNode(filter.job, 'runs.job_namespace', 'runs.job_name'),
        filter.search === undefined
          ? undefined
          : containsText(
              ['quality_checks.dataset_name', 'quality_checks.check_name', 'quality_checks.column_name', 'quality_checks.message', 'runs.job_name'],
              filter.search,
            ),
      ]),
    )
    .orderBy('quality_checks.observed_at', 'desc')
    .orderBy('quality_checks.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    ...row,
    id: Number(row.id),
    time: Number(row.time),
    level: row.severity !== null && warningSeverities.includes(row.severity.toLowerCase()) ? 'warning' : 'error',
  }));
}

export function qualityFailureMessage(failure: QualityFailure): string {
  const on = failure.column_name ? `${failure.dataset_name}.${failure.column_name}` : failure.dataset_name;
  const values =
    failure.actual !== null || failure.expected !== null
      ? ` (actual ${failure.actual ?? '?'}, expected ${failure.expected ?? '?'})`
      : '';
  return `Quality check ${failure.check_name} failed on ${on}${failure.message ? `: ${failure.message}` : ''}${values}`;
}

const breachStatuses: Record<'warning' | 'error', string[]> = {
  warning: ['warn', 'warning'],
  error: ['error', 'runtime error', 'stale', 'critical'],
};

export interface FreshnessBreach {
  id: number;
  dataset_namespace: string;
  dataset_name: string;
  time: number;
  max_loaded_at: number | null;
  status: string;
  warn_after_seconds: number | null;
  error_after_seconds: number | null;
  level: 'warning' | 'error';
}

/**
 * Freshness SLA breaches: stored freshness observations whose status is a warning (warn) or an
 * error (error, stale, runtime error). With a job filter, breaches of the datasets that job writes.
 */
export async function freshnessBreaches(
  context: QueryContext,
  filter: EventFilter,
  levels: readonly EventLevel[] | undefined,
  limit: number,
): Promise<FreshnessBreach[]> {
  const statuses = (['warning', 'error'] as const).filter((level) => levels === undefined || levels.includes(level)).flatMap((level) => breachStatuses[level]);
  if (statuses.length === 0) return [];
  const producedBy = (job: NodeFilter): RawBuilder<SqlBool> =>
    sql<SqlBool>`EXISTS (SELECT 1 FROM lineage_edges WHERE lineage_edges.direction = 'output'
      AND lineage_edges.dataset_namespace = freshness_observations.dataset_namespace
      AND lineage_edges.dataset_name = freshness_observations.dataset_name
      AND ${matchesNode(job, 'lineage_edges.job_namespace', 'lineage_edges.job_name')})`;
  const rows = await context.db
    .selectFrom('freshness_observations')
    .select(['id', 'dataset_namespace', 'dataset_name', 'observed_at as time', 'max_loaded_at', 'status', 'warn_after_seconds', 'error_after_seconds'])
    .where(
      all([
        sql<SqlBool>`LOWER(freshness_observations.status) IN (${sql.join(statuses)})`,
        inTimeRange('freshness_observations.observed_at', context),
        filter.namespace === undefined ? undefined : equals('freshness_observations.dataset_namespace', filter.namespace),
        filter.dataset === undefined
          ? undefined
          : matchesNode(filter.dataset, 'freshness_observations.dataset_namespace', 'freshness_observations.dataset_name'),
        filter.job === undefined ? undefined : producedBy(filter.job),
        filter.search === undefined ? undefined : containsText(['freshness_observations.dataset_name', 'freshness_observations.status'], filter.search),
      ]),
    )
    .orderBy('observed_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    ...row,
    id: Number(row.id),
    time: Number(row.time),
    max_loaded_at: numberOrNull(row.max_loaded_at),
    warn_after_seconds: numberOrNull(row.warn_after_seconds),
    error_after_seconds: numberOrNull(row.error_after_seconds),
    level: breachStatuses.warning.includes(row.status.toLowerCase()) ? 'warning' : 'error',
  }));
}

export function freshnessBreachMessage(breach: FreshnessBreach): string {
  if (breach.status.toLowerCase() === 'runtime error') {
    return `Freshness of ${breach.dataset_name} could not be checked (runtime error)`;
  }
  const age = breach.max_loaded_at === null ? '' : `: last loaded ${formatDuration(Math.max(0, breach.time - breach.max_loaded_at))} before the check`;
  const thresholds = [
    breach.warn_after_seconds === null ? undefined : `warn after ${formatDuration(breach.warn_after_seconds * 1000)}`,
    breach.error_after_seconds === null ? undefined : `error after ${formatDuration(breach.error_after_seconds * 1000)}`,
  ].filter(Boolean);
  const word = breach.level === 'warning' ? 'is late' : 'is stale';
  return `${breach.dataset_name} ${word}${age}${thresholds.length > 0 ? ` (${thresholds.join(', ')})` : ''}`;
}
