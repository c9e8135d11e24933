/**
 * Every metric name the alert rules, recording rules and dashboards read from the collector's
 * /metrics (src/collector/metrics/collectorMetrics.ts). One list, so a test can scrape a real
 * collector and check that each one exists: a renamed metric fails that test instead of
 * silently turning an alert into one that never fires.
 */
export const datasetMetrics = {
  /** unix time of the last successful update */
  lastUpdate: 'pane_dataset_last_update_timestamp_seconds',
  /** freshness SLA: age beyond which the dataset is "warning" */
  freshnessWarn: 'pane_dataset_freshness_warn_seconds',
  /** freshness SLA: age beyond which the dataset is "stale" */
  freshnessCritical: 'pane_dataset_freshness_critical_seconds',
  /** 0 fresh, 1 warning, 2 stale, -1 unknown */
  freshnessStatus: 'pane_dataset_freshness_status',
  qualityPassRatio: 'pane_dataset_quality_pass_ratio',
  /** quality SLA */
  qualityMinPassRatio: 'pane_dataset_quality_min_pass_ratio',
  qualityFailingChecks: 'pane_dataset_quality_failing_checks',
  rowsLastWritten: 'pane_dataset_rows_last_written',
  /** 1 when the latest row count is an anomaly against the dataset's own history */
  volumeAnomaly: 'pane_dataset_volume_anomaly',
  /** distinct datasets transitively downstream through lineage */
  downstreamDatasets: 'pane_dataset_downstream_datasets',
} as const;

export const jobMetrics = {
  /** runs started in the last 24 h, by state (a gauge) */
  runsLast24h: 'pane_job_runs_last_24h',
  /** always 1; the latest run's state as the `state` label */
  lastRunState: 'pane_job_last_run_state',
  lastRunTimestamp: 'pane_job_last_run_timestamp_seconds',
  lastSuccess: 'pane_job_last_success_timestamp_seconds',
  /** 1 when a scheduled run's grace passed with no run seen */
  missedRun: 'pane_job_missed_run',
  /** distinct datasets the job writes plus everything downstream of them */
  downstreamDatasets: 'pane_job_downstream_datasets',
  /** always 1, only while the latest run failed; its error's first line as the `error` label */
  lastErrorInfo: 'pane_job_last_error_info',
  /** windowed histogram of the last 24 h's COMPLETE run durations (no rate()) */
  runDuration: 'pane_job_run_duration_seconds',
} as const;

export const collectorMetrics = {
  buildInfo: 'pane_build_info',
  ingestRequests: 'pane_ingest_requests_total',
  ingestDocuments: 'pane_ingest_documents_total',
  ingestErrors: 'pane_ingest_errors_total',
  acknowledgement: 'pane_ingest_acknowledgement_seconds',
  httpDuration: 'pane_http_request_duration_seconds',
  databaseQueries: 'pane_database_query_duration_seconds',
  databasePing: 'pane_database_ping_seconds',
  queueDepth: 'pane_ingest_queue_depth',
  snapshotAge: 'pane_metrics_snapshot_age_seconds',
  snapshotErrors: 'pane_metrics_snapshot_errors_total',
  datasets: 'pane_datasets',
  jobs: 'pane_jobs',
  residentMemory: 'process_resident_memory_bytes',
  heapUsed: 'nodejs_heap_size_used_bytes',
  eventLoopLagP99: 'nodejs_eventloop_lag_p99_seconds',
  cpuSeconds: 'process_cpu_seconds_total',
} as const;

/** Labels the per-dataset and per-job metrics carry (the SLA's owner, team and severity). */
export const datasetLabels = ['namespace', 'dataset', 'owner', 'team', 'severity'] as const;
export const jobLabels = ['namespace', 'job', 'owner', 'team', 'severity'] as const;

/**
 * The scrape job Prometheus gives the collector. The per-job metrics carry a `job` label of their
 * own (the pipeline job), so the scrape config sets `honor_labels: true` to keep it; the
 * collector's own metrics carry no `job` label and get this one.
 */
export const collectorScrapeJob = 'pipelinepane-collector';

/**
 * Names as they appear in an exposition: a histogram `x` is exposed as x_bucket, x_sum and x_count.
 */
export function exposedNames(name: string, histogram = false): string[] {
  return histogram ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name];
}

export const histogramMetrics: ReadonlySet<string> = new Set([
  jobMetrics.runDuration,
  collectorMetrics.acknowledgement,
  collectorMetrics.httpDuration,
  collectorMetrics.databaseQueries,
]);

/** Every metric name above, as Prometheus stores it (histograms as their _bucket/_sum/_count series). */
export const allMetricNames = (): string[] =>
  [...Object.values(datasetMetrics), ...Object.values(jobMetrics), ...Object.values(collectorMetrics)].flatMap((name) =>
    exposedNames(name, histogramMetrics.has(name)),
  );
