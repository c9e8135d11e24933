import { randomUUID } from 'node:crypto';
import { datasetNodeId, jobNodeId } from '../../../src/contract/nodeIds';
import { ingestOpenLineageEvent } from '../../../src/collector/ingest/openlineage';
import type { DatasetKey, JobKey } from '../../../src/collector/model/observations';
import type { EffectiveSla, SlaResolver } from '../../../src/collector/sla/slaResolver';
import { IngestWriter } from '../../../src/collector/store/ingestWriter';
import type { PaneDatabase } from '../../../src/collector/store/openDatabase';

/**
 * A small, realistic lineage graph loaded through the real OpenLineage ingest:
 *
 *   postgres public.orders ─┐                         ┌► raw.orders ─► [dbt stg_orders] ─► analytics.stg_orders ─┐
 *   postgres public.customers ┴► [airflow load_orders] ┤      ▲                                 │                 │
 *                                                     └► raw.customers ─► [dbt stg_customers] ─► analytics.stg_customers ─┤
 *                                                            └──────── [dbt snapshot_orders] ◄──┘  (a cycle)            │
 *   postgres public.payments ─► [airflow load_payments: FAIL now, last COMPLETE 3 days ago] ─► raw.payments (stale) ─┤
 *                                                                                                                     ▼
 *                          [dbt fct_revenue] ─► analytics.fct_revenue (1 of 2 checks failing) ─► [dbt test_fct_revenue]
 *                                                          └─► [looker revenue_dashboard.extract, first seen 1 h ago] ─► looker dashboards.revenue_extract
 *
 * Column lineage: fct_revenue.revenue ← stg_orders.amount ← raw.orders.amount ← public.orders.amount, and
 * fct_revenue.customer_email ← stg_customers.email ← raw.customers.email (tagged PII).
 */
export const hour = 3_600_000;

export const ns = {
  source: 'postgres://orders-db:5432',
  warehouse: 'snowflake://acme',
  looker: 'looker://acme',
  airflow: 'airflow-prod',
  dbt: 'dbt-prod',
  lookerJobs: 'looker',
};

export const ids = {
  publicOrders: datasetNodeId(ns.source, 'public.orders'),
  publicCustomers: datasetNodeId(ns.source, 'public.customers'),
  publicPayments: datasetNodeId(ns.source, 'public.payments'),
  rawOrders: datasetNodeId(ns.warehouse, 'raw.orders'),
  rawCustomers: datasetNodeId(ns.warehouse, 'raw.customers'),
  rawPayments: datasetNodeId(ns.warehouse, 'raw.payments'),
  stgOrders: datasetNodeId(ns.warehouse, 'analytics.stg_orders'),
  stgCustomers: datasetNodeId(ns.warehouse, 'analytics.stg_customers'),
  fctRevenue: datasetNodeId(ns.warehouse, 'analytics.fct_revenue'),
  revenueExtract: datasetNodeId(ns.looker, 'dashboards.revenue_extract'),
  loadOrders: jobNodeId(ns.airflow, 'orders_ingest.load_orders'),
  loadPayments: jobNodeId(ns.airflow, 'payments_ingest.load_payments'),
  stgOrdersJob: jobNodeId(ns.dbt, 'acme.stg_orders'),
  stgCustomersJob: jobNodeId(ns.dbt, 'acme.stg_customers'),
  snapshotOrders: jobNodeId(ns.dbt, 'acme.snapshot_orders'),
  fctRevenueJob: jobNodeId(ns.dbt, 'acme.fct_revenue'),
  testFctRevenue: jobNodeId(ns.dbt, 'acme.test_fct_revenue'),
  extractJob: jobNodeId(ns.lookerJobs, 'revenue_dashboard.extract'),
};

const producer = 'https://github.com/OpenLineage/OpenLineage/tree/1.26.0/client/python';
const facetBase = (schema: string) => ({ _producer: producer, _schemaURL: `https://openlineage.io/spec/facets/${schema}` });

type Dataset = Record<string, unknown>;
const dataset = (namespace: string, name: string, facets: Record<string, unknown> = {}): Dataset => ({ namespace, name, facets });

