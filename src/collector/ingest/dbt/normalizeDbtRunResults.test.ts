import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deterministicUuid, isUuid } from '../../model/deterministicUuid';
import { IngestEnvelope, RunObservation } from '../../model/observations';
import { InvalidDocumentError } from '../../model/validationError';
import { normalizeDbtRunResults } from './normalizeDbtRunResults';

const fixture = (name: string): any => JSON.parse(readFileSync(join(__dirname, '__fixtures__', name), 'utf8'));
const at = (iso: string): number => Date.parse(iso);

const V6_INVOCATION = 'a5f8c2d4-6b1e-4e3a-9c7d-2f1b0e8d4a61';
const PG = 'postgres://jaffle_shop';

/** The run's terminal observation (the one after START). */
const terminal = (envelope: IngestEnvelope, job: string): RunObservation => {
  const found = envelope.runs.find((r) => r.job.name === job && r.eventType !== 'START');
  if (!found) throw new Error(`no terminal run for ${job}`);
  return found;
};
const start = (envelope: IngestEnvelope, job: string): RunObservation | undefined =>
  envelope.runs.find((r) => r.job.name === job && r.eventType === 'START');

const problemsOf = (fn: () => unknown): Array<{ path: string; message: string }> => {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidDocumentError) return error.problems;
    throw error;
  }
  throw new Error('expected an InvalidDocumentError');
};

