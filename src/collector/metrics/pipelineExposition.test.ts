import { describe, expect, it } from 'vitest';
import { promtoolCheckMetrics, samples } from '../../../tests/node/support/metricsText';
import { evaluateFreshness } from '../sla/freshnessStatus';
import type { EffectiveSla } from '../sla/slaResolver';
import { renderPipelineMetrics } from './pipelineExposition';
import { type DatasetSnapshot, downstreamCounts, errorLabel, type JobSnapshot, type PipelineSnapshot } from './pipelineSnapshot';
import { ingestSourceOfRoute, readIngestAnswer } from './registerObservability';

const now = Date.parse('2024-11-20T12:00:00Z');
const sla = (overrides: Partial<EffectiveSla> = {}): EffectiveSla => ({ owners: [], severity: 'warning', sources: [], ...overrides });

function dataset(name: string, namespace: string, effective: EffectiveSla, lastUpdate: number | null): DatasetSnapshot {
  return {
    namespace,
    name,
    lastUpdate,
    lastWrittenAt: lastUpdate,
    maxLoadedAt: null,
    lastRowCount: null,
    facts: {},
    sla: effective,
    verdict: evaluateFreshness(lastUpdate, effective, now),
    downstreamDatasets: 0,
  };
}

describe('renderPipelineMetrics', () => {
  const tricky = dataset('weird "name"\\with\nnewline', 's3://bucket/a b', sla({ owners: ['Zoë <zoe@acme.example>'], team: 't"1', criticalAfterSeconds: 60 }), now - 120_000);
  const job: JobSnapshot = {
    namespace: 'airflow',
    name: 'dag.task',
    sla: sla({ severity: 'critical' }),
    latestRunState: 'RUNNING',
    latestRunTime: now,
    lastSuccessAt: null,
    runsByState: new Map([['RUNNING', 2]]),
    durations: { buckets: [0, 1, 1, 2, 2, 2, 2, 2, 2, 2], sum: 450.5, count: 3 },
    downstreamDatasets: 4,
  };
  const failed: JobSnapshot = {
    ...job,
    durations: undefined,
    name: 'dag.broken',
    latestRunState: 'FAIL',
    runsByState: new Map([['FAIL', 1]]),
    downstreamDatasets: 0,
    lastError: errorLabel('KeyError: "order_id" in C:\\load\nTraceback (most recent call last):'),
  };
  const snapshot: PipelineSnapshot = {
    takenAt: now,
    datasets: [{ ...tricky, downstreamDatasets: 3 }, dataset('plain', 'ns', sla(), null)],
    jobs: [job, failed],
    queryDurations: {},
  };
  const text = renderPipelineMetrics(snapshot);

  it('escapes label values and round-trips them', () => {
    const [critical] = samples(text, 'pane_dataset_freshness_critical_seconds');
    expect(critical).toEqual({
      labels: { namespace: 's3://bucket/a b', dataset: 'weird "name"\\with\nnewline', owner: 'Zoë <zoe@acme.example>', team: 't"1', severity: 'warning' },
      value: 60,
    });
    expect(text).toContain('dataset="weird \\"name\\"\\\\with\\nnewline"');
  });

  it('leaves out what is unknown and keeps histograms cumulative with +Inf, sum and count', () => {
    expect(samples(text, 'pane_dataset_last_update_timestamp_seconds').map((s) => s.labels.dataset)).toHaveLength(1);
    expect(samples(text, 'pane_dataset_freshness_status').map((s) => s.value)).toEqual([2, -1]);
    expect(samples(text, 'pane_job_runs_last_24h').filter((s) => s.labels.job === 'dag.task').map((s) => [s.labels.state, s.value])).toEqual([
      ['RUNNING', 2],
      ['COMPLETE', 0],
      ['FAIL', 0],
    ]);
    expect(samples(text, 'pane_job_run_duration_seconds_bucket').map((s) => [s.labels.le, s.value])).toEqual([
      ['10', 0], ['30', 1], ['60', 1], ['300', 2], ['600', 2], ['1800', 2], ['3600', 2], ['7200', 2], ['21600', 2], ['86400', 2], ['+Inf', 3],
    ]);
    expect(samples(text, 'pane_job_run_duration_seconds_sum')[0].value).toBe(450.5);
    expect(samples(text, 'pane_job_last_success_timestamp_seconds')).toEqual([]);
  });

  it('exports downstream counts and the error of failing jobs only', () => {
    expect(samples(text, 'pane_dataset_downstream_datasets').map((s) => s.value)).toEqual([3, 0]);
    expect(samples(text, 'pane_job_downstream_datasets').map((s) => [s.labels.job, s.value])).toEqual([
      ['dag.task', 4],
      ['dag.broken', 0],
    ]);
    expect(samples(text, 'pane_job_last_error_info')).toEqual([
      { labels: { namespace: 'airflow', job: 'dag.broken', error: 'KeyError: "order_id" in C:\\load' }, value: 1 },
    ]);
    expect(text).toContain('error="KeyError: \\"order_id\\" in C:\\\\load"');
  });

  it('passes promtool check metrics', async () => {
    expect(await promtoolCheckMetrics(text)).toEqual({ code: 0, output: '' });
  });
});

