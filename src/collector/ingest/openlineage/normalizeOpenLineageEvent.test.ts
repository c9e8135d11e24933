import { describe, expect, it } from 'vitest';
import { eventKeyOf } from '../../model/eventKey';
import { baseRunEvent, fixture, specFullEvent } from './__fixtures__';
import { normalizeOpenLineageEvent, normalizeRunId } from './normalizeOpenLineageEvent';

const DAG_RUN = '01934a2e-8f40-7b1c-9d2e-3f4a5b6c7d80';
const dagJob = { namespace: 'default', name: 'daily_orders_etl' };

describe('Airflow', () => {
  it('DAG run START: job type, owners, tags, description, nominal times, orchestrator', () => {
    const event = fixture('airflow-dag-run-start.json');
    const envelope = normalizeOpenLineageEvent(event);
    expect(envelope).toMatchObject({
      source: 'openlineage',
      eventType: 'RunEvent/START',
      eventTime: Date.parse('2024-11-20T02:00:04.812Z'),
      datasets: [],
      jobs: [],
      qualityChecks: [],
      freshness: [],
    });
    expect(envelope.eventKey).toBe(eventKeyOf('openlineage', event, Date.parse(event.eventTime)));
    expect(envelope.payload).toBe(event);
    expect(envelope.runs).toHaveLength(1);
    const run = envelope.runs[0];
    expect(run).toMatchObject({
      runId: DAG_RUN,
      eventType: 'START',
      eventTime: envelope.eventTime,
      nominalStartTime: Date.UTC(2024, 10, 19, 2),
      nominalEndTime: Date.UTC(2024, 10, 20, 2),
      producer: 'https://github.com/apache/airflow/tree/providers-openlineage/1.14.0',
      orchestrator: 'airflow',
      inputs: [],
      outputs: [],
      job: {
        ...dagJob,
        type: 'DAG',
        description: "Loads yesterday's orders from the shop database into the warehouse and builds daily aggregates.",
        owners: [{ name: 'data-platform' }],
        tags: [
          { key: 'orders', value: 'orders', source: 'AIRFLOW' },
          { key: 'tier-1', value: 'tier-1', source: 'AIRFLOW' },
        ],
      },
    });
    expect(run.parent).toBeUndefined();
    expect(run.errorMessage).toBeUndefined();
    expect(run.job.facets).toBe(event.job.facets);
    expect(Object.keys(run.runFacets ?? {})).toEqual(['nominalTime', 'processing_engine', 'airflowDagRun']);
  });

  it('DAG run COMPLETE', () => {
    const run = normalizeOpenLineageEvent(fixture('airflow-dag-run-complete.json')).runs[0];
    expect(run).toMatchObject({ runId: DAG_RUN, eventType: 'COMPLETE', orchestrator: 'airflow' });
  });

  it('task COMPLETE: parent run, inputs and outputs with statistics and schema', () => {
    const event = fixture('airflow-task-run-complete.json');
    const envelope = normalizeOpenLineageEvent(event);
    expect(envelope.eventType).toBe('RunEvent/COMPLETE');
    const run = envelope.runs[0];
    expect(run).toMatchObject({
      runId: '01934a2e-9a12-7e3f-8a4b-5c6d7e8f9a01',
      parent: { runId: DAG_RUN, job: dagJob },
      job: { namespace: 'default', name: 'daily_orders_etl.load_orders', type: 'TASK' },
      orchestrator: 'airflow',
      nominalStartTime: Date.UTC(2024, 10, 19, 2),
    });
    expect(run.inputs).toEqual([
      {
        namespace: 'postgres://orders-db.internal:5432',
        name: 'shop.public.orders',
        statistics: { rowCount: 48213 },
        schema: [
          { name: 'order_id', type: 'bigint' },
          { name: 'customer_id', type: 'bigint' },
          { name: 'status', type: 'character varying' },
          { name: 'amount', type: 'numeric(12,2)' },
          { name: 'ordered_at', type: 'timestamp with time zone' },
        ],
        facets: { ...event.inputs[0].facets, ...event.inputs[0].inputFacets },
      },
    ]);
    expect(run.outputs).toHaveLength(1);
    expect(run.outputs[0]).toMatchObject({
      namespace: 'snowflake://acme-xy12345',
      name: 'ANALYTICS.RAW.ORDERS',
      statistics: { rowCount: 48213, bytes: 7340032, fileCount: 3 },
    });
    expect(Object.keys(run.outputs[0].facets ?? {})).toEqual(['schema', 'dataSource', 'outputStatistics']);
    expect(run.outputs[0].schema?.map((f) => f.name)).toEqual(['ORDER_ID', 'CUSTOMER_ID', 'STATUS', 'AMOUNT', 'ORDERED_AT']);
    expect(run.runFacets?.externalQuery).toEqual(event.run.facets.externalQuery);
    expect(run.job.facets?.sql).toEqual(event.job.facets.sql);
  });

  it('task START carries the same run and parent', () => {
    const run = normalizeOpenLineageEvent(fixture('airflow-task-run-start.json')).runs[0];
    expect(run).toMatchObject({
      runId: '01934a2e-9a12-7e3f-8a4b-5c6d7e8f9a01',
      eventType: 'START',
      parent: { runId: DAG_RUN, job: dagJob },
    });
    expect(run.outputs[0].statistics).toBeUndefined();
  });

  it('failed task: error message and stack trace', () => {
    const envelope = normalizeOpenLineageEvent(fixture('airflow-task-run-fail.json'));
    expect(envelope.eventType).toBe('RunEvent/FAIL');
    const run = envelope.runs[0];
    expect(run.eventType).toBe('FAIL');
    expect(run.errorMessage).toBe('column "discount_code" does not exist\nLINE 4:        o.discount_code,\n               ^');
    expect(run.stackTrace).toMatch(/^Traceback \(most recent call last\):\n/);
    expect(run.stackTrace).toContain('psycopg2.errors.UndefinedColumn');
    expect(run.parent).toEqual({ runId: DAG_RUN, job: dagJob });
    expect(run.inputs).toEqual([{ namespace: 'postgres://warehouse.internal:5432', name: 'analytics.staging.orders' }]);
  });
});