describe('normalizeDbtRunResults: run_results v6 with its manifest', () => {
  const envelope = normalizeDbtRunResults({ run_results: fixture('run_results_v6.json'), manifest: fixture('manifest.json') });
  const invocationRunId = deterministicUuid('dbt', 'invocation', V6_INVOCATION);

  it('describes the envelope', () => {
    expect(envelope.source).toBe('dbt');
    expect(envelope.eventType).toBe('dbt run_results');
    expect(envelope.eventTime).toBe(at('2024-05-01T06:04:00.558Z'));
    expect(envelope.eventKey).toMatch(/^[0-9a-f]{64}$/);
  });

  it('has one run for the invocation and one per model, seed and snapshot', () => {
    const runIds = new Set(envelope.runs.map((r) => r.runId));
    expect(runIds.size).toBe(9);
    for (const id of runIds) expect(isUuid(id)).toBe(true);
    expect(new Set(envelope.runs.map((r) => r.job.name))).toEqual(
      new Set([
        'jaffle_shop',
        'seed.jaffle_shop.payment_methods',
        'snapshot.jaffle_shop.orders_snapshot',
        'model.jaffle_shop.stg_customers',
        'model.jaffle_shop.stg_orders',
        'model.jaffle_shop.stg_payments',
        'model.jaffle_shop.customers',
        'model.jaffle_shop.orders',
        'model.jaffle_shop.revenue_daily',
      ]),
    );
    // START + terminal for every run that began; the skipped model only ends
    expect(envelope.runs).toHaveLength(2 + 7 * 2 + 1);
    expect(envelope.jobs).toHaveLength(9);
    expect(envelope.runs.every((r) => r.job.namespace === 'dbt://jaffle_shop' && r.orchestrator === 'dbt' && r.producer === 'dbt/1.8.3')).toBe(true);
  });

  it('derives the invocation run id from invocation_id and links every node to it', () => {
    const invocation = terminal(envelope, 'jaffle_shop');
    expect(invocation.runId).toBe(invocationRunId);
    expect(invocation.parent).toBeUndefined();
    const children = envelope.runs.filter((r) => r.job.name !== 'jaffle_shop');
    expect(children.length).toBe(15);
    for (const child of children) {
      expect(child.parent).toEqual({ runId: invocationRunId, job: { namespace: 'dbt://jaffle_shop', name: 'jaffle_shop' } });
    }
  });

  it('spans the invocation from the first start to the last end and fails it on the error and the failed test', () => {
    expect(start(envelope, 'jaffle_shop')?.eventTime).toBe(at('2024-05-01T06:03:59.402Z'));
    const invocation = terminal(envelope, 'jaffle_shop');
    expect(invocation.eventType).toBe('FAIL');
    expect(invocation.eventTime).toBe(at('2024-05-01T06:04:00.517Z'));
    expect(invocation.errorMessage).toBe(
      '2 of 17 dbt nodes failed: model.jaffle_shop.orders (error), test.jaffle_shop.not_null_customers_first_order.5b1a3ed7f5 (fail)',
    );
    expect(invocation.runFacets?.dbt_invocation).toMatchObject({
      invocation_id: V6_INVOCATION,
      command: 'build',
      target: 'prod',
      dbt_schema_version: 6,
      status_counts: { success: 6, pass: 5, warn: 1, error: 1, fail: 1, skipped: 3 },
    });
  });

  it('maps node statuses and timings', () => {
    const customers = terminal(envelope, 'model.jaffle_shop.customers');
    expect(customers.eventType).toBe('COMPLETE');
    expect(start(envelope, 'model.jaffle_shop.customers')?.eventTime).toBe(at('2024-05-01T06:03:59.942Z'));
    expect(customers.eventTime).toBe(at('2024-05-01T06:04:00.394Z'));
    expect(customers.errorMessage).toBeUndefined();

    const orders = terminal(envelope, 'model.jaffle_shop.orders');
    expect(orders.eventType).toBe('FAIL');
    expect(orders.errorMessage).toContain('column p.amount_cents does not exist');

    const skipped = envelope.runs.filter((r) => r.job.name === 'model.jaffle_shop.revenue_daily');
    expect(skipped.map((r) => r.eventType)).toEqual(['ABORT']);
    expect(skipped[0].eventTime).toBe(at('2024-05-01T06:04:00.517Z'));
  });

  it('reports the relation each node builds, with rows_affected as row count', () => {
    expect(terminal(envelope, 'model.jaffle_shop.customers').outputs).toEqual([
      expect.objectContaining({ namespace: PG, name: 'jaffle_shop.dbt_alice.customers', statistics: { rowCount: 100 } }),
    ]);
    expect(terminal(envelope, 'seed.jaffle_shop.payment_methods').outputs[0]).toMatchObject({
      name: 'jaffle_shop.dbt_alice.payment_methods',
      statistics: { rowCount: 4 },
    });
    expect(terminal(envelope, 'snapshot.jaffle_shop.orders_snapshot').outputs[0]).toMatchObject({
      name: 'jaffle_shop.snapshots.orders_snapshot',
      statistics: { rowCount: 3 },
    });
    // a view reports rows_affected -1: no row count
    expect(terminal(envelope, 'model.jaffle_shop.stg_customers').outputs).toEqual([{ namespace: PG, name: 'jaffle_shop.dbt_alice.stg_customers' }]);
    // a failed model wrote nothing countable
    expect(terminal(envelope, 'model.jaffle_shop.orders').outputs).toEqual([
      expect.objectContaining({ namespace: PG, name: 'jaffle_shop.dbt_alice.orders' }),
    ]);
    expect(terminal(envelope, 'model.jaffle_shop.orders').outputs[0].statistics).toBeUndefined();
    // the START carries no statistics
    expect(start(envelope, 'model.jaffle_shop.customers')?.outputs[0].statistics).toBeUndefined();
  });

  it('carries the manifest description and documented columns', () => {
    const output = terminal(envelope, 'model.jaffle_shop.customers').outputs[0];
    expect(output.description).toContain('basic information about a customer');
    expect(output.schema?.map((f) => f.name)).toEqual(['customer_id', 'first_order']);
  });

  it('gives each node its depends_on relations as inputs, sources included', () => {
    const names = (job: string) => terminal(envelope, job).inputs.map((d) => `${d.namespace}/${d.name}`).sort();
    expect(names('model.jaffle_shop.customers')).toEqual([
      `${PG}/jaffle_shop.dbt_alice.stg_customers`,
      `${PG}/jaffle_shop.dbt_alice.stg_orders`,
      `${PG}/jaffle_shop.dbt_alice.stg_payments`,
    ]);
    expect(names('model.jaffle_shop.stg_payments')).toEqual([`${PG}/jaffle_shop.dbt_alice.payment_methods`, `${PG}/jaffle_shop.raw.payments`]);
    expect(names('snapshot.jaffle_shop.orders_snapshot')).toEqual([`${PG}/jaffle_shop.raw.orders`]);
    expect(names('seed.jaffle_shop.payment_methods')).toEqual([]);
  });

  it('lists every dataset once', () => {
    const keys = envelope.datasets.map((d) => `${d.namespace}/${d.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toContain(`${PG}/jaffle_shop.raw.customers`);
    expect(envelope.datasets.find((d) => d.name === 'jaffle_shop.dbt_alice.customers')?.statistics).toEqual({ rowCount: 100 });
  });

  it('turns each test that ran into a quality check on its model', () => {
    const checks = envelope.qualityChecks;
    expect(checks).toHaveLength(7);
    expect(checks.every((c) => c.runId === invocationRunId && c.expected === '0')).toBe(true);
    const find = (name: string, check: string, column?: string) =>
      checks.find((c) => c.dataset.name === `jaffle_shop.dbt_alice.${name}` && c.check === check && c.column === column);

    expect(find('customers', 'not_null', 'first_order')).toEqual({
      dataset: { namespace: PG, name: 'jaffle_shop.dbt_alice.customers' },
      runId: invocationRunId,
      check: 'not_null',
      column: 'first_order',
      passed: false,
      severity: 'error',
      actual: '38',
      expected: '0',
      message: 'Got 38 results, configured to fail if != 0',
      observedAt: at('2024-05-01T06:04:00.517Z'),
    });
    expect(find('stg_orders', 'accepted_values', 'status')).toMatchObject({ passed: false, severity: 'warn', actual: '2' });
    expect(find('customers', 'unique', 'customer_id')).toMatchObject({ passed: true, severity: 'error', actual: '0' });
    expect(find('stg_payments', 'assert_positive_payment_amounts')).toMatchObject({ passed: true, actual: '0' });
    // tests of the failed model were skipped: no check
    expect(checks.some((c) => c.dataset.name.endsWith('.orders'))).toBe(false);
  });

  it('is deterministic: the same document gives the same envelope', () => {
    const again = normalizeDbtRunResults({ run_results: fixture('run_results_v6.json'), manifest: fixture('manifest.json') });
    expect(again).toEqual(envelope);
  });
});

describe('normalizeDbtRunResults: run_results without a manifest', () => {
  const envelope = normalizeDbtRunResults(fixture('run_results_v6.json'));

  it('names the project from the unique_ids and the datasets from relation_name', () => {
    expect(terminal(envelope, 'jaffle_shop').job.namespace).toBe('dbt://jaffle_shop');
    expect(terminal(envelope, 'model.jaffle_shop.customers').outputs[0]).toEqual({
      namespace: 'dbt://jaffle_shop',
      name: 'jaffle_shop.dbt_alice.customers',
      statistics: { rowCount: 100 },
    });
    expect(terminal(envelope, 'model.jaffle_shop.customers').inputs).toEqual([]);
  });

  it('resolves generic tests by name and reports the rest as unresolved', () => {
    const checks = envelope.qualityChecks.map((c) => `${c.dataset.name}:${c.check}:${c.column}:${c.passed}`).sort();
    expect(checks).toEqual([
      'jaffle_shop.dbt_alice.customers:not_null:first_order:false',
      'jaffle_shop.dbt_alice.customers:unique:customer_id:true',
      'jaffle_shop.dbt_alice.stg_customers:not_null:customer_id:true',
      'jaffle_shop.dbt_alice.stg_customers:unique:customer_id:true',
      'jaffle_shop.dbt_alice.stg_orders:accepted_values:status:false',
      'jaffle_shop.dbt_alice.stg_payments:accepted_values:payment_method:true',
    ]);
    expect((terminal(envelope, 'jaffle_shop').runFacets?.dbt_invocation as any).unresolved_tests).toEqual([
      'test.jaffle_shop.assert_positive_payment_amounts',
    ]);
  });

  it('names datasets as the manifest would when the caller gives the adapter', () => {
    const withAdapter = normalizeDbtRunResults(fixture('run_results_v6.json'), { adapterType: 'postgres' });
    expect(terminal(withAdapter, 'model.jaffle_shop.customers').outputs[0]).toMatchObject({ namespace: PG, name: 'jaffle_shop.dbt_alice.customers' });
  });

  it('uses the same run ids as with a manifest (re-delivery with more context maps onto the same runs)', () => {
    const withManifest = normalizeDbtRunResults({ run_results: fixture('run_results_v6.json'), manifest: fixture('manifest.json') });
    expect(new Set(envelope.runs.map((r) => r.runId))).toEqual(new Set(withManifest.runs.map((r) => r.runId)));
  });
});

describe('normalizeDbtRunResults: run_results v5', () => {
  const envelope = normalizeDbtRunResults(fixture('run_results_v5.json'));

  it('reads dbt 1.7 output: a failed model, its skipped descendants and a failing test', () => {
    expect(new Set(envelope.runs.map((r) => r.runId)).size).toBe(9);
    expect(terminal(envelope, 'model.jaffle_shop.stg_payments')).toMatchObject({ eventType: 'FAIL' });
    expect(terminal(envelope, 'model.jaffle_shop.stg_payments').errorMessage).toContain('permission denied for table payments');
    for (const skipped of ['model.jaffle_shop.customers', 'model.jaffle_shop.orders', 'model.jaffle_shop.revenue_daily']) {
      expect(envelope.runs.filter((r) => r.job.name === skipped).map((r) => r.eventType)).toEqual(['ABORT']);
    }
    expect(terminal(envelope, 'jaffle_shop')).toMatchObject({ eventType: 'FAIL', producer: 'dbt/1.7.14' });
    expect(start(envelope, 'jaffle_shop')?.eventTime).toBe(at('2024-04-30T06:04:02.117Z'));
    expect(terminal(envelope, 'jaffle_shop').eventTime).toBe(at('2024-04-30T06:04:02.865Z'));
    expect(terminal(envelope, 'jaffle_shop').runId).toBe(deterministicUuid('dbt', 'invocation', '6f1d0c5e-3b7a-4c2e-8d9f-0a1b2c3d4e5f'));
    expect(envelope.qualityChecks.find((c) => c.check === 'accepted_values')).toMatchObject({
      passed: false,
      severity: 'error',
      actual: '1',
      column: 'status',
    });
    expect(envelope.qualityChecks).toHaveLength(3);
  });

  it('completes the invocation when nothing failed (a warning does not fail it)', () => {
    const doc = fixture('run_results_v5.json');
    doc.results = doc.results.filter((r: any) => r.status === 'success' || r.status === 'pass');
    doc.results.push({ ...fixture('run_results_v5.json').results[6], status: 'warn', failures: 1, message: 'Got 1 result, configured to warn if != 0' });
    const ok = normalizeDbtRunResults(doc);
    expect(terminal(ok, 'jaffle_shop').eventType).toBe('COMPLETE');
    expect(terminal(ok, 'jaffle_shop').errorMessage).toBeUndefined();
  });
});

describe('normalizeDbtRunResults: source freshness', () => {
  it('turns sources.json into freshness observations on the manifest relations', () => {
    const envelope = normalizeDbtRunResults({
      run_results: fixture('run_results_v6.json'),
      manifest: fixture('manifest.json'),
      sources: fixture('sources.json'),
    });
    expect(envelope.eventType).toBe('dbt run_results');
    const byName = new Map(envelope.freshness.map((f) => [f.dataset.name, f]));
    expect(envelope.freshness).toHaveLength(4);
    expect(byName.get('jaffle_shop.raw.customers')).toEqual({
      dataset: { namespace: PG, name: 'jaffle_shop.raw.customers' },
      observedAt: at('2024-05-01T06:00:39.912Z'),
      maxLoadedAt: at('2024-05-01T05:41:01.481Z'),
      status: 'pass',
      warnAfterSeconds: 12 * 3600,
      errorAfterSeconds: 24 * 3600,
    });
    expect(byName.get('jaffle_shop.raw.orders')).toMatchObject({ status: 'warn', maxLoadedAt: at('2024-04-30T17:20:03.500Z') });
    expect(byName.get('jaffle_shop.raw.payments')).toMatchObject({ status: 'error', maxLoadedAt: at('2024-04-29T22:02:11Z') });
    expect(byName.get('jaffle_shop.raw.stores')).toEqual({
      dataset: { namespace: PG, name: 'jaffle_shop.raw.stores' },
      observedAt: at('2024-05-01T06:00:40.103Z'),
      status: 'runtime error',
      message: expect.stringContaining('relation "raw.stores" does not exist'),
    });
    expect(envelope.datasets.some((d) => d.name === 'jaffle_shop.raw.stores')).toBe(true);
  });

  it('accepts a sources.json on its own', () => {
    const envelope = normalizeDbtRunResults(fixture('sources.json'));
    expect(envelope.eventType).toBe('dbt sources');
    expect(envelope.eventTime).toBe(at('2024-05-01T06:00:40.103Z'));
    expect(envelope.runs).toEqual([]);
    expect(envelope.freshness.map((f) => `${f.dataset.namespace}/${f.dataset.name}:${f.status}`)).toEqual([
      'dbt://jaffle_shop/raw.customers:pass',
      'dbt://jaffle_shop/raw.orders:warn',
      'dbt://jaffle_shop/raw.payments:error',
      'dbt://jaffle_shop/raw.stores:runtime error',
    ]);
  });

  it('converts minutes and days and leaves unset thresholds out', () => {
    const doc = fixture('sources.json');
    doc.results[0].criteria = { warn_after: { count: 30, period: 'minute' }, error_after: { count: null, period: null }, filter: null };
    doc.results[1].criteria = { warn_after: { count: 2, period: 'day' }, error_after: null };
    const [first, second] = normalizeDbtRunResults(doc).freshness;
    expect(first.warnAfterSeconds).toBe(1800);
    expect(first.errorAfterSeconds).toBeUndefined();
    expect(second.warnAfterSeconds).toBe(172800);
  });
});

describe('normalizeDbtRunResults: bad input', () => {
  it('rejects other run_results schema versions, naming /metadata/dbt_schema_version', () => {
    const doc = fixture('run_results_v6.json');
    doc.metadata.dbt_schema_version = 'https://schemas.getdbt.com/dbt/run-results/v4.json';
    const problems = problemsOf(() => normalizeDbtRunResults(doc));
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe('/metadata/dbt_schema_version');
    expect(problems[0].message).toContain('https://schemas.getdbt.com/dbt/run-results/v5.json or https://schemas.getdbt.com/dbt/run-results/v6.json');
    expect(problems[0].message).toContain('got a dbt run-results v4 document');
  });

  it('names the version inside a bundle, and a manifest sent alone', () => {
    const doc = fixture('run_results_v6.json');
    doc.metadata.dbt_schema_version = 'https://schemas.getdbt.com/dbt/run-results/v7.json';
    expect(problemsOf(() => normalizeDbtRunResults({ run_results: doc })).map((p) => p.path)).toEqual(['/run_results/metadata/dbt_schema_version']);
    const manifestAlone = problemsOf(() => normalizeDbtRunResults(fixture('manifest.json')));
    expect(manifestAlone[0]).toMatchObject({ path: '/metadata/dbt_schema_version' });
    expect(manifestAlone[0].message).toContain('got a dbt manifest v12 document');
    const noVersion = fixture('run_results_v6.json');
    delete noVersion.metadata.dbt_schema_version;
    expect(problemsOf(() => normalizeDbtRunResults(noVersion))).toEqual([
      { path: '/metadata/dbt_schema_version', message: 'is required (a string)' },
    ]);
  });

  it('names every wrong field of the results at once', () => {
    const doc = fixture('run_results_v6.json');
    doc.results[3].status = 'exploded';
    doc.results[0].timing[1].started_at = 'later';
    doc.results[5].unique_id = 42;
    doc.results[2].execution_time = '0.3';
    doc.results[10].adapter_response.rows_affected = 'many';
    doc.results[13].failures = -1;
    delete doc.elapsed_time;
    const paths = problemsOf(() => normalizeDbtRunResults(doc)).map((p) => p.path);
    expect(paths.sort()).toEqual(
      [
        '/elapsed_time',
        '/results/0/timing/1/started_at',
        '/results/10/adapter_response/rows_affected',
        '/results/13/failures',
        '/results/2/execution_time',
        '/results/3/status',
        '/results/5/unique_id',
      ].sort(),
    );
  });

  it('rejects a results list that is not a list and a repeated unique_id', () => {
    const notList = fixture('run_results_v6.json');
    notList.results = {};
    expect(problemsOf(() => normalizeDbtRunResults(notList))).toEqual([{ path: '/results', message: 'must be an array, got an object' }]);
    const repeated = fixture('run_results_v6.json');
    repeated.results.push(repeated.results[0]);
    expect(problemsOf(() => normalizeDbtRunResults(repeated))).toEqual([
      { path: '/results/17/unique_id', message: 'repeats "seed.jaffle_shop.payment_methods", already the unique_id of /results/0' },
    ]);
  });

  it('names wrong manifest fields by their path in the bundle', () => {
    const manifest = fixture('manifest.json');
    manifest.nodes['model.jaffle_shop.customers'].depends_on.nodes = 'model.jaffle_shop.stg_customers';
    manifest.nodes['test.jaffle_shop.unique_customers_customer_id.c5af1ff4b1'].test_metadata.name = 7;
    const paths = problemsOf(() => normalizeDbtRunResults({ run_results: fixture('run_results_v6.json'), manifest })).map((p) => p.path);
    expect(paths).toEqual([
      '/manifest/nodes/model.jaffle_shop.customers/depends_on/nodes',
      '/manifest/nodes/test.jaffle_shop.unique_customers_customer_id.c5af1ff4b1/test_metadata/name',
    ]);
  });

  it('names wrong sources.json fields', () => {
    const doc = fixture('sources.json');
    doc.results[0].criteria.warn_after.period = 'week';
    doc.results[1].max_loaded_at = 'recently';
    doc.results[2].unique_id = 'model.jaffle_shop.orders';
    doc.results[3].status = 'broken';
    expect(problemsOf(() => normalizeDbtRunResults({ sources: doc })).map((p) => p.path)).toEqual([
      '/sources/results/0/criteria/warn_after/period',
      '/sources/results/1/max_loaded_at',
      '/sources/results/2/unique_id',
      '/sources/results/3/status',
    ]);
  });

  it('rejects bodies that are no dbt artifact', () => {
    expect(problemsOf(() => normalizeDbtRunResults([]))[0].path).toBe('');
    expect(problemsOf(() => normalizeDbtRunResults('run_results'))[0].path).toBe('');
    expect(problemsOf(() => normalizeDbtRunResults({ manifest: fixture('manifest.json') }))).toEqual([
      { path: '/run_results', message: 'is required (a run_results.json document) unless sources (a sources.json document) is given' },
    ]);
    expect(problemsOf(() => normalizeDbtRunResults({ results: [] }))).toEqual([{ path: '/metadata', message: 'is required (an object)' }]);
  });
});
