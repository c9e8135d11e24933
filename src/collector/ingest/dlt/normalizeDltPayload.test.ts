import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deterministicUuid, isUuid } from '../../model/deterministicUuid';
import { IngestEnvelope, RunObservation } from '../../model/observations';
import { InvalidDocumentError } from '../../model/validationError';
import { normalizeDbtRunResults } from '../dbt/normalizeDbtRunResults';
import { normalizeDltPayload } from './normalizeDltPayload';

const fixture = (name: string): any => JSON.parse(readFileSync(join(__dirname, '__fixtures__', name), 'utf8'));
const dbtFixture = (name: string): any => JSON.parse(readFileSync(join(__dirname, '..', 'dbt', '__fixtures__', name), 'utf8'));
const at = (iso: string): number => Date.parse(iso);
const PG = 'postgres://jaffle_shop';

const terminal = (envelope: IngestEnvelope, job: string): RunObservation => {
  const found = envelope.runs.find((r) => r.job.name === job && r.eventType !== 'START');
  if (!found) throw new Error(`no terminal run for ${job}`);
  return found;
};
const start = (envelope: IngestEnvelope, job: string): RunObservation | undefined =>
  envelope.runs.find((r) => r.job.name === job && r.eventType === 'START');
const outputs = (run: RunObservation) =>
  Object.fromEntries(run.outputs.map((d) => [`${d.namespace}/${d.name}`, d.statistics?.rowCount]));

const problemsOf = (fn: () => unknown): Array<{ path: string; message: string }> => {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidDocumentError) return error.problems;
    throw error;
  }
  throw new Error('expected an InvalidDocumentError');
};

describe('normalizeDltPayload: a successful trace', () => {
  const envelope = normalizeDltPayload(fixture('trace_success.json'));
  const runId = deterministicUuid('dlt', 'trace', '7c1d2e9f4b3a48d6a0e5f1c2b3d4e5f6');

  it('describes the envelope', () => {
    expect(envelope).toMatchObject({ source: 'dlt', eventType: 'dlt trace', eventTime: at('2024-05-01T05:41:07.461Z') });
    expect(envelope.qualityChecks).toEqual([]);
    expect(envelope.freshness).toEqual([]);
  });

  it('has the pipeline run and its extract, normalize and load steps, the run step folded in', () => {
    expect(new Set(envelope.runs.map((r) => r.runId)).size).toBe(4);
    expect(envelope.runs.every((r) => isUuid(r.runId))).toBe(true);
    expect(envelope.runs).toHaveLength(8);
    expect(envelope.jobs.map((j) => j.name)).toEqual(['jaffle_raw', 'jaffle_raw.extract', 'jaffle_raw.normalize', 'jaffle_raw.load']);
    expect(envelope.runs.every((r) => r.job.namespace === 'dlt://jaffle_raw' && r.producer === 'dlt/1.4.1' && r.orchestrator === 'dlt')).toBe(true);
  });

  it('derives the run id from transaction_id and links the steps to it', () => {
    expect(terminal(envelope, 'jaffle_raw').runId).toBe(runId);
    for (const step of ['extract', 'normalize', 'load']) {
      expect(terminal(envelope, `jaffle_raw.${step}`).parent).toEqual({ runId, job: { namespace: 'dlt://jaffle_raw', name: 'jaffle_raw' } });
    }
  });

  it('times the run and each step from the trace', () => {
    expect(start(envelope, 'jaffle_raw')?.eventTime).toBe(at('2024-05-01T05:41:01.470Z'));
    expect(terminal(envelope, 'jaffle_raw')).toMatchObject({ eventType: 'COMPLETE', eventTime: at('2024-05-01T05:41:07.461Z') });
    const span = (step: string) => [start(envelope, `jaffle_raw.${step}`)?.eventTime, terminal(envelope, `jaffle_raw.${step}`).eventTime];
    expect(span('extract')).toEqual([at('2024-05-01T05:41:01.474Z'), at('2024-05-01T05:41:04.058Z')]);
    expect(span('normalize')).toEqual([at('2024-05-01T05:41:04.071Z'), at('2024-05-01T05:41:04.872Z')]);
    expect(span('load')).toEqual([at('2024-05-01T05:41:04.889Z'), at('2024-05-01T05:41:07.447Z')]);
    expect(envelope.runs.filter((r) => r.eventType !== 'START').every((r) => r.eventType === 'COMPLETE' && !r.errorMessage)).toBe(true);
  });

  it('outputs the loaded tables with the normalized row counts, dlt bookkeeping left out', () => {
    expect(outputs(terminal(envelope, 'jaffle_raw'))).toEqual({
      [`${PG}/jaffle_shop.raw.customers`]: 100,
      [`${PG}/jaffle_shop.raw.orders`]: 99,
      [`${PG}/jaffle_shop.raw.payments`]: 113,
    });
    expect(terminal(envelope, 'jaffle_raw.load').outputs).toEqual([]);
    expect(envelope.datasets).toHaveLength(3);
  });

  it('keeps load ids, row counts and the destination in the run facets', () => {
    expect(terminal(envelope, 'jaffle_raw').runFacets?.dlt_pipeline).toMatchObject({
      pipeline_name: 'jaffle_raw',
      transaction_id: '7c1d2e9f4b3a48d6a0e5f1c2b3d4e5f6',
      load_ids: ['1714542061.481515'],
      destination_name: 'postgres',
      destination_type: 'dlt.destinations.postgres',
      dataset_name: 'raw',
      package_states: { '1714542061.481515': 'loaded' },
      row_counts: { customers: 100, orders: 99, payments: 113, _dlt_pipeline_state: 1 },
      failed_jobs: [],
      exec_info: ['github_actions'],
    });
    expect(JSON.stringify(envelope.runs)).not.toContain('loader:***@localhost');
  });

  it('meets the dbt sources reading the same tables in one lineage graph', () => {
    const dbt = normalizeDbtRunResults({ run_results: dbtFixture('run_results_v6.json'), manifest: dbtFixture('manifest.json') });
    const dbtInputs = dbt.runs.flatMap((r) => r.inputs).map((d) => `${d.namespace}/${d.name}`);
    for (const table of Object.keys(outputs(terminal(envelope, 'jaffle_raw')))) {
      expect(dbtInputs).toContain(table);
    }
  });

  it('is deterministic: the same document gives the same envelope', () => {
    expect(normalizeDltPayload(fixture('trace_success.json'))).toEqual(envelope);
  });
});