describe('Spark', () => {
  const envelope = normalizeOpenLineageEvent(fixture('spark-column-lineage-complete.json'));
  const run = envelope.runs[0];

  it('orchestrator from the jobType facet, parent from the Airflow task that submitted it', () => {
    expect(run.orchestrator).toBe('spark');
    expect(run.job).toMatchObject({ namespace: 'spark-prod', type: 'SQL_JOB' });
    expect(run.parent).toEqual({
      runId: '01934a2f-1c34-7a56-b7c8-d9e0f1a2b3c4',
      job: { namespace: 'default', name: 'daily_orders_etl.build_customer_360' },
    });
    // the root is not a model field; it stays in the parent facet
    expect((run.runFacets?.parent as any).root.run.runId).toBe(DAG_RUN);
  });

  it('column lineage with transformations', () => {
    const output = run.outputs[0];
    const customers = { namespace: 's3://acme-datalake', name: 'warehouse/customers' };
    const orders = { namespace: 's3://acme-datalake', name: 'warehouse/orders' };
    expect(output.columnLineage).toEqual([
      { field: 'customer_id', inputs: [{ ...customers, field: 'id', transformation: 'DIRECT/IDENTITY' }] },
      { field: 'email', inputs: [{ ...customers, field: 'email', transformation: 'DIRECT/TRANSFORMATION (masked)' }] },
      {
        field: 'full_name',
        inputs: [
          { ...customers, field: 'first_name', transformation: 'DIRECT/TRANSFORMATION' },
          { ...customers, field: 'last_name', transformation: 'DIRECT/TRANSFORMATION' },
        ],
      },
      { field: 'lifetime_value', inputs: [{ ...orders, field: 'amount', transformation: 'DIRECT/AGGREGATION' }] },
      { field: 'last_order_at', inputs: [{ ...orders, field: 'ordered_at', transformation: 'DIRECT/AGGREGATION' }] },
    ]);
    expect(output.statistics).toEqual({ rowCount: 184220, bytes: 12582912, fileCount: 8 });
    expect(Object.keys(output.facets ?? {})).toEqual([
      'dataSource',
      'schema',
      'columnLineage',
      'symlinks',
      'lifecycleStateChange',
      'storage',
      'outputStatistics',
    ]);
  });

  it('nested schema fields flattened as parent.child; input statistics', () => {
    expect(run.inputs[0].schema?.map((f) => f.name)).toEqual(['id', 'email', 'first_name', 'last_name', 'address', 'address.city', 'address.country']);
    expect(run.inputs[0].statistics).toBeUndefined();
    expect(run.inputs[1].statistics).toEqual({ rowCount: 1204331, bytes: 88210432, fileCount: 24 });
  });
});

