import type { Kysely } from 'kysely';
import type { NodeRef } from '../../../contract/nodeIds';
import { type QualitySummary, summarizeLatestChecks } from '../../sla/qualitySummary';
import type { StoredSlaInputs } from '../../sla/resolvedSlaMemo';
import { stringListOf } from '../../store/jsonColumns';
import { currentDatasetRows, currentJobRows, currentQualityLatestRows } from '../../store/currentNodeRows';
import type { PaneSchema } from '../../store/schema';
import type { LineageDb } from './sqlLists';

/**
 * What a node's health and details are made of, from the process's copies of the jobs,
 * datasets and quality_latest tables (store/currentNodeRows.ts): no query per graph beyond
 * bringing the copies up to date.
 */
export interface JobFacts {
  /** what shapes the job's SLA, as stored: ownership facet owners and job-level tags */
  slaInputs: StoredSlaInputs;
  latestRunState: string | null;
  latestRunTime: number | null;
  lastSuccessAt: number | null;
}

export interface DatasetFacts {
  /** what shapes the dataset's SLA, as stored: ownership facet owners, dataset-level tags, dbt freshness criteria */
  slaInputs: StoredSlaInputs;
  piiColumns: string[];
  lastWrittenAt: number | null;
  /** rows the last complete write reported */
  lastRowCount: number | null;
  /** the newest `max_loaded_at` a freshness observation (e.g. dbt source freshness) reported */
  maxLoadedAt: number | null;
  quality: QualitySummary | null;
}

/** Facts by the very node objects they were asked for (identity keys: no id strings to hash). */
export interface NodeFacts<N extends NodeRef = NodeRef> {
  jobs: Map<N, JobFacts>;
  datasets: Map<N, DatasetFacts>;
}

export async function loadNodeFacts<N extends NodeRef>(ldb: LineageDb, nodes: Iterable<N>, now: number): Promise<NodeFacts<N>> {
  const jobNodes: N[] = [];
  const datasetNodes: N[] = [];
  for (const node of nodes) (node.kind === 'job' ? jobNodes : datasetNodes).push(node);

  const [jobRows, datasetRows, qualityRows] = await Promise.all([
    currentJobRows(ldb.db),
    currentDatasetRows(ldb.db),
    currentQualityLatestRows(ldb.db),
  ]);

  const jobs = new Map<N, JobFacts>();
  for (const node of jobNodes) {
    const row = jobRows.get(node.namespace, node.name);
    if (!row) continue;
    jobs.set(node, {
      slaInputs: { owners: row.owners, tags: row.tags },
      latestRunState: row.latestRunState,
      latestRunTime: row.latestRunTime,
      lastSuccessAt: row.lastSuccessAt,
    });
  }

  // Each check's latest result within the lookback, as /metrics counts the pass ratio.
  const quality = summarizeLatestChecks(qualityRows.rows, now);

  const datasets = new Map<N, DatasetFacts>();
  for (const node of datasetNodes) {
    const row = datasetRows.get(node.namespace, node.name);
    if (!row) continue;
    datasets.set(node, {
      slaInputs: {
        owners: row.owners,
        tags: row.tags,
        warnAfterSeconds: row.sourceWarnAfterSeconds,
        errorAfterSeconds: row.sourceErrorAfterSeconds,
      },
      piiColumns: stringListOf(row.piiColumns),
      lastWrittenAt: row.lastWrittenAt,
      lastRowCount: row.lastRowCount,
      maxLoadedAt: row.sourceMaxLoadedAt,
      quality: quality.get(node.namespace, node.name) ?? null,
    });
  }
  return { jobs, datasets };
}

/** When the collector first saw a job or dataset, or null when it never did. */
export async function nodeCreatedAt(db: Kysely<PaneSchema>, node: NodeRef): Promise<number | null> {
  const row =
    node.kind === 'job'
      ? await db.selectFrom('jobs').select('created_at').where('namespace', '=', node.namespace).where('name', '=', node.name).executeTakeFirst()
      : await db
          .selectFrom('datasets')
          .select('created_at')
          .where('namespace', '=', node.namespace)
          .where('name', '=', node.name)
          .executeTakeFirst();
  return row ? Number(row.created_at) : null;
}