describe('normalizeDltPayload: a trace whose extract step failed', () => {
  const envelope = normalizeDltPayload(fixture('trace_step_exception.json'));

  it('fails the pipeline and the extract step, with the exception once and its stack trace', () => {
    expect(new Set(envelope.runs.map((r) => r.runId)).size).toBe(2);
    expect(envelope.runs.map((r) => `${r.job.name}:${r.eventType}`)).toEqual([
      'jaffle_raw:START',
      'jaffle_raw:FAIL',
      'jaffle_raw.extract:START',
      'jaffle_raw.extract:FAIL',
    ]);
    const pipeline = terminal(envelope, 'jaffle_raw');
    expect(pipeline.errorMessage).toMatch(/^Pipeline execution failed at `step=extract`/);
    expect(pipeline.errorMessage).toContain('503 Server Error: Service Unavailable');
    expect(pipeline.errorMessage?.match(/Pipeline execution failed/g)).toHaveLength(1);
    expect(pipeline.stackTrace).toMatch(/^dlt\.pipeline\.exceptions\.PipelineStepFailed: Pipeline execution failed/);
    expect(pipeline.stackTrace).toContain('Caused by: requests.exceptions.HTTPError: 503 Server Error');
    expect(pipeline.stackTrace).toContain('response.raise_for_status()');
    expect(terminal(envelope, 'jaffle_raw.extract')).toMatchObject({ errorMessage: pipeline.errorMessage, stackTrace: pipeline.stackTrace });
    expect(pipeline.eventTime).toBe(at('2024-05-03T05:41:04.656Z'));
  });

  it('has no outputs: the run never reached its destination', () => {
    expect(terminal(envelope, 'jaffle_raw').outputs).toEqual([]);
    expect(envelope.datasets).toEqual([]);
  });
});

