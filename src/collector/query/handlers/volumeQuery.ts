import { type SqlBool, sql } from 'kysely';
import { datasetNodeId, jobNodeId } from '../../../contract/nodeIds';
import { volumeAnomalies, volumeHistoryRuns, type VolumeVerdict } from '../../sla/volumeAnomaly';
import { nodeKey } from '../../model/nodeKey';
import { recentRowCounts } from '../../sla/volumeHistory';
import { all, datasetFilterOf, equals, inTimeRange, matchesNode, runLookbackMs } from '../filters';
import { booleanField, numberField, stringField, tableFrame, timeField } from '../frameBuilders';
import type { QueryHandler } from '../queryContext';
import { limitOf, optionalBoolean, optionalString } from '../targetFields';

export const volumeLimits = { defaultLimit: 5000, maxLimit: 50_000 };

const volumeColumns = [
  'run_datasets.run_id as run_id',
  'run_datasets.namespace as namespace',
  'run_datasets.name as name',
  'run_datasets.row_count as row_count',
  'run_datasets.event_time as event_time',
  'runs.job_namespace as job_namespace',
  'runs.job_name as job_name',
  'runs.state as state',
] as const;

type Verdict = VolumeVerdict & { historyRuns: number };

/**
 * A run's verdict depends only on the runs before it, so it is remembered (per database) and
 * dashboards refreshing the same range do not fetch the same histories again. A run is
 * re-judged when its row count changes.
 */
const verdictCaches = new WeakMap<object, Map<string, { rows: number; verdict: Verdict }>>();
function verdictCacheOf(db: object): Map<string, { rows: number; verdict: Verdict }> {
  let cache = verdictCaches.get(db);
  if (!cache) verdictCaches.set(db, (cache = new Map()));
  if (cache.size > 200_000) cache.clear();
  return cache;
}

interface VolumeRow {
  run_id: string;
  namespace: string;
  name: string;
  row_count: number | string;
  event_time: number | string;
  job_namespace: string | null;
  job_name: string | null;
  state: string | null;
}

/**
 * Rows written per dataset per run in the range, newest first, each judged against that
 * dataset's own previous runs (up to 20 before it, whether inside the range or before it):
 * the history's median, a robust z-score and an anomaly flag (spike or drop; see
 * sla/volumeAnomaly.ts). Only outputs that reported a row count are listed.
 * Filters: namespace, dataset (name or node id), anomaliesOnly.
 */
