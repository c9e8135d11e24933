import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeDltTrace } from './normalizeDltTrace';

const fixture = (name: string): any => JSON.parse(readFileSync(join(__dirname, '__fixtures__', name), 'utf8'));

describe('normalizeDltTrace', () => {
  it('folds a trace that only has a run step into the pipeline run, failed jobs included', () => {
    const body = fixture('trace_success.json');
    body.steps = body.steps.filter((s: any) => s.step === 'run');
    body.steps[0].step_info.load_packages[0].jobs[0].state = 'failed_jobs';
    body.steps[0].step_info.load_packages[0].jobs[0].failed_message = 'disk full';
    const envelope = normalizeDltTrace(body);
    expect(envelope.runs.map((r) => `${r.job.name}:${r.eventType}`)).toEqual(['jaffle_raw:START', 'jaffle_raw:FAIL']);
    expect(envelope.runs[1].errorMessage).toBe('load package 1714542061.481515: job customers.4a9b2c7d1e.insert_values failed: disk full');
    // no normalize step: tables without row counts, the failed one included
    expect(envelope.runs[1].outputs.map((d) => d.name)).toEqual(['jaffle_shop.raw.customers', 'jaffle_shop.raw.orders', 'jaffle_shop.raw.payments']);
  });

  it('ends the run at its last step when the trace has no finished_at', () => {
    const body = fixture('trace_step_exception.json');
    body.finished_at = null;
    const envelope = normalizeDltTrace(body);
    expect(envelope.runs.find((r) => r.job.name === 'jaffle_raw' && r.eventType === 'FAIL')?.eventTime).toBe(Date.parse('2024-05-03T05:41:04.653Z'));
  });
});