describe('normalizeDltPayload: trace variants', () => {
  it('fails the load step and the run on failed jobs, and drops the failed table\'s row count', () => {
    const body = fixture('trace_success.json');
    const load = body.steps[2];
    const failedJob = load.step_info.load_packages[0].jobs[2];
    failedJob.state = 'failed_jobs';
    failedJob.failed_message = 'permission denied for table payments';
    const envelope = normalizeDltPayload(body);
    expect(terminal(envelope, 'jaffle_raw.load')).toMatchObject({
      eventType: 'FAIL',
      errorMessage: 'load package 1714542061.481515: job payments.b7c41e9d05.insert_values failed: permission denied for table payments',
    });
    expect(terminal(envelope, 'jaffle_raw.extract').eventType).toBe('COMPLETE');
    expect(terminal(envelope, 'jaffle_raw').eventType).toBe('FAIL');
    expect(terminal(envelope, 'jaffle_raw').errorMessage).toContain('permission denied for table payments');
    expect(outputs(terminal(envelope, 'jaffle_raw'))[`${PG}/jaffle_shop.raw.payments`]).toBeUndefined();
    expect(outputs(terminal(envelope, 'jaffle_raw'))[`${PG}/jaffle_shop.raw.orders`]).toBe(99);
  });

  it('reads older traces: row_counts lists, naive and space-separated timestamps, no span ids, no run step', () => {
    const body = fixture('trace_success.json');
    body.started_at = '2024-05-01 05:41:01.470123';
    body.steps = body.steps.filter((s: any) => s.step !== 'run');
    for (const step of body.steps) delete step.span_id;
    body.steps[1].normalize_info = { row_counts: [{ load_id: '1714542061.481515', table_name: 'customers', count: 100 }] };
    const envelope = normalizeDltPayload(body);
    expect(start(envelope, 'jaffle_raw')?.eventTime).toBe(at('2024-05-01T05:41:01.470Z'));
    expect(new Set(envelope.runs.map((r) => r.runId)).size).toBe(4);
    expect(outputs(terminal(envelope, 'jaffle_raw'))).toEqual({
      [`${PG}/jaffle_shop.raw.customers`]: 100,
      [`${PG}/jaffle_shop.raw.orders`]: undefined,
      [`${PG}/jaffle_shop.raw.payments`]: undefined,
    });
  });

  it('lets the caller choose the job namespace', () => {
    const envelope = normalizeDltPayload(fixture('trace_success.json'), { jobNamespace: 'dlt://prod' });
    expect(envelope.jobs.every((j) => j.namespace === 'dlt://prod')).toBe(true);
  });
});

