import { randomUUID } from 'node:crypto';
import { eventKeyOf } from '../../model/eventKey';
import type { IngestEnvelope, RunEventType, RunObservation } from '../../model/observations';

/** Test envelopes: one Airflow task's run event, reading a Postgres table and writing a Snowflake one. */
export const job = { namespace: 'airflow-prod', name: 'orders_daily.load_orders' };
export const t0 = Date.parse('2026-11-20T02:00:00Z');

export function runEnvelope(runId: string, eventType: RunEventType, eventTime: number, extra: Partial<RunObservation> = {}): IngestEnvelope {
  const run: RunObservation = {
    runId,
    job,
    eventType,
    eventTime,
    producer: 'https://github.com/apache/airflow',
    orchestrator: 'airflow',
    inputs: [{ namespace: 'postgres://db:5432', name: 'public.orders' }],
    outputs: [
      {
        namespace: 'snowflake://acme',
        name: 'staging.orders',
        statistics: eventType === 'COMPLETE' ? { rowCount: 1200, bytes: 4800 } : undefined,
        tags: [{ key: 'pii', value: 'true', field: 'email' }],
        schema: [{ name: 'id', type: 'int' }, { name: 'email', type: 'text' }],
      },
    ],
    ...extra,
  };
  const payload = { runId, eventType, eventTime, extra };
  return {
    source: 'openlineage',
    eventKey: eventKeyOf('openlineage', payload),
    eventType: `RunEvent/${eventType}`,
    eventTime,
    payload,
    runs: [run],
    datasets: [],
    jobs: [],
    qualityChecks: [],
    freshness: [],
  };
}

/** A new run of airflow-prod's `jobName` writing only snowflake://acme's `dataset` (with its row count, when given). */
export function writesEnvelope(jobName: string, dataset: string, eventType: RunEventType, eventTime: number, rowCount?: number): IngestEnvelope {
  const runId = randomUUID();
  return {
    source: 'openlineage',
    eventKey: `${jobName}:${dataset}:${eventType}:${eventTime}:${runId}`,
    eventType: `RunEvent/${eventType}`,
    eventTime,
    payload: { runId },
    runs: [
      {
        runId,
        job: { namespace: 'airflow-prod', name: jobName },
        eventType,
        eventTime,
        producer: 'https://github.com/apache/airflow',
        orchestrator: 'airflow',
        inputs: [],
        outputs: [{ namespace: 'snowflake://acme', name: dataset, ...(rowCount === undefined ? {} : { statistics: { rowCount } }) }],
      },
    ],
    datasets: [],
    jobs: [],
    qualityChecks: [],
    freshness: [],
  };
}
