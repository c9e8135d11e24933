import * as bargauge from '@grafana/grafana-foundation-sdk/bargauge';
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';

import type { ColumnLineageTarget, FreshnessTarget, ImpactTarget, LineageTarget, QualityStatsTarget, QualityTarget, VolumeTarget } from '../contract/query';
import {
  baseDashboard,
  datasetLink,
  freshnessMappings,
  hideColumns,
  jobLink,
  linkOverride,
  lineageLink,
  paneDatasource,
  paneVariable,
  passedMappings,
} from './common';
import { pane } from './queries';
import { currentVariable, dashboardPath, dashboardUids, pluginIds } from './uids';

const dataset = '$dataset';

/**
 * One dataset (variable `dataset`: a node id `dataset:<namespace>:<name>`): freshness against its
 * SLA, quality check history, volume with anomalies, personal-data columns, its lineage
 * neighbourhood and what downstream depends on it.
 */
export function datasetHealthDashboard() {
  const freshness = () => pane<FreshnessTarget>({ kind: 'freshness', dataset });
  const freshnessStat = (title: string, field: string, configure: (builder: stat.PanelBuilder) => stat.PanelBuilder = (b) => b) =>
    configure(
      new stat.PanelBuilder()
        .title(title)
        .datasource(paneDatasource)
        .withTarget(freshness())
        .reduceOptions(new common.ReduceDataOptionsBuilder().values(false).calcs(['firstNotNull']).fields(`/^${field}$/`))
        .graphMode(common.BigValueGraphMode.None)
        .colorMode(common.BigValueColorMode.None)
        .height(4)
        .span(4),
    );

  return baseDashboard(
    'Pipeline Pane / Dataset health',
    dashboardUids.datasetHealth,
    'One dataset: freshness against its SLA, quality checks, volume, personal data, lineage and downstream impact.',
  )
    .withVariable(paneVariable('dataset', 'datasets', { label: 'Dataset', description: 'A dataset node id (dataset:<namespace>:<name>)' }))
    .link(
      new dashboard.DashboardLinkBuilder('Lineage explorer')
        .type(dashboard.DashboardLinkType.Link)
        .url(dashboardPath('lineage', { node: currentVariable('dataset'), datasource: currentVariable('datasource') }, { keepTime: false }))
        .keepTime(true)
        .icon('external link'),
    )
    .withRow(new dashboard.RowBuilder('Freshness'))
    .withPanel(
      freshnessStat('Freshness', 'status', (b) => b.mappings(freshnessMappings).colorMode(common.BigValueColorMode.Background)),
    )
    .withPanel(freshnessStat('Last update', 'last_update', (b) => b.unit('dateTimeFromNow')))
    .withPanel(freshnessStat('Owner', 'owners', (b) => b.noValue('no owner')))
    .withPanel(freshnessStat('Team', 'team', (b) => b.noValue('no team')))
    .withPanel(
      freshnessStat('Produced by', 'producing_job', (b) =>
        b.noValue('unknown').links([new dashboard.DashboardLinkBuilder('Job detail').url(dashboardPath('jobDetail', { job: '${__data.fields.producing_job_id:percentencode}' }))]),
      ),
    )
    .withPanel(freshnessStat('SLA from', 'sla_source', (b) => b.noValue('no SLA')))
    .withPanel(
      new bargauge.PanelBuilder()
        .title('Age against the SLA')
        .description('How old the data is, beside the ages at which it turns "warning" and "stale".')
        .datasource(paneDatasource)
        .withTarget(freshness())
        .withTransformation({ id: 'filterFieldsByName', options: { include: { names: ['age', 'warn_after', 'critical_after'] } } })
        .reduceOptions(new common.ReduceDataOptionsBuilder().values(false).calcs(['firstNotNull']))
        .unit('s')
        .min(0)
        .displayMode(common.BarGaugeDisplayMode.Basic)
        .orientation(common.VizOrientation.Horizontal)
        .overrideByName('age', [{ id: 'color', value: { mode: 'fixed', fixedColor: 'blue' } }])
        .overrideByName('warn_after', [{ id: 'color', value: { mode: 'fixed', fixedColor: 'orange' } }])
        .overrideByName('critical_after', [{ id: 'color', value: { mode: 'fixed', fixedColor: 'red' } }])
        .height(6)
        .span(12),
    )
    .withPanel(
      new table.PanelBuilder()
        .title('Why')
        .datasource(paneDatasource)
        .withTarget(freshness())
        .withTransformation({ id: 'filterFieldsByName', options: { include: { names: ['reason', 'expected_schedule', 'severity', 'sla_source'] } } })
        .height(6)
        .span(12),
    )
    .withRow(new dashboard.RowBuilder('Quality'))
    .withPanel(
      new timeseries.PanelBuilder()
        .title('Check pass rate')
        .description('Pass rate per check and interval.')
        .datasource(paneDatasource)
        .withTarget(pane<QualityStatsTarget>({ kind: 'qualityStats', dataset, groupBy: 'check' }))
        .unit('percentunit')
        .min(0)
        .max(1)
        .showPoints(common.VisibilityMode.Always)
        .spanNulls(true)
        .height(8)
        .span(12),
    )
    .withPanel(
      new table.PanelBuilder()
        .title('Check history')
        .datasource(paneDatasource)
        .withTarget(pane<QualityTarget>({ kind: 'quality', dataset, limit: 500 }))
        .overrideByName('passed', [
          { id: 'mappings', value: passedMappings },
          { id: 'custom.cellOptions', value: { type: 'color-background' } },
        ])
        .overrides(hideColumns('dataset_id', 'dataset', 'namespace', 'run_id'))
        .height(8)
        .span(12),
    )
    .withRow(new dashboard.RowBuilder('Volume'))
    .withPanel(
      new timeseries.PanelBuilder()
        .title('Rows written, with anomalies')
        .description('Rows each run wrote, the median of the previous runs, and the runs flagged as anomalies (red points).')
        .datasource(paneDatasource)
        .withTarget(pane<VolumeTarget>({ kind: 'volume', dataset, limit: 1000 }))
        .withTarget(pane<VolumeTarget>({ refId: 'B', kind: 'volume', dataset, anomaliesOnly: true, limit: 1000 }))
        .withTransformation({ id: 'filterFieldsByName', options: { include: { names: ['time', 'rows', 'baseline'] } } })
        .withTransformation({ id: 'sortBy', options: { sort: [{ field: 'time', desc: false }] } })
        .unit('short')
        .showPoints(common.VisibilityMode.Always)
        .overrideByName('baseline', [{ id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } }])
        .overrideByQuery('B', [
          { id: 'displayName', value: 'anomaly' },
          { id: 'custom.drawStyle', value: 'points' },
          { id: 'custom.pointSize', value: 12 },
          { id: 'color', value: { mode: 'fixed', fixedColor: 'red' } },
        ])
        .height(8)
        .span(16),
    )
    .withPanel(
      new table.PanelBuilder()
        .title('Anomalies')
        .datasource(paneDatasource)
        .withTarget(pane<VolumeTarget>({ kind: 'volume', dataset, anomaliesOnly: true, limit: 100 }))
        .withTransformation({ id: 'filterFieldsByName', options: { include: { names: ['time', 'rows', 'baseline', 'z_score', 'anomaly_kind', 'job', 'job_id', 'namespace'] } } })
        .withOverride(linkOverride('job', 'Job detail', jobLink()))
        .overrides(hideColumns('job_id', 'namespace'))
        .noValue('No anomalies')
        .height(8)
        .span(8),
    )
    .withRow(new dashboard.RowBuilder('Schema and personal data'))
    .withPanel(
      new stat.PanelBuilder()
        .title('Personal-data columns')
        .description('Columns tagged as personal data (OpenLineage tags facet, pii).')
        .datasource(paneDatasource)
        .withTarget(pane<LineageTarget>({ kind: 'lineage', node: dataset, direction: 'both', depth: 1 }))
        .withTransformation({ id: 'filterByValue', options: { type: 'include', match: 'any', filters: [{ fieldName: 'id', config: { id: 'equal', options: { value: dataset } } }] } })
        .reduceOptions(new common.ReduceDataOptionsBuilder().values(false).calcs(['firstNotNull']).fields('/^detail__pii_columns$/'))
        .colorMode(common.BigValueColorMode.Background)
        .graphMode(common.BigValueGraphMode.None)
        .thresholds(new dashboard.ThresholdsConfigBuilder().mode(dashboard.ThresholdsMode.Absolute).steps([{ value: null, color: 'purple' }]))
        .noValue('none tagged')
        .height(7)
        .span(6),
    )
    .withPanel(
      new table.PanelBuilder()
        .title('Columns and where they come from')
        .description('Column-level lineage of this dataset, personal-data columns marked.')
        .datasource(paneDatasource)
        .withTarget(pane<ColumnLineageTarget>({ kind: 'columnLineage', node: dataset, depth: 1 }))
        .frameIndex(1)
        .withTransformation({
          id: 'organize',
          options: {
            excludeByName: { id: true, color: true, highlighted: true, subtitle: true, detail__namespace: true, detail__column: true },
            renameByName: { title: 'Column', mainstat: 'Personal data', detail__dataset: 'Dataset', detail__pii: 'PII', detail__depth: 'Hops upstream' },
          },
        })
        .overrideByName('PII', [{ id: 'mappings', value: [{ type: 'value', options: { true: { text: 'personal data', color: 'purple', index: 0 }, false: { text: '', index: 1 } } }] }])
        .overrideByName('Dataset', [{ id: 'links', value: [{ title: 'Dataset health', url: datasetLink('detail__dataset') }] }])
        .height(7)
        .span(18),
    )
    .withRow(new dashboard.RowBuilder('Lineage and impact'))
    .withPanel(
      new dashboard.PanelBuilder()
        .type(pluginIds.lineagePanel)
        .title('Lineage neighbourhood')
        .description('Two hops up and down from this dataset, with health on every node.')
        .datasource(paneDatasource)
        .withTarget(pane<LineageTarget>({ kind: 'lineage', node: dataset, direction: 'both', depth: 2 }))
        .options({ direction: 'LR', colorBy: 'freshness', showLegend: false })
        .links([new dashboard.DashboardLinkBuilder('Open in the lineage explorer').url(lineageLink().replace('${__value.raw:percentencode}', currentVariable('dataset')))])
        .height(14)
        .span(14),
    )
    .withPanel(
      new table.PanelBuilder()
        .title('Downstream impact')
        .description('Everything that depends on this dataset, nearest first: who owns it and whether it is already stale.')
        .datasource(paneDatasource)
        .withTarget(pane<ImpactTarget>({ kind: 'impact', node: dataset }))
        .withOverride(linkOverride('name', 'Open', lineageLink('node')))
        .overrideByName('freshness_status', [
          { id: 'mappings', value: freshnessMappings },
          { id: 'custom.cellOptions', value: { type: 'color-text' } },
        ])
        .overrides(hideColumns('node', 'namespace', 'direct', 'last_updated_at'))
        .noValue('Nothing downstream')
        .height(14)
        .span(10),
    );
}
