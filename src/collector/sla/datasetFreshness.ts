import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import { NestedMap } from '../model/nestedMap';
import { currentEdgeIndex, edgesFrom, type EdgeIndex } from '../query/lineage/edgeCache';
import { type DatasetRow, currentDatasetRows } from '../store/currentNodeRows';
import type { PaneSchema } from '../store/schema';
import type { TrackedRowsSnapshot } from '../store/trackedRows';
import { createScheduleMemo, evaluateFreshness, type FreshnessVerdict } from './freshnessStatus';
import { ResolvedSlaMemo } from './resolvedSlaMemo';
import type { DatasetSlaFacts, EffectiveSla, SlaResolver } from './slaResolver';

/**
 * Every dataset's freshness in a few bulk queries (never one per dataset): the datasets with
 * their facets and last writer (from the process's copy of the table, store/currentNodeRows.ts),
 * and the latest dbt source freshness observation per dataset.
 * The freshness query kind, /metrics and the SLA endpoint all read this.
 */
export interface DatasetFreshness {
  namespace: string;
  name: string;
  /** the last successful update: the later of the last complete run that wrote it and dbt's max_loaded_at */
  lastUpdate: number | null;
  lastWrittenAt: number | null;
  /** dbt source freshness: when the data was last loaded, per the latest observations */
  maxLoadedAt: number | null;
  lastRowCount: number | null;
  /** what the store knew that shaped the SLA: facet owners and tags, dbt criteria */
  facts: DatasetSlaFacts;
  sla: EffectiveSla;
  verdict: FreshnessVerdict;
  producingJob?: { namespace: string; name: string };
}

export interface DatasetSelection {
  namespace?: string;
  /** exact name */
  name?: string;
  /** only names starting with this (a glob's literal prefix, to narrow the scan) */
  namePrefix?: string;
}

const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

function where(selection: DatasetSelection, namespaceColumn: string, nameColumn: string): RawBuilder<SqlBool> {
  const parts: Array<RawBuilder<SqlBool>> = [];
  if (selection.namespace !== undefined) parts.push(sql<SqlBool>`${sql.ref(namespaceColumn)} = ${selection.namespace}`);
  if (selection.name !== undefined) parts.push(sql<SqlBool>`${sql.ref(nameColumn)} = ${selection.name}`);
  if (selection.namePrefix) {
    parts.push(sql<SqlBool>`substr(${sql.ref(nameColumn)}, 1, ${sql.lit(selection.namePrefix.length)}) = ${selection.namePrefix}`);
  }
  return parts.length === 0 ? sql<SqlBool>`1 = 1` : sql<SqlBool>`(${sql.join(parts, sql` AND `)})`;
}

/**
 * The datasets with freshness observations, each with its latest observation's criteria and
 * its largest max_loaded_at, found by index seeks rather than by grouping every observation:
 * a dataset has an observation per dbt run (≈120 each in the benchmark), and grouping 60,000 of
 * them cost ≈12 ms on SQLite and ≈21 ms on PostgreSQL (a hash aggregate) per query, against
 * ≈3.5 ms and ≈16 ms this way. The
 * recursive part walks the distinct (namespace, name) keys of `freshness_dataset_time` with one
 * seek each ("loose index scan"); each key then takes a seek for its latest observed_at (same
 * index) and for its largest max_loaded_at (`freshness_dataset_loaded`, migration 003).
 * Answers exactly what `GROUP BY dataset_namespace, dataset_name` joined back on the latest
 * observed_at did. `o` and `p` are the filters on aliases o and p.
 */
function latestObservations(o: RawBuilder<SqlBool>, p: RawBuilder<SqlBool>): RawBuilder<unknown> {
  const nextName = sql`(SELECT MIN(o.dataset_name) FROM freshness_observations o WHERE o.dataset_namespace = k.ns AND o.dataset_name > k.name AND ${o})`;
  const nextNamespace = sql`(SELECT MIN(p.dataset_namespace) FROM freshness_observations p WHERE p.dataset_namespace > k.ns AND ${p})`;
  return sql`WITH RECURSIVE k(ns, name) AS (
      SELECT m.ns, (SELECT MIN(o.dataset_name) FROM freshness_observations o WHERE o.dataset_namespace = m.ns AND ${o})
      FROM (SELECT MIN(p.dataset_namespace) AS ns FROM freshness_observations p WHERE ${p}) m
      UNION ALL
      SELECT
        CASE WHEN ${nextName} IS NOT NULL THEN k.ns ELSE ${nextNamespace} END,
        COALESCE(${nextName}, (SELECT MIN(o.dataset_name) FROM freshness_observations o WHERE o.dataset_namespace = ${nextNamespace} AND ${o}))
      FROM k
      WHERE k.ns IS NOT NULL
    )
    SELECT l.dataset_namespace, l.dataset_name, l.max_loaded_at, f.warn_after_seconds, f.error_after_seconds
    FROM (
      SELECT k.ns AS dataset_namespace, k.name AS dataset_name,
        (SELECT MAX(o.observed_at) FROM freshness_observations o WHERE o.dataset_namespace = k.ns AND o.dataset_name = k.name) AS latest,
        (SELECT MAX(o.max_loaded_at) FROM freshness_observations o WHERE o.dataset_namespace = k.ns AND o.dataset_name = k.name) AS max_loaded_at
      FROM k
      WHERE k.ns IS NOT NULL AND k.name IS NOT NULL
    ) l
    LEFT JOIN freshness_observations f
      ON f.dataset_namespace = l.dataset_namespace AND f.dataset_name = l.dataset_name AND f.observed_at = l.latest`;
}

