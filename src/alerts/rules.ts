import { alertingConfig, type Severity } from './config';
import { collectorMetrics as cm, collectorScrapeJob, datasetMetrics as dm, jobMetrics as jm } from './metricNames';
import { type RelatedValue, subjectPlaceholder, type Template } from './templates';

/**
 * THE alert rules: one definition that src/alerts/prometheusRules.ts renders as Prometheus rule
 * files and src/alerts/grafanaProvisioning.ts as Grafana-managed rules querying the same
 * Prometheus. Each rule's PromQL returns one series per dataset, job or collector in trouble,
 * valued with what was measured (an age, a ratio, a count), and labelled with the SLA's owner,
 * team and severity, so routing follows labels.
 *
 * Severity: the SLA sets it per dataset or job (`severity` in the SLA config, a `severity` tag,
 * default "warning"), and it comes with the metrics. Some rules cap it (a warning threshold never
 * pages) or raise it one step (a failure that keeps coming back, a dataset stale for hours). Both
 * are done in PromQL with label_replace, so the two engines label alerts identically.
 */
export type Subject = 'dataset' | 'job' | 'collector';

export interface AlertRule {
  /** the alertname (and the Grafana rule title) */
  name: string;
  /** stable Grafana rule uid */
  uid: string;
  subject: Subject;
  /** PromQL: one series per subject in trouble, valued with the measurement */
  expr: string;
  for: string;
  /** numbers the annotations quote, read from metrics with the alert's labels */
  related?: RelatedValue[];
  summary: (t: Template) => string;
  description: (t: Template) => string;
  /** the rule this one escalates (a persisting alert at a higher severity) and inhibits */
  escalates?: string;
}

export const subjectLabels: Record<Subject, readonly string[]> = {
  dataset: ['namespace', 'dataset'],
  job: ['namespace', 'job'],
  collector: ['job', 'instance'],
};

/** Static labels on every Pipeline Pane alert. */
export const commonLabels = { component: 'pipelinepane' } as const;

// --- PromQL building blocks -------------------------------------------------------------------

/**
 * A dataset metric, one series per dataset: replicas of the collector over one PostgreSQL export
 * the same series, and the scrape's job and instance say nothing about the dataset.
 */
const ds = (metric: string, matchers = '') => `max without (instance, job) (${metric}${braces(matchers)})`;
/** A job metric, one series per pipeline job (its `job` label is the pipeline job's name; see honor_labels). */
const jb = (metric: string, matchers = '') => `max without (instance) (${metric}${braces(matchers)})`;
const braces = (matchers: string) => (matchers ? `{${matchers}}` : '');
/** joins extra matchers (the subject's, in annotation queries) after a rule's own */
const and = (own: string, extra: string) => [own, extra].filter(Boolean).join(',');

const severityOrder: readonly Severity[] = ['info', 'warning', 'error', 'critical'];

/** At most `cap`: higher severities become `cap`. */
export function capSeverity(expr: string, cap: Severity): string {
  const above = severityOrder.slice(severityOrder.indexOf(cap) + 1);
  return above.length === 0 ? expr : `label_replace(${expr}, "severity", "${cap}", "severity", "${above.join('|')}")`;
}

/** One step up: info to warning, warning to error, error to critical (highest first, so no step is taken twice). */
export function raiseSeverity(expr: string): string {
  let raised = expr;
  for (let i = severityOrder.length - 2; i >= 0; i--) {
    raised = `label_replace(${raised}, "severity", "${severityOrder[i + 1]}", "severity", "${severityOrder[i]}")`;
  }
  return raised;
}

/** A label set to `value` on every series (label_replace with an empty regex always matches). */
export const setLabel = (expr: string, name: string, value: string) => `label_replace(${expr}, "${name}", "${value}", "", "")`;

/** Exactly `severity`, whatever the series said. */
export const setSeverity = (expr: string, severity: Severity) => setLabel(expr, 'severity', severity);

/** The collector's own alerts carry no SLA: they go to the team that runs it, at a fixed severity. */
const collectorAlert = (expr: string, severity: Severity) => setLabel(setSeverity(expr, severity), 'team', alertingConfig.collectorTeam);

// --- measurements shared by rules and annotation queries ---------------------------------------

