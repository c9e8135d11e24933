import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';

import { datasetMetrics } from '../alerts/metricNames';
import type { QualityStatsTarget, QualityTarget } from '../contract/query';
import {
  baseDashboard,
  datasetLink,
  hideColumns,
  linkOverride,
  namespaceVariable,
  paneDatasource,
  paneVariable,
  passedMappings,
  prometheusDatasource,
  promNamespace,
  thresholdSteps,
  withDatasetId,
} from './common';
import { pane, promql } from './queries';
import { dashboardUids } from './uids';

const scope = { namespace: '$namespace', dataset: '$dataset' };

/** Data quality across datasets: pass rates by dataset and by check, datasets under their threshold, and the failures log. */
export function dataQualityDashboard() {
  return baseDashboard('Pipeline Pane / Data quality', dashboardUids.quality, 'Check pass rates by dataset and check, datasets under their quality SLA, and every failure.', {
    prometheus: true,
  })
    .withVariable(namespaceVariable())
    .withVariable(paneVariable('dataset', 'datasets', { label: 'Dataset', namespace: '$namespace', anyLabel: 'All datasets' }))
    .withRow(new dashboard.RowBuilder('Pass rates'))
    .withPanel(
      new stat.PanelBuilder()
        .title('Checks passing')
        .description('Share of check results that passed in the time range.')
        .datasource(paneDatasource)
        .withTarget(pane<QualityStatsTarget>({ kind: 'qualityStats', ...scope, groupBy: 'dataset' }))
        .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['mean']))
        .withTransformation({ id: 'merge', options: {} })
        .unit('percentunit')
        .decimals(1)
        .thresholds(thresholdSteps('red', [0.9, 'orange'], [0.98, 'green']))
        .colorMode(common.BigValueColorMode.Value)
        .graphMode(common.BigValueGraphMode.Area)
        .height(6)
        .span(6),
    )
    .withPanel(
      new table.PanelBuilder()
        .title('Datasets under their quality SLA')
        .description('Latest pass ratio of each dataset against its minimum (the quality SLA), worst first.')
        .datasource(prometheusDatasource)
        .withTarget(
          promql(
            `sort(${withDatasetId(`${datasetMetrics.qualityPassRatio}{${promNamespace}} < ${datasetMetrics.qualityMinPassRatio}`)})`,
            { instant: true, table: true },
          ),
        )
        .withTransformation({
          id: 'organize',
          options: {
            excludeByName: { Time: true, __name__: true, instance: true, job: true, pane_ns: true, dataset_id: true },
            indexByName: { dataset: 0, namespace: 1, Value: 2, owner: 3, team: 4, severity: 5 },
            renameByName: { Value: 'Pass ratio', dataset: 'Dataset', namespace: 'Namespace', owner: 'Owner', team: 'Team', severity: 'Severity' },
          },
        })
        .overrideByName('Pass ratio', [{ id: 'unit', value: 'percentunit' }])
        .withOverride(linkOverride('dataset', 'Dataset health', datasetLink()))
        .noValue('Every dataset meets its quality SLA')
        .height(6)
        .span(18),
    )
    .withPanel(
      new timeseries.PanelBuilder()
        .title('Pass rate by dataset')
        .datasource(paneDatasource)
        .withTarget(pane<QualityStatsTarget>({ kind: 'qualityStats', ...scope, groupBy: 'dataset' }))
        .unit('percentunit')
        .min(0)
        .max(1)
        .spanNulls(true)
        .showPoints(common.VisibilityMode.Auto)
        .height(9)
        .span(12),
    )
    .withPanel(
      new timeseries.PanelBuilder()
        .title('Pass rate by check')
        .datasource(paneDatasource)
        .withTarget(pane<QualityStatsTarget>({ kind: 'qualityStats', ...scope, groupBy: 'check' }))
        .unit('percentunit')
        .min(0)
        .max(1)
        .spanNulls(true)
        .showPoints(common.VisibilityMode.Auto)
        .height(9)
        .span(12),
    )
    .withRow(new dashboard.RowBuilder('Failures'))
    .withPanel(
      new table.PanelBuilder()
        .title('Failures log')
        .description('Every failed check result in the time range, newest first. Click a dataset for its health.')
        .datasource(paneDatasource)
        .withTarget(pane<QualityTarget>({ kind: 'quality', ...scope, failedOnly: true, limit: 1000 }))
        .withOverride(linkOverride('dataset', 'Dataset health', datasetLink()))
        .overrideByName('passed', [
          { id: 'mappings', value: passedMappings },
          { id: 'custom.cellOptions', value: { type: 'color-text' } },
        ])
        .overrides(hideColumns('dataset_id', 'run_id'))
        .noValue('No failed checks in this time range')
        .height(12)
        .span(24),
    );
}
