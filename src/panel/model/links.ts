import { dashboardUids } from '../../contract/dashboards';
import type { LineageNode } from './graphModel';

/**
 * Data links from a node to the app's dashboards: a dataset to its health dashboard, a job to
 * its run history (`var-job` is the job node id, as the dashboard's `jobs` variable holds). Values are URL-encoded; `timeRange` (e.g. `from=now-24h&to=now`) is kept so
 * the dashboard opens on the same range. Grafana's sub-path is added by the caller.
 */
export interface NodeLink {
  title: string;
  url: string;
}

export const DATASET_DASHBOARD = `/d/${dashboardUids.datasetHealth}`;
export const JOB_DASHBOARD = `/d/${dashboardUids.jobDetail}`;

export function nodeLinks(node: Pick<LineageNode, 'id' | 'kind' | 'namespace' | 'name' | 'placeholder'>, timeRange?: string): NodeLink[] {
  const range = timeRange ? `&${timeRange}` : '';
  if (node.kind === 'dataset') {
    return [{ title: 'Dataset health', url: `${DATASET_DASHBOARD}?var-dataset=${encodeURIComponent(node.id)}${range}` }];
  }
  if (node.kind === 'job') {
    return [
      {
        title: 'Job runs',
        url: `${JOB_DASHBOARD}?var-namespace=${encodeURIComponent(node.namespace)}&var-job=${encodeURIComponent(node.id)}${range}`,
      },
    ];
  }
  return [];
}
