import type { Kysely } from 'kysely';
import { currentEdgeIndex, edgesFrom, type EdgeIndex } from '../query/lineage/edgeCache';
import { type DatasetRow, currentDatasetRows } from '../store/currentNodeRows';
import type { PaneSchema } from '../store/schema';
import type { TrackedRowsSnapshot } from '../store/trackedRows';
import { createScheduleMemo, evaluateFreshness, type FreshnessVerdict } from './freshnessStatus';
import { ResolvedSlaMemo } from './resolvedSlaMemo';
import type { DatasetSlaFacts, EffectiveSla, SlaResolver } from './slaResolver';

/**
 * Every dataset's freshness, from the process's copy of the datasets table
 * (store/currentNodeRows.ts): facets, last complete write and its job, and what dbt source
 * freshness observations say (migration 008); never a query per dataset.
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
}

export async function loadDatasetFreshness(
  db: Kysely<PaneSchema>,
  slas: SlaResolver,
  now: number,
  selection: DatasetSelection = {},
): Promise<DatasetFreshness[]> {
  const snapshot = await currentDatasetRows(db);
  // A dataset no complete run has written (or whose writer run retention removed) takes its
  // producing job from the lineage graph's in-memory copy instead.
  const datasets = selectedRows(snapshot, selection);
  const edges = datasets.some((d) => d.lastWriterJobName === null) ? await currentEdgeIndex(db, false) : undefined;

  const memo = createScheduleMemo();
  const resolvedSlas = ResolvedSlaMemo.of(slas);
  const result = new Array<DatasetFreshness>(datasets.length);
  for (let i = 0; i < datasets.length; i++) {
    const dataset = datasets[i];
    const { facts, sla } = resolvedSlas.dataset(dataset.namespace, dataset.name, {
      owners: dataset.owners,
      tags: dataset.tags,
      warnAfterSeconds: dataset.sourceWarnAfterSeconds,
      errorAfterSeconds: dataset.sourceErrorAfterSeconds,
    });
    const lastWrittenAt = dataset.lastWrittenAt;
    const maxLoadedAt = dataset.sourceMaxLoadedAt;
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
  const { namespace, name } = selection;
  if (namespace !== undefined && name !== undefined) {
    const row = snapshot.get(namespace, name);
    return row ? [row] : [];
  }
  if (namespace === undefined && name === undefined) return snapshot.rows;
  return snapshot.rows.filter(
    (row) =>
      (namespace === undefined || row.namespace === namespace) &&
      (name === undefined || row.name === name),
  );
}

/** Of the jobs with an output edge to the dataset, the one whose edge appeared last. */
function newestWriterOnGraph(edges: EdgeIndex, namespace: string, name: string): { namespace: string; name: string } | undefined {
  let newest: { namespace: string; name: string; firstSeenAt: number } | undefined;
  for (const writer of edgesFrom(edges, 'dataset', 'upstream', namespace, name)) {
    if (!newest || writer.firstSeenAt > newest.firstSeenAt) newest = writer;
  }
  return newest && { namespace: newest.namespace, name: newest.name };
}
