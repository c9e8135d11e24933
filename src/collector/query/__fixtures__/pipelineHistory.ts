import { ingestOpenLineageEvent } from '../../ingest/openlineage';
import type { IngestEnvelope } from '../../model/observations';
import { IngestWriter } from '../../store/ingestWriter';
import type { PaneDatabase } from '../../store/openDatabase';

/**
 * Twelve hours of a realistic pipeline history for query tests, loaded through the real
 * OpenLineage ingest:
 * - Airflow DAG `orders_hourly` (namespace `airflow-prod`, owner `data-platform`) runs hourly
 *   from 00:00 to 11:00 UTC on 2024-11-20, each DAG run with child task runs (parent facet):
 *   `extract_orders` → `transform_orders` → `publish_report`.
 *   Hour 6: publish_report is aborted (DAG run ABORT). Hour 9: transform_orders fails with an
 *   errorMessage (DAG run FAIL, no publish). Hour 11: still running (transform started).
 * - dbt invocation `dbt-run-jaffle_shop` at 04:00 with a model run and a test run whose
 *   dataQualityAssertions facet has one passing and two failing checks (warn, error).
 * - Freshness observations of `analytics.marts.daily_orders`: pass 08:00, warn 10:30, error 11:30.
 */
export const historyStart = Date.parse('2024-11-20T00:00:00.000Z');
export const hour = 3_600_000;
export const historyNow = historyStart + 12 * hour;

export const airflowProducer = 'https://github.com/apache/airflow/tree/providers-openlineage/1.14.0';
export const dbtProducer = 'https://github.com/OpenLineage/OpenLineage/tree/1.26.0/integration/dbt';
export const warehouse = 'postgres://warehouse.internal:5432';
export const ordersDb = 'postgres://orders-db:5432';
export const dagName = 'orders_hourly';
export const dagNamespace = 'airflow-prod';
export const transformError = 'column "discount_code" does not exist\nLINE 4:        o.discount_code,\n               ^';

const uuid = (n: number): string => `01934a2e-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
export const dagRunId = (h: number) => uuid(1000 + h);
export const extractRunId = (h: number) => uuid(2000 + h);
export const transformRunId = (h: number) => uuid(3000 + h);
export const publishRunId = (h: number) => uuid(4000 + h);
export const dbtInvocationRunId = uuid(5000);
export const dbtModelRunId = uuid(5001);
export const dbtTestRunId = uuid(5002);

/** Durations by hour, seconds: extract 60 + 10h, transform 120 + 20h, publish 30. */
export const extractSeconds = (h: number) => 60 + 10 * h;
export const transformSeconds = (h: number) => 120 + 20 * h;
export const publishSeconds = 30;

const facetBase = (producer: string, schema: string) => ({
  _producer: producer,
  _schemaURL: `https://openlineage.io/spec/facets/${schema}`,
});

interface EventSpec {
  type: string;
  time: number;
  runId: string;
  job: { namespace: string; name: string };
  producer?: string;
  parent?: { runId: string; job: { namespace: string; name: string } };
  nominal?: { start: number; end: number };
  error?: string;
  jobFacets?: Record<string, unknown>;
  inputs?: Array<Record<string, unknown>>;
  outputs?: Array<Record<string, unknown>>;
}

function runEvent(spec: EventSpec): Record<string, unknown> {
  const producer = spec.producer ?? airflowProducer;
  const facets: Record<string, unknown> = {};
  if (spec.parent) {
    facets.parent = {
      ...facetBase(producer, '1-1-0/ParentRunFacet.json#/$defs/ParentRunFacet'),
      run: { runId: spec.parent.runId },
      job: spec.parent.job,
    };
  }
  if (spec.nominal) {
    facets.nominalTime = {
      ...facetBase(producer, '1-0-1/NominalTimeRunFacet.json#/$defs/NominalTimeRunFacet'),
      nominalStartTime: new Date(spec.nominal.start).toISOString(),
      nominalEndTime: new Date(spec.nominal.end).toISOString(),
    };
  }
  if (spec.error) {
    facets.errorMessage = {
      ...facetBase(producer, '1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet'),
      message: spec.error,
      programmingLanguage: 'python',
      stackTrace: `Traceback (most recent call last):\npsycopg2.errors.UndefinedColumn: ${spec.error}\n`,
    };
  }
  return {
    eventType: spec.type,
    eventTime: new Date(spec.time).toISOString(),
    producer,
    schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
    run: { runId: spec.runId, facets },
    job: { namespace: spec.job.namespace, name: spec.job.name, facets: spec.jobFacets ?? {} },
    inputs: spec.inputs ?? [],
    outputs: spec.outputs ?? [],
  };
}

