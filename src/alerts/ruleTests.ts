import { alertingConfig } from './config';
import { collectorMetrics as cm, collectorScrapeJob, datasetMetrics as dm, jobMetrics as jm } from './metricNames';
import { alertRules } from './rules';

/**
 * promtool unit tests of every alert rule: for each, at least one situation where it fires (with
 * the exact labels and annotations a person will read) and one where it stays quiet. Rendered into
 * alerts/tests/pipelinepane.rules.test.yml; run with `promtool test rules alerts/tests/*.test.yml`.
 */
export interface SeriesInput {
  series: string;
  values: string;
}

export interface ExpectedAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface RuleCase {
  name: string;
  /** interval between input samples */
  interval?: string;
  series: SeriesInput[];
  evalTime: string;
  /** empty: the rule must not fire */
  expect: ExpectedAlert[];
}

const scrape = { job: collectorScrapeJob, instance: 'collector:7070' };
const warehouse = 'snowflake://acme';

const selector = (metric: string, labels: Record<string, string>) =>
  `${metric}{${Object.entries(labels)
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
    .join(', ')}}`;

const series = (metric: string, labels: Record<string, string>, values: string): SeriesInput => ({ series: selector(metric, labels), values });

interface People {
  owner: string;
  team: string;
  severity: string;
}

const analytics: People = { owner: 'team:analytics', team: 'analytics', severity: 'critical' };
const ingest: People = { owner: 'alice@example.com', team: 'data-platform', severity: 'warning' };

const datasetLabels = (dataset: string, people: People = analytics) => ({ namespace: warehouse, dataset, ...people });
const datasetSeries = (metric: string, dataset: string, values: string, people: People = analytics) =>
  series(metric, { ...scrape, ...datasetLabels(dataset, people) }, values);

const jobLabels = (job: string, people: People = ingest) => ({ namespace: 'airflow-prod', job, ...people });
/** Per-job metrics keep their own `job` label (honor_labels): the pipeline job, not the scrape job. */
const jobSeries = (metric: string, job: string, values: string, extra: Record<string, string> = {}, people: People = ingest) =>
  series(metric, { instance: scrape.instance, ...jobLabels(job, people), ...extra }, values);

const alertLabels = (alertname: string, subject: string, labels: Record<string, string>, extra: Record<string, string> = {}) => ({
  alertname,
  component: 'pipelinepane',
  subject,
  ...labels,
  ...extra,
});

const grafana = alertingConfig.grafanaUrl;
const datasetUrl = (encodedId: string) => `${grafana}/d/pipelinepane-dataset-health/pipelinepane-dataset-health?var-dataset=${encodedId}`;
const revenueUrl = datasetUrl('dataset%3Asnowflake%253A%2F%2Facme%3Aanalytics.fct_revenue');
const ordersJobUrl = `${grafana}/d/pipelinepane-job-detail/pipelinepane-job-detail?var-namespace=airflow-prod&var-job=job%3Aairflow-prod%3Aorders_daily.load_orders`;
const analyticsOwner = 'owner team:analytics, team analytics';
const ingestOwner = 'owner alice@example.com, team data-platform';
/** the first line of the failed run's error, as pane_job_last_error_info carries it */
const ordersError = 'psycopg2.errors.UndefinedColumn: column "order_id" does not exist';

