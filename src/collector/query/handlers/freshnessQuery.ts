import type { FrameFieldConfig } from '../../../contract/frames';
import { datasetNodeId, jobNodeId } from '../../../contract/nodeIds';
import type { FreshnessStatus } from '../../../contract/query';
import { type DatasetFreshness, type DatasetSelection, loadDatasetFreshness } from '../../sla/datasetFreshness';
import { freshnessStatusValue } from '../../sla/freshnessStatus';
import { globMatcher, isGlob } from '../../sla/globs';
import { datasetFilterOf } from '../filters';
import { field, tableFrame } from '../frameBuilders';
import type { QueryHandler } from '../queryContext';
import { limitOf, optionalChoiceList, optionalString } from '../targetFields';

export const freshnessLimits = { defaultLimit: 20_000, maxLimit: 100_000 };
export const freshnessStatuses: readonly FreshnessStatus[] = ['fresh', 'warning', 'stale', 'unknown'];

export const freshnessStatusColors: Record<FreshnessStatus, string> = {
  fresh: 'green',
  warning: 'orange',
  stale: 'red',
  unknown: 'text',
};

export const freshnessStatusFieldConfig: FrameFieldConfig = {
  displayName: 'Status',
  mappings: [
    {
      type: 'value',
      options: Object.fromEntries(
        Object.entries(freshnessStatusColors).map(([status, color], index) => [status, { color, index, text: status }]),
      ),
    },
  ],
  custom: { cellOptions: { type: 'color-text' } },
};

/**
 * Dataset freshness now: one row per dataset with its last successful update (the later of the
 * last complete run that wrote it and dbt's max_loaded_at), age, effective SLA thresholds,
 * status, owners, team, severity and the job that writes it. Stale first, then oldest first.
 * Filters: namespace, dataset (name, node id or glob like `analytics.*`), statuses, owner
 * (exact, case-insensitive, or a glob), team. The time range does not apply: freshness is "now".
 */
export const freshnessQuery: QueryHandler<'freshness'> = async (target, context) => {
  const namespace = optionalString(target, 'namespace');
  const datasetText = optionalString(target, 'dataset');
  const statuses = optionalChoiceList(target, 'statuses', freshnessStatuses);
  const owner = optionalString(target, 'owner');
  const team = optionalString(target, 'team');
  const limit = limitOf(target, freshnessLimits);

  const selection: DatasetSelection = { namespace };
  let nameMatches: ((name: string) => boolean) | undefined;
  if (datasetText !== undefined && isGlob(datasetText) && !datasetText.startsWith('dataset:')) {
    nameMatches = globMatcher(datasetText);
  } else {
    const dataset = datasetFilterOf(datasetText);
    if (dataset) {
      selection.name = dataset.name;
      if (dataset.namespace !== undefined) {
        if (namespace !== undefined && namespace !== dataset.namespace) return [emptyFrame()];
        selection.namespace = dataset.namespace;
      }
    }
  }
  const ownerMatches = owner === undefined ? undefined : ownerMatcher(owner);

  const all = await loadDatasetFreshness(context.db, context.slas, context.now, selection);
  const rows = all.filter(
    (row) =>
      (!nameMatches || nameMatches(row.name)) &&
      (!statuses || statuses.includes(row.verdict.status)) &&
      (!ownerMatches || row.sla.owners.some(ownerMatches)) &&
      (team === undefined || (row.sla.team ?? '').toLowerCase() === team.toLowerCase()),
  );
  // Stale first, then oldest first; keys computed once, not per comparison.
  const keyed = rows.map((row) => ({ row, rank: freshnessStatusValue(row.verdict.status), age: row.verdict.ageSeconds ?? -1 }));
  keyed.sort(
    (a, b) =>
      b.rank - a.rank ||
      b.age - a.age ||
      compareText(a.row.namespace, b.row.namespace) ||
      compareText(a.row.name, b.row.name),
  );
  rows.length = 0;
  for (const entry of keyed) rows.push(entry.row);
  const truncated = rows.length > limit;
  const shown = truncated ? rows.slice(0, limit) : rows;
  const notice = truncated
    ? { notices: [{ severity: 'warning' as const, text: `Showing ${limit} of ${rows.length} datasets (stale first); narrow the filters or raise the limit (at most ${freshnessLimits.maxLimit}).` }] }
    : undefined;
  return [freshnessFrame(shown, notice)];
};

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function ownerMatcher(owner: string): (candidate: string) => boolean {
  if (isGlob(owner)) {
    const matches = globMatcher(owner);
    return (candidate) => matches(candidate);
  }
  const wanted = owner.toLowerCase();
  return (candidate) => candidate.toLowerCase() === wanted;
}

