import type { FreshnessStatus } from '../../contract/query';
import { freshnessStatusValue } from '../sla/freshnessStatus';
import type { EffectiveSla } from '../sla/slaResolver';
import { type DatasetSnapshot, durationBucketsSeconds, type JobSnapshot, type PipelineSnapshot } from './pipelineSnapshot';

/**
 * The dataset and job metrics in Prometheus text format (version 0.0.4), rendered straight from
 * a snapshot. With 10,000 datasets this is ~100,000 lines: built with plain string work once per
 * snapshot and reused until the next one, which is what keeps scrapes cheap.
 */
type Labels = Array<[string, string]>;

const escapeLabel = (value: string): string =>
  /[\\"\n]/.test(value) ? value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"') : value;
const escapeHelp = (text: string): string => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

const formatValue = (value: number): string => {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
};

const labelText = (labels: Labels): string =>
  labels.length === 0 ? '' : `{${labels.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;

const primaryOwner = (sla: EffectiveSla): string => sla.owners[0] ?? '';

export const datasetLabels = (d: DatasetSnapshot): Labels => [
  ['namespace', d.namespace],
  ['dataset', d.name],
  ['owner', primaryOwner(d.sla)],
  ['team', d.sla.team ?? ''],
  ['severity', d.sla.severity],
];

export const jobLabels = (j: JobSnapshot): Labels => [
  ['namespace', j.namespace],
  ['job', j.name],
  ['owner', primaryOwner(j.sla)],
  ['team', j.sla.team ?? ''],
  ['severity', j.sla.severity],
];

interface MetricDefinition<T> {
  name: string;
  help: string;
  value: (item: T) => number | null | undefined;
}

const seconds = (ms: number | null): number | null => (ms === null ? null : ms / 1000);

/** Per dataset; a dataset without a value (no SLA, never updated, no checks) has no series. */
export const datasetMetrics: Array<MetricDefinition<DatasetSnapshot>> = [
  {
    name: 'pane_dataset_last_update_timestamp_seconds',
    help: "Unix time of the dataset's last successful update: the later of the last complete run that wrote it and dbt's max_loaded_at.",
    value: (d) => seconds(d.lastUpdate),
  },
  {
    name: 'pane_dataset_freshness_warn_seconds',
    help: 'Freshness SLA: the age in seconds beyond which the dataset is "warning" (for an expected schedule: the time since the last scheduled time whose warnGrace has passed).',
    value: (d) => d.verdict.warnAfterSeconds,
  },
  {
    name: 'pane_dataset_freshness_critical_seconds',
    help: 'Freshness SLA: the age in seconds beyond which the dataset is "stale" (for an expected schedule: the time since the last scheduled time whose grace has passed).',
    value: (d) => d.verdict.criticalAfterSeconds,
  },
  {
    name: 'pane_dataset_freshness_status',
    help: 'Freshness status: 0 fresh, 1 warning, 2 stale, -1 unknown (no SLA, or never updated).',
    value: (d) => freshnessStatusValue(d.verdict.status as FreshnessStatus),
  },
  {
    name: 'pane_dataset_quality_pass_ratio',
    help: "Share of the dataset's quality checks whose latest result (within 7 days) passed, 0..1.",
    value: (d) => (d.quality && d.quality.total > 0 ? d.quality.passed / d.quality.total : null),
  },
  {
    name: 'pane_dataset_quality_min_pass_ratio',
    help: 'Quality SLA: the minimum pass ratio, 0..1.',
    value: (d) => d.sla.minQualityPassRatio,
  },
  {
    name: 'pane_dataset_quality_failing_checks',
    help: 'Quality checks whose latest result (within 7 days) failed.',
    value: (d) => (d.quality ? d.quality.total - d.quality.passed : null),
  },
  {
    name: 'pane_dataset_rows_last_written',
    help: 'Rows written by the latest run that reported a row count for this dataset.',
    value: (d) => d.volume?.rows ?? d.lastRowCount,
  },
  {
    name: 'pane_dataset_volume_anomaly',
    help: "1 when the latest row count is an anomaly against the dataset's previous 20 runs (robust z-score beyond 3.5, or below half their median), else 0. Absent with fewer than 5 previous runs.",
    value: (d) => (d.volume && d.volume.zScore !== null ? (d.volume.anomaly ? 1 : 0) : null),
  },
  {
    name: 'pane_dataset_downstream_datasets',
    help: 'Distinct datasets downstream of this one through lineage (jobs that read it, the datasets they write, and so on, up to 50 hops).',
    value: (d) => d.downstreamDatasets,
  },
];

/** Per job, besides the run counts, last run state and duration histogram below. */
export const jobMetrics: Array<MetricDefinition<JobSnapshot>> = [
  {
    name: 'pane_job_last_run_timestamp_seconds',
    help: "Unix time of the latest event of the job's latest run.",
    value: (j) => seconds(j.latestRunTime),
  },
  {
    name: 'pane_job_last_success_timestamp_seconds',
    help: "Unix time the job's last successful (COMPLETE) run ended.",
    value: (j) => seconds(j.lastSuccessAt),
  },
  {
    name: 'pane_job_missed_run',
    help: 'Jobs with an expected schedule: 1 when a scheduled time + grace has passed with no run seen since, else 0.',
    value: (j) => (j.missedRun === undefined ? null : j.missedRun ? 1 : 0),
  },
  {
    name: 'pane_job_downstream_datasets',
    help: 'Distinct datasets the job writes plus everything downstream of them through lineage (up to 50 hops).',
    value: (j) => j.downstreamDatasets,
  },
];

export const runCountsMetric = {
  name: 'pane_job_runs_last_24h',
  help: 'Runs that started in the last 24 hours, by current state (computed from the database; COMPLETE and FAIL are always present).',
};
export const lastRunStateMetric = {
  name: 'pane_job_last_run_state',
  help: "Always 1; the state of the job's latest run (START, RUNNING, COMPLETE, ABORT, FAIL, OTHER) as the state label.",
};
export const lastErrorMetric = {
  name: 'pane_job_last_error_info',
  help: "Always 1, only for jobs whose latest run failed: the first line of that run's error message (at most 200 characters) as the error label.",
};
export const durationMetric = {
  name: 'pane_job_run_duration_seconds',
  help: "Durations of the job's COMPLETE runs that started in the last 24 hours (a windowed histogram from the database: use it without rate()).",
};

export function renderPipelineMetrics(snapshot: PipelineSnapshot): string {
  const out: string[] = [];
  const header = (name: string, help: string, type: 'gauge' | 'histogram') => {
    out.push(`# HELP ${name} ${escapeHelp(help)}`, `# TYPE ${name} ${type}`);
  };
  const datasetLabelTexts = snapshot.datasets.map((d) => labelText(datasetLabels(d)));
  for (const metric of datasetMetrics) {
    header(metric.name, metric.help, 'gauge');
    snapshot.datasets.forEach((d, i) => {
      const value = metric.value(d);
      if (value !== null && value !== undefined && Number.isFinite(value)) out.push(`${metric.name}${datasetLabelTexts[i]} ${formatValue(value)}`);
    });
  }

  const jobLabelSets = snapshot.jobs.map((j) => jobLabels(j));
  const jobLabelTexts = jobLabelSets.map(labelText);
  for (const metric of jobMetrics) {
    header(metric.name, metric.help, 'gauge');
    snapshot.jobs.forEach((j, i) => {
      const value = metric.value(j);
      if (value !== null && value !== undefined && Number.isFinite(value)) out.push(`${metric.name}${jobLabelTexts[i]} ${formatValue(value)}`);
    });
  }

  header(runCountsMetric.name, runCountsMetric.help, 'gauge');
  snapshot.jobs.forEach((j, i) => {
    const states = new Map(j.runsByState);
    for (const always of ['COMPLETE', 'FAIL']) if (!states.has(always)) states.set(always, 0);
    for (const [state, count] of states) out.push(`${runCountsMetric.name}${labelText([...jobLabelSets[i], ['state', state]])} ${count}`);
  });

  header(lastRunStateMetric.name, lastRunStateMetric.help, 'gauge');
  snapshot.jobs.forEach((j, i) => {
    if (j.latestRunState !== null) out.push(`${lastRunStateMetric.name}${labelText([...jobLabelSets[i], ['state', j.latestRunState]])} 1`);
  });

  header(lastErrorMetric.name, lastErrorMetric.help, 'gauge');
  snapshot.jobs.forEach((j) => {
    if (j.lastError !== undefined)
      {out.push(`${lastErrorMetric.name}${labelText([['namespace', j.namespace], ['job', j.name], ['error', j.lastError]])} 1`);}
  });

  header(durationMetric.name, durationMetric.help, 'histogram');
  snapshot.jobs.forEach((j, i) => {
    if (!j.durations) return;
    const labels = jobLabelSets[i];
    durationBucketsSeconds.forEach((le, b) => out.push(`${durationMetric.name}_bucket${labelText([...labels, ['le', String(le)]])} ${j.durations!.buckets[b]}`));
    out.push(`${durationMetric.name}_bucket${labelText([...labels, ['le', '+Inf']])} ${j.durations.count}`);
    out.push(`${durationMetric.name}_sum${jobLabelTexts[i]} ${formatValue(j.durations.sum)}`);
    out.push(`${durationMetric.name}_count${jobLabelTexts[i]} ${j.durations.count}`);
  });
  return `${out.join('\n')}\n`;
}
