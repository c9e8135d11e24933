import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';

import { collectorMetrics as m } from '../alerts/metricNames';
import { baseDashboard, prometheusDatasource, thresholds, thresholdSteps } from './common';
import { promql } from './queries';
import { dashboardUids } from './uids';

/** The collector's own metrics series, for the chosen scrape job and instance(s). */
const sel = (extra = '') => `{job="$collector_job", instance=~"$instance"${extra ? `, ${extra}` : ''}}`;

/** The collector itself, from Prometheus: up, ingest rate and errors by source, latency, queue, database, memory. */
export function collectorHealthDashboard() {
  const series = (title: string, targets: Array<ReturnType<typeof promql>>, unit: string, description?: string) => {
    const builder = new timeseries.PanelBuilder().title(title).datasource(prometheusDatasource).unit(unit).height(8).span(12);
    for (const target of targets) {
      builder.withTarget(target);
    }
    if (description) {
      builder.description(description);
    }
    return builder;
  };
  const quantiles = (metric: string, by: string) =>
    [0.5, 0.95, 0.99].map((q, i) =>
      promql(`histogram_quantile(${q}, sum by (le${by ? `, ${by}` : ''}) (rate(${metric}_bucket${sel()}[$__rate_interval])))`, {
        refId: String.fromCharCode(65 + i),
        legend: `p${q * 100}${by ? ` {{${by}}}` : ''}`,
      }),
    );

  return baseDashboard('Pipeline Pane / Collector health', dashboardUids.collector, 'The collector itself: is it up, what it takes in, what it refuses, how fast it acknowledges.', {
    prometheus: true,
    pane: false,
  })
    .withVariable(
      new dashboard.QueryVariableBuilder('collector_job')
        .label('Scrape job')
        .datasource(prometheusDatasource)
        .query({ qryType: 1, query: `label_values(${m.buildInfo}, job)`, refId: 'PrometheusVariableQueryEditor-VariableQuery' })
        .definition(`label_values(${m.buildInfo}, job)`)
        .refresh(dashboard.VariableRefresh.OnDashboardLoad),
    )
    .withVariable(
      new dashboard.QueryVariableBuilder('instance')
        .label('Instance')
        .datasource(prometheusDatasource)
        .query({ qryType: 1, query: `label_values(${m.buildInfo}{job="$collector_job"}, instance)`, refId: 'PrometheusVariableQueryEditor-VariableQuery' })
        .definition(`label_values(${m.buildInfo}{job="$collector_job"}, instance)`)
        .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
        .includeAll(true)
        .multi(true)
        .allValue('.*'),
    )
    .withRow(new dashboard.RowBuilder('Status'))
    .withPanel(
      new stat.PanelBuilder()
        .title('Collectors up')
        .datasource(prometheusDatasource)
        .withTarget(promql(`sum(up${sel()})`, { instant: true }))
        .withTarget(promql(`count(up${sel()})`, { instant: true, refId: 'B' }))
        .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']))
        .overrideByQuery('B', [{ id: 'displayName', value: 'scraped' }])
        .overrideByQuery('A', [{ id: 'displayName', value: 'up' }])
        .thresholds(thresholdSteps('red', [1, 'green']))
        .colorMode(common.BigValueColorMode.Value)
        .graphMode(common.BigValueGraphMode.None)
        .height(4)
        .span(6),
    )
    .withPanel(
      new stat.PanelBuilder()
        .title('Version')
        .datasource(prometheusDatasource)
        .withTarget(promql(`count by (version) (${m.buildInfo}${sel()})`, { instant: true, legend: '{{version}}' }))
        .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']))
        .textMode(common.BigValueTextMode.Name)
        .colorMode(common.BigValueColorMode.None)
        .graphMode(common.BigValueGraphMode.None)
        .height(4)
        .span(6),
    )
    .withPanel(
      new stat.PanelBuilder()
        .title('Jobs and datasets')
        .datasource(prometheusDatasource)
        .withTarget(promql(`max(${m.jobs}${sel()})`, { instant: true, legend: 'jobs' }))
        .withTarget(promql(`max(${m.datasets}${sel()})`, { instant: true, legend: 'datasets', refId: 'B' }))
        .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']))
        .textMode(common.BigValueTextMode.ValueAndName)
        .colorMode(common.BigValueColorMode.None)
        .graphMode(common.BigValueGraphMode.None)
        .height(4)
        .span(6),
    )
    .withPanel(
      new stat.PanelBuilder()
        .title('Ingest errors (1 h)')
        .datasource(prometheusDatasource)
        .withTarget(promql(`sum(increase(${m.ingestErrors}${sel()}[1h])) or vector(0)`, { instant: true }))
        .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']))
        .decimals(0)
        .thresholds(thresholds([1, 'orange'], [100, 'red']))
        .colorMode(common.BigValueColorMode.Value)
        .graphMode(common.BigValueGraphMode.None)
        .height(4)
        .span(6),
    )
    .withRow(new dashboard.RowBuilder('Ingest'))
    .withPanel(
      series(
        'Documents taken in, by source and outcome',
        [promql(`sum by (source, outcome) (rate(${m.ingestDocuments}${sel()}[$__rate_interval]))`, { legend: '{{source}} {{outcome}}' })],
        'reqps',
        'OpenLineage events, dlt and dbt artifacts and plain runs per second: stored, duplicate (a retry) or rejected.',
      ).stacking(new common.StackingConfigBuilder().mode(common.StackingMode.Normal)).fillOpacity(30),
    )
    .withPanel(
      series(
        'Ingest errors, by source and error',
        [promql(`sum by (source, error) (rate(${m.ingestErrors}${sel()}[$__rate_interval]))`, { legend: '{{source}} {{error}}' })],
        'reqps',
        'Requests refused: invalid documents, bad tokens, overload (503) and internal errors.',
      ),
    )
    .withPanel(series('Acknowledgement latency', quantiles(m.acknowledgement, ''), 's', 'From receiving an ingest request to answering it, after the commit.'))
    .withPanel(
      series(
        'Queue depth',
        [promql(`max by (instance) (${m.queueDepth}${sel()})`, { legend: '{{instance}}' })],
        'short',
        'Documents waiting for their commit; ingest answers 503 when it reaches --max-queued.',
      ),
    )
    .withRow(new dashboard.RowBuilder('HTTP and database'))
    .withPanel(
      series(
        'Request duration p95, by route',
        [promql(`histogram_quantile(0.95, sum by (le, route) (rate(${m.httpDuration}_bucket${sel()}[$__rate_interval])))`, { legend: '{{route}}' })],
        's',
      ),
    )
    .withPanel(
      series(
        'Database query duration p95, by operation',
        [
          promql(`histogram_quantile(0.95, sum by (le, operation) (rate(${m.databaseQueries}_bucket${sel()}[$__rate_interval])))`, { legend: '{{operation}}' }),
          promql(`max by (dialect) (${m.databasePing}${sel()})`, { legend: 'ping ({{dialect}})', refId: 'B' }),
        ],
        's',
      ),
    )
    .withPanel(
      series(
        'Metrics snapshot',
        [
          promql(`max(${m.snapshotAge}${sel()})`, { legend: 'snapshot age' }),
          promql(`sum(increase(${m.snapshotErrors}${sel()}[$__rate_interval]))`, { legend: 'snapshot errors', refId: 'B' }),
        ],
        's',
        'How old the dataset and job metrics are, and failed attempts to read them.',
      ),
    )
    .withRow(new dashboard.RowBuilder('Process'))
    .withPanel(
      series(
        'Memory',
        [
          promql(`${m.residentMemory}${sel()}`, { legend: 'resident {{instance}}' }),
          promql(`${m.heapUsed}${sel()}`, { legend: 'heap used {{instance}}', refId: 'B' }),
        ],
        'bytes',
      ),
    )
    .withPanel(
      series(
        'CPU and event loop',
        [
          promql(`rate(${m.cpuSeconds}${sel()}[$__rate_interval])`, { legend: 'CPU {{instance}}' }),
          promql(`${m.eventLoopLagP99}${sel()}`, { legend: 'event loop lag p99 {{instance}}', refId: 'B' }),
        ],
        's',
      ),
    );
}
