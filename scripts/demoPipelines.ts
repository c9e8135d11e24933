/**
 * The demo's world: a small shop's data platform, each pipeline reporting the way its real
 * integration does.
 *
 *   postgres://orders-db:5432 public.*  ──[Airflow DAG shop_extract: one task per table]──►  s3://acme-landing landing/*
 *   (a shop API)  ──[dlt pipeline jaffle_raw, every 10 min]──►  postgres://jaffle_shop jaffle_shop.raw.*
 *   jaffle_shop.raw.*  ──[dbt project jaffle_shop: models and tests]──►  jaffle_shop.dbt_alice.*
 *   jaffle_shop.dbt_alice.{customers,orders}  ──[Spark job customer_revenue, column lineage]──►  s3://acme-lake marts/customer_revenue
 *   (webhooks)  ──[cloud function ingest-webhook, plain runs API]──►  jaffle_shop.raw.webhook_events
 *
 * Airflow and Spark send OpenLineage events (task runs with their DAG run as parent); dbt posts
 * run_results.json with its manifest; dlt posts load_info and its trace; the cloud function
 * uses the plain runs API. Runs are cut into time slots per pipeline; everything about a slot
 * (ids, durations, rows, whether it fails, is late or is skipped) follows from the slot number,
 * so replaying the same slot sends the same documents and the collector stores them once.
 * Failures, late and missed runs, failing checks and volume drops come back on a fixed rhythm,
 * so every dashboard and alert has something to show within the first minutes.
 */
import { createHash } from 'node:crypto';

import dbtManifest from '../src/collector/ingest/dbt/__fixtures__/manifest.json';
import dltLoadInfoFixture from '../src/collector/ingest/dlt/__fixtures__/load_info_success.json';
import dltTraceFailedFixture from '../src/collector/ingest/dlt/__fixtures__/trace_step_exception.json';
import dltTraceFixture from '../src/collector/ingest/dlt/__fixtures__/trace_success.json';

export type EmissionKind = 'openlineage' | 'dbt' | 'dlt' | 'plain';

/** One document to send at a given time. */
export interface Emission {
  at: number;
  kind: EmissionKind;
  path: string;
  body: unknown;
  /** what a person reads in the demo's log */
  label: string;
}

export interface Pipeline {
  name: string;
  periodMs: number;
  /** where in its period a slot starts */
  offsetMs: number;
  /** the documents of one slot, starting at `start`; empty when this slot's run does not happen */
  play(slot: number, start: number): Emission[];
}

const minute = 60_000;
const second = 1_000;

// --- determinism -------------------------------------------------------------------------------

const digest = (parts: Array<string | number>) => createHash('sha256').update(parts.join('\u0000')).digest();

