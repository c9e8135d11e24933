import type { DataSourceJsonData } from '@grafana/data';
import type { DataQuery } from '@grafana/schema';

import type { EventLevel, FreshnessStatus, LineageDirection, QueryKind, RunState, VariableSubject } from '../contract/query';

// The kinds come from the query API's contract, shared with the collector and the CLI.
export { queryKinds as QUERY_KINDS } from '../contract/query';
export type { EventLevel, FreshnessStatus, LineageDirection, QueryKind, RunState, VariableSubject };

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

export type AnnotationType = 'runFailure' | 'qualityFailure' | 'slaBreach';
export type RunStatsMetric = 'countByState' | 'duration' | 'successRate';

/**
 * One query as the dashboard JSON stores it: the kind and every filter any kind takes, all
 * optional here; which ones a kind uses is the query editor's business (queryModel.ts picks
 * them when the query runs). String fields may hold template variables.
 */
export interface PaneQuery extends DataQuery {
  kind: QueryKind;
  /** Restricts the query to one namespace; empty means the data source's default namespace. */
  namespace?: string;
  /** job name or node id (runs, runStats, events, annotations) */
  job?: string;
  /** dataset name, node id or glob (freshness, quality, qualityStats, volume, events, annotations) */
  dataset?: string;
  /** a job or dataset node id (lineage, columnLineage, impact) */
  node?: string;
  /** run states, or template variables that resolve to them */
  states?: Array<RunState | `$${string}`>;
  statuses?: FreshnessStatus[];
  levels?: EventLevel[];
  types?: AnnotationType[];
  orchestrator?: string;
  parentRunId?: string;
  metric?: RunStatsMetric;
  owner?: string;
  team?: string;
  check?: string;
  failedOnly?: boolean;
  groupBy?: 'check' | 'dataset';
  anomaliesOnly?: boolean;
  direction?: LineageDirection;
  /** a number or a template variable */
  depth?: number | string;
  /** ISO time, epoch ms, `now-7d`, or a template variable; empty means now */
  asOf?: string;
  column?: string;
  /** free-text search (events) or name search (variables) */
  search?: string;
  runId?: string;
  subject?: VariableSubject;
  limit?: number | string;
}

export const DEFAULT_QUERY: Partial<PaneQuery> = { kind: 'runs' };

/** A query variable's definition (custom variable support). */
export interface PaneVariableQuery extends DataQuery {
  subject: VariableSubject;
  namespace?: string;
  search?: string;
}

export interface PaneOptions extends DataSourceJsonData {
  /** Where Grafana's data source proxy sends requests (the `collector` route in plugin.json). */
  collectorUrl?: string;
  defaultNamespace?: string;
  /** how long a query may take before it is reported as timed out, seconds (default 30) */
  queryTimeoutSeconds?: number;
}

export interface PaneSecureJsonData {
  apiToken?: string;
}