const ownership = (...owners: string[]) => ({
  ownership: { ...facetBase('1-0-1/OwnershipDatasetFacet.json#/$defs/OwnershipDatasetFacet'), owners: owners.map((name) => ({ name })) },
});
const schema = (...fields: string[]) => ({
  schema: { ...facetBase('1-1-1/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet'), fields: fields.map((name) => ({ name, type: 'string' })) },
});
const piiTags = (...fields: string[]) => ({
  tags: {
    ...facetBase('1-0-0/TagsDatasetFacet.json#/$defs/TagsDatasetFacet'),
    tags: fields.map((field) => ({ key: 'pii', value: 'true', field, source: 'USER' })),
  },
});
/** `{ outputColumn: [namespace, name, inputColumn, subtype] }` */
const columnLineage = (fields: Record<string, Array<[string, string, string, string]>>) => ({
  columnLineage: {
    ...facetBase('1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet'),
    fields: Object.fromEntries(
      Object.entries(fields).map(([field, inputs]) => [
        field,
        {
          inputFields: inputs.map(([namespace, name, inputField, subtype]) => ({
            namespace,
            name,
            field: inputField,
            transformations: [{ type: 'DIRECT', subtype, description: '', masking: false }],
          })),
        },
      ]),
    ),
  },
});

function runEvent(at: number, eventType: string, job: JobKey, inputs: Dataset[], outputs: Dataset[]): Record<string, unknown> {
  return {
    eventType,
    eventTime: new Date(at).toISOString(),
    producer,
    schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
    run: { runId: randomUUID(), facets: {} },
    job: { namespace: job.namespace, name: job.name, facets: {} },
    inputs,
    outputs,
  };
}

