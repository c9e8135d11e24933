import { DatasetObservation, JobObservation, RunEventType, RunObservation } from '../../model/observations';
import { nodeKey } from '../../model/nodeKey';

/**
 * Turning a finished run, as a batch document reports it (dbt run_results, dlt trace), into the run
 * transitions OpenLineage clients send one by one: a START at the time the run began, then its terminal
 * state (COMPLETE, FAIL, ABORT) at the time it ended. The store then sees dbt and dlt runs exactly as it
 * sees OpenLineage ones. Shared by the dbt and dlt normalizers.
 */

export type FinishedRun = Omit<RunObservation, 'eventType' | 'eventTime'>;

export interface RunSpan {
  /** when the run began; no START is emitted when unknown (a skipped dbt node never began) */
  startedAt?: number;
  endedAt: number;
  state: Exclude<RunEventType, 'START' | 'RUNNING'>;
}

export function runTransitions(run: FinishedRun, span: RunSpan): RunObservation[] {
  const transitions: RunObservation[] = [];
  if (span.startedAt !== undefined) {
    const { errorMessage: _error, stackTrace: _stack, runFacets: _facets, ...rest } = run;
    transitions.push({
      ...rest,
      eventType: 'START',
      eventTime: Math.min(span.startedAt, span.endedAt),
      outputs: run.outputs.map(({ statistics: _statistics, ...dataset }) => dataset),
    });
  }
  transitions.push({ ...run, eventType: span.state, eventTime: span.endedAt });
  return transitions;
}


/**
 * Every dataset the runs touched, once each, merged: what one mention says (row count, schema,
 * description) completes what another left out.
 */
export function mergeDatasets(datasets: DatasetObservation[]): DatasetObservation[] {
  const merged = new Map<string, DatasetObservation>();
  for (const dataset of datasets) {
    const key = nodeKey(dataset.namespace, dataset.name);
    const seen = merged.get(key);
    if (!seen) {
      merged.set(key, { ...dataset });
      continue;
    }
    merged.set(key, {
      ...dataset,
      ...seen,
      ...(dataset.statistics || seen.statistics ? { statistics: { ...dataset.statistics, ...seen.statistics } } : {}),
    });
  }
  return [...merged.values()];
}

/** The runs' jobs, once each (first mention wins). */
export function distinctJobs(runs: RunObservation[]): JobObservation[] {
  const jobs = new Map<string, JobObservation>();
  for (const run of runs) {
    const key = nodeKey(run.job.namespace, run.job.name);
    if (!jobs.has(key)) jobs.set(key, run.job);
  }
  return [...jobs.values()];
}