export const ruleCases: Record<string, RuleCase[]> = {
  PaneDatasetFreshnessWarning: [
    {
      name: 'a dataset past its warning threshold (severity capped at warning)',
      series: [
        datasetSeries(dm.lastUpdate, 'analytics.fct_revenue', '0x30'),
        datasetSeries(dm.freshnessWarn, 'analytics.fct_revenue', '300x30'),
        datasetSeries(dm.freshnessCritical, 'analytics.fct_revenue', '3600x30'),
        datasetSeries(dm.downstreamDatasets, 'analytics.fct_revenue', '7x30'),
      ],
      evalTime: '15m',
      expect: [
        {
          labels: alertLabels('PaneDatasetFreshnessWarning', 'dataset', { ...datasetLabels('analytics.fct_revenue'), severity: 'warning' }),
          annotations: {
            summary: 'Dataset analytics.fct_revenue is late: last updated 15m 0s ago',
            description: `analytics.fct_revenue (${warehouse}) was last updated 15m 0s ago, past its warning threshold of 5m 0s; it turns stale after 1h 0m 0s. ${analyticsOwner}. 7 downstream dataset(s) affected.`,
            dashboard_url: revenueUrl,
          },
        },
      ],
    },
    {
      name: 'fresh datasets, and a stale one (the stale alert covers it), do not warn',
      series: [
        datasetSeries(dm.lastUpdate, 'analytics.fct_revenue', '0+60x30'),
        datasetSeries(dm.freshnessWarn, 'analytics.fct_revenue', '300x30'),
        datasetSeries(dm.freshnessCritical, 'analytics.fct_revenue', '3600x30'),
        datasetSeries(dm.lastUpdate, 'raw.orders', '0x30'),
        datasetSeries(dm.freshnessWarn, 'raw.orders', '60x30'),
        datasetSeries(dm.freshnessCritical, 'raw.orders', '120x30'),
      ],
      evalTime: '15m',
      expect: [],
    },
  ],
  PaneDatasetStale: [
    {
      name: 'a dataset past its critical threshold, at the severity its SLA sets',
      series: [
        datasetSeries(dm.lastUpdate, 'analytics.fct_revenue', '0x30'),
        datasetSeries(dm.freshnessCritical, 'analytics.fct_revenue', '600x30'),
        datasetSeries(dm.downstreamDatasets, 'analytics.fct_revenue', '12x30'),
      ],
      evalTime: '20m',
      expect: [
        {
          labels: alertLabels('PaneDatasetStale', 'dataset', datasetLabels('analytics.fct_revenue')),
          annotations: {
            summary: 'Dataset analytics.fct_revenue is stale: last updated 20m 0s ago',
            description: `analytics.fct_revenue (${warehouse}) was last updated 20m 0s ago (1970-01-01 00:00:00 +0000 UTC), past its freshness SLA of 10m 0s. Everything downstream reads old data. ${analyticsOwner}. 12 downstream dataset(s) affected.`,
            dashboard_url: revenueUrl,
          },
        },
      ],
    },
    {
      name: 'a dataset within its SLA, and one with no SLA, are not stale',
      series: [
        datasetSeries(dm.lastUpdate, 'analytics.fct_revenue', '0x30'),
        datasetSeries(dm.freshnessCritical, 'analytics.fct_revenue', '3600x30'),
        datasetSeries(dm.lastUpdate, 'raw.no_sla', '0x30'),
      ],
      evalTime: '20m',
      expect: [],
    },
  ],
  PaneDatasetStaleEscalated: [
    {
      name: 'stale for over four hours: one severity step up',
      series: [
        datasetSeries(dm.lastUpdate, 'raw.orders', '0x320', ingest),
        datasetSeries(dm.freshnessCritical, 'raw.orders', '600x320', ingest),
      ],
      evalTime: '5h',
      expect: [
        {
          labels: alertLabels('PaneDatasetStaleEscalated', 'dataset', { ...datasetLabels('raw.orders', ingest), severity: 'error' }, { escalated: 'true' }),
          annotations: {
            summary: 'Dataset raw.orders has been stale for over 4 hours (last updated 5h 0m 0s ago)',
            description: `raw.orders (${warehouse}) is still past its freshness SLA of 10m 0s four hours after it went stale; escalated one severity step. ${ingestOwner}. An unknown number of downstream dataset(s) affected.`,
            dashboard_url: datasetUrl('dataset%3Asnowflake%253A%2F%2Facme%3Araw.orders'),
          },
        },
      ],
    },
    {
      name: 'stale for two hours: not yet escalated',
      series: [
        datasetSeries(dm.lastUpdate, 'raw.orders', '0x320', ingest),
        datasetSeries(dm.freshnessCritical, 'raw.orders', '600x320', ingest),
      ],
      evalTime: '2h',
      expect: [],
    },
  ],
  PaneDatasetQualityBelowThreshold: [
    {
      name: 'under its own quality SLA, and under the default where it has none',
      series: [
        datasetSeries(dm.qualityPassRatio, 'analytics.fct_revenue', '0.5x20'),
        datasetSeries(dm.qualityMinPassRatio, 'analytics.fct_revenue', '0.95x20'),
        datasetSeries(dm.qualityFailingChecks, 'analytics.fct_revenue', '2x20'),
        datasetSeries(dm.downstreamDatasets, 'analytics.fct_revenue', '0x20'),
        datasetSeries(dm.qualityPassRatio, 'raw.orders', '0.8x20', ingest),
        datasetSeries(dm.qualityFailingChecks, 'raw.orders', '1x20', ingest),
      ],
      evalTime: '15m',
      expect: [
        {
          labels: alertLabels('PaneDatasetQualityBelowThreshold', 'dataset', datasetLabels('analytics.fct_revenue')),
          annotations: {
            summary: 'Dataset analytics.fct_revenue: only 50% of quality checks pass',
            description: `2 quality check(s) on analytics.fct_revenue (${warehouse}) fail: 50% pass, under its threshold of 95%. ${analyticsOwner}. 0 downstream dataset(s) affected.`,
            dashboard_url: revenueUrl,
          },
        },
        {
          labels: alertLabels('PaneDatasetQualityBelowThreshold', 'dataset', datasetLabels('raw.orders', ingest)),
          annotations: {
            summary: 'Dataset raw.orders: only 80% of quality checks pass',
            description: `1 quality check(s) on raw.orders (${warehouse}) fail: 80% pass, under its threshold of 90% (the default). ${ingestOwner}. An unknown number of downstream dataset(s) affected.`,
            dashboard_url: datasetUrl('dataset%3Asnowflake%253A%2F%2Facme%3Araw.orders'),
          },
        },
      ],
    },
    {
      name: 'at or above the threshold',
      series: [
        datasetSeries(dm.qualityPassRatio, 'analytics.fct_revenue', '0.97x20'),
        datasetSeries(dm.qualityMinPassRatio, 'analytics.fct_revenue', '0.95x20'),
        datasetSeries(dm.qualityPassRatio, 'raw.orders', '0.92x20', ingest),
      ],
      evalTime: '15m',
      expect: [],
    },
  ],
  PaneDatasetVolumeAnomaly: [
    {
      name: 'the latest run wrote far fewer rows than usual',
      series: [
        datasetSeries(dm.volumeAnomaly, 'raw.orders', '1x20', ingest),
        datasetSeries(dm.rowsLastWritten, 'raw.orders', '1200x20', ingest),
      ],
      evalTime: '10m',
      expect: [
        {
          labels: alertLabels('PaneDatasetVolumeAnomaly', 'dataset', datasetLabels('raw.orders', ingest)),
          annotations: {
            summary: 'Dataset raw.orders: unusual volume (1.2k rows)',
            description: `The latest run wrote 1.2k rows to raw.orders (${warehouse}), far from what its previous runs wrote (see the volume panel). ${ingestOwner}. An unknown number of downstream dataset(s) affected.`,
            dashboard_url: datasetUrl('dataset%3Asnowflake%253A%2F%2Facme%3Araw.orders'),
          },
        },
      ],
    },
    {
      name: 'a normal volume',
      series: [datasetSeries(dm.volumeAnomaly, 'raw.orders', '0x20', ingest), datasetSeries(dm.rowsLastWritten, 'raw.orders', '48000x20', ingest)],
      evalTime: '10m',
      expect: [],
    },
  ],
  PaneJobFailed: [
    {
      name: 'the latest run failed',
      series: [
        jobSeries(jm.lastRunState, 'orders_daily.load_orders', '1x10', { state: 'FAIL' }),
        jobSeries(jm.runsLast24h, 'orders_daily.load_orders', '2x10', { state: 'FAIL' }),
        jobSeries(jm.downstreamDatasets, 'orders_daily.load_orders', '3x10'),
        series(jm.lastErrorInfo, { instance: scrape.instance, namespace: 'airflow-prod', job: 'orders_daily.load_orders', error: ordersError }, '1x10'),
        jobSeries(jm.runsLast24h, 'orders_daily.load_orders', '5x10', { state: 'COMPLETE' }),
        jobSeries(jm.lastSuccess, 'orders_daily.load_orders', '0x10'),
      ],
      evalTime: '1m',
      expect: [
        {
          labels: alertLabels('PaneJobFailed', 'job', jobLabels('orders_daily.load_orders')),
          annotations: {
            summary: 'Job orders_daily.load_orders failed',
            description: `The latest run of orders_daily.load_orders (airflow-prod) failed; 2 failed run(s) in the last 24 hours, last success 1970-01-01 00:00:00 +0000 UTC. ${ingestOwner}. Error: ${ordersError}. 3 downstream dataset(s) affected.`,
            dashboard_url: ordersJobUrl,
          },
        },
      ],
    },
    {
      name: 'the latest run succeeded',
      series: [
        jobSeries(jm.lastRunState, 'orders_daily.load_orders', '1x10', { state: 'COMPLETE' }),
        jobSeries(jm.runsLast24h, 'orders_daily.load_orders', '2x10', { state: 'FAIL' }),
      ],
      evalTime: '1m',
      expect: [],
    },
  ],
  PaneJobFailingRepeatedly: [
    {
      name: 'three or more failures in 24 hours and still failing: one severity step up',
      series: [
        jobSeries(jm.lastRunState, 'orders_daily.load_orders', '1x10', { state: 'FAIL' }),
        jobSeries(jm.runsLast24h, 'orders_daily.load_orders', '4x10', { state: 'FAIL' }),
        series(jm.lastErrorInfo, { instance: scrape.instance, namespace: 'airflow-prod', job: 'orders_daily.load_orders', error: ordersError }, '1x10'),
      ],
      evalTime: '8m',
      expect: [
        {
          labels: alertLabels('PaneJobFailingRepeatedly', 'job', { ...jobLabels('orders_daily.load_orders'), severity: 'error' }, { escalated: 'true' }),
          annotations: {
            summary: 'Job orders_daily.load_orders keeps failing: 4 failures in 24 hours',
            description: `orders_daily.load_orders (airflow-prod) failed 4 times in the last 24 hours and its latest run failed too; last success never. Escalated one severity step. ${ingestOwner}. Error: ${ordersError}. An unknown number of downstream dataset(s) affected.`,
            dashboard_url: ordersJobUrl,
          },
        },
      ],
    },
    {
      name: 'failed often but recovered',
      series: [
        jobSeries(jm.lastRunState, 'orders_daily.load_orders', '1x10', { state: 'COMPLETE' }),
        jobSeries(jm.runsLast24h, 'orders_daily.load_orders', '4x10', { state: 'FAIL' }),
      ],
      evalTime: '8m',
      expect: [],
    },
  ],
  PaneJobErrorRateHigh: [
    {
      name: 'three of five finished runs failed',
      series: [
        jobSeries(jm.runsLast24h, 'orders_daily.load_orders', '2x30', { state: 'COMPLETE' }),
        jobSeries(jm.runsLast24h, 'orders_daily.load_orders', '3x30', { state: 'FAIL' }),
        jobSeries(jm.runsLast24h, 'orders_daily.load_orders', '0x30', { state: 'ABORT' }),
      ],
      evalTime: '20m',
      expect: [
        {
          labels: alertLabels('PaneJobErrorRateHigh', 'job', jobLabels('orders_daily.load_orders')),
          annotations: {
            summary: 'Job orders_daily.load_orders: 60% of runs failed in 24 hours',
            description: `60% of the 5 runs of orders_daily.load_orders (airflow-prod) that finished in the last 24 hours failed or were aborted. ${ingestOwner}. An unknown number of downstream dataset(s) affected.`,
            dashboard_url: ordersJobUrl,
          },
        },
      ],
    },
    {
      name: 'a failure now and then, or too few runs to judge',
      series: [
        jobSeries(jm.runsLast24h, 'orders_daily.load_orders', '10x30', { state: 'COMPLETE' }),
        jobSeries(jm.runsLast24h, 'orders_daily.load_orders', '1x30', { state: 'FAIL' }),
        jobSeries(jm.runsLast24h, 'hourly.sync', '1x30', { state: 'COMPLETE' }),
        jobSeries(jm.runsLast24h, 'hourly.sync', '2x30', { state: 'FAIL' }),
      ],
      evalTime: '20m',
      expect: [],
    },
  ],
  PaneJobDurationAboveBaseline: [
    {
      name: 'runs take ten times their usual duration',
      series: [
        jobSeries(`${jm.runDuration}_sum`, 'orders_daily.load_orders', '100x1559 1000x121'),
        jobSeries(`${jm.runDuration}_count`, 'orders_daily.load_orders', '1x1680'),
      ],
      evalTime: '28h',
      expect: [
        {
          labels: alertLabels('PaneJobDurationAboveBaseline', 'job', jobLabels('orders_daily.load_orders')),
          annotations: {
            summary: 'Job orders_daily.load_orders runs far slower than usual (16m 40s)',
            description: `Runs of orders_daily.load_orders (airflow-prod) took 16m 40s on average over the last 24 hours, more than three times their usual 1m 40s. ${ingestOwner}. An unknown number of downstream dataset(s) affected.`,
            dashboard_url: ordersJobUrl,
          },
        },
      ],
    },
    {
      name: 'steady durations',
      series: [
        jobSeries(`${jm.runDuration}_sum`, 'orders_daily.load_orders', '100x1680'),
        jobSeries(`${jm.runDuration}_count`, 'orders_daily.load_orders', '1x1680'),
      ],
      evalTime: '28h',
      expect: [],
    },
  ],
  PaneJobMissedRun: [
    {
      name: 'a scheduled run did not come',
      series: [jobSeries(jm.missedRun, 'nightly_export', '1x10', {}, analytics), jobSeries(jm.lastRunTimestamp, 'nightly_export', '0x10', {}, analytics)],
      evalTime: '1m',
      expect: [
        {
          labels: alertLabels('PaneJobMissedRun', 'job', jobLabels('nightly_export', analytics)),
          annotations: {
            summary: 'Job nightly_export missed its scheduled run',
            description: `nightly_export (airflow-prod) was expected to run on its schedule and nothing arrived within the grace period; its last run was 1970-01-01 00:00:00 +0000 UTC. ${analyticsOwner}. An unknown number of downstream dataset(s) affected.`,
            dashboard_url: `${grafana}/d/pipelinepane-job-detail/pipelinepane-job-detail?var-namespace=airflow-prod&var-job=job%3Aairflow-prod%3Anightly_export`,
          },
        },
      ],
    },
    {
      name: 'on schedule',
      series: [jobSeries(jm.missedRun, 'nightly_export', '0x10', {}, analytics)],
      evalTime: '1m',
      expect: [],
    },
  ],
  PaneCollectorDown: [
    {
      name: 'the scrape fails',
      series: [series('up', scrape, '0x10')],
      evalTime: '5m',
      expect: [
        {
          labels: alertLabels('PaneCollectorDown', 'collector', { ...scrape, severity: 'critical', team: 'data-platform' }),
          annotations: {
            summary: 'The Pipeline Pane collector is down',
            description:
              'Prometheus cannot scrape the collector collector:7070 (job pipelinepane-collector). Pipelines cannot report runs, and freshness and failure alerts go quiet while it is down.',
            dashboard_url: `${grafana}/d/pipelinepane-collector/pipelinepane-collector`,
          },
        },
      ],
    },
    {
      name: 'no collector target at all',
      series: [series('up', { job: 'something-else', instance: 'x:1' }, '1x10')],
      evalTime: '5m',
      expect: [
        {
          labels: alertLabels('PaneCollectorDown', 'collector', { job: collectorScrapeJob, severity: 'critical', team: 'data-platform' }),
          annotations: {
            summary: 'The Pipeline Pane collector is down',
            description:
              'Prometheus cannot scrape the collector  (job pipelinepane-collector). Pipelines cannot report runs, and freshness and failure alerts go quiet while it is down.',
            dashboard_url: `${grafana}/d/pipelinepane-collector/pipelinepane-collector`,
          },
        },
      ],
    },
    {
      name: 'up',
      series: [series('up', scrape, '1x10')],
      evalTime: '5m',
      expect: [],
    },
  ],
  PaneCollectorRejectingEvents: [
    {
      name: 'a fifth of OpenLineage requests refused',
      series: [
        series(cm.ingestRequests, { ...scrape, source: 'openlineage', code: '201' }, '0+8x40'),
        series(cm.ingestRequests, { ...scrape, source: 'openlineage', code: '400' }, '0+2x40'),
        series(cm.ingestErrors, { ...scrape, source: 'openlineage', error: 'invalid_document' }, '0+2x40'),
      ],
      evalTime: '25m',
      expect: [
        {
          labels: alertLabels('PaneCollectorRejectingEvents', 'collector', { ...scrape, source: 'openlineage', severity: 'error', team: 'data-platform' }),
          annotations: {
            summary: 'The collector refuses 20% of openlineage ingest requests',
            description:
              'Over the last 10 minutes the collector collector:7070 answered 20% of openlineage ingest requests with an error (invalid documents, bad tokens, overload or internal errors). Those events are lost unless the senders retry; see pane_ingest_errors_total by error.',
            dashboard_url: `${grafana}/d/pipelinepane-collector/pipelinepane-collector`,
          },
        },
      ],
    },
    {
      name: 'an odd refusal among many requests',
      series: [
        series(cm.ingestRequests, { ...scrape, source: 'dlt', code: '201' }, '0+100x40'),
        series(cm.ingestErrors, { ...scrape, source: 'dlt', error: 'invalid_document' }, '0+1x40'),
      ],
      evalTime: '25m',
      expect: [],
    },
  ],
};

/** Rules without both a firing and a quiet case. */
export function rulesMissingCases(): string[] {
  return alertRules
    .filter((rule) => {
      const cases = ruleCases[rule.name] ?? [];
      return !cases.some((c) => c.expect.length > 0) || !cases.some((c) => c.expect.length === 0);
    })
    .map((rule) => rule.name);
}

/** The promtool test file (rule_files relative to alerts/tests/). */
export function promtoolTests(ruleFile: string) {
  const missing = rulesMissingCases();
  if (missing.length > 0) {
    throw new Error(`alert rules without a firing and a quiet promtool case: ${missing.join(', ')}`);
  }
  return {
    rule_files: [ruleFile],
    evaluation_interval: '1m',
    tests: alertRules.flatMap((rule) =>
      ruleCases[rule.name].map((c) => ({
        name: `${rule.name}: ${c.name}`,
        interval: c.interval ?? '1m',
        input_series: c.series,
        alert_rule_test: [
          {
            eval_time: c.evalTime,
            alertname: rule.name,
            exp_alerts: c.expect.map((alert) => ({ exp_labels: alert.labels, exp_annotations: alert.annotations })),
          },
        ],
      })),
    ),
  };
}
