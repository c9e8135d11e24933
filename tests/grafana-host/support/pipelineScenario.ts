/**
 * A day of realistic pipeline history, as OpenLineage 2-0-2 RunEvents the way Airflow's and
 * dbt's integrations send them (parent run facets, nominal time, error messages with stack
 * traces, output statistics, data quality assertions, ownership, schema with column lineage),
 * ending at `now`:
 *
 *   postgres://orders-db:5432 public.orders ─► [airflow-prod orders_daily.extract_orders] ─► snowflake://acme raw.orders
 *     ─► [orders_daily.transform_orders] ─► analytics.stg_orders ─► [orders_daily.load_orders] ─► analytics.orders_daily
 *     ─► [dbt-prod acme.fct_revenue] ─► analytics.fct_revenue (check `accepted_values_status` failing)
 *   [airflow-prod crm.load_customers] ─► analytics.customers (last written 58 h ago: stale)
 *
 * The DAG `orders_daily` runs every 2 hours (12 runs), each the parent of its three task runs.
 * The transform task fails in the 5th run and in the latest one (which aborts the load).
 */
export const hour = 3_600_000;
export const ns = { source: 'postgres://orders-db:5432', warehouse: 'snowflake://acme', airflow: 'airflow-prod', dbt: 'dbt-prod' };
const airflowProducer = 'https://github.com/apache/airflow/tree/providers-openlineage/1.14.0';
const dbtProducer = 'https://github.com/OpenLineage/OpenLineage/tree/1.26.0/integration/dbt';
const schemaURL = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';
const facet = (name: string, producer = airflowProducer) => ({ _producer: producer, _schemaURL: `https://openlineage.io/spec/facets/${name}` });

export const scenarioSlaYaml = `
datasets:
  - namespace: "snowflake://acme"
    dataset: "analytics.*"
    owners: [analytics@acme.example]
    team: analytics
    freshness: { warnAfter: 6h, criticalAfter: 12h }
  - namespace: "snowflake://acme"
    dataset: "raw.*"
    owners: [data-platform@acme.example]
    team: data-platform
    freshness: { warnAfter: 4h, criticalAfter: 8h }
`;

let counter = 0;
const uuid = (now: number) => {
  counter += 1;
  const hex = Math.floor(now / 1000).toString(16).padStart(12, '0').slice(-12);
  return `0193${hex.slice(0, 4)}-${hex.slice(4, 8)}-7${hex.slice(8, 11)}-8000-${counter.toString(16).padStart(12, '0')}`;
};
const iso = (ms: number) => new Date(ms).toISOString();

interface Io {
  namespace: string;
  name: string;
  facets?: Record<string, unknown>;
  inputFacets?: Record<string, unknown>;
  outputFacets?: Record<string, unknown>;
}

interface RunSpec {
  job: { namespace: string; name: string; facets?: Record<string, unknown> };
  start: number;
  end: number;
  state: 'COMPLETE' | 'FAIL' | 'ABORT';
  parent?: { runId: string; namespace: string; name: string };
  inputs?: Io[];
  outputs?: Io[];
  error?: { message: string; stackTrace: string };
  nominal?: number;
  producer?: string;
  runId?: string;
}

function runEvents(spec: RunSpec, now: number): { runId: string; events: unknown[] } {
  const runId = spec.runId ?? uuid(now + spec.start);
  const producer = spec.producer ?? airflowProducer;
  const runFacets = (final: boolean) => ({
    ...(spec.parent
      ? {
          parent: {
            ...facet('1-1-0/ParentRunFacet.json#/$defs/ParentRunFacet', producer),
            run: { runId: spec.parent.runId },
            job: { namespace: spec.parent.namespace, name: spec.parent.name },
          },
        }
      : {}),
    ...(spec.nominal !== undefined
      ? { nominalTime: { ...facet('1-0-1/NominalTimeRunFacet.json#/$defs/NominalTimeRunFacet', producer), nominalStartTime: iso(spec.nominal) } }
      : {}),
    ...(final && spec.error
      ? {
          errorMessage: {
            ...facet('1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet', producer),
            message: spec.error.message,
            programmingLanguage: 'python',
            stackTrace: spec.error.stackTrace,
          },
        }
      : {}),
  });
  const base = (eventType: string, time: number, final: boolean) => ({
    eventTime: iso(time),
    eventType,
    producer,
    schemaURL,
    run: { runId, facets: runFacets(final) },
    job: spec.job,
    inputs: (spec.inputs ?? []).map(({ outputFacets: _ignored, ...io }) => io),
    outputs: final && spec.state === 'COMPLETE' ? (spec.outputs ?? []) : (spec.outputs ?? []).map(({ outputFacets: _ignored, facets: _f, ...io }) => io),
  });
  return { runId, events: [base('START', spec.start, false), base(spec.state, spec.end, true)] };
}