const age = (m = '') => `(time() - ${ds(dm.lastUpdate, m)})`;
const failedRuns = (m = '') => `sum without (state) (${jb(jm.runsLast24h, and('state="FAIL"', m))})`;
const finishedRuns = (m = '') => `sum without (state) (${jb(jm.runsLast24h, and('state=~"COMPLETE|FAIL|ABORT"', m))})`;
const unsuccessfulRuns = (m = '') => `sum without (state) (${jb(jm.runsLast24h, and('state=~"FAIL|ABORT"', m))})`;
const lastRunFailed = (m = '') => `sum without (state) (${jb(jm.lastRunState, and('state="FAIL"', m))}) == 1`;
const meanDuration = (m = '') => `(${jb(`${jm.runDuration}_sum`, m)} / ${jb(`${jm.runDuration}_count`, m)})`;
/** the job's usual duration: the median of its 24 h means over the 7 days before yesterday */
const durationBaseline = (m = '') => `quantile_over_time(0.5, ${meanDuration(m)}[7d:1h] offset 1d)`;

/** Related values: `expr` is written with a placeholder for the subject's matchers. */
const related = (key: string, expr: (matchers: string) => string): RelatedValue => ({ key, expr: expr(subjectPlaceholder) });

const datasetDownstream = related('downstream', (m) => ds(dm.downstreamDatasets, m));
const jobDownstream = related('downstream', (m) => jb(jm.downstreamDatasets, m));
/** the latest failed run's error, as the `error` label of an info-style series (one per failing job) */
const lastError = related('error', (m) => jb(jm.lastErrorInfo, m));
const downstream = (t: Template) => `${t.relatedValue('downstream', 'raw', 'An unknown number of')} downstream dataset(s) affected.`;
const errorText = (t: Template) => `Error: ${t.relatedLabel('error', 'error', 'none reported')}.`;

// --- links --------------------------------------------------------------------------------------

const datasetDashboard = (t: Template) =>
  `${alertingConfig.grafanaUrl}/d/pipelinepane-dataset-health/pipelinepane-dataset-health?var-dataset=${t.nodeIdParam('dataset', 'dataset')}`;
const jobDashboard = (t: Template) =>
  `${alertingConfig.grafanaUrl}/d/pipelinepane-job-detail/pipelinepane-job-detail?var-namespace=${t.urlLabel('namespace')}&var-job=${t.nodeIdParam('job', 'job')}`;
const collectorDashboard = () => `${alertingConfig.grafanaUrl}/d/pipelinepane-collector/pipelinepane-collector`;

export const dashboardUrl: Record<Subject, (t: Template) => string> = {
  dataset: datasetDashboard,
  job: jobDashboard,
  collector: collectorDashboard,
};

const owner = (t: Template) => t.ifLabel('owner', `owner ${t.label('owner')}`, 'no owner on record') + t.ifLabel('team', `, team ${t.label('team')}`);

// --- the rules ----------------------------------------------------------------------------------

const staleExpr = `${age()} > ${ds(dm.freshnessCritical)}`;
const failingRepeatedlyExpr = raiseSeverity(`${failedRuns()} >= 3 and on (namespace, job) (${lastRunFailed()})`);

