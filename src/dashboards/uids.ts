import { type DashboardKey, dashboardUids } from '../contract/dashboards';

export { type DashboardKey, dashboardUids };

/** Plugin ids the dashboards use as panel and data source types. */
export const pluginIds = {
  app: 'pipelinepane-app',
  datasource: 'pipelinepane-datasource',
  lineagePanel: 'pipelinepane-lineage-panel',
} as const;

/**
 * The uids the provisioned data sources get (provisioning/datasources). The dashboards do not
 * depend on them: they pick their data sources through `datasource` and `prometheus` variables,
 * whose defaults are these uids, so the bundled dashboards also work against data sources a
 * person added by hand.
 */
export const datasourceUids = {
  pane: 'pipelinepane',
  prometheus: 'prometheus',
  alertmanager: 'alertmanager',
} as const;

/**
 * A dashboard link path with variables, for data links and dashboard links. Values may hold
 * Grafana interpolations (`${__data.fields.dataset_id}`); they are URL-encoded by Grafana's
 * `percentencode` format, so node ids with `%`, `:` or `/` survive the trip.
 */
export function dashboardPath(key: DashboardKey, vars: Record<string, string> = {}, options: { keepTime?: boolean } = {}): string {
  const uid = dashboardUids[key];
  const query = Object.entries(vars).map(([name, value]) => `var-${name}=${value}`);
  if (options.keepTime ?? true) {
    query.push('${__url_time_range}');
  }
  return `/d/${uid}/${uid}${query.length > 0 ? `?${query.join('&')}` : ''}`;
}

/** `${__data.fields.<field>:percentencode}`: a field of the clicked row, URL-encoded. */
export const rowField = (field: string): string => `\${__data.fields.${field}:percentencode}`;

/** The clicked value itself, URL-encoded. */
export const clickedValue = '${__value.raw:percentencode}';

/** A dashboard variable's current value, URL-encoded, to carry the data source choice along. */
export const currentVariable = (name: string): string => `\${${name}:percentencode}`;
