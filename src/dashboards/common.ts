import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';

import type { QueryTarget, VariableSubject } from '../contract/query';
import { paneDatasource, prometheusDatasource } from './queries';
import { clickedValue, currentVariable, dashboardPath, type DashboardKey, datasourceUids, pluginIds, rowField } from './uids';

/** Tags every Pipeline Pane dashboard carries; the dashboard links below follow them. */
export const paneTag = 'pipelinepane';

/** The Pipeline Pane data source to query (provisioned as uid `pipelinepane`). */
export const datasourceVariable = () =>
  new dashboard.DatasourceVariableBuilder('datasource')
    .label('Pipeline Pane')
    .type(pluginIds.datasource)
    .current({ text: 'Pipeline Pane', value: datasourceUids.pane });

/** Prometheus scraping the collector's /metrics (provisioned as uid `prometheus`). */
export const prometheusVariable = () =>
  new dashboard.DatasourceVariableBuilder('prometheus')
    .label('Prometheus')
    .type('prometheus')
    .current({ text: 'Prometheus', value: datasourceUids.prometheus });

/**
 * A picker filled by the collector's `variables` query kind (text = what a person reads, value =
 * a namespace name or a node id). `anyLabel` adds a first option whose value is empty, which the
 * query API reads as "no filter": that is how "all namespaces" works without Grafana's All value,
 * which would expand to a list the single-valued filters cannot take.
 */
export function paneVariable(
  name: string,
  subject: VariableSubject,
  options: { label: string; namespace?: string; anyLabel?: string; description?: string },
) {
  const query: QueryTarget = {
    refId: `${name}Variable`,
    kind: 'variables',
    subject,
    ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
  };
  const builder = new dashboard.QueryVariableBuilder(name)
    .label(options.label)
    .datasource(paneDatasource)
    .query(query)
    .definition(`${subject}${options.namespace ? ` in ${options.namespace}` : ''}`)
    .refresh(dashboard.VariableRefresh.OnDashboardLoad)
    .sort(dashboard.VariableSort.Disabled);
  if (options.description) {
    builder.description(options.description);
  }
  if (options.anyLabel) {
    builder
      .staticOptions([{ text: options.anyLabel, value: '' }])
      .staticOptionsOrder('before')
      .current({ text: options.anyLabel, value: '' });
  }
  return builder;
}

export const namespaceVariable = () =>
  paneVariable('namespace', 'namespaces', { label: 'Namespace', anyLabel: 'All namespaces', description: 'An OpenLineage namespace; empty for all' });

/** Links in every dashboard's header: the other Pipeline Pane dashboards, keeping the time range. */
export const dashboardLinks = () => [
  new dashboard.DashboardLinkBuilder('Pipeline Pane')
    .type(dashboard.DashboardLinkType.Dashboards)
    .tags([paneTag])
    .asDropdown(true)
    .includeVars(false)
    .keepTime(true)
    .icon('external link'),
];

/** A field override: make a table column link to a dashboard. */
export function linkOverride(field: string, title: string, url: string): { matcher: dashboard.MatcherConfig; properties: dashboard.DynamicConfigValue[] } {
  return {
    matcher: { id: 'byName', options: field },
    properties: [{ id: 'links', value: [{ title, url }] }],
  };
}

/** Link from a column holding a dataset node id (or from any column, taking the id from `idField`). */
export const datasetLink = (idField = 'dataset_id') =>
  dashboardPath('datasetHealth', { dataset: rowField(idField), datasource: currentVariable('datasource') });

/** Link to the job detail dashboard from a row with a job node id and a namespace. */
export const jobLink = (idField = 'job_id', namespaceField = 'namespace') =>
  dashboardPath('jobDetail', { namespace: rowField(namespaceField), job: rowField(idField), datasource: currentVariable('datasource') });

/** Link to the lineage explorer centred on the clicked node id. */
export const lineageLink = (idField?: string) =>
  dashboardPath('lineage', { node: idField ? rowField(idField) : clickedValue, datasource: currentVariable('datasource') });

export const dashboardLink = (key: DashboardKey, vars: Record<string, string> = {}) => dashboardPath(key, vars);

/** Hides columns a table needs for links but a person need not read. */
export function hideColumns(...fields: string[]) {
  return fields.map((field) => ({
    matcher: { id: 'byName', options: field },
    properties: [{ id: 'custom.hidden', value: true }],
  }));
}