/** A UUID (version 5 layout) from the given parts: the same parts, the same id. */
export function uuidFor(...parts: Array<string | number>): string {
  const bytes = digest(parts).subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A number in [0, 1) from the given parts. */
export const chance = (...parts: Array<string | number>) => digest(parts).readUInt32BE(0) / 2 ** 32;

/** A whole number in [min, max] from the given parts. */
const between = (min: number, max: number, ...parts: Array<string | number>) => Math.round(min + chance(...parts) * (max - min));

const iso = (ms: number) => new Date(ms).toISOString();

// --- OpenLineage building blocks ------------------------------------------------------------------

const airflowProducer = 'https://github.com/apache/airflow/tree/providers-openlineage/1.14.0';
const sparkProducer = 'https://github.com/OpenLineage/OpenLineage/tree/1.24.2/integration/spark';
const runEventSchema = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';
const facet = (producer: string, schema: string) => ({ _producer: producer, _schemaURL: `https://openlineage.io/spec/facets/${schema}` });

interface DatasetRef {
  namespace: string;
  name: string;
}

const ns = {
  ordersDb: 'postgres://orders-db:5432',
  landing: 's3://acme-landing',
  warehouse: 'postgres://jaffle_shop',
  lake: 's3://acme-lake',
  airflow: 'airflow-prod',
  spark: 'spark-prod',
  functions: 'functions',
};

/** Dataset facets: schema, owners, personal-data columns (tags facet, pii=true per field). */
function datasetFacets(producer: string, columns: string[], owner: string, piiColumns: string[] = []) {
  return {
    schema: { ...facet(producer, '1-1-1/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet'), fields: columns.map((name) => ({ name, type: columnType(name) })) },
    ownership: { ...facet(producer, '1-0-1/OwnershipDatasetFacet.json#/$defs/OwnershipDatasetFacet'), owners: [{ name: owner, type: 'team' }] },
    ...(piiColumns.length > 0
      ? {
          tags: {
            ...facet(producer, '1-0-0/TagsDatasetFacet.json#/$defs/TagsDatasetFacet'),
            tags: piiColumns.map((field) => ({ key: 'pii', value: 'true', field, source: 'USER' })),
          },
        }
      : {}),
  };
}

const columnType = (name: string) => (/(_id|count|amount|value|cents)$/.test(name) || name === 'id' ? 'bigint' : /_at$|date/.test(name) ? 'timestamp' : 'varchar');

const outputStatistics = (producer: string, rows: number) => ({
  outputStatistics: { ...facet(producer, '1-0-2/OutputStatisticsOutputDatasetFacet.json#/$defs/OutputStatisticsOutputDatasetFacet'), rowCount: rows, size: rows * 96 },
});

function runEvent(options: {
  eventType: 'START' | 'RUNNING' | 'COMPLETE' | 'FAIL' | 'ABORT';
  at: number;
  producer: string;
  runId: string;
  job: { namespace: string; name: string };
  runFacets?: Record<string, unknown>;
  jobFacets?: Record<string, unknown>;
  inputs?: unknown[];
  outputs?: unknown[];
}) {
  return {
    eventType: options.eventType,
    eventTime: iso(options.at),
    producer: options.producer,
    schemaURL: runEventSchema,
    run: { runId: options.runId, facets: options.runFacets ?? {} },
    job: { namespace: options.job.namespace, name: options.job.name, facets: options.jobFacets ?? {} },
    inputs: options.inputs ?? [],
    outputs: options.outputs ?? [],
  };
}

const errorFacet = (producer: string, message: string, stackTrace: string, language: string) => ({
  errorMessage: { ...facet(producer, '1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet'), message, programmingLanguage: language, stackTrace },
});

const jobOwnership = (producer: string, owner: string) => ({
  ownership: { ...facet(producer, '1-0-1/OwnershipJobFacet.json#/$defs/OwnershipJobFacet'), owners: [{ name: owner, type: 'team' }] },
});

const olEmission = (at: number, event: ReturnType<typeof runEvent>, label: string): Emission => ({
  at,
  kind: 'openlineage',
  path: '/api/v1/lineage',
  body: event,
  label,
});

// --- Airflow: a DAG run and its task runs ----------------------------------------------------------

interface AirflowTask {
  id: string;
  input: { table: string; columns: string[]; pii?: string[] };
  output: string;
  /** typical rows */
  rows: number;
}

const airflowTasks: AirflowTask[] = [
  { id: 'extract_customers', input: { table: 'public.customers', columns: ['id', 'first_name', 'last_name', 'email', 'created_at'], pii: ['email', 'last_name'] }, output: 'landing/customers', rows: 1_200 },
  { id: 'extract_orders', input: { table: 'public.orders', columns: ['id', 'user_id', 'order_date', 'status', 'amount_cents'] }, output: 'landing/orders', rows: 48_000 },
  { id: 'extract_payments', input: { table: 'public.payments', columns: ['id', 'order_id', 'payment_method', 'amount_cents'] }, output: 'landing/payments', rows: 52_000 },
];

export const airflowDag: Pipeline = {
  name: 'airflow shop_extract',
  periodMs: 5 * minute,
  offsetMs: 0,
  play(slot, slotStart) {
    const dagId = 'shop_extract';
    // Every 29th run never happens (the scheduler was down): the landing files go stale.
    if (slot % 29 === 17) {
      return [];
    }
    // Every 19th run starts three and a half minutes late.
    const start = slotStart + (slot % 19 === 10 ? 3.5 * minute : between(1, 4, dagId, slot, 'delay') * second);
    const dagRunId = uuidFor('airflow', dagId, slot);
    const dagJob = { namespace: ns.airflow, name: dagId };
    const nominal = {
      nominalTime: {
        ...facet(airflowProducer, '1-0-1/NominalTimeRunFacet.json#/$defs/NominalTimeRunFacet'),
        nominalStartTime: iso(slotStart),
        nominalEndTime: iso(slotStart + airflowDag.periodMs),
      },
    };
    const engine = {
      processing_engine: {
        ...facet(airflowProducer, '1-1-1/ProcessingEngineRunFacet.json#/$defs/ProcessingEngineRunFacet'),
        version: '2.10.3',
        name: 'Airflow',
        openlineageAdapterVersion: '1.14.0',
      },
    };
    const parent = {
      parent: {
        ...facet(airflowProducer, '1-1-0/ParentRunFacet.json#/$defs/ParentRunFacet'),
        run: { runId: dagRunId },
        job: dagJob,
        root: { run: { runId: dagRunId }, job: dagJob },
      },
    };
    const owner = 'team:data-platform';
    const emissions: Emission[] = [
      olEmission(start, runEvent({ eventType: 'START', at: start, producer: airflowProducer, runId: dagRunId, job: dagJob, runFacets: { ...nominal, ...engine }, jobFacets: jobOwnership(airflowProducer, owner) }), `airflow ${dagId} started`),
    ];

    let cursor = start + 2 * second;
    let failedTask: string | undefined;
    for (const task of airflowTasks) {
      const taskRunId = uuidFor('airflow', dagId, slot, task.id);
      const job = { namespace: ns.airflow, name: `${dagId}.${task.id}` };
      const taskStart = cursor;
      const duration = between(6, 35, dagId, slot, task.id, 'duration') * second;
      const end = taskStart + duration;
      cursor = end + between(1, 3, dagId, slot, task.id, 'gap') * second;
      const input = { namespace: ns.ordersDb, name: task.input.table, facets: datasetFacets(airflowProducer, task.input.columns, owner, task.input.pii) };
      // Every 11th run the orders extract brings a fraction of the usual rows (a source outage).
      const dropped = task.id === 'extract_orders' && slot % 11 === 4;
      const rows = dropped ? between(300, 900, slot, 'drop') : Math.round(task.rows * (0.92 + chance(dagId, slot, task.id, 'rows') * 0.16));
      const output = { namespace: ns.landing, name: task.output, facets: datasetFacets(airflowProducer, task.input.columns, owner, task.input.pii), outputFacets: outputStatistics(airflowProducer, rows) };
      const fails = task.id === 'extract_payments' && slot % 7 === 3;
      emissions.push(olEmission(taskStart, runEvent({ eventType: 'START', at: taskStart, producer: airflowProducer, runId: taskRunId, job, runFacets: { ...parent, ...nominal, ...engine }, jobFacets: jobOwnership(airflowProducer, owner), inputs: [input], outputs: [{ namespace: output.namespace, name: output.name }] }), `airflow ${job.name} started`));
      if (fails) {
        failedTask = task.id;
        emissions.push(
          olEmission(
            end,
            runEvent({
              eventType: 'FAIL',
              at: end,
              producer: airflowProducer,
              runId: taskRunId,
              job,
              runFacets: {
                ...parent,
                ...errorFacet(
                  airflowProducer,
                  'psycopg2.OperationalError: connection to server at "orders-db" (10.0.3.17), port 5432 failed: timeout expired',
                  'Traceback (most recent call last):\n  File "/opt/airflow/dags/shop_extract.py", line 41, in extract_table\n    rows = hook.get_records(sql)\n  File "/home/airflow/.local/lib/python3.11/site-packages/airflow/providers/common/sql/hooks/sql.py", line 267, in get_records\n    with closing(self.get_conn()) as conn:\npsycopg2.OperationalError: connection to server at "orders-db" (10.0.3.17), port 5432 failed: timeout expired',
                  'python',
                ),
              },
              inputs: [input],
              outputs: [{ namespace: output.namespace, name: output.name }],
            }),
            `airflow ${job.name} FAILED`,
          ),
        );
        break;
      }
      emissions.push(olEmission(end, runEvent({ eventType: 'COMPLETE', at: end, producer: airflowProducer, runId: taskRunId, job, runFacets: { ...parent }, inputs: [input], outputs: [output] }), `airflow ${job.name} ${dropped ? `complete, only ${rows} rows` : 'complete'}`));
    }
    const dagEnd = cursor + second;
    emissions.push(
      olEmission(
        dagEnd,
        runEvent({
          eventType: failedTask ? 'FAIL' : 'COMPLETE',
          at: dagEnd,
          producer: airflowProducer,
          runId: dagRunId,
          job: dagJob,
          runFacets: failedTask ? errorFacet(airflowProducer, `task ${failedTask} failed`, `DAG run failed: upstream task ${failedTask} failed`, 'python') : {},
        }),
        `airflow ${dagId} ${failedTask ? 'FAILED' : 'complete'}`,
      ),
    );
    return emissions;
  },
};

// --- dlt: load_info and the trace, on a schedule ----------------------------------------------------

const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/g;
const EPOCH_SECONDS = /\b1[0-9]{9}\.[0-9]+\b/g;

/**
 * A fixture document moved in time: every ISO time and every epoch-seconds number (load ids,
 * file times, and the load ids inside file paths) shifted by the same amount, so the document
 * stays consistent with itself.
 */
export function retimed<T>(fixture: T, fixtureStart: number, start: number): T {
  const shiftMs = start - fixtureStart;
  const text = JSON.stringify(fixture)
    .replace(ISO_TIME, (value) => iso(Date.parse(value) + shiftMs))
    .replace(EPOCH_SECONDS, (value) => {
      const decimals = value.split('.')[1].length;
      return (Number(value) + shiftMs / 1000).toFixed(decimals);
    });
  return JSON.parse(text) as T;
}

/** Every `items_count` scaled, as a busier or quieter day would. */
function scaledCounts<T>(document: T, factor: number): T {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      return value.map(walk);
    }
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, key === 'items_count' && typeof item === 'number' ? Math.max(1, Math.round(item * factor)) : walk(item)]));
    }
    return value;
  };
  return walk(document) as T;
}

