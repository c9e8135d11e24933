import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type * as common from '@grafana/grafana-foundation-sdk/common';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';

import type { QueryTarget } from '../contract/query';
import { pluginIds } from './uids';

/** The Pipeline Pane data source, picked by the dashboard's `datasource` variable. */
export const paneDatasource: common.DataSourceRef = { type: pluginIds.datasource, uid: '${datasource}' };
/** Prometheus, picked by the dashboard's `prometheus` variable. */
export const prometheusDatasource: common.DataSourceRef = { type: 'prometheus', uid: '${prometheus}' };

/**
 * A Pipeline Pane query in a dashboard: exactly a query API target (src/contract/query.ts), so
 * a renamed or misspelt filter fails to compile here instead of silently matching nothing.
 * Template variables go in as strings (`$namespace`); the data source interpolates them.
 */
export type PaneTarget = QueryTarget & { datasource: common.DataSourceRef };

export class PaneQueryBuilder implements cog.Builder<cog.Dataquery> {
  private readonly target: PaneTarget;

  constructor(target: QueryTarget) {
    this.target = { ...target, datasource: paneDatasource };
  }

  build(): cog.Dataquery {
    return { ...this.target, _implementsDataqueryVariant() {} } as cog.Dataquery;
  }
}

/** A Pipeline Pane query; refId defaults to A. */
export const pane = <T extends QueryTarget>(target: Omit<T, 'refId'> & { refId?: string }) =>
  new PaneQueryBuilder({ refId: 'A', ...target } as QueryTarget);

/** A PromQL range query (time series), legend from labels. */
export function promql(expr: string, options: { refId?: string; legend?: string; instant?: boolean; table?: boolean } = {}) {
  const builder = new prometheus.DataqueryBuilder()
    .datasource(prometheusDatasource)
    .refId(options.refId ?? 'A')
    .expr(expr)
    .editorMode(prometheus.QueryEditorMode.Code);
  if (options.legend !== undefined) {
    builder.legendFormat(options.legend);
  }
  if (options.instant) {
    builder.instant();
  } else {
    builder.range();
  }
  if (options.table) {
    builder.format(prometheus.PromQueryFormat.Table);
  }
  return builder;
}