describe('normalizeDltPayload: load_info', () => {
  const envelope = normalizeDltPayload(fixture('load_info_success.json'));

  it('is the pipeline run with its load step, spanning the load', () => {
    expect(envelope.eventType).toBe('dlt load_info');
    const runId = deterministicUuid('dlt', 'load_info', 'jaffle_raw', '1714542061.481515', String(at('2024-05-01T05:41:04.896Z')));
    expect(terminal(envelope, 'jaffle_raw')).toMatchObject({ runId, eventType: 'COMPLETE', eventTime: at('2024-05-01T05:41:07.431Z'), producer: 'dlt' });
    expect(start(envelope, 'jaffle_raw')?.eventTime).toBe(at('2024-05-01T05:41:04.896Z'));
    expect(terminal(envelope, 'jaffle_raw.load').parent?.runId).toBe(runId);
    expect(envelope.runs.map((r) => `${r.job.name}:${r.eventType}`)).toEqual([
      'jaffle_raw:START',
      'jaffle_raw:COMPLETE',
      'jaffle_raw.load:START',
      'jaffle_raw.load:COMPLETE',
    ]);
  });

  it('outputs the loaded tables (row counts only when the sender added them)', () => {
    expect(outputs(terminal(envelope, 'jaffle_raw'))).toEqual({
      [`${PG}/jaffle_shop.raw.customers`]: undefined,
      [`${PG}/jaffle_shop.raw.orders`]: undefined,
      [`${PG}/jaffle_shop.raw.payments`]: undefined,
    });
    const withCounts = normalizeDltPayload({ ...fixture('load_info_success.json'), row_counts: { customers: 100, orders: 99, payments: 113, _dlt_pipeline_state: 1 } });
    expect(outputs(terminal(withCounts, 'jaffle_raw'))[`${PG}/jaffle_shop.raw.orders`]).toBe(99);
    expect(terminal(envelope, 'jaffle_raw').runFacets?.dlt_pipeline).toMatchObject({ load_ids: ['1714542061.481515'], first_run: false });
  });

  it('fails on a failed job, naming the job and its message', () => {
    const failed = normalizeDltPayload({ ...fixture('load_info_failed_job.json'), row_counts: { customers: 100, orders: 99, payments: 113 } });
    const pipeline = terminal(failed, 'jaffle_raw');
    expect(pipeline.eventType).toBe('FAIL');
    expect(pipeline.errorMessage).toMatch(/^load package 1714628462\.091243: job payments\.b7c41e9d05\.insert_values failed: invalid input syntax for type bigint: "12\.50"/);
    expect(terminal(failed, 'jaffle_raw.load')).toMatchObject({ eventType: 'FAIL', errorMessage: pipeline.errorMessage });
    expect(outputs(pipeline)).toEqual({
      [`${PG}/jaffle_shop.raw.customers`]: 100,
      [`${PG}/jaffle_shop.raw.orders`]: 99,
      [`${PG}/jaffle_shop.raw.payments`]: undefined,
    });
    expect((pipeline.runFacets?.dlt_pipeline as any).failed_jobs).toEqual([
      expect.objectContaining({ load_id: '1714628462.091243', table_name: 'payments', job_id: 'payments.b7c41e9d05.insert_values' }),
    ]);
  });

  it('fails when a package was aborted', () => {
    const body = fixture('load_info_success.json');
    body.load_packages[0].state = 'aborted';
    expect(terminal(normalizeDltPayload(body), 'jaffle_raw')).toMatchObject({
      eventType: 'FAIL',
      errorMessage: 'load package 1714542061.481515 is aborted, not loaded',
    });
  });

  it('gives a re-delivered load_info the same run id, and another load another one', () => {
    const again = normalizeDltPayload(fixture('load_info_success.json'));
    expect(again.runs.map((r) => r.runId)).toEqual(envelope.runs.map((r) => r.runId));
    const pythonStr = fixture('load_info_success.json');
    pythonStr.started_at = '2024-05-01 05:41:04.896123+00:00';
    expect(normalizeDltPayload(pythonStr).runs[0].runId).toBe(envelope.runs[0].runId);
    const other = normalizeDltPayload(fixture('load_info_failed_job.json'));
    expect(other.runs[0].runId).not.toBe(envelope.runs[0].runId);
  });
});

describe('normalizeDltPayload: bad input', () => {
  it('refuses documents that are neither', () => {
    const problems = problemsOf(() => normalizeDltPayload({ pipeline_name: 'jaffle_raw', status: 'ok' }));
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe('');
    expect(problems[0].message).toContain('load_info.asdict()');
    expect(problemsOf(() => normalizeDltPayload([]))[0].path).toBe('');
  });

  it('names every wrong field of a trace', () => {
    const body = fixture('trace_success.json');
    body.pipeline_name = 3;
    delete body.started_at;
    body.steps[1].finished_at = 'soon';
    body.steps[2].load_info.dataset_name = 5;
    body.steps[2].step_info.load_packages[0].jobs[2].state = 9;
    body.steps[1].normalize_info.table_metrics[0].items_count = 'many';
    body.steps[0].exception_traces = [{ message: 'x', stack_trace: 'not a list' }];
    expect(problemsOf(() => normalizeDltPayload(body)).map((p) => p.path)).toEqual([
      '/pipeline_name',
      '/started_at',
      '/steps/0/exception_traces/0/stack_trace',
      '/steps/1/finished_at',
      '/steps/2/load_info/dataset_name',
      '/steps/2/step_info/load_packages/0/jobs/2/state',
      '/steps/1/normalize_info/table_metrics/0/items_count',
    ]);
  });

  it('names every wrong field of a load_info', () => {
    const body = fixture('load_info_success.json');
    delete body.pipeline;
    delete body.destination_name;
    delete body.destination_type;
    body.loads_ids = '1714542061.481515';
    body.load_packages[0].completed_at = 'yesterday';
    body.started_at = 1714542064;
    expect(problemsOf(() => normalizeDltPayload(body)).map((p) => p.path)).toEqual([
      '/pipeline',
      '/destination_name',
      '/loads_ids',
      '/load_packages/0/completed_at',
      '/started_at',
    ]);
  });
});
