import type { Generated } from 'kysely';

/**
 * The collector's tables. Times are epoch milliseconds (bigint), JSON is stored as text and
 * booleans as 0/1 integers so that one query code path serves SQLite and PostgreSQL alike.
 */
export interface PaneSchema {
  events: EventsTable;
  namespaces: NamespacesTable;
  jobs: JobsTable;
  datasets: DatasetsTable;
  runs: RunsTable;
  run_states: RunStatesTable;
  run_datasets: RunDatasetsTable;
  lineage_edges: LineageEdgesTable;
  column_lineage: ColumnLineageTable;
  quality_checks: QualityChecksTable;
  quality_latest: QualityLatestTable;
  freshness_observations: FreshnessObservationsTable;
  change_counters: ChangeCountersTable;
}

/** Every received document as it came, for audit and replay; deduplicated by event_key. */
export interface EventsTable {
  id: Generated<number>;
  event_key: string;
  source: string;
  event_type: string;
  event_time: number;
  received_at: number;
  run_id: string | null;
  job_namespace: string | null;
  job_name: string | null;
  payload: string;
}

export interface NamespacesTable {
  name: string;
  first_seen_at: number;
}

export interface JobsTable {
  namespace: string;
  name: string;
  type: string | null;
  description: string | null;
  orchestrator: string | null;
  owners: string | null;
  tags: string | null;
  facets: string | null;
  latest_run_id: string | null;
  latest_run_state: string | null;
  latest_run_time: number | null;
  last_success_at: number | null;
  created_at: number;
  updated_at: number;
  /** the write transaction that last changed the row (migration 007) */
  change_seq: Generated<number>;
}

export interface DatasetsTable {
  namespace: string;
  name: string;
  description: string | null;
  schema_fields: string | null;
  owners: string | null;
  tags: string | null;
  pii_columns: string | null;
  facets: string | null;
  /** last time a run completed writing this dataset */
  last_written_at: number | null;
  last_writer_run_id: string | null;
  /** the job of last_writer_run_id (migration 005) */
  last_writer_job_namespace: string | null;
  last_writer_job_name: string | null;
  last_row_count: number | null;
  created_at: number;
  updated_at: number;
  /** the write transaction that last changed the row (migration 007) */
  change_seq: Generated<number>;
  /** freshness observations (dbt source freshness), migration 008: the latest one's time and criteria */
  source_observed_at: number | null;
  source_warn_after_seconds: number | null;
  source_error_after_seconds: number | null;
  /** the largest max_loaded_at any observation reported */
  source_max_loaded_at: number | null;
}

export interface RunsTable {
  /** surrogate key in first-seen order: what run_states and run_datasets are keyed by (see migration 004) */
  run_key: Generated<number>;
  run_id: string;
  job_namespace: string;
  job_name: string;
  parent_run_id: string | null;
  parent_job_namespace: string | null;
  parent_job_name: string | null;
  state: string;
  /** precedence of `state`: events arriving out of order never move a run backwards */
  state_rank: number;
  state_time: number;
  started_at: number | null;
  ended_at: number | null;
  first_event_time: number;
  last_event_time: number;
  nominal_start_time: number | null;
  nominal_end_time: number | null;
  error_message: string | null;
  stack_trace: string | null;
  producer: string;
  orchestrator: string;
  facets: string | null;
  updated_at: number;
}

export interface RunStatesTable {
  /** the run's runs.run_key: the primary key starts with it */
  run_key: number;
  run_id: string;
  state: string;
  event_time: number;
  received_at: number;
}

export interface RunDatasetsTable {
  /** the run's runs.run_key: the primary key starts with it */
  run_key: number;
  run_id: string;
  direction: 'input' | 'output';
  namespace: string;
  name: string;
  row_count: number | null;
  bytes: number | null;
  file_count: number | null;
  event_time: number;
}

/** job → dataset (output) and dataset → job (input) edges, with when they were first and last seen */
export interface LineageEdgesTable {
  job_namespace: string;
  job_name: string;
  direction: 'input' | 'output';
  dataset_namespace: string;
  dataset_name: string;
  first_seen_at: number;
  last_seen_at: number;
}

export interface ColumnLineageTable {
  dataset_namespace: string;
  dataset_name: string;
  field: string;
  input_namespace: string;
  input_name: string;
  input_field: string;
  transformation: string | null;
  first_seen_at: number;
  last_seen_at: number;
}

export interface QualityChecksTable {
  id: Generated<number>;
  dataset_namespace: string;
  dataset_name: string;
  run_id: string | null;
  check_name: string;
  column_name: string | null;
  passed: number;
  severity: string | null;
  actual: string | null;
  expected: string | null;
  message: string | null;
  observed_at: number;
}

export interface FreshnessObservationsTable {
  id: Generated<number>;
  dataset_namespace: string;
  dataset_name: string;
  observed_at: number;
  max_loaded_at: number | null;
  status: string;
  warn_after_seconds: number | null;
  error_after_seconds: number | null;
}

/** Each check's latest result (migration 006): `column_key` is the column, or '' for the whole dataset. */
export interface QualityLatestTable {
  dataset_namespace: string;
  dataset_name: string;
  check_name: string;
  column_key: string;
  column_name: string | null;
  passed: number;
  observed_at: number;
  /** the write transaction that last changed the row (migration 007) */
  change_seq: Generated<number>;
}

/** Counters kept by the writer; `writes` numbers write transactions in commit order (migration 007). */
export interface ChangeCountersTable {
  name: string;
  value: number;
}