const input = (namespace: string, name: string, rowCount?: number) => ({
  namespace,
  name,
  ...(rowCount === undefined
    ? {}
    : {
        inputFacets: {
          dataQualityMetrics: {
            ...facetBase(airflowProducer, '1-0-2/DataQualityMetricsInputDatasetFacet.json#/$defs/DataQualityMetricsInputDatasetFacet'),
            rowCount,
            columnMetrics: {},
          },
        },
      }),
});

const output = (namespace: string, name: string, rowCount?: number, owner?: string) => ({
  namespace,
  name,
  ...(owner
    ? {
        facets: {
          ownership: {
            ...facetBase(airflowProducer, '1-0-1/OwnershipDatasetFacet.json#/$defs/OwnershipDatasetFacet'),
            owners: [{ name: owner, type: 'TEAM' }],
          },
        },
      }
    : {}),
  ...(rowCount === undefined
    ? {}
    : {
        outputFacets: {
          outputStatistics: {
            ...facetBase(airflowProducer, '1-0-2/OutputStatisticsOutputDatasetFacet.json#/$defs/OutputStatisticsOutputDatasetFacet'),
            rowCount,
            size: rowCount * 40,
          },
        },
      }),
});

const dagJob = { namespace: dagNamespace, name: dagName };
const taskJob = (task: string) => ({ namespace: dagNamespace, name: `${dagName}.${task}` });
const dagFacets = {
  ownership: {
    ...facetBase(airflowProducer, '1-0-1/OwnershipJobFacet.json#/$defs/OwnershipJobFacet'),
    owners: [{ name: 'data-platform' }],
  },
};

/** Row counts by hour: extract reads and writes 1000 + 100h rows; transform writes 24 + h. */
export const extractRows = (h: number) => 1000 + 100 * h;
export const transformRows = (h: number) => 24 + h;

/** The DAG run of hour h and its tasks, as OpenLineage events in the order Airflow sends them. */
function dagRunEvents(h: number): Array<Record<string, unknown>> {
  const events: Array<Record<string, unknown>> = [];
  const nominal = { start: historyStart + h * hour, end: historyStart + (h + 1) * hour };
  const dagStart = historyStart + h * hour + 5_000;
  const parent = { runId: dagRunId(h), job: dagJob };
  events.push(runEvent({ type: 'START', time: dagStart, runId: dagRunId(h), job: dagJob, nominal, jobFacets: dagFacets }));

  const extractStart = dagStart + 10_000;
  const extractEnd = extractStart + extractSeconds(h) * 1000;
  const extractIo = {
    inputs: [input(ordersDb, 'public.orders', extractRows(h))],
    outputs: [output(warehouse, 'analytics.staging.orders', extractRows(h))],
  };
  events.push(runEvent({ type: 'START', time: extractStart, runId: extractRunId(h), job: taskJob('extract_orders'), parent, nominal, inputs: extractIo.inputs.map((i) => ({ namespace: i.namespace, name: i.name })) }));
  events.push(runEvent({ type: 'COMPLETE', time: extractEnd, runId: extractRunId(h), job: taskJob('extract_orders'), parent, nominal, ...extractIo }));

  const transformStart = extractEnd + 5_000;
  const transformEnd = transformStart + transformSeconds(h) * 1000;
  events.push(runEvent({ type: 'START', time: transformStart, runId: transformRunId(h), job: taskJob('transform_orders'), parent, nominal }));
  if (h === 11) return events; // still running
  if (h === 9) {
    events.push(
      runEvent({
        type: 'FAIL',
        time: transformEnd,
        runId: transformRunId(h),
        job: taskJob('transform_orders'),
        parent,
        nominal,
        error: transformError,
        inputs: [input(warehouse, 'analytics.staging.orders')],
        outputs: [output(warehouse, 'analytics.marts.daily_orders')],
      }),
    );
    events.push(runEvent({ type: 'FAIL', time: transformEnd + 5_000, runId: dagRunId(h), job: dagJob, nominal, error: 'Task transform_orders failed' }));
    return events;
  }
  events.push(
    runEvent({
      type: 'COMPLETE',
      time: transformEnd,
      runId: transformRunId(h),
      job: taskJob('transform_orders'),
      parent,
      nominal,
      inputs: [input(warehouse, 'analytics.staging.orders', extractRows(h))],
      outputs: [output(warehouse, 'analytics.marts.daily_orders', transformRows(h), 'team:analytics')],
    }),
  );

  const publishStart = transformEnd + 5_000;
  const publishEnd = publishStart + publishSeconds * 1000;
  events.push(runEvent({ type: 'START', time: publishStart, runId: publishRunId(h), job: taskJob('publish_report'), parent, nominal }));
  const publishState = h === 6 ? 'ABORT' : 'COMPLETE';
  events.push(
    runEvent({
      type: publishState,
      time: publishEnd,
      runId: publishRunId(h),
      job: taskJob('publish_report'),
      parent,
      nominal,
      inputs: [input(warehouse, 'analytics.marts.daily_orders')],
    }),
  );
  events.push(runEvent({ type: publishState, time: publishEnd + 5_000, runId: dagRunId(h), job: dagJob, nominal }));
  return events;
}

