import type { DataFrameJson } from './frames';

/**
 * The collector's query API, `POST /api/v1/query`: Grafana-like targets and a time range in,
 * data frames out. Node ids are `job:<namespace>:<name>` / `dataset:<namespace>:<name>`
 * (see nodeIds.ts). Semantics live in the collector; the data source and CLI only ask.
 */
export type QueryKind =
  | 'runs'
  | 'runStats'
  | 'freshness'
  | 'quality'
  | 'qualityStats'
  | 'volume'
  | 'lineage'
  | 'columnLineage'
  | 'impact'
  | 'events'
  | 'trace'
  | 'variables'
  | 'annotations';

export const queryKinds: readonly QueryKind[] = [
  'runs',
  'runStats',
  'freshness',
  'quality',
  'qualityStats',
  'volume',
  'lineage',
  'columnLineage',
  'impact',
  'events',
  'trace',
  'variables',
  'annotations',
];

export type RunState = 'START' | 'RUNNING' | 'COMPLETE' | 'ABORT' | 'FAIL' | 'OTHER';
export type FreshnessStatus = 'fresh' | 'warning' | 'stale' | 'unknown';
export type LineageDirection = 'upstream' | 'downstream' | 'both';
export type EventLevel = 'info' | 'warning' | 'error';
export type VariableSubject = 'namespaces' | 'jobs' | 'datasets' | 'owners' | 'orchestrators';

interface TargetBase {
  refId: string;
  /** hidden targets are skipped, as in Grafana */
  hide?: boolean;
  /** result row limit; each kind has a sensible default and maximum */
  limit?: number;
}

export interface RunsTarget extends TargetBase {
  kind: 'runs';
  namespace?: string;
  /** job name or node id */
  job?: string;
  states?: RunState[];
  orchestrator?: string;
  /** only runs whose parent is this run id */
  parentRunId?: string;
}

export interface RunStatsTarget extends TargetBase {
  kind: 'runStats';
  namespace?: string;
  job?: string;
  orchestrator?: string;
  /** which series: run counts by state, duration percentiles, success rate */
  metric?: 'countByState' | 'duration' | 'successRate';
}

export interface FreshnessTarget extends TargetBase {
  kind: 'freshness';
  namespace?: string;
  /** dataset name or node id, or a glob like `analytics.*` */
  dataset?: string;
  statuses?: FreshnessStatus[];
  /** an owner (exact, case-insensitive) or an owner glob like `team:data-*` */
  owner?: string;
  /** only datasets whose effective SLA names this team */
  team?: string;
}

export interface QualityTarget extends TargetBase {
  kind: 'quality';
  namespace?: string;
  dataset?: string;
  check?: string;
  /** only failed checks */
  failedOnly?: boolean;
}

export interface QualityStatsTarget extends TargetBase {
  kind: 'qualityStats';
  namespace?: string;
  dataset?: string;
  check?: string;
  /** one series per dataset and check (default), or per dataset over all its checks */
  groupBy?: 'check' | 'dataset';
}

export interface VolumeTarget extends TargetBase {
  kind: 'volume';
  namespace?: string;
  dataset?: string;
  /** only runs flagged as anomalies */
  anomaliesOnly?: boolean;
}

export interface LineageTarget extends TargetBase {
  kind: 'lineage';
  /** a node id; without it, the whole namespace */
  node?: string;
  namespace?: string;
  direction?: LineageDirection;
  depth?: number;
  /** epoch ms or ISO time: only what existed then */
  asOf?: number | string;
}

export interface ColumnLineageTarget extends TargetBase {
  kind: 'columnLineage';
  /** a dataset node id */
  node: string;
  column?: string;
  /** hops upstream, default 5, at most 50 */
  depth?: number;
  /** epoch ms or ISO time: only column lineage first seen by then */
  asOf?: number | string;
}

export interface ImpactTarget extends TargetBase {
  kind: 'impact';
  node: string;
  /** hops downstream, default 20, at most 50 */
  depth?: number;
}

export interface EventsTarget extends TargetBase {
  kind: 'events';
  namespace?: string;
  job?: string;
  dataset?: string;
  levels?: EventLevel[];
  /** free-text search in messages */
  search?: string;
}

export interface TraceTarget extends TargetBase {
  kind: 'trace';
  runId: string;
  /** how many levels of child runs to follow below the run (default 10, at most 50) */
  depth?: number;
}

export interface VariablesTarget extends TargetBase {
  kind: 'variables';
  subject: VariableSubject;
  namespace?: string;
  /** case-insensitive substring */
  search?: string;
}

export interface AnnotationsTarget extends TargetBase {
  kind: 'annotations';
  namespace?: string;
  job?: string;
  dataset?: string;
  types?: Array<'runFailure' | 'qualityFailure' | 'slaBreach'>;
}

export type QueryTarget =
  | RunsTarget
  | RunStatsTarget
  | FreshnessTarget
  | QualityTarget
  | QualityStatsTarget
  | VolumeTarget
  | LineageTarget
  | ColumnLineageTarget
  | ImpactTarget
  | EventsTarget
  | TraceTarget
  | VariablesTarget
  | AnnotationsTarget;

export interface QueryRange {
  /** epoch ms, ISO time, or Grafana-style relative time like `now-24h` */
  from: number | string;
  to: number | string;
}

export interface QueryRequest {
  range?: QueryRange;
  /** bucket size for aggregations; defaults from the range and maxDataPoints */
  intervalMs?: number;
  maxDataPoints?: number;
  targets: QueryTarget[];
}

export interface QueryResult {
  frames: DataFrameJson[];
  /** a per-target error: the other targets still answer */
  error?: string;
  status?: number;
}

export interface QueryResponse {
  results: Record<string, QueryResult>;
}