/** The scenario's events, oldest first; `now` is the time the queries are answered at. */
export function scenarioEvents(now: number): Array<Record<string, unknown>> {
  const loadOrders = { namespace: ns.airflow, name: 'orders_ingest.load_orders' };
  const loadPayments = { namespace: ns.airflow, name: 'payments_ingest.load_payments' };
  const job = (namespace: string, name: string) => ({ namespace, name });
  const sources = [dataset(ns.source, 'public.orders'), dataset(ns.source, 'public.customers')];
  const rawOrders = dataset(ns.warehouse, 'raw.orders', {
    ...ownership('team:ingest'),
    ...schema('order_id', 'amount'),
    ...columnLineage({ order_id: [[ns.source, 'public.orders', 'id', 'IDENTITY']], amount: [[ns.source, 'public.orders', 'amount', 'IDENTITY']] }),
  });
  const rawCustomers = dataset(ns.warehouse, 'raw.customers', {
    ...ownership('team:ingest'),
    ...schema('customer_id', 'email'),
    ...piiTags('email'),
    ...columnLineage({ email: [[ns.source, 'public.customers', 'email', 'IDENTITY']] }),
  });
  const stgOrders = dataset(ns.warehouse, 'analytics.stg_orders', {
    ...columnLineage({ amount: [[ns.warehouse, 'raw.orders', 'amount', 'IDENTITY']], order_id: [[ns.warehouse, 'raw.orders', 'order_id', 'IDENTITY']] }),
  });
  const stgCustomers = dataset(ns.warehouse, 'analytics.stg_customers', {
    ...columnLineage({ email: [[ns.warehouse, 'raw.customers', 'email', 'IDENTITY']] }),
  });
  const fctRevenue = dataset(ns.warehouse, 'analytics.fct_revenue', {
    ...columnLineage({
      revenue: [[ns.warehouse, 'analytics.stg_orders', 'amount', 'AGGREGATION']],
      customer_email: [[ns.warehouse, 'analytics.stg_customers', 'email', 'IDENTITY']],
    }),
  });
  const testedRevenue = {
    ...dataset(ns.warehouse, 'analytics.fct_revenue'),
    inputFacets: {
      dataQualityAssertions: {
        ...facetBase('1-1-0/DataQualityAssertionsDatasetFacet.json#/$defs/DataQualityAssertionsDatasetFacet'),
        assertions: [
          { assertion: 'unique', success: true, column: 'order_id' },
          { assertion: 'not_null', success: false, column: 'customer_email' },
        ],
      },
    },
  };
  return [
    runEvent(now - 240 * hour, 'COMPLETE', loadOrders, sources, [rawOrders, rawCustomers]),
    runEvent(now - 72 * hour, 'COMPLETE', loadPayments, [dataset(ns.source, 'public.payments')], [dataset(ns.warehouse, 'raw.payments')]),
    runEvent(now - 240 * hour, 'COMPLETE', job(ns.dbt, 'acme.stg_orders'), [dataset(ns.warehouse, 'raw.orders')], [stgOrders]),
    runEvent(now - 240 * hour, 'COMPLETE', job(ns.dbt, 'acme.stg_customers'), [dataset(ns.warehouse, 'raw.customers')], [stgCustomers]),
    runEvent(
      now - 240 * hour,
      'COMPLETE',
      job(ns.dbt, 'acme.fct_revenue'),
      [dataset(ns.warehouse, 'analytics.stg_orders'), dataset(ns.warehouse, 'analytics.stg_customers'), dataset(ns.warehouse, 'raw.payments')],
      [fctRevenue],
    ),
    runEvent(now - 200 * hour, 'COMPLETE', job(ns.dbt, 'acme.snapshot_orders'), [dataset(ns.warehouse, 'analytics.stg_orders')], [dataset(ns.warehouse, 'raw.orders')]),
    // today's runs
    runEvent(now - 3 * hour, 'COMPLETE', loadOrders, sources, [rawOrders, rawCustomers]),
    runEvent(now - 2 * hour, 'COMPLETE', job(ns.dbt, 'acme.stg_orders'), [dataset(ns.warehouse, 'raw.orders')], [stgOrders]),
    runEvent(now - 2 * hour, 'COMPLETE', job(ns.dbt, 'acme.stg_customers'), [dataset(ns.warehouse, 'raw.customers')], [stgCustomers]),
    runEvent(
      now - 90 * 60_000,
      'COMPLETE',
      job(ns.dbt, 'acme.fct_revenue'),
      [dataset(ns.warehouse, 'analytics.stg_orders'), dataset(ns.warehouse, 'analytics.stg_customers'), dataset(ns.warehouse, 'raw.payments')],
      [fctRevenue],
    ),
    runEvent(now - 80 * 60_000, 'COMPLETE', job(ns.dbt, 'acme.test_fct_revenue'), [testedRevenue], []),
    runEvent(now - 60 * 60_000, 'COMPLETE', job(ns.lookerJobs, 'revenue_dashboard.extract'), [dataset(ns.warehouse, 'analytics.fct_revenue')], [
      dataset(ns.looker, 'dashboards.revenue_extract'),
    ]),
    runEvent(now - 30 * 60_000, 'FAIL', loadPayments, [dataset(ns.source, 'public.payments')], [dataset(ns.warehouse, 'raw.payments')]),
  ];
}

export async function loadScenario(database: PaneDatabase, now: number): Promise<void> {
  const writer = new IngestWriter(database);
  for (const event of scenarioEvents(now)) await writer.submit([ingestOpenLineageEvent(event)]);
}

/** Warehouse datasets: warning after 6 h, stale after 24 h; analytics models owned by team:analytics. */
export const scenarioSlas: SlaResolver = {
  forDataset(dataset: DatasetKey, facts): EffectiveSla {
    const owners = [...(dataset.name.startsWith('analytics.') ? ['team:analytics'] : []), ...(facts?.owners ?? [])];
    if (dataset.namespace !== ns.warehouse) return { owners, severity: 'warning', sources: ['default'] };
    return { warnAfterSeconds: 6 * 3600, criticalAfterSeconds: 24 * 3600, owners, severity: 'critical', sources: ['test'] };
  },
  forJob(job: JobKey, facts): EffectiveSla {
    return { owners: [...(job.namespace === ns.dbt ? ['team:analytics'] : []), ...(facts?.owners ?? [])], severity: 'warning', sources: ['test'] };
  },
};