export async function loadDatasetFreshness(
  db: Kysely<PaneSchema>,
  slas: SlaResolver,
  now: number,
  selection: DatasetSelection = {},
): Promise<DatasetFreshness[]> {
  const [snapshot, observations] = await Promise.all([
    currentDatasetRows(db),
    // The latest observation per dataset gives dbt's criteria; the largest max_loaded_at the data's age.
    sql<{
      dataset_namespace: string;
      dataset_name: string;
      max_loaded_at: number | string | null;
      warn_after_seconds: number | string | null;
      error_after_seconds: number | string | null;
    }>`${latestObservations(where(selection, 'o.dataset_namespace', 'o.dataset_name'), where(selection, 'p.dataset_namespace', 'p.dataset_name'))}`.execute(db),
  ]);
  // A dataset no complete run has written (or whose writer run retention removed) takes its
  // producing job from the lineage graph's in-memory copy instead.
  const datasets = selectedRows(snapshot, selection);
  const edges = datasets.some((d) => d.lastWriterJobName === null) ? await currentEdgeIndex(db, false) : undefined;

  // Keyed by namespace, then name: few namespaces, and no key string built per dataset.
  const freshnessByKey = new NestedMap<(typeof observations.rows)[number]>();
  for (const row of observations.rows) freshnessByKey.set(row.dataset_namespace, row.dataset_name, row);

  const memo = createScheduleMemo();
  const resolvedSlas = ResolvedSlaMemo.of(slas);
  const result = new Array<DatasetFreshness>(datasets.length);
  for (let i = 0; i < datasets.length; i++) {
    const dataset = datasets[i];
    const observed = freshnessByKey.get(dataset.namespace, dataset.name);
    const { facts, sla } = resolvedSlas.dataset(dataset.namespace, dataset.name, {
      owners: dataset.owners,
      tags: dataset.tags,
      warnAfterSeconds: num(observed?.warn_after_seconds),
      errorAfterSeconds: num(observed?.error_after_seconds),
    });
    const lastWrittenAt = dataset.lastWrittenAt;
    const maxLoadedAt = num(observed?.max_loaded_at);
    const lastUpdate = lastWrittenAt === null ? maxLoadedAt : maxLoadedAt === null ? lastWrittenAt : Math.max(lastWrittenAt, maxLoadedAt);
    const row: DatasetFreshness = {
      namespace: dataset.namespace,
      name: dataset.name,
      lastUpdate,
      lastWrittenAt,
      maxLoadedAt,
      lastRowCount: dataset.lastRowCount,
      facts,
      sla,
      verdict: evaluateFreshness(lastUpdate, sla, now, memo),
    };
    const producingJob =
      dataset.lastWriterJobNamespace !== null && dataset.lastWriterJobName !== null
        ? { namespace: dataset.lastWriterJobNamespace, name: dataset.lastWriterJobName }
        : edges && newestWriterOnGraph(edges, dataset.namespace, dataset.name);
    if (producingJob) row.producingJob = producingJob;
    result[i] = row;
  }
  return result;
}

/** The copy's rows the selection asks for: one look-up for one dataset, else a filter. */
function selectedRows(snapshot: TrackedRowsSnapshot<DatasetRow>, selection: DatasetSelection): readonly DatasetRow[] {
  const { namespace, name, namePrefix } = selection;
  if (namespace !== undefined && name !== undefined) {
    const row = snapshot.get(namespace, name);
    return row ? [row] : [];
  }
  if (namespace === undefined && name === undefined && !namePrefix) return snapshot.rows;
  return snapshot.rows.filter(
    (row) =>
      (namespace === undefined || row.namespace === namespace) &&
      (name === undefined || row.name === name) &&
      (!namePrefix || row.name.startsWith(namePrefix)),
  );
}

/** Of the jobs with an output edge to the dataset, the one whose edge appeared last. */
function newestWriterOnGraph(edges: EdgeIndex, namespace: string, name: string): { namespace: string; name: string } | undefined {
  let newest: { namespace: string; name: string; firstSeenAt: number } | undefined;
  for (const writer of edgesFrom(edges, 'dataset', 'upstream', namespace, name) ?? []) {
    if (!newest || writer.firstSeenAt > newest.firstSeenAt) newest = writer;
  }
  return newest && { namespace: newest.namespace, name: newest.name };
}