const jobFacets = (integration: string, jobType: string, producer = airflowProducer) => ({
  jobType: { ...facet('2-0-3/JobTypeJobFacet.json#/$defs/JobTypeJobFacet', producer), processingType: 'BATCH', integration, jobType },
  ownership: { ...facet('1-0-1/OwnershipJobFacet.json#/$defs/OwnershipJobFacet', producer), owners: [{ name: 'team:data-platform', type: 'TEAM' }] },
});

const schema = (fields: string[], producer = airflowProducer) => ({
  schema: { ...facet('1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet', producer), fields: fields.map((name) => ({ name, type: 'VARCHAR' })) },
});

const rowCount = (rows: number, producer = airflowProducer) => ({
  outputStatistics: { ...facet('1-0-2/OutputStatisticsOutputDatasetFacet.json#/$defs/OutputStatisticsOutputDatasetFacet', producer), rowCount: rows },
});

const transformError = {
  message: 'column "discount_code" does not exist\nLINE 4:        o.discount_code,\n               ^',
  stackTrace:
    'Traceback (most recent call last):\n  File "/home/airflow/.local/lib/python3.11/site-packages/airflow/models/taskinstance.py", line 767, in _execute_task\npsycopg2.errors.UndefinedColumn: column "discount_code" does not exist\n',
};

export interface ScenarioIds {
  dagRunIds: string[];
  latestDagRunId: string;
  failedTransformRunId: string;
}

