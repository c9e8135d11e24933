import { type Kysely, sql } from 'kysely';
import type { NodeRef } from '../../../contract/nodeIds';
import { qualityLookbackMs } from '../../metrics/pipelineSnapshot';
import type { StoredSlaInputs } from '../../sla/resolvedSlaMemo';
import { stringListOf } from '../../store/jsonColumns';
import { currentDatasetRows, currentJobRows } from '../../store/currentNodeRows';
import type { PaneSchema } from '../../store/schema';
import { type LineageDb, forChunks, keyTable } from './sqlLists';

/**
 * What a node's health and details are made of: the job and dataset rows from the process's
 * copies of those tables (store/currentNodeRows.ts), then one query per graph for check
 * results (chunked for very large graphs). Each query joins the node
 * keys as a numbered list and answers the key's number instead of its strings (see sqlLists.ts).
 */
export interface JobFacts {
  /** what shapes the job's SLA, as stored: ownership facet owners and job-level tags */
  slaInputs: StoredSlaInputs;
  latestRunState: string | null;
  latestRunTime: number | null;
  lastSuccessAt: number | null;
}

export interface QualitySummary {
  /** distinct checks (name and column), each counted by its latest result within 7 days */
  total: number;
  passed: number;
  /** names of the checks whose latest result failed */
  failing: string[];
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



interface Keyed {
  /** the node's number in the key list */
  i: number | string;
}

/** Runs a query over numbered node keys, chunk by chunk, answering rows with the key's number. */
function byKeys<Row extends Keyed>(
  { dialect, db }: LineageDb,
  keys: Array<[string, string]>,
  query: (keys: ReturnType<typeof keyTable>) => ReturnType<typeof sql<Row>>,
): Promise<Row[]> {
  return forChunks(keys, async (chunk, offset) => {
    const rows = (await query(keyTable(dialect, chunk, 2)).execute(db)).rows;
    if (offset !== 0) for (const row of rows) row.i = Number(row.i) + offset;
    return rows;
  });
}

export async function loadNodeFacts<N extends NodeRef>(ldb: LineageDb, nodes: Iterable<N>, now: number): Promise<NodeFacts<N>> {
  const jobNodes: N[] = [];
  const datasetNodes: N[] = [];
  for (const node of nodes) (node.kind === 'job' ? jobNodes : datasetNodes).push(node);
  const datasetKeys = datasetNodes.map((n): [string, string] => [n.namespace, n.name]);

  const [jobRows, datasetRows, qualityRows] = await Promise.all([
    currentJobRows(ldb.db),
    currentDatasetRows(ldb.db),
    // The latest result of each check (name, column), when it is within 7 days, as /metrics
    // counts the pass ratio (metrics/pipelineSnapshot.ts); quality_latest holds one row per check.
    byKeys<Keyed & { check_name: string; column_name: string | null; passed: unknown }>(
      ldb,
      datasetKeys,
      (k) => sql`
        SELECT ${k.index} AS i, q.check_name, q.column_name, q.passed
        FROM ${k.from} JOIN quality_latest q ON q.dataset_namespace = ${k.part(0)} AND q.dataset_name = ${k.part(1)}
          AND q.observed_at >= ${now - qualityLookbackMs}`,
    ),
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

  const quality = new Map<number, QualitySummary>();
  for (const row of qualityRows) {
    const i = Number(row.i);
    let summary = quality.get(i);
    if (!summary) quality.set(i, (summary = { total: 0, passed: 0, failing: [] }));
    summary.total += 1;
    if (Number(row.passed) === 1) summary.passed += 1;
    else summary.failing.push(row.column_name ? `${row.check_name}(${row.column_name})` : row.check_name);
  }

  const datasets = new Map<N, DatasetFacts>();
  for (let i = 0; i < datasetNodes.length; i++) {
    const row = datasetRows.get(datasetNodes[i].namespace, datasetNodes[i].name);
    if (!row) continue;
    datasets.set(datasetNodes[i], {
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
      quality: quality.get(i) ?? null,
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