export const dltPipeline: Pipeline = {
  name: 'dlt jaffle_raw',
  periodMs: 10 * minute,
  offsetMs: 30 * second,
  play(slot, slotStart) {
    // Every 13th scheduled run does not happen (the GitHub Actions runner queue was stuck): a missed run.
    if (slot % 13 === 6) {
      return [];
    }
    const start = slotStart + between(2, 20, 'dlt', slot) * second;
    const transactionId = uuidFor('dlt', slot).replace(/-/g, '');
    if (slot % 9 === 5) {
      // The payments API answered 503: the run fails in extract; only the trace is posted (finally:).
      const trace = retimed(dltTraceFailedFixture, Date.parse(dltTraceFailedFixture.started_at), start);
      trace.transaction_id = transactionId;
      const end = Date.parse(trace.finished_at);
      return [{ at: end, kind: 'dlt', path: '/api/v1/ingest/dlt', body: trace, label: 'dlt jaffle_raw FAILED in extract (payments API 503)' }];
    }
    const factor = 0.85 + chance('dlt', slot, 'rows') * 0.3;
    const trace = scaledCounts(retimed(dltTraceFixture, Date.parse(dltTraceFixture.started_at), start), factor);
    trace.transaction_id = transactionId;
    const loadInfo = retimed(dltLoadInfoFixture, Date.parse(dltTraceFixture.started_at), start);
    const end = Date.parse(trace.finished_at);
    return [
      { at: end, kind: 'dlt', path: '/api/v1/ingest/dlt', body: loadInfo, label: 'dlt jaffle_raw load_info' },
      { at: end + 200, kind: 'dlt', path: '/api/v1/ingest/dlt', body: trace, label: 'dlt jaffle_raw trace' },
    ];
  },
};