export const alertRules: readonly AlertRule[] = [
  {
    name: 'PaneDatasetFreshnessWarning',
    uid: 'pane-dataset-freshness-warning',
    subject: 'dataset',
    expr: capSeverity(`(${age()} > ${ds(dm.freshnessWarn)}) unless (${staleExpr})`, 'warning'),
    for: '5m',
    related: [datasetDownstream, related('warn', (m) => ds(dm.freshnessWarn, m)), related('critical', (m) => ds(dm.freshnessCritical, m))],
    summary: (t) => `Dataset ${t.label('dataset')} is late: last updated ${t.value('duration')} ago`,
    description: (t) =>
      `${t.label('dataset')} (${t.label('namespace')}) was last updated ${t.value('duration')} ago, past its warning threshold of ` +
      `${t.relatedValue('warn', 'duration')}; it turns stale after ${t.relatedValue('critical', 'duration')}. ${owner(t)}. ${downstream(t)}`,
  },
  {
    name: 'PaneDatasetStale',
    uid: 'pane-dataset-stale',
    subject: 'dataset',
    expr: staleExpr,
    for: '5m',
    related: [datasetDownstream, related('critical', (m) => ds(dm.freshnessCritical, m)), related('updated', (m) => ds(dm.lastUpdate, m))],
    summary: (t) => `Dataset ${t.label('dataset')} is stale: last updated ${t.value('duration')} ago`,
    description: (t) =>
      `${t.label('dataset')} (${t.label('namespace')}) was last updated ${t.value('duration')} ago ` +
      `(${t.relatedValue('updated', 'timestamp')}), past its freshness SLA of ${t.relatedValue('critical', 'duration')}. ` +
      `Everything downstream reads old data. ${owner(t)}. ${downstream(t)}`,
  },
  {
    name: 'PaneDatasetStaleEscalated',
    uid: 'pane-dataset-stale-escalated',
    subject: 'dataset',
    expr: raiseSeverity(staleExpr),
    for: '4h',
    escalates: 'PaneDatasetStale',
    related: [datasetDownstream, related('critical', (m) => ds(dm.freshnessCritical, m))],
    summary: (t) => `Dataset ${t.label('dataset')} has been stale for over 4 hours (last updated ${t.value('duration')} ago)`,
    description: (t) =>
      `${t.label('dataset')} (${t.label('namespace')}) is still past its freshness SLA of ${t.relatedValue('critical', 'duration')} ` +
      `four hours after it went stale; escalated one severity step. ${owner(t)}. ${downstream(t)}`,
  },
  {
    name: 'PaneDatasetQualityBelowThreshold',
    uid: 'pane-dataset-quality-below-threshold',
    subject: 'dataset',
    expr:
      `${ds(dm.qualityPassRatio)} < ${ds(dm.qualityMinPassRatio)}` +
      ` or (${ds(dm.qualityPassRatio)} < ${alertingConfig.defaultMinQualityPassRatio} unless ${ds(dm.qualityMinPassRatio)})`,
    for: '10m',
    related: [datasetDownstream, related('failing', (m) => ds(dm.qualityFailingChecks, m)), related('minimum', (m) => ds(dm.qualityMinPassRatio, m))],
    summary: (t) => `Dataset ${t.label('dataset')}: only ${t.value('percent')} of quality checks pass`,
    description: (t) =>
      `${t.relatedValue('failing', 'raw', 'Some')} quality check(s) on ${t.label('dataset')} (${t.label('namespace')}) fail: ` +
      `${t.value('percent')} pass, under its threshold of ${t.relatedValue('minimum', 'percent', `${alertingConfig.defaultMinQualityPassRatio * 100}% (the default)`)}. ${owner(t)}. ${downstream(t)}`,
  },
  {
    name: 'PaneDatasetVolumeAnomaly',
    uid: 'pane-dataset-volume-anomaly',
    subject: 'dataset',
    expr: capSeverity(`${ds(dm.volumeAnomaly)} == 1`, 'warning'),
    for: '5m',
    related: [datasetDownstream, related('rows', (m) => ds(dm.rowsLastWritten, m))],
    summary: (t) => `Dataset ${t.label('dataset')}: unusual volume (${t.relatedValue('rows', 'number')} rows)`,
    description: (t) =>
      `The latest run wrote ${t.relatedValue('rows', 'number')} rows to ${t.label('dataset')} (${t.label('namespace')}), ` +
      `far from what its previous runs wrote (see the volume panel). ${owner(t)}. ${downstream(t)}`,
  },
  {
    name: 'PaneJobFailed',
    uid: 'pane-job-failed',
    subject: 'job',
    expr: lastRunFailed(),
    for: '0m',
    related: [lastError, jobDownstream, related('failures', (m) => failedRuns(m)), related('lastsuccess', (m) => jb(jm.lastSuccess, m))],
    summary: (t) => `Job ${t.label('job')} failed`,
    description: (t) =>
      `The latest run of ${t.label('job')} (${t.label('namespace')}) failed; ${t.relatedValue('failures', 'raw', '1')} failed run(s) ` +
      `in the last 24 hours, last success ${t.relatedValue('lastsuccess', 'timestamp', 'never')}. ${owner(t)}. ${errorText(t)} ${downstream(t)}`,
  },
  {
    name: 'PaneJobFailingRepeatedly',
    uid: 'pane-job-failing-repeatedly',
    subject: 'job',
    expr: failingRepeatedlyExpr,
    for: '5m',
    escalates: 'PaneJobFailed',
    related: [lastError, jobDownstream, related('lastsuccess', (m) => jb(jm.lastSuccess, m))],
    summary: (t) => `Job ${t.label('job')} keeps failing: ${t.value()} failures in 24 hours`,
    description: (t) =>
      `${t.label('job')} (${t.label('namespace')}) failed ${t.value()} times in the last 24 hours and its latest run failed too; ` +
      `last success ${t.relatedValue('lastsuccess', 'timestamp', 'never')}. Escalated one severity step. ${owner(t)}. ${errorText(t)} ${downstream(t)}`,
  },
  {
    name: 'PaneJobErrorRateHigh',
    uid: 'pane-job-error-rate-high',
    subject: 'job',
    expr: capSeverity(`(${unsuccessfulRuns()} / ${finishedRuns()} > 0.25) and on (namespace, job) (${finishedRuns()} >= 4)`, 'warning'),
    for: '15m',
    related: [jobDownstream, related('finished', (m) => finishedRuns(m))],
    summary: (t) => `Job ${t.label('job')}: ${t.value('percent')} of runs failed in 24 hours`,
    description: (t) =>
      `${t.value('percent')} of the ${t.relatedValue('finished', 'raw', '?')} runs of ${t.label('job')} (${t.label('namespace')}) ` +
      `that finished in the last 24 hours failed or were aborted. ${owner(t)}. ${downstream(t)}`,
  },
  {
    name: 'PaneJobDurationAboveBaseline',
    uid: 'pane-job-duration-above-baseline',
    subject: 'job',
    expr: capSeverity(`${meanDuration()} > 3 * ${durationBaseline()} and ${meanDuration()} - ${durationBaseline()} > 60`, 'warning'),
    for: '15m',
    related: [jobDownstream, related('baseline', (m) => durationBaseline(m))],
    summary: (t) => `Job ${t.label('job')} runs far slower than usual (${t.value('duration')})`,
    description: (t) =>
      `Runs of ${t.label('job')} (${t.label('namespace')}) took ${t.value('duration')} on average over the last 24 hours, ` +
      `more than three times their usual ${t.relatedValue('baseline', 'duration')}. ${owner(t)}. ${downstream(t)}`,
  },
  {
    name: 'PaneJobMissedRun',
    uid: 'pane-job-missed-run',
    subject: 'job',
    expr: `${jb(jm.missedRun)} == 1`,
    for: '0m',
    related: [jobDownstream, related('lastrun', (m) => jb(jm.lastRunTimestamp, m))],
    summary: (t) => `Job ${t.label('job')} missed its scheduled run`,
    description: (t) =>
      `${t.label('job')} (${t.label('namespace')}) was expected to run on its schedule and nothing arrived within the grace period; ` +
      `its last run was ${t.relatedValue('lastrun', 'timestamp', 'never')}. ${owner(t)}. ${downstream(t)}`,
  },
  {
    name: 'PaneCollectorDown',
    uid: 'pane-collector-down',
    subject: 'collector',
    expr: collectorAlert(`up{job="${collectorScrapeJob}"} == 0 or absent(up{job="${collectorScrapeJob}"})`, 'critical'),
    for: '2m',
    summary: () => `The Pipeline Pane collector is down`,
    description: (t) =>
      `Prometheus cannot scrape the collector ${t.label('instance')} (job ${t.label('job')}). Pipelines cannot report runs, ` +
      `and freshness and failure alerts go quiet while it is down.`,
  },
  {
    name: 'PaneCollectorRejectingEvents',
    uid: 'pane-collector-rejecting-events',
    subject: 'collector',
    expr: collectorAlert(
      `(sum by (job, instance, source) (rate(${cm.ingestErrors}{job="${collectorScrapeJob}"}[10m])) / sum by (job, instance, source) (rate(${cm.ingestRequests}{job="${collectorScrapeJob}"}[10m])) > 0.05)` +
        ` and on (job, instance, source) sum by (job, instance, source) (increase(${cm.ingestErrors}{job="${collectorScrapeJob}"}[10m])) >= 5`,
      'error',
    ),
    for: '10m',
    summary: (t) => `The collector refuses ${t.value('percent')} of ${t.label('source')} ingest requests`,
    description: (t) =>
      `Over the last 10 minutes the collector ${t.label('instance')} answered ${t.value('percent')} of ${t.label('source')} ingest ` +
      `requests with an error (invalid documents, bad tokens, overload or internal errors). Those events are lost unless the ` +
      `senders retry; see pane_ingest_errors_total by error.`,
  },
];