/** The dbt invocation at 04:00: a model run and a test run with data quality assertions. */
function dbtEvents(): Array<Record<string, unknown>> {
  const start = historyStart + 4 * hour;
  const invocation = { namespace: 'dbt', name: 'dbt-run-jaffle_shop' };
  const parent = { runId: dbtInvocationRunId, job: invocation };
  const model = { namespace: 'dbt', name: 'jaffle_shop.public.orders' };
  const test = { namespace: 'dbt', name: 'jaffle_shop.public.orders.test' };
  const assertions = {
    ...facetBase(dbtProducer, '1-1-0/DataQualityAssertionsDatasetFacet.json#/$defs/DataQualityAssertionsDatasetFacet'),
    assertions: [
      { assertion: 'unique', success: true, column: 'order_id', severity: 'error' },
      { assertion: 'accepted_values', success: false, column: 'status', severity: 'warn', expected: '0', actual: '17' },
      { assertion: 'not_null', success: false, column: 'amount', severity: 'error', expected: '0', actual: '3' },
    ],
  };
  return [
    runEvent({ type: 'START', time: start, runId: dbtInvocationRunId, job: invocation, producer: dbtProducer }),
    runEvent({ type: 'START', time: start + 2_000, runId: dbtModelRunId, job: model, parent, producer: dbtProducer }),
    runEvent({
      type: 'COMPLETE',
      time: start + 50_000,
      runId: dbtModelRunId,
      job: model,
      parent,
      producer: dbtProducer,
      outputs: [output(warehouse, 'jaffle_shop.public.orders', 99)],
    }),
    runEvent({ type: 'START', time: start + 52_000, runId: dbtTestRunId, job: test, parent, producer: dbtProducer }),
    runEvent({
      type: 'COMPLETE',
      time: start + 90_000,
      runId: dbtTestRunId,
      job: test,
      parent,
      producer: dbtProducer,
      inputs: [{ namespace: warehouse, name: 'jaffle_shop.public.orders', inputFacets: { dataQualityAssertions: assertions } }],
    }),
    runEvent({ type: 'COMPLETE', time: start + 100_000, runId: dbtInvocationRunId, job: invocation, producer: dbtProducer }),
  ];
}

/** Freshness observations of the marts table, as the SLA evaluator or dbt source freshness would store them. */
function freshnessEnvelope(): IngestEnvelope {
  const dataset = { namespace: warehouse, name: 'analytics.marts.daily_orders' };
  const loadedAt = historyStart + 8 * hour + 7 * 60_000;
  const observe = (h: number, status: string) => ({
    dataset,
    observedAt: historyStart + h * hour,
    maxLoadedAt: loadedAt,
    status,
    warnAfterSeconds: 7200,
    errorAfterSeconds: 10800,
  });
  return {
    source: 'dbt',
    eventKey: 'test-freshness-daily-orders',
    eventType: 'dbt/sources',
    eventTime: historyStart + 11.5 * hour,
    payload: { test: 'freshness' },
    runs: [],
    datasets: [],
    jobs: [],
    qualityChecks: [],
    freshness: [observe(8, 'pass'), observe(10.5, 'warn'), observe(11.5, 'error')],
  };
}

export const pipelineHistoryEvents = (): Array<Record<string, unknown>> => [
  ...Array.from({ length: 12 }, (_, h) => dagRunEvents(h)).flat(),
  ...dbtEvents(),
];

/** Loads the whole history into the database through the real OpenLineage ingest. */
export async function loadPipelineHistory(database: PaneDatabase): Promise<void> {
  const writer = new IngestWriter(database);
  const envelopes = pipelineHistoryEvents().map((event) => ingestOpenLineageEvent(event));
  await writer.submit([...envelopes, freshnessEnvelope()]);
}
