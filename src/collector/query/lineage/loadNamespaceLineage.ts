import type { Kysely } from 'kysely';
import type { PaneSchema } from '../../store/schema';
import { type LineageEdgeRow, LineageGraph, addEdgeRow, defaultMaxNodes } from './lineageGraph';

export interface NamespaceOptions {
  namespace: string;
  /** epoch ms: only edges first seen, and nodes created, at or before it */
  asOf?: number;
  maxNodes?: number;
}

/**
 * A whole namespace: every job and dataset in it (even those without edges) and every edge
 * touching it, with the nodes at the edges' other ends, which may live in other namespaces.
 * Two index searches (by job namespace, by dataset namespace) and two for the lone nodes.
 */
export async function loadNamespaceLineage(db: Kysely<PaneSchema>, options: NamespaceOptions): Promise<LineageGraph> {
  const { namespace, asOf } = options;
  const keys = ['job_namespace', 'job_name', 'direction', 'dataset_namespace', 'dataset_name'] as const;
  let byJob = db.selectFrom('lineage_edges').select(keys).where('job_namespace', '=', namespace);
  let byDataset = db.selectFrom('lineage_edges').select(keys).where('dataset_namespace', '=', namespace);
  let jobs = db.selectFrom('jobs').select(['namespace', 'name']).where('namespace', '=', namespace);
  let datasets = db.selectFrom('datasets').select(['namespace', 'name']).where('namespace', '=', namespace);
  if (asOf !== undefined) {
    byJob = byJob.where('first_seen_at', '<=', asOf);
    byDataset = byDataset.where('first_seen_at', '<=', asOf);
    jobs = jobs.where('created_at', '<=', asOf);
    datasets = datasets.where('created_at', '<=', asOf);
  }
  const [jobEdges, datasetEdges, jobRows, datasetRows] = await Promise.all([
    byJob.execute(),
    byDataset.execute(),
    jobs.execute(),
    datasets.execute(),
  ]);

  const graph = new LineageGraph();
  for (const row of jobRows) graph.reach('job', row.namespace, row.name, 0, 'namespace');
  for (const row of datasetRows) graph.reach('dataset', row.namespace, row.name, 0, 'namespace');
  for (const rows of [jobEdges, datasetEdges]) {
    // Nodes of this namespace are depth 0; their neighbours elsewhere are one hop out.
    for (const row of rows as LineageEdgeRow[]) {
      addEdgeRow(graph, row, row.job_namespace === namespace ? 0 : 1, row.dataset_namespace === namespace ? 0 : 1, 'namespace');
    }
  }
  return graph.limited(options.maxNodes ?? defaultMaxNodes);
}
