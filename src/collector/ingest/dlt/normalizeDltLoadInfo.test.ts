import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeDltLoadInfo } from './normalizeDltLoadInfo';

const fixture = (name: string): any => JSON.parse(readFileSync(join(__dirname, '__fixtures__', name), 'utf8'));

describe('normalizeDltLoadInfo', () => {
  it('falls back to the package completion time when the load info has no timings', () => {
    const body = fixture('load_info_success.json');
    delete body.started_at;
    delete body.finished_at;
    const envelope = normalizeDltLoadInfo(body);
    expect(envelope.runs.map((r) => r.eventType)).toEqual(['COMPLETE', 'COMPLETE']);
    expect(envelope.eventTime).toBe(Date.parse('2024-05-01T05:41:07.431Z'));
  });

  it('names tables in dlt://<destination_name> when the database cannot be told', () => {
    const body = fixture('load_info_success.json');
    body.destination_type = 'dlt.destinations.filesystem';
    body.destination_name = 'lake';
    body.destination_displayable_credentials = 's3://acme-lake/raw';
    const outputs = normalizeDltLoadInfo(body).runs.find((r) => r.eventType === 'COMPLETE')!.outputs;
    expect(outputs.map((d) => `${d.namespace}/${d.name}`)).toEqual(['dlt://lake/raw.customers', 'dlt://lake/raw.orders', 'dlt://lake/raw.payments']);
  });

  it('gives an empty load (nothing to load) a run of its own', () => {
    const body = { ...fixture('load_info_success.json'), loads_ids: [], load_packages: [], job_metrics: [] };
    const envelope = normalizeDltLoadInfo(body);
    expect(envelope.runs[1]).toMatchObject({ eventType: 'COMPLETE', outputs: [] });
  });
});