describe('dbt', () => {
  const event = fixture('dbt-test-data-quality-assertions.json');
  const envelope = normalizeOpenLineageEvent(event);

  it('one quality check per assertion, tied to the run and the tested dataset', () => {
    const runId = '8d7c5a1e-3b2f-4e6d-9a8c-7b6e5d4c3a21';
    const dataset = { namespace: 'postgres://warehouse.internal:5432', name: 'jaffle_shop.public.orders' };
    const observedAt = Date.parse('2024-11-20T04:01:33.902Z');
    expect(envelope.qualityChecks).toHaveLength(7);
    expect(envelope.qualityChecks[0]).toEqual({ dataset, runId, check: 'unique', column: 'order_id', passed: true, severity: 'error', observedAt });
    expect(envelope.qualityChecks[4]).toEqual({
      dataset,
      runId,
      check: 'accepted_values',
      column: 'status',
      passed: false,
      severity: 'warn',
      expected: '0',
      actual: '17',
      message: 'status is one of placed, shipped, completed, return_pending, returned',
      observedAt,
    });
    expect(envelope.qualityChecks[6]).toEqual({
      dataset,
      runId,
      check: 'row_count',
      passed: true,
      severity: 'error',
      expected: '>= 1000',
      actual: '48213',
      observedAt,
    });
  });

  it('run, job and tested dataset', () => {
    const run = envelope.runs[0];
    expect(run).toMatchObject({
      orchestrator: 'dbt',
      job: { namespace: 'dbt', name: 'jaffle_shop.public.orders.test', type: 'TEST' },
      parent: { runId: 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b', job: { namespace: 'dbt', name: 'dbt-run-jaffle_shop' } },
    });
    expect(run.inputs[0]).toMatchObject({
      description: 'This table has basic information about orders, as well as some derived facts based on payments',
      schema: expect.arrayContaining([{ name: 'order_id', type: 'integer', description: 'This is a unique identifier for an order' }]),
    });
    expect(run.inputs[0].facets?.dataQualityAssertions).toBe(event.inputs[0].inputFacets.dataQualityAssertions);
  });
});

describe('DatasetEvent', () => {
  it('one dataset with schema, owners, tags (column PII tags kept), description and every facet', () => {
    const event = fixture('dataset-event-pii.json');
    const envelope = normalizeOpenLineageEvent(event);
    expect(envelope).toMatchObject({ eventType: 'DatasetEvent', runs: [], jobs: [], qualityChecks: [] });
    expect(envelope.datasets).toEqual([
      {
        namespace: 'postgres://warehouse.internal:5432',
        name: 'analytics.marts.customers',
        schema: [
          { name: 'customer_id', type: 'bigint', description: 'Surrogate key' },
          { name: 'email', type: 'text', description: 'Customer e-mail address' },
          { name: 'full_name', type: 'text' },
          { name: 'address', type: 'struct' },
          { name: 'address.street', type: 'text' },
          { name: 'address.postal_code', type: 'text' },
          { name: 'address.country', type: 'char(2)' },
          { name: 'lifetime_value', type: 'numeric(22,2)' },
          { name: 'updated_at', type: 'timestamp with time zone' },
        ],
        owners: [
          { name: 'team:customer-analytics', type: 'MAINTAINER' },
          { name: 'user:jdoe@acme.example', type: 'STEWARD' },
        ],
        tags: [
          { key: 'pii', value: 'true', field: 'email', source: 'USER' },
          { key: 'pii', value: 'true', field: 'full_name', source: 'USER' },
          { key: 'gdpr', value: 'personal', field: 'address.street', source: 'USER' },
          { key: 'domain', value: 'customers', source: 'USER' },
          { key: 'tier', value: 'gold' },
        ],
        description: 'One row per customer with contact details and lifetime value. Contains personal data.',
        facets: event.dataset.facets,
      },
    ]);
    expect(envelope.datasets[0].facets?.acme_dataContract).toMatchObject({ contractVersion: '2.3.0' });
  });
});

describe('JobEvent', () => {
  it('one job, and its inputs and outputs as datasets', () => {
    const event = fixture('job-event.json');
    const envelope = normalizeOpenLineageEvent(event);
    expect(envelope).toMatchObject({ eventType: 'JobEvent', runs: [], qualityChecks: [] });
    expect(envelope.jobs).toEqual([
      {
        namespace: 'default',
        name: 'daily_orders_etl.transform_orders',
        type: 'TASK',
        description: 'Aggregates staged orders into the daily orders mart.',
        owners: [{ name: 'team:data-platform', type: 'MAINTAINER' }],
        tags: [{ key: 'tier', value: '1', source: 'USER' }],
        facets: event.job.facets,
      },
    ]);
    expect(envelope.datasets.map((d) => d.name)).toEqual(['analytics.staging.orders', 'analytics.marts.daily_orders']);
    expect(envelope.datasets[1]).toMatchObject({ owners: [{ name: 'team:data-platform' }], schema: expect.any(Array) });
  });
});

describe('custom facets', () => {
  it('are kept as received at every level', () => {
    const event = fixture('flink-custom-facets-running.json');
    const run = normalizeOpenLineageEvent(event).runs[0];
    expect(run).toMatchObject({ eventType: 'RUNNING', orchestrator: 'flink', job: { type: 'JOB' } });
    expect(run.runFacets?.acme_deployment).toEqual({ cluster: 'flink-eu-west-1', release: '2024.11.3' });
    expect(run.runFacets?.flink_checkpoints).toMatchObject({ completed: 1287 });
    expect(run.job.facets?.acme_team).toEqual({ team: 'web-analytics', oncall: '#web-analytics-oncall' });
    expect(Object.keys(run.inputs[0].facets ?? {})).toEqual(['schema', 'kafka_topic_config', 'kafka_consumer_lag']);
    expect(run.outputs[0].facets?.acme_sink_metrics).toEqual({ recordsPerSecond: 5230.5, backpressured: false });
  });
});

describe('edge cases', () => {
  it('the spec example event: orchestrator from the producer, empty inputs and outputs', () => {
    const run = normalizeOpenLineageEvent(specFullEvent()).runs[0];
    expect(run).toMatchObject({
      runId: 'f69a6e9b-9bac-3c9a-9cf6-eacb70ecc9a9',
      orchestrator: 'airflow',
      job: { namespace: 'food_delivery', name: 'dbt' },
      inputs: [],
      outputs: [],
    });
  });

  it('a RunEvent without eventType is OTHER', () => {
    const event: any = baseRunEvent();
    delete event.eventType;
    const envelope = normalizeOpenLineageEvent(event);
    expect(envelope.eventType).toBe('RunEvent/OTHER');
    expect(envelope.runs[0].eventType).toBe('OTHER');
  });

  it('run ids in one form: lower case, no urn:uuid: prefix', () => {
    expect(normalizeRunId('urn:uuid:0193497C-1D2E-7A3B-9C4D-5E6F7A8B9C0D')).toBe('0193497c-1d2e-7a3b-9c4d-5e6f7a8b9c0d');
    const event: any = baseRunEvent();
    event.run.runId = '0193497C-1D2E-7A3B-9C4D-5E6F7A8B9C0D';
    event.run.facets.parent = {
      _producer: 'https://x.example',
      _schemaURL: 'https://x.example',
      run: { runId: 'urn:uuid:AAAAAAAA-1D2E-7A3B-9C4D-5E6F7A8B9C0D' },
      job: { namespace: 'n', name: 'p' },
    };
    const run = normalizeOpenLineageEvent(event).runs[0];
    expect(run.runId).toBe('0193497c-1d2e-7a3b-9c4d-5e6f7a8b9c0d');
    expect(run.parent?.runId).toBe('aaaaaaaa-1d2e-7a3b-9c4d-5e6f7a8b9c0d');
  });

  it('data quality metrics give statistics when no statistics facet does', () => {
    const event: any = baseRunEvent();
    const metrics = { _producer: 'https://x.example', _schemaURL: 'https://x.example', columnMetrics: {}, rowCount: 10, bytes: 2048 };
    event.inputs[0].inputFacets.dataQualityMetrics = metrics;
    event.outputs[0].facets.dataQualityMetrics = { ...metrics, rowCount: 20, fileCount: 2, bytes: undefined };
    const run = normalizeOpenLineageEvent(event).runs[0];
    expect(run.inputs[0].statistics).toEqual({ rowCount: 10, bytes: 2048 });
    expect(run.outputs[0].statistics).toEqual({ rowCount: 20, fileCount: 2 });
    event.inputs[0].inputFacets.inputStatistics = { _producer: 'https://x.example', _schemaURL: 'https://x.example', rowCount: 11 };
    expect(normalizeOpenLineageEvent(event).runs[0].inputs[0].statistics).toEqual({ rowCount: 11 });
  });

  it('an empty statistics facet gives no statistics', () => {
    const event: any = baseRunEvent();
    event.outputs[0].outputFacets.outputStatistics = { _producer: 'https://x.example', _schemaURL: 'https://x.example' };
    expect(normalizeOpenLineageEvent(event).runs[0].outputs[0].statistics).toBeUndefined();
  });

  it('facets marked _deleted are kept but not read', () => {
    const event: any = baseRunEvent();
    event.job.facets.documentation = { _deleted: true };
    event.outputs[0].facets.ownership = { _deleted: true, owners: [{ name: 'gone' }] };
    const run = normalizeOpenLineageEvent(event).runs[0];
    expect(run.job.description).toBeUndefined();
    expect(run.job.facets?.documentation).toEqual({ _deleted: true });
    expect(run.outputs[0].owners).toBeUndefined();
  });

  it('deprecated column lineage transformationType when inputs carry no transformations', () => {
    const event: any = baseRunEvent();
    event.outputs[0].facets.columnLineage = {
      _producer: 'https://x.example',
      _schemaURL: 'https://x.example',
      fields: {
        a: { inputFields: [{ namespace: 'db', name: 'in', field: 'a' }], transformationType: 'IDENTITY' },
        b: { inputFields: [{ namespace: 'db', name: 'in', field: 'b' }] },
        c: {
          inputFields: [
            {
              namespace: 'db',
              name: 'in',
              field: 'c',
              transformations: [{ type: 'DIRECT', subtype: 'IDENTITY' }, { type: 'INDIRECT' }],
            },
          ],
        },
      },
    };
    expect(normalizeOpenLineageEvent(event).runs[0].outputs[0].columnLineage).toEqual([
      { field: 'a', inputs: [{ namespace: 'db', name: 'in', field: 'a', transformation: 'IDENTITY' }] },
      { field: 'b', inputs: [{ namespace: 'db', name: 'in', field: 'b' }] },
      { field: 'c', inputs: [{ namespace: 'db', name: 'in', field: 'c', transformation: 'DIRECT/IDENTITY, INDIRECT' }] },
    ]);
  });

  it('a retried delivery of the same event has the same event key; another event does not', () => {
    const event = fixture('airflow-task-run-complete.json');
    const retried = JSON.parse(JSON.stringify(event));
    expect(normalizeOpenLineageEvent(retried).eventKey).toBe(normalizeOpenLineageEvent(event).eventKey);
    const later = { ...event, eventTime: '2099-01-01T00:00:00Z' };
    expect(normalizeOpenLineageEvent(later).eventKey).not.toBe(normalizeOpenLineageEvent(event).eventKey);
  });

  it('refuses what is no OpenLineage event kind', () => {
    expect(() => normalizeOpenLineageEvent({ eventTime: '2024-05-01T00:00:00Z' } as any)).toThrow(/not an OpenLineage/);
  });
});
