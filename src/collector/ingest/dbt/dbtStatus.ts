/**
 * The statuses a dbt run_results.json result can carry (schemas v5 and v6): node statuses
 * (success, error, skipped, partial success), test statuses (pass, fail, warn, error, skipped) and
 * freshness statuses (pass, warn, error, runtime error).
 */
export const DBT_RESULT_STATUSES = ['success', 'error', 'skipped', 'partial success', 'pass', 'fail', 'warn', 'runtime error'] as const;
export type DbtResultStatus = (typeof DBT_RESULT_STATUSES)[number];

/** The run transition a finished node result maps onto: success→COMPLETE, error→FAIL, skipped→ABORT. */
export function runStateOfDbtStatus(status: DbtResultStatus): 'COMPLETE' | 'FAIL' | 'ABORT' {
  switch (status) {
    case 'success':
    case 'pass':
    case 'warn':
      return 'COMPLETE';
    case 'skipped':
      return 'ABORT';
    case 'error':
    case 'fail':
    case 'runtime error':
    // a microbatch model with some batches failed: the data is incomplete, which is a failure to watch
    case 'partial success':
      return 'FAIL';
  }
}

/** Whether a result makes the whole invocation fail (a warning does not). */
export const isFailingDbtStatus = (status: DbtResultStatus): boolean => runStateOfDbtStatus(status) === 'FAIL';