export const volumeQuery: QueryHandler<'volume'> = async (target, context) => {
  const namespace = optionalString(target, 'namespace');
  const dataset = datasetFilterOf(optionalString(target, 'dataset'));
  const anomaliesOnly = optionalBoolean(target, 'anomaliesOnly') ?? false;
  const limit = limitOf(target, volumeLimits);
  // Anomalies are found among the newest runs; look at as many as allowed when only they are wanted.
  const fetchLimit = anomaliesOnly ? volumeLimits.maxLimit : limit;

  const fetched = (await (dataset !== undefined
    ? // one dataset: its own index (namespace, name, event_time)
      context.db
        .selectFrom('run_datasets')
        .leftJoin('runs', 'runs.run_key', 'run_datasets.run_key')
        .select(volumeColumns)
        .where(
          all([
            equals('run_datasets.direction', 'output'),
            sql<SqlBool>`run_datasets.row_count IS NOT NULL`,
            inTimeRange('run_datasets.event_time', context),
            namespace === undefined ? undefined : equals('run_datasets.namespace', namespace),
            matchesNode(dataset, 'run_datasets.namespace', 'run_datasets.name'),
          ]),
        )
    : // every dataset: the runs of the range by their start (indexed), then what each wrote
      context.db
        .selectFrom('runs')
        .innerJoin('run_datasets', 'run_datasets.run_key', 'runs.run_key')
        .select(volumeColumns)
        .where(
          all([
            sql<SqlBool>`runs.first_event_time >= ${context.from - runLookbackMs} AND runs.first_event_time <= ${context.to}`,
            equals('run_datasets.direction', 'output'),
            sql<SqlBool>`run_datasets.row_count IS NOT NULL`,
            inTimeRange('run_datasets.event_time', context),
            namespace === undefined ? undefined : equals('run_datasets.namespace', namespace),
          ]),
        )
  )
    .orderBy('run_datasets.event_time', 'desc')
    .orderBy('run_datasets.run_id', 'desc')
    .limit(fetchLimit + 1)
    .execute()) as VolumeRow[];
  const truncatedFetch = fetched.length > fetchLimit;
  const inRange = truncatedFetch ? fetched.slice(0, fetchLimit) : fetched;

  // Per dataset, its shown runs oldest first, and the history before the oldest of them.
  const byDataset = new Map<string, VolumeRow[]>();
  for (const row of inRange) {
    const key = nodeKey(row.namespace, row.name);
    let list = byDataset.get(key);
    if (!list) byDataset.set(key, (list = []));
    list.push(row);
  }
  const cache = verdictCacheOf(context.db);
  const verdicts = new Map<VolumeRow, Verdict>();
  const cacheKey = (row: VolumeRow) => `${row.namespace}\u0000${row.name}\u0000${row.run_id}`;
  const unjudged = [...byDataset.values()].filter((rows) =>
    rows.some((row) => {
      const cached = cache.get(cacheKey(row));
      if (cached && cached.rows === Number(row.row_count)) {
        verdicts.set(row, cached.verdict);
        return false;
      }
      return true;
    }),
  );
  const histories = await recentRowCounts(
    context.db,
    unjudged.map((rows) => ({ namespace: rows[0].namespace, name: rows[0].name, before: Number(rows[rows.length - 1].event_time) })),
    volumeHistoryRuns,
  );
  for (const rows of unjudged) {
    const history = (histories.get(nodeKey(rows[0].namespace, rows[0].name)) ?? []).slice().reverse();
    const chronological = rows.slice().reverse();
    const series = [...history.map((h) => h.rows), ...chronological.map((r) => Number(r.row_count))];
    const judged = volumeAnomalies(series, volumeHistoryRuns);
    chronological.forEach((row, i) => {
      const verdict = { ...judged[history.length + i], historyRuns: judged[history.length + i].historySize };
      verdicts.set(row, verdict);
      cache.set(cacheKey(row), { rows: Number(row.row_count), verdict });
    });
  }

  const candidates = anomaliesOnly ? inRange.filter((row) => verdicts.get(row)?.anomaly) : inRange;
  const truncated = candidates.length > limit || (!anomaliesOnly && truncatedFetch);
  const shown = candidates.slice(0, limit);
  const pick = <T>(f: (row: VolumeRow) => T): T[] => shown.map(f);
  const verdictOf = (row: VolumeRow) => verdicts.get(row) as Verdict;
  const round = (value: number | null, digits: number) => (value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits);

  return [
    tableFrame(
      [
        timeField('time', pick((r) => Number(r.event_time)), { displayName: 'Time' }),
        stringField('dataset_id', pick((r) => datasetNodeId(r.namespace, r.name)), { displayName: 'Dataset id' }),
        stringField('dataset', pick((r) => r.name), { displayName: 'Dataset' }),
        stringField('namespace', pick((r) => r.namespace), { displayName: 'Namespace' }),
        numberField('rows', pick((r) => Number(r.row_count)), { displayName: 'Rows', unit: 'short' }),
        numberField('baseline', pick((r) => round(verdictOf(r).baseline, 1)), { displayName: 'Baseline (median)', unit: 'short' }),
        numberField('z_score', pick((r) => round(verdictOf(r).zScore, 2)), { displayName: 'Robust z', decimals: 2 }),
        booleanField('anomaly', pick((r) => verdictOf(r).anomaly), {
          displayName: 'Anomaly',
          mappings: [{ type: 'value', options: { true: { color: 'red', index: 0, text: 'anomaly' }, false: { color: 'green', index: 1, text: 'normal' } } }],
          custom: { cellOptions: { type: 'color-text' } },
        }),
        stringField('anomaly_kind', pick((r) => verdictOf(r).kind ?? null), { displayName: 'Kind' }),
        numberField('history_runs', pick((r) => verdictOf(r).historyRuns), { displayName: 'History runs' }),
        stringField('run_id', pick((r) => r.run_id), { displayName: 'Run' }),
        stringField('job_id', pick((r) => (r.job_namespace !== null && r.job_name !== null ? jobNodeId(r.job_namespace, r.job_name) : null)), { displayName: 'Job id' }),
        stringField('job', pick((r) => r.job_name), { displayName: 'Job' }),
        stringField('state', pick((r) => r.state), { displayName: 'Run state' }),
      ],
      {
        name: 'volume',
        meta: {
          custom: { historyRuns: volumeHistoryRuns, anomalies: [...verdicts.values()].filter((v) => v.anomaly).length },
          ...(truncated
            ? { notices: [{ severity: 'warning' as const, text: `Showing the newest ${shown.length} runs; narrow the range or filters, or raise the limit (at most ${volumeLimits.maxLimit}).` }] }
            : {}),
        },
      },
    ),
  ];
};
