import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidDocumentError } from '../../model/validationError';
import { detectDltPayload } from './detectDltPayload';

const fixture = (name: string): any => JSON.parse(readFileSync(join(__dirname, '__fixtures__', name), 'utf8'));

const rejection = (body: unknown): InvalidDocumentError => {
  try {
    detectDltPayload(body);
  } catch (error) {
    if (error instanceof InvalidDocumentError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
};

describe('detectDltPayload', () => {
  it('recognises traces and load infos by their keys', () => {
    expect(detectDltPayload(fixture('trace_success.json')).kind).toBe('trace');
    expect(detectDltPayload(fixture('trace_step_exception.json')).kind).toBe('trace');
    expect(detectDltPayload(fixture('load_info_success.json')).kind).toBe('load_info');
    expect(detectDltPayload(fixture('load_info_failed_job.json')).kind).toBe('load_info');
  });

  it('refuses other documents with an error that says what was expected', () => {
    const error = rejection({ hello: 'world' });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0].path).toBe('');
    expect(error.problems[0].message).toContain('load_info.asdict()');
    expect(error.problems[0].message).toContain('last_trace.asdict()');
    expect(error.problems[0].message).toContain('got an object with keys hello');
    expect(rejection([]).problems[0].message).toContain('got an array');
    expect(rejection(null).problems[0].message).toContain('got null');
    expect(rejection('load_info').problems[0].message).toContain('got string');
  });

  it('names a normalize step info for what it is', () => {
    const normalizeInfo = { pipeline: { pipeline_name: 'p' }, loads_ids: ['1'], load_packages: [], first_run: false, job_metrics: [], table_metrics: [] };
    expect(rejection(normalizeInfo).problems[0].message).toContain('extract or normalize step');
  });
});
