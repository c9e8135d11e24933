import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as logs from '@grafana/grafana-foundation-sdk/logs';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as statetimeline from '@grafana/grafana-foundation-sdk/statetimeline';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';

import type { EventsTarget, RunStatsTarget, RunsTarget, TraceTarget } from '../contract/query';
import {
  baseDashboard,
  hideColumns,
  linkOverride,
  namespaceVariable,
  paneDatasource,
  paneVariable,
  runStateMappings,
  thresholdSteps,
} from './common';
import { pane } from './queries';
import { currentVariable, dashboardPath, dashboardUids, rowField } from './uids';

const job = { namespace: '$namespace', job: '$job' };

/**
 * One job: its runs as a table and a state timeline, durations, rows, errors, and the selected
 * run's trace (a DAG run and its tasks, a dbt invocation and its models). Variables: `namespace`,
 * `job` (a job node id `job:<namespace>:<name>` or a name) and `run` (newest first).
 */
export function jobDetailDashboard() {
  // The run whose trace the last panel shows: set by clicking a run in the history table
  // (variable queries answer namespaces, jobs, datasets, owners and orchestrators, not runs).
  const runVariable = new dashboard.TextBoxVariableBuilder('run')
    .label('Run')
    .description('A run id; click a run in the run history to show its trace.')
    .defaultValue('')
    .current({ text: '', value: '' });

  return baseDashboard('Pipeline Pane / Job detail', dashboardUids.jobDetail, 'One job: run history, durations, rows, errors and the trace of a run.')
    .withVariable(namespaceVariable())
    .withVariable(paneVariable('job', 'jobs', { label: 'Job', namespace: '$namespace', description: 'A job node id (job:<namespace>:<name>)' }))
    .withVariable(runVariable)
    .link(
      new dashboard.DashboardLinkBuilder('Lineage of this job')
        .type(dashboard.DashboardLinkType.Link)
        .url(dashboardPath('lineage', { node: currentVariable('job'), datasource: currentVariable('datasource') }, { keepTime: false }))
        .keepTime(true)
        .icon('external link'),
    )
    .withRow(new dashboard.RowBuilder('Latest'))
    .withPanel(
      new stat.PanelBuilder()
        .title('Last run')
        .datasource(paneDatasource)
        .withTarget(pane<RunsTarget>({ kind: 'runs', ...job, limit: 1 }))
        .reduceOptions(new common.ReduceDataOptionsBuilder().values(false).calcs(['firstNotNull']).fields('/^state$/'))
        .mappings(runStateMappings)
        .colorMode(common.BigValueColorMode.Background)
        .graphMode(common.BigValueGraphMode.None)
        .height(5)
        .span(4),
    )
    .withPanel(
      new stat.PanelBuilder()
        .title('Success rate')
        .description('Finished runs that succeeded, over the time range.')
        .datasource(paneDatasource)
        .withTarget(pane<RunStatsTarget>({ kind: 'runStats', ...job, metric: 'successRate' }))
        .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['mean']))
        .unit('percentunit')
        .decimals(1)
        .thresholds(thresholdSteps('red', [0.9, 'orange'], [0.99, 'green']))
        .colorMode(common.BigValueColorMode.Value)
        .graphMode(common.BigValueGraphMode.Area)
        .height(5)
        .span(4),
    )
    .withPanel(
      new stat.PanelBuilder()
        .title('Duration p95')
        .datasource(paneDatasource)
        .withTarget(pane<RunStatsTarget>({ kind: 'runStats', ...job, metric: 'duration' }))
        .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['max']).fields('/^p95$/'))
        .unit('ms')
        .colorMode(common.BigValueColorMode.None)
        .graphMode(common.BigValueGraphMode.Area)
        .height(5)
        .span(4),
    )
    .withPanel(
      new stat.PanelBuilder()
        .title('Last error')
        .description('The error of the newest failed run in the time range.')
        .datasource(paneDatasource)
        .withTarget(pane<RunsTarget>({ kind: 'runs', ...job, states: ['FAIL'], limit: 1 }))
        .reduceOptions(new common.ReduceDataOptionsBuilder().values(false).calcs(['firstNotNull']).fields('/^error$/'))
        .textMode(common.BigValueTextMode.Value)
        .colorMode(common.BigValueColorMode.None)
        .graphMode(common.BigValueGraphMode.None)
        .noValue('No failure in this time range')
        .height(5)
        .span(12),
    )
    .withRow(new dashboard.RowBuilder('Runs'))
    .withPanel(
      new statetimeline.PanelBuilder()
        .title('Runs over time')
        .description('Each run from its start, coloured by its state.')
        .datasource(paneDatasource)
        .withTarget(pane<RunsTarget>({ kind: 'runs', ...job, limit: 500 }))
        .withTransformation({ id: 'filterFieldsByName', options: { include: { names: ['start', 'state'] } } })
        .withTransformation({ id: 'sortBy', options: { sort: [{ field: 'start', desc: false }] } })
        .mappings(runStateMappings)
        .showValue(common.VisibilityMode.Never)
        .mergeValues(false)
        .rowHeight(0.8)
        .height(5)
        .span(24),
    )
    .withPanel(
      new timeseries.PanelBuilder()
        .title('Duration p50 / p95 / p99')
        .datasource(paneDatasource)
        .withTarget(pane<RunStatsTarget>({ kind: 'runStats', ...job, metric: 'duration' }))
        .unit('ms')
        .spanNulls(true)
        .showPoints(common.VisibilityMode.Always)
        .height(8)
        .span(12),
    )
    .withPanel(
      new timeseries.PanelBuilder()
        .title('Rows per run')
        .description('Rows read and written by each run.')
        .datasource(paneDatasource)
        .withTarget(pane<RunsTarget>({ kind: 'runs', ...job, limit: 500 }))
        .withTransformation({ id: 'filterFieldsByName', options: { include: { names: ['start', 'rows_in', 'rows_out'] } } })
        .withTransformation({ id: 'sortBy', options: { sort: [{ field: 'start', desc: false }] } })
        .drawStyle(common.GraphDrawStyle.Bars)
        .fillOpacity(70)
        .unit('short')
        .height(8)
        .span(12),
    )
    .withPanel(
      new table.PanelBuilder()
        .title('Run history')
        .description('Click a run to show its trace below.')
        .datasource(paneDatasource)
        .withTarget(pane<RunsTarget>({ kind: 'runs', ...job, limit: 200 }))
        .withOverride(
          linkOverride(
            'run_id',
            'Show this run\u2019s trace',
            dashboardPath('jobDetail', {
              namespace: currentVariable('namespace'),
              job: currentVariable('job'),
              run: rowField('run_id'),
              datasource: currentVariable('datasource'),
            }),
          ),
        )
        .overrideByName('state', [
          { id: 'mappings', value: runStateMappings },
          { id: 'custom.cellOptions', value: { type: 'color-text' } },
        ])
        .overrides(hideColumns('job_id', 'job', 'namespace', 'parent_job_id'))
        .height(10)
        .span(24),
    )
    .withRow(new dashboard.RowBuilder('Errors and trace'))
    .withPanel(
      new logs.PanelBuilder()
        .title('Errors and warnings')
        .datasource(paneDatasource)
        .withTarget(pane<EventsTarget>({ kind: 'events', ...job, levels: ['error', 'warning'], limit: 500 }))
        .showTime(true)
        .wrapLogMessage(true)
        .enableLogDetails(true)
        .sortOrder(common.LogsSortOrder.Descending)
        .height(10)
        .span(24),
    )
    .withPanel(
      new dashboard.PanelBuilder()
        .type('traces')
        .title('Trace of run $run')
        .description('The run picked in the run history (click a run id) and its child runs: a DAG run and its tasks, a dbt invocation and its models, dlt steps.')
        .datasource(paneDatasource)
        .withTarget(pane<TraceTarget>({ kind: 'trace', runId: '$run' }))
        .height(14)
        .span(24),
    );
}
