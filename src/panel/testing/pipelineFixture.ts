import type { DataFrameJson, FrameField } from '../../contract/frames';

/**
 * A small pipeline with health on every node, for unit and browser tests (plain data, no
 * Grafana imports, so Node-side tests can send it to the browser):
 *
 *   raw_orders -> load_orders -> orders -----> build_marts -> daily_revenue
 *                                customers --^            \-> customer_ltv -> export
 */
type Row = Record<string, string | number | null>;

export const pipeline: { nodes: Row[]; edges: Array<[string, string]> } = {
  nodes: [
    { id: 'dataset:pg:raw_orders', title: 'raw_orders', detail__freshness_status: 'fresh', detail__owners: 'team-ingest' },
    { id: 'job:airflow:load_orders', title: 'load_orders', detail__last_run_state: 'FAIL', detail__owners: 'team-ingest' },
    {
      id: 'dataset:pg:orders',
      title: 'orders',
      detail__freshness_status: 'stale',
      detail__freshness_age: 7200,
      detail__quality_pass_ratio: 0.5,
      detail__failing_checks: 'not_null_id',
      detail__owners: 'team-core',
    },
    { id: 'dataset:pg:customers', title: 'customers', detail__freshness_status: 'fresh', detail__quality_pass_ratio: 1, detail__pii_columns: 'email, phone' },
    { id: 'job:dbt:build_marts', title: 'build_marts', detail__last_run_state: 'COMPLETE', detail__owners: 'team-analytics' },
    { id: 'dataset:snowflake:daily_revenue', title: 'daily_revenue', detail__freshness_status: 'warning', detail__owners: 'team-finance, team-analytics' },
    { id: 'dataset:snowflake:customer_ltv', title: 'customer_ltv', detail__freshness_status: 'fresh', detail__owners: 'team-growth' },
    { id: 'job:cron:export', title: 'export', detail__last_run_state: 'RUNNING' },
  ],
  edges: [
    ['dataset:pg:raw_orders', 'job:airflow:load_orders'],
    ['job:airflow:load_orders', 'dataset:pg:orders'],
    ['dataset:pg:orders', 'job:dbt:build_marts'],
    ['dataset:pg:customers', 'job:dbt:build_marts'],
    ['job:dbt:build_marts', 'dataset:snowflake:daily_revenue'],
    ['job:dbt:build_marts', 'dataset:snowflake:customer_ltv'],
    ['dataset:snowflake:customer_ltv', 'job:cron:export'],
  ],
};

/** Rows as a frame: every key seen in any row becomes a field. */
export function rowsFrame(name: string, rows: Row[]): DataFrameJson {
  const keys = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const fields: FrameField[] = keys.map((key) => {
    const values = rows.map((row) => row[key] ?? null);
    const sample = values.find((v) => v !== null);
    return { name: key, type: typeof sample === 'number' ? 'number' : 'string', values };
  });
  return { name, fields };
}

export function edgesFrameJson(pairs: Array<[string, string]>): DataFrameJson {
  return {
    name: 'edges',
    fields: [
      { name: 'id', type: 'string', values: pairs.map(([s, t]) => `${s}->${t}`) },
      { name: 'source', type: 'string', values: pairs.map(([s]) => s) },
      { name: 'target', type: 'string', values: pairs.map(([, t]) => t) },
    ],
  };
}

export const pipelineFrameJson = (): DataFrameJson[] => [rowsFrame('nodes', pipeline.nodes), edgesFrameJson(pipeline.edges)];
