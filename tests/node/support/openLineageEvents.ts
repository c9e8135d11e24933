import { randomUUID } from 'node:crypto';

/** A valid OpenLineage RunEvent, as an Airflow task would send it; override what a test needs. */
export function runEvent(overrides: {
  eventType?: string;
  eventTime?: string;
  runId?: string;
  job?: { namespace: string; name: string };
  inputs?: Array<Record<string, unknown>>;
  outputs?: Array<Record<string, unknown>>;
  runFacets?: Record<string, unknown>;
} = {}): Record<string, any> {
  return {
    eventType: overrides.eventType ?? 'COMPLETE',
    eventTime: overrides.eventTime ?? new Date().toISOString(),
    producer: 'https://github.com/apache/airflow/tree/providers-openlineage/1.14.0',
    schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
    run: { runId: overrides.runId ?? randomUUID(), facets: overrides.runFacets ?? {} },
    job: overrides.job ?? { namespace: 'airflow-prod', name: 'orders_daily.load_orders' },
    inputs: overrides.inputs ?? [{ namespace: 'postgres://orders-db:5432', name: 'public.orders' }],
    outputs: overrides.outputs ?? [
      {
        namespace: 'snowflake://acme.eu-west-1',
        name: 'analytics.staging.orders',
        outputFacets: {
          outputStatistics: {
            _producer: 'https://github.com/apache/airflow/tree/providers-openlineage/1.14.0',
            _schemaURL: 'https://openlineage.io/spec/facets/1-0-2/OutputStatisticsOutputDatasetFacet.json',
            rowCount: 1200,
            size: 48000,
          },
        },
      },
    ],
  };
}
