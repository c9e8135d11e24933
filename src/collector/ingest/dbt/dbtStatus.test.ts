import { describe, expect, it } from 'vitest';
import { DBT_RESULT_STATUSES, isFailingDbtStatus, runStateOfDbtStatus } from './dbtStatus';

describe('runStateOfDbtStatus', () => {
  it('maps success to COMPLETE, error to FAIL and skipped to ABORT', () => {
    expect(runStateOfDbtStatus('success')).toBe('COMPLETE');
    expect(runStateOfDbtStatus('error')).toBe('FAIL');
    expect(runStateOfDbtStatus('skipped')).toBe('ABORT');
    expect(runStateOfDbtStatus('partial success')).toBe('FAIL');
  });

  it('fails the invocation on errors and failed tests, not on warnings', () => {
    expect(DBT_RESULT_STATUSES.filter(isFailingDbtStatus)).toEqual(['error', 'partial success', 'fail', 'runtime error']);
  });
});