// --- dbt: run_results.json and the manifest after `dbt build` ---------------------------------------

interface ManifestNode {
  unique_id: string;
  resource_type: string;
  relation_name?: string | null;
  depends_on?: { nodes?: string[] };
  attached_node?: string | null;
  config?: { materialized?: string };
}

const manifestNodes = Object.values((dbtManifest as unknown as { nodes: Record<string, ManifestNode> }).nodes);

/** dbt's build order: a node after everything it depends on. */
function buildOrder(nodes: ManifestNode[]): ManifestNode[] {
  const byId = new Map(nodes.map((node) => [node.unique_id, node]));
  const done = new Set<string>();
  const ordered: ManifestNode[] = [];
  const visit = (node: ManifestNode) => {
    if (done.has(node.unique_id)) {
      return;
    }
    done.add(node.unique_id);
    for (const dependency of node.depends_on?.nodes ?? []) {
      const parent = byId.get(dependency);
      if (parent) {
        visit(parent);
      }
    }
    ordered.push(node);
  };
  nodes.forEach(visit);
  return ordered;
}

const dbtOrder = buildOrder(manifestNodes.filter((node) => ['seed', 'snapshot', 'model', 'test'].includes(node.resource_type)));

export const dbtProject: Pipeline = {
  name: 'dbt jaffle_shop',
  periodMs: 10 * minute,
  offsetMs: 3 * minute,
  play(slot, slotStart) {
    const invocationId = uuidFor('dbt', slot);
    const start = slotStart + between(1, 10, 'dbt', slot) * second;
    // Every 17th build, a column rename upstream breaks the `orders` model: it and what depends on it fail or skip.
    const brokenModel = slot % 17 === 8 ? 'model.jaffle_shop.orders' : undefined;
    const failed = new Set<string>();
    let cursor = start + 1.2 * second;
    const results = dbtOrder.map((node, index) => {
      const upstreamFailed = (node.depends_on?.nodes ?? []).some((dependency) => failed.has(dependency));
      const thread = `Thread-${(index % 4) + 1} (worker)`;
      if (upstreamFailed) {
        failed.add(node.unique_id);
        return { status: 'skipped', timing: [], thread_id: thread, execution_time: 0, adapter_response: {}, message: null, failures: null, unique_id: node.unique_id, compiled: false, compiled_code: null, relation_name: null, batch_results: null };
      }
      const isTest = node.resource_type === 'test';
      const compileStart = cursor;
      const executeStart = compileStart + 40;
      const took = isTest ? between(60, 400, invocationId, node.unique_id) : between(120, 2400, invocationId, node.unique_id);
      const executeEnd = executeStart + took;
      cursor = executeEnd + 5;
      const timing = [
        { name: 'compile', started_at: iso(compileStart), completed_at: iso(compileStart + 38) },
        { name: 'execute', started_at: iso(executeStart), completed_at: iso(executeEnd) },
      ];
      const base = { timing, thread_id: thread, execution_time: (took + 45) / 1000, unique_id: node.unique_id, compiled: true, compiled_code: null, relation_name: node.relation_name ?? null, batch_results: null };
      if (node.unique_id === brokenModel) {
        failed.add(node.unique_id);
        return {
          ...base,
          status: 'error',
          adapter_response: {},
          message: 'Database Error in model orders (models/marts/orders.sql)\n  column p.amount_cents does not exist\n  LINE 24:         sum(case when p.payment_method = \'credit_card\' then p.amount_cents else 0 end) as credit_card_amount,',
          failures: null,
        };
      }
      if (isTest) {
        // Customers without a first order appear every fifth build; unexpected order statuses now and then (a warning).
        const failing = node.unique_id.startsWith('test.jaffle_shop.not_null_customers_first_order') && slot % 5 === 2;
        const warning = node.unique_id.startsWith('test.jaffle_shop.accepted_values_stg_orders_status') && slot % 6 === 1;
        const failures = failing ? between(3, 40, slot, 'first_order') : warning ? 2 : 0;
        return {
          ...base,
          status: failing ? 'fail' : warning ? 'warn' : 'pass',
          adapter_response: { _message: 'SELECT 1', code: 'SELECT', rows_affected: 1 },
          message: failing ? `Got ${failures} results, configured to fail if != 0` : warning ? 'Got 2 results, configured to warn if != 0' : null,
          failures,
        };
      }
      const view = node.config?.materialized === 'view';
      const rows = view ? -1 : between(80, 5_000, invocationId, node.unique_id, 'rows');
      const message = view ? 'CREATE VIEW' : `SELECT ${rows}`;
      return { ...base, status: 'success', adapter_response: { _message: message, code: view ? 'CREATE VIEW' : 'SELECT', rows_affected: rows }, message, failures: null };
    });
    const end = cursor + 300;
    const manifest = { ...(dbtManifest as Record<string, unknown>), metadata: { ...(dbtManifest as { metadata: Record<string, unknown> }).metadata, invocation_id: invocationId, generated_at: iso(start) } };
    const runResults = {
      metadata: { dbt_schema_version: 'https://schemas.getdbt.com/dbt/run-results/v6.json', dbt_version: '1.8.3', generated_at: iso(end), invocation_id: invocationId, env: {} },
      results,
      elapsed_time: (end - start) / 1000,
      args: { which: 'build', invocation_command: 'dbt build --target prod', target: 'prod', project_dir: '/home/runner/work/jaffle_shop/jaffle_shop' },
    };
    const summary = brokenModel ? 'FAILED (model orders)' : results.some((r) => r.status === 'fail') ? 'complete, a test failed' : 'complete';
    return [{ at: end, kind: 'dbt', path: '/api/v1/ingest/dbt', body: { run_results: runResults, manifest }, label: `dbt build ${summary}` }];
  },
};

