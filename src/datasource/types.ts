import type { DataSourceJsonData } from '@grafana/data';
import type { DataQuery } from '@grafana/schema';

import type { QueryKind } from '../contract/query';

// The kinds come from the query API's contract, shared with the collector and the CLI.
export { queryKinds as QUERY_KINDS } from '../contract/query';
export type { QueryKind };

export const QUERY_KIND_LABELS: Record<QueryKind, { label: string; description: string }> = {
  runs: { label: 'Runs', description: 'Run history: state, duration and errors of each job run' },
  runStats: { label: 'Run statistics', description: 'Run counts by state, durations and success rate over time' },
  freshness: { label: 'Freshness', description: 'Age of each dataset against its freshness SLA' },
  quality: { label: 'Data quality', description: 'Results of data quality checks per dataset' },
  qualityStats: { label: 'Quality statistics', description: 'Check results over time' },
  volume: { label: 'Volume', description: 'Data volume written per dataset over time' },
  lineage: { label: 'Lineage', description: 'Nodes and edges between jobs and datasets' },
  columnLineage: { label: 'Column lineage', description: 'Which columns feed a dataset column' },
  impact: { label: 'Impact', description: 'Everything downstream of a job or dataset' },
  events: { label: 'Events', description: 'Run and check messages as logs' },
  trace: { label: 'Run trace', description: 'One run and its child runs as a trace' },
  variables: { label: 'Variables', description: 'Namespaces, jobs, datasets, owners or orchestrators for dashboard variables' },
  annotations: { label: 'Annotations', description: 'Run failures, check failures and SLA breaches as annotations' },
};

export interface PaneQuery extends DataQuery {
  kind: QueryKind;
  /** Restricts the query to one namespace; empty means the data source's default namespace. */
  namespace?: string;
}

export const DEFAULT_QUERY: Partial<PaneQuery> = { kind: 'runs' };

export interface PaneOptions extends DataSourceJsonData {
  /** Where Grafana's data source proxy sends requests (the `collector` route in plugin.json). */
  collectorUrl?: string;
  defaultNamespace?: string;
}

export interface PaneSecureJsonData {
  apiToken?: string;
}