/** Thresholds: `base` below the first step, then the given steps. */
export function thresholdSteps(base: string, ...steps: Array<[number, string]>) {
  return new dashboard.ThresholdsConfigBuilder().mode(dashboard.ThresholdsMode.Absolute).steps([
    { value: null, color: base },
    ...steps.map(([value, color]) => ({ value, color })),
  ]);
}

/** Thresholds: green below, then the given steps. */
export const thresholds = (...steps: Array<[number, string]>) => thresholdSteps('green', ...steps);

/**
 * A PromQL matcher for the `namespace` variable, whose "All namespaces" option is empty: with a
 * namespace it reads `x|.*$x`, which only `x` matches (nothing follows the end of the text); empty,
 * it reads `|.*$`, which everything matches. One matcher, no second variable.
 */
export const promNamespace = 'namespace=~"$namespace|.*$$namespace"';

/**
 * Adds a node id label (`dataset_id`: `dataset:<namespace>:<name>`, or `job_id`: `job:<namespace>:<name>`,
 * with colons in the namespace written %3A as src/contract/nodeIds.ts formats them) to series
 * labelled namespace and dataset (or job), so a Prometheus table can link to the dataset health
 * or job detail dashboard. label_replace replaces one match at a time: four rounds cover
 * namespaces like postgres://host:5432 with room to spare.
 */
export function withNodeId(expr: string, kind: 'dataset' | 'job'): string {
  let labelled = `label_replace(${expr}, "pane_ns", "$1", "namespace", "(.*)")`;
  for (let round = 0; round < 4; round++) {
    labelled = `label_replace(${labelled}, "pane_ns", "$1%3A$2", "pane_ns", "(.*):(.*)")`;
  }
  return `label_join(label_replace(${labelled}, "pane_ns", "${kind}:$1", "pane_ns", "(.*)"), "${kind}_id", ":", "pane_ns", "${kind}")`;
}

export const withDatasetId = (expr: string) => withNodeId(expr, 'dataset');
export const withJobId = (expr: string) => withNodeId(expr, 'job');

/** Colours for the collector's run states and freshness statuses, as value mappings. */
export const runStateMappings: dashboard.ValueMapping[] = [
  {
    type: dashboard.MappingType.ValueToText,
    options: {
      COMPLETE: { text: 'success', color: 'green', index: 0 },
      FAIL: { text: 'failed', color: 'red', index: 1 },
      ABORT: { text: 'aborted', color: 'orange', index: 2 },
      RUNNING: { text: 'running', color: 'blue', index: 3 },
      START: { text: 'started', color: 'blue', index: 4 },
      OTHER: { text: 'other', color: 'text', index: 5 },
    },
  },
];

export const freshnessMappings: dashboard.ValueMapping[] = [
  {
    type: dashboard.MappingType.ValueToText,
    options: {
      fresh: { text: 'fresh', color: 'green', index: 0 },
      warning: { text: 'warning', color: 'orange', index: 1 },
      stale: { text: 'stale', color: 'red', index: 2 },
      unknown: { text: 'no SLA', color: 'text', index: 3 },
    },
  },
];

export const passedMappings: dashboard.ValueMapping[] = [
  {
    type: dashboard.MappingType.ValueToText,
    options: {
      true: { text: 'passed', color: 'green', index: 0 },
      false: { text: 'failed', color: 'red', index: 1 },
    },
  },
];

/**
 * Shared dashboard settings: tags, time, refresh, links, the data source variables.
 *
 * The classic dashboard schema (the SDK's `dashboard` package), not `dashboardv2`: file
 * provisioning and app plugin `includes` load classic JSON on every Grafana the plugin supports
 * (>=12.4.0), while v2 needs the new dashboard API and feature toggles.
 */
export function baseDashboard(title: string, uid: string, description: string, options: { prometheus?: boolean; pane?: boolean } = {}) {
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- classic schema on purpose, see above
  const builder = new dashboard.DashboardBuilder(title)
    .uid(uid)
    .description(description)
    .tags([paneTag])
    .editable()
    .timezone('browser')
    .time({ from: 'now-24h', to: 'now' })
    .refresh('1m')
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .links(dashboardLinks());
  if (options.pane ?? true) {
    builder.withVariable(datasourceVariable());
  }
  if (options.prometheus) {
    builder.withVariable(prometheusVariable());
  }
  return builder;
}

export { paneDatasource, prometheusDatasource };