// --- Spark: one application with column lineage ----------------------------------------------------

export const sparkJob: Pipeline = {
  name: 'spark customer_revenue',
  periodMs: 15 * minute,
  offsetMs: 7 * minute,
  play(slot, slotStart) {
    const runId = uuidFor('spark', slot);
    const job = { namespace: ns.spark, name: 'customer_revenue.execute_insert_into_hadoop_fs_relation_command' };
    const start = slotStart + between(2, 15, 'spark', slot) * second;
    // Every 31st run the cluster is starved: ten times slower than usual.
    const slow = slot % 31 === 12;
    const end = start + between(40, 90, 'spark', slot, 'duration') * second * (slow ? 10 : 1);
    const fails = slot % 23 === 11;
    const engine = {
      processing_engine: { ...facet(sparkProducer, '1-1-1/ProcessingEngineRunFacet.json#/$defs/ProcessingEngineRunFacet'), version: '3.5.1', name: 'spark', openlineageAdapterVersion: '1.24.2' },
    };
    const owner = 'team:growth';
    const customers = { namespace: ns.warehouse, name: 'jaffle_shop.dbt_alice.customers', facets: datasetFacets(sparkProducer, ['customer_id', 'first_name', 'last_name', 'email', 'first_order'], 'team:analytics', ['email', 'last_name']) };
    const orders = { namespace: ns.warehouse, name: 'jaffle_shop.dbt_alice.orders', facets: datasetFacets(sparkProducer, ['order_id', 'customer_id', 'order_date', 'status', 'amount'], 'team:analytics') };
    const from = (dataset: DatasetRef, field: string, subtype: string) => ({
      namespace: dataset.namespace,
      name: dataset.name,
      field,
      transformations: [{ type: 'DIRECT', subtype, description: '', masking: false }],
    });
    const output = {
      namespace: ns.lake,
      name: 'marts/customer_revenue',
      facets: {
        ...datasetFacets(sparkProducer, ['customer_id', 'email', 'lifetime_value', 'order_count', 'last_order_date'], owner, ['email']),
        columnLineage: {
          ...facet(sparkProducer, '1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet'),
          fields: {
            customer_id: { inputFields: [from(customers, 'customer_id', 'IDENTITY')] },
            email: { inputFields: [from(customers, 'email', 'IDENTITY')] },
            lifetime_value: { inputFields: [from(orders, 'amount', 'AGGREGATION')] },
            order_count: { inputFields: [from(orders, 'order_id', 'AGGREGATION')] },
            last_order_date: { inputFields: [from(orders, 'order_date', 'AGGREGATION')] },
          },
        },
      },
      outputFacets: outputStatistics(sparkProducer, between(900, 1_300, 'spark', slot, 'rows')),
    };
    const inputs = [customers, orders];
    return [
      olEmission(start, runEvent({ eventType: 'START', at: start, producer: sparkProducer, runId, job, runFacets: engine, jobFacets: jobOwnership(sparkProducer, owner), inputs, outputs: [{ namespace: output.namespace, name: output.name }] }), 'spark customer_revenue started'),
      fails
        ? olEmission(
            end,
            runEvent({
              eventType: 'FAIL',
              at: end,
              producer: sparkProducer,
              runId,
              job,
              runFacets: {
                ...engine,
                ...errorFacet(
                  sparkProducer,
                  'Job aborted due to stage failure: Task 7 in stage 3.0 failed 4 times: java.lang.OutOfMemoryError: Java heap space',
                  'org.apache.spark.SparkException: Job aborted due to stage failure: Task 7 in stage 3.0 failed 4 times\n\tat org.apache.spark.scheduler.DAGScheduler.failJobAndIndependentStages(DAGScheduler.scala:2856)\nCaused by: java.lang.OutOfMemoryError: Java heap space',
                  'scala',
                ),
              },
              inputs,
              outputs: [{ namespace: output.namespace, name: output.name }],
            }),
            'spark customer_revenue FAILED (OutOfMemoryError)',
          )
        : olEmission(end, runEvent({ eventType: 'COMPLETE', at: end, producer: sparkProducer, runId, job, runFacets: engine, inputs, outputs: [output] }), `spark customer_revenue complete${slow ? ' (slow)' : ''}`),
    ];
  },
};

