import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import * as common from '@grafana/grafana-foundation-sdk/common';

import { datasetMetrics, jobMetrics } from '../alerts/metricNames';
import type { FreshnessTarget, RunStatsTarget, RunsTarget } from '../contract/query';
import {
  baseDashboard,
  datasetLink,
  freshnessMappings,
  hideColumns,
  jobLink,
  linkOverride,
  namespaceVariable,
  promNamespace,
  prometheusDatasource,
  paneDatasource,
  runStateMappings,
  thresholds,
  thresholdSteps,
  withJobId,
} from './common';
import { pane, promql } from './queries';
import { dashboardPath, dashboardUids } from './uids';

const ns = `{${promNamespace}}`;

/**
 * The single pane: is anything wrong right now, what, and who owns it. Counts come from
 * Prometheus (the collector's SLA metrics, the same numbers the alerts use); lists come from the
 * Pipeline Pane data source, with links to the job and dataset dashboards.
 */
export function overviewDashboard() {
  const stale = `count(${datasetMetrics.freshnessStatus}${ns} == 2) or vector(0)`;
  const failing = `count(${jobMetrics.lastRunState}{state="FAIL", ${promNamespace}}) or vector(0)`;

  return (
    baseDashboard('Pipeline Pane / Pipelines overview', dashboardUids.overview, 'Every pipeline at a glance: what is failing, what is stale, what the checks say, and what is firing.', {
      prometheus: true,
    })
      .withVariable(namespaceVariable())
      .withRow(new dashboard.RowBuilder('Right now'))
      .withPanel(
        new stat.PanelBuilder()
          .title('Overall status')
          .description('Worst of: datasets past their freshness SLA, jobs whose last run failed, firing Pipeline Pane alerts.')
          .datasource(prometheusDatasource)
          .withTarget(
            promql(
              `max(label_replace(max(${datasetMetrics.freshnessStatus}${ns}), "part", "freshness", "", "") or label_replace(2 * clamp_max(${failing.replace(' or vector(0)', '')}, 1), "part", "jobs", "", "") or label_replace(vector(0), "part", "none", "", ""))`,
              { instant: true },
            ),
          )
          .mappings([
            {
              type: dashboard.MappingType.ValueToText,
              options: {
                '-1': { text: 'No SLAs yet', color: 'text', index: 0 },
                '0': { text: 'Healthy', color: 'green', index: 1 },
                '1': { text: 'Degraded', color: 'orange', index: 2 },
                '2': { text: 'Failing', color: 'red', index: 3 },
              },
            },
          ])
          .colorMode(common.BigValueColorMode.Background)
          .graphMode(common.BigValueGraphMode.None)
          .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']))
          .height(5)
          .span(4),
      )
      .withPanel(
        countStat('Stale datasets', stale, 'Datasets past the critical threshold of their freshness SLA.', [[1, 'red']], dashboardPath('quality')),
      )
      .withPanel(
        countStat(
          'Datasets in warning',
          `count(${datasetMetrics.freshnessStatus}${ns} == 1) or vector(0)`,
          'Datasets past the warning threshold of their freshness SLA.',
          [[1, 'orange']],
        ),
      )
      .withPanel(countStat('Failing jobs', failing, 'Jobs whose latest run failed.', [[1, 'red']]))
      .withPanel(
        new stat.PanelBuilder()
          .title('Quality score')
          .description('The mean over datasets with checks of the share of their latest check results that passed.')
          .datasource(prometheusDatasource)
          .withTarget(
            promql(
              `avg(${datasetMetrics.qualityPassRatio}${ns})`,
              { instant: true },
            ),
          )
          .unit('percentunit')
          .decimals(1)
          .min(0)
          .max(1)
          .thresholds(thresholdSteps('red', [0.9, 'orange'], [0.98, 'green']))
          .colorMode(common.BigValueColorMode.Value)
          .graphMode(common.BigValueGraphMode.None)
          .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']))
          .height(5)
          .span(4),
      )
      .withPanel(
        countStat(
          'Firing alerts',
          'count(ALERTS{alertstate="firing", component="pipelinepane"}) or vector(0)',
          'Pipeline Pane alerts firing in Prometheus now (see the list below).',
          [[1, 'red']],
        ),
      )
      .withRow(new dashboard.RowBuilder('Runs'))
      .withPanel(
        new timeseries.PanelBuilder()
          .title('Runs by state')
          .description('Runs started per interval, by their current state.')
          .datasource(paneDatasource)
          .withTarget(pane<RunStatsTarget>({ kind: 'runStats', metric: 'countByState', namespace: '$namespace' }))
          .drawStyle(common.GraphDrawStyle.Bars)
          .fillOpacity(80)
          .stacking(new common.StackingConfigBuilder().mode(common.StackingMode.Normal))
          .unit('short')
          .height(8)
          .span(12),
      )
      .withPanel(
        new timeseries.PanelBuilder()
          .title('Run duration p95')
          .description('95th percentile of finished runs\u2019 durations per interval (p50 and p99 for context).')
          .datasource(paneDatasource)
          .withTarget(pane<RunStatsTarget>({ kind: 'runStats', metric: 'duration', namespace: '$namespace' }))
          .unit('ms')
          .lineWidth(2)
          .overrideByName('p50', [{ id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } }])
          .overrideByName('p99', [{ id: 'custom.lineStyle', value: { fill: 'dot', dash: [0, 10] } }])
          .height(8)
          .span(12),
      )
      .withRow(new dashboard.RowBuilder('Needs attention'))
      .withPanel(
        new table.PanelBuilder()
          .title('Firing alerts')
          .description('Pipeline Pane alerts firing in Prometheus. Silence or route them in Alertmanager.')
          .datasource(prometheusDatasource)
          .withTarget(promql('ALERTS{alertstate="firing", component="pipelinepane"}', { instant: true, table: true }))
          .withTransformation({
            id: 'organize',
            options: {
              excludeByName: { Time: true, Value: true, __name__: true, alertstate: true, component: true, instance: true, job: false },
              indexByName: { alertname: 0, severity: 1, namespace: 2, dataset: 3, job: 4, owner: 5, team: 6 },
              renameByName: { alertname: 'Alert', severity: 'Severity', namespace: 'Namespace', dataset: 'Dataset', job: 'Job', owner: 'Owner', team: 'Team' },
            },
          })
          .noValue('Nothing firing')
          .height(8)
          .span(24),
      )
      .withPanel(
        new table.PanelBuilder()
          .title('Stale and late datasets')
          .description('Datasets past their freshness SLA, stale first, longest first. Click a dataset for its health.')
          .datasource(paneDatasource)
          .withTarget(pane<FreshnessTarget>({ kind: 'freshness', namespace: '$namespace', statuses: ['stale', 'warning'], limit: 50 }))
          .withOverride(linkOverride('dataset', 'Dataset health', datasetLink()))
          .withOverride(linkOverride('producing_job', 'Job detail', jobLink('producing_job_id')))
          .overrideByName('status', [
            { id: 'mappings', value: freshnessMappings },
            { id: 'custom.cellOptions', value: { type: 'color-background' } },
          ])
          .overrides([
            ...hideColumns('dataset_id', 'producing_job_id', 'owners', 'expected_schedule', 'sla_source', 'warn_after'),
          ])
          .noValue('Every dataset is within its SLA')
          .height(10)
          .span(12),
      )
      .withPanel(
        new table.PanelBuilder()
          .title('Worst offenders: failing jobs')
          .description('Jobs whose latest run failed, with their failures in the last 24 hours. Click a job for its runs.')
          .datasource(prometheusDatasource)
          .withTarget(
            promql(
              `sort_desc(${withJobId(`sum by (namespace, job, owner, team) (${jobMetrics.runsLast24h}{state="FAIL", ${promNamespace}} and on (namespace, job) ${jobMetrics.lastRunState}{state="FAIL"})`)})`,
              { instant: true, table: true },
            ),
          )
          .withTransformation({
            id: 'organize',
            options: {
              excludeByName: { Time: true, pane_ns: true, job_id: true },
              indexByName: { job: 0, namespace: 1, Value: 2, owner: 3, team: 4 },
              renameByName: { Value: 'Failures (24 h)', job: 'Job', namespace: 'Namespace', owner: 'Owner', team: 'Team' },
            },
          })
          .withOverride(linkOverride('job', 'Job detail', jobLink()))
          .noValue('No job is failing')
          .height(10)
          .span(12),
      )
      .withPanel(
        new table.PanelBuilder()
          .title('Latest failed runs')
          .description('The newest failed runs in the time range, with their errors.')
          .datasource(paneDatasource)
          .withTarget(pane<RunsTarget>({ kind: 'runs', namespace: '$namespace', states: ['FAIL'], limit: 50 }))
          .withOverride(linkOverride('job', 'Job detail', jobLink()))
          .overrideByName('state', [
            { id: 'mappings', value: runStateMappings },
            { id: 'custom.cellOptions', value: { type: 'color-text' } },
          ])
          .overrides(hideColumns('run_id', 'job_id', 'parent_run_id', 'parent_job_id', 'rows_in', 'nominal_time'))
          .height(10)
          .span(24),
      )
  );
}

function countStat(title: string, expr: string, description: string, steps: Array<[number, string]>, link?: string) {
  const builder = new stat.PanelBuilder()
    .title(title)
    .description(description)
    .datasource(prometheusDatasource)
    .withTarget(promql(expr, { instant: true }))
    .unit('none')
    .decimals(0)
    .thresholds(thresholds(...steps))
    .colorMode(common.BigValueColorMode.Value)
    .graphMode(common.BigValueGraphMode.None)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']))
    .height(5)
    .span(4);
  if (link) {
    builder.links([new dashboard.DashboardLinkBuilder(title).url(link)]);
  }
  return builder;
}