const emptyFrame = () => freshnessFrame([]);

function freshnessFrame(rows: DatasetFreshness[], meta?: { notices: Array<{ severity: 'warning'; text: string }> }) {
  // One pass filling every column: 10,000 rows × 17 fields is most of this query's work.
  const n = rows.length;
  const columns = Array.from({ length: 17 }, () => new Array<unknown>(n));
  const [datasetId, dataset, namespace, status, lastUpdate, age, warnAfter, criticalAfter, schedule, owner, owners, team, severity, job, jobId, reason, source] = columns;
  const seconds = (value: number | null | undefined) => (value === null || value === undefined ? null : Math.round(value));
  const datasetIds = nodeIdFormatter(datasetNodeId);
  const jobIds = nodeIdFormatter(jobNodeId);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    const sla = r.sla;
    datasetId[i] = datasetIds(r.namespace, r.name);
    dataset[i] = r.name;
    namespace[i] = r.namespace;
    status[i] = r.verdict.status;
    lastUpdate[i] = r.lastUpdate;
    age[i] = seconds(r.verdict.ageSeconds);
    warnAfter[i] = seconds(r.verdict.warnAfterSeconds);
    criticalAfter[i] = seconds(r.verdict.criticalAfterSeconds);
    schedule[i] = sla.expectedSchedule ?? null;
    owner[i] = sla.owners[0] ?? null;
    owners[i] = sla.owners.length > 1 ? sla.owners.join(', ') : (sla.owners[0] ?? null);
    team[i] = sla.team ?? null;
    severity[i] = sla.severity;
    job[i] = r.producingJob?.name ?? null;
    jobId[i] = r.producingJob ? jobIds(r.producingJob.namespace, r.producingJob.name) : null;
    reason[i] = r.verdict.reason;
    source[i] = sla.origins?.freshness ?? null;
  }
  return tableFrame(
    [
      field('dataset_id', 'string', datasetId, { displayName: 'Dataset id' }),
      field('dataset', 'string', dataset, { displayName: 'Dataset' }),
      field('namespace', 'string', namespace, { displayName: 'Namespace' }),
      field('status', 'string', status, freshnessStatusFieldConfig),
      field('last_update', 'time', lastUpdate, { displayName: 'Last update' }),
      field('age', 'number', age, { displayName: 'Age', unit: 's' }),
      field('warn_after', 'number', warnAfter, { displayName: 'Warn after', unit: 's' }),
      field('critical_after', 'number', criticalAfter, { displayName: 'Critical after', unit: 's' }),
      field('expected_schedule', 'string', schedule, { displayName: 'Expected schedule' }),
      field('owner', 'string', owner, { displayName: 'Owner' }),
      field('owners', 'string', owners, { displayName: 'Owners' }),
      field('team', 'string', team, { displayName: 'Team' }),
      field('severity', 'string', severity, { displayName: 'Severity' }),
      field('producing_job', 'string', job, { displayName: 'Producing job' }),
      field('producing_job_id', 'string', jobId, { displayName: 'Producing job id' }),
      field('reason', 'string', reason, { displayName: 'Why' }),
      field('sla_source', 'string', source, { displayName: 'SLA from' }),
    ],
    { name: 'freshness', ...(meta ? { meta } : {}) },
  );
}

/** Node ids encode the namespace; there are few namespaces, so encode each once. */
function nodeIdFormatter(format: (namespace: string, name: string) => string): (namespace: string, name: string) => string {
  const prefixes = new Map<string, string>();
  return (namespace, name) => {
    let prefix = prefixes.get(namespace);
    if (prefix === undefined) {
      prefix = format(namespace, '');
      prefixes.set(namespace, prefix);
    }
    return prefix + name;
  };
}