// --- a cloud function: the plain runs API -----------------------------------------------------------

export const cloudFunction: Pipeline = {
  name: 'cloud function ingest-webhook',
  periodMs: minute,
  offsetMs: 10 * second,
  play(slot, slotStart) {
    // Webhook-driven: some minutes nothing calls it.
    if (chance('function', slot, 'called') < 0.2) {
      return [];
    }
    const start = slotStart + between(0, 40, 'function', slot) * second;
    const durationMs = between(300, 2_800, 'function', slot, 'duration');
    const fails = slot % 9 === 4;
    const rows = between(20, 400, 'function', slot, 'rows');
    const report = {
      namespace: ns.functions,
      job: 'ingest-webhook',
      runId: uuidFor('function', slot),
      orchestrator: 'cloud-function',
      status: fails ? 'failed' : 'success',
      startedAt: iso(start),
      endedAt: iso(start + durationMs),
      owners: ['team:data-platform'],
      tags: { runtime: 'nodejs20', region: 'eu-west-1' },
      ...(fails
        ? { error: 'TimeoutError: the upstream webhook sender did not finish its payload in 10 s', exitCode: 1 }
        : { rows, outputs: [{ namespace: ns.warehouse, name: 'jaffle_shop.raw.webhook_events', rows }] }),
    };
    return [{ at: start + durationMs, kind: 'plain', path: '/api/v1/ingest/runs', body: report, label: `function ingest-webhook ${fails ? 'FAILED' : 'ok'}` }];
  },
};

export const pipelines: readonly Pipeline[] = [airflowDag, dltPipeline, dbtProject, sparkJob, cloudFunction];

/** The slot a time falls in. */
export const slotOf = (pipeline: Pipeline, time: number) => Math.floor((time - pipeline.offsetMs) / pipeline.periodMs);
export const slotStart = (pipeline: Pipeline, slot: number) => slot * pipeline.periodMs + pipeline.offsetMs;