describe('downstreamCounts', () => {
  const edge = (job: string, direction: 'input' | 'output', dataset: string) => ({
    job_namespace: 'j',
    job_name: job,
    direction,
    dataset_namespace: 'd',
    dataset_name: dataset,
  });
  const key = (name: string) => `d\u0000${name}`;

  it('counts distinct datasets transitively downstream, through cycles, capped in depth', () => {
    // a → J1 → b, c; b → J2 → d; c → J3 → d; d → J4 → a (a cycle back to a)
    const edges = [
      edge('J1', 'input', 'a'), edge('J1', 'output', 'b'), edge('J1', 'output', 'c'),
      edge('J2', 'input', 'b'), edge('J2', 'output', 'd'),
      edge('J3', 'input', 'c'), edge('J3', 'output', 'd'),
      edge('J4', 'input', 'd'), edge('J4', 'output', 'a'),
    ];
    const { datasets, jobs } = downstreamCounts(edges);
    expect(datasets.get(key('a'))).toBe(3); // b, c, d — not a itself
    expect(datasets.get(key('d'))).toBe(3); // a, b, c
    expect(jobs.get('j\u0000J1')).toBe(4); // b, c and d, a downstream of them
    expect(downstreamCounts(edges, 1).datasets.get(key('a'))).toBe(2);
    expect(downstreamCounts([edge('J9', 'input', 'x')]).datasets.get(key('x'))).toBeUndefined();
  });

  it('keeps the first line of an error, at most 200 characters', () => {
    expect(errorLabel('boom\nstack')).toBe('boom');
    expect(errorLabel('x'.repeat(300))).toHaveLength(200);
    expect(errorLabel(null)).toBe('');
  });
});

describe('ingest observation helpers', () => {
  it('maps ingest routes to sources', () => {
    expect(ingestSourceOfRoute('POST', '/api/v1/lineage')).toBe('openlineage');
    expect(ingestSourceOfRoute('POST', '/api/v1/lineage/batch')).toBe('openlineage');
    expect(ingestSourceOfRoute('POST', '/api/v1/ingest/dlt')).toBe('dlt');
    expect(ingestSourceOfRoute('POST', '/api/v1/ingest/runs/:runId/finish')).toBe('plain');
    expect(ingestSourceOfRoute('GET', '/api/v1/lineage')).toBeUndefined();
    expect(ingestSourceOfRoute('POST', '/api/v1/query')).toBeUndefined();
    expect(ingestSourceOfRoute('POST', undefined)).toBeUndefined();
  });

  it('reads outcomes and error codes from answers', () => {
    expect(readIngestAnswer('{"status":"stored"}')).toEqual({ stored: 1, duplicate: 0, rejected: 0 });
    expect(readIngestAnswer('{"status":"duplicate","runs":2}')).toEqual({ stored: 0, duplicate: 1, rejected: 0 });
    expect(readIngestAnswer('{"status":"partial_success","received":3,"stored":1,"duplicates":1,"failed":[{"index":2}]}')).toEqual({ stored: 1, duplicate: 1, rejected: 1 });
    expect(readIngestAnswer('{"status":"failure","received":2,"stored":0,"duplicates":0,"failed":[{},{}]}')).toEqual({ stored: 0, duplicate: 0, rejected: 2, error: 'invalid_document' });
    expect(readIngestAnswer('{"error":"overloaded","message":"busy"}')).toEqual({ stored: 0, duplicate: 0, rejected: 0, error: 'overloaded' });
    expect(readIngestAnswer('{"error":"Weird Code!"}')?.error).toBe('other');
    expect(readIngestAnswer('not json')).toBeUndefined();
  });
});