/** The scenario's events (oldest first) and the run ids tests refer to. */
export function pipelineScenario(now: number): { events: unknown[]; ids: ScenarioIds } {
  const events: unknown[] = [];
  const dagRunIds: string[] = [];
  let failedTransformRunId = '';
  const dag = { namespace: ns.airflow, name: 'orders_daily', facets: jobFacets('AIRFLOW', 'DAG') };
  const task = (name: string) => ({ namespace: ns.airflow, name: `orders_daily.${name}`, facets: jobFacets('AIRFLOW', 'TASK') });

  for (let i = 11; i >= 0; i--) {
    const start = now - i * 2 * hour - 40 * 60_000;
    const failing = i === 7 || i === 0;
    const dagRun = runEvents({ job: dag, start, end: start + 25 * 60_000, state: failing ? 'FAIL' : 'COMPLETE', nominal: start, error: failing ? transformError : undefined }, now);
    dagRunIds.push(dagRun.runId);
    const parent = { runId: dagRun.runId, namespace: dag.namespace, name: dag.name };
    const rows = 10_000 + ((i * 737) % 1500);
    const extract = runEvents(
      {
        job: task('extract_orders'),
        parent,
        start: start + 60_000,
        end: start + 6 * 60_000,
        state: 'COMPLETE',
        inputs: [{ namespace: ns.source, name: 'public.orders' }],
        outputs: [{ namespace: ns.warehouse, name: 'raw.orders', facets: schema(['order_id', 'customer_id', 'amount', 'status']), outputFacets: rowCount(rows) }],
      },
      now,
    );
    const transform = runEvents(
      {
        job: task('transform_orders'),
        parent,
        start: start + 7 * 60_000,
        end: start + (failing ? 9 : 15) * 60_000,
        state: failing ? 'FAIL' : 'COMPLETE',
        error: failing ? transformError : undefined,
        inputs: [{ namespace: ns.warehouse, name: 'raw.orders' }],
        outputs: [{ namespace: ns.warehouse, name: 'analytics.stg_orders', facets: schema(['order_id', 'customer_id', 'amount', 'status']), outputFacets: rowCount(rows) }],
      },
      now,
    );
    if (i === 0) failedTransformRunId = transform.runId;
    const load = runEvents(
      {
        job: task('load_orders'),
        parent,
        start: start + 16 * 60_000,
        end: start + (failing ? 16.5 : 24) * 60_000,
        state: failing ? 'ABORT' : 'COMPLETE',
        inputs: [{ namespace: ns.warehouse, name: 'analytics.stg_orders' }],
        outputs: [
          {
            namespace: ns.warehouse,
            name: 'analytics.orders_daily',
            facets: schema(['order_date', 'orders', 'revenue']),
            outputFacets: rowCount(i === 1 ? 2_000 : 365 + i),
          },
        ],
      },
      now,
    );
    events.push(...dagRun.events.slice(0, 1), ...extract.events, ...transform.events, ...load.events, ...dagRun.events.slice(1));
  }

  // dbt builds fct_revenue every 6 hours and tests it; the accepted_values check fails lately.
  for (let i = 3; i >= 0; i--) {
    const start = now - i * 6 * hour - 20 * 60_000;
    const assertions = [
      { assertion: 'not_null', success: true, column: 'order_date', name: 'not_null_fct_revenue_order_date', severity: 'error' },
      { assertion: 'accepted_values', success: i > 1, column: 'status', name: 'accepted_values_fct_revenue_status', severity: 'warn', expected: '0', actual: i > 1 ? '0' : '17' },
    ];
    const run = runEvents(
      {
        job: { namespace: ns.dbt, name: 'acme.fct_revenue', facets: jobFacets('DBT', 'MODEL', dbtProducer) },
        producer: dbtProducer,
        start,
        end: start + 3 * 60_000,
        state: 'COMPLETE',
        inputs: [
          {
            namespace: ns.warehouse,
            name: 'analytics.orders_daily',
          },
        ],
        outputs: [{ namespace: ns.warehouse, name: 'analytics.fct_revenue', facets: schema(['order_date', 'revenue', 'status'], dbtProducer), outputFacets: rowCount(365, dbtProducer) }],
      },
      now,
    );
    // dbt's OpenLineage integration reports tests as a run reading the model, assertions on the input.
    const test = runEvents(
      {
        job: { namespace: ns.dbt, name: 'acme.fct_revenue.test', facets: jobFacets('DBT', 'TEST', dbtProducer) },
        producer: dbtProducer,
        parent: { runId: run.runId, namespace: ns.dbt, name: 'acme.fct_revenue' },
        start: start + 3 * 60_000,
        end: start + 4 * 60_000,
        state: 'COMPLETE',
        inputs: [
          {
            namespace: ns.warehouse,
            name: 'analytics.fct_revenue',
            inputFacets: {
              dataQualityAssertions: { ...facet('1-1-0/DataQualityAssertionsDatasetFacet.json#/$defs/DataQualityAssertionsDatasetFacet', dbtProducer), assertions },
            },
          },
        ],
      },
      now,
    );
    events.push(...run.events, ...test.events);
  }

  // customers: loaded daily until 58 hours ago.
  for (const ago of [106, 82, 58]) {
    const start = now - ago * hour;
    events.push(
      ...runEvents(
        {
          job: { namespace: ns.airflow, name: 'crm.load_customers', facets: jobFacets('AIRFLOW', 'TASK') },
          start,
          end: start + 4 * 60_000,
          state: 'COMPLETE',
          outputs: [{ namespace: ns.warehouse, name: 'analytics.customers', facets: schema(['customer_id', 'email']), outputFacets: rowCount(52_000) }],
        },
        now,
      ).events,
    );
  }
  events.sort((a, b) => Date.parse((a as { eventTime: string }).eventTime) - Date.parse((b as { eventTime: string }).eventTime));
  return { events, ids: { dagRunIds, latestDagRunId: dagRunIds.at(-1) as string, failedTransformRunId } };
}
