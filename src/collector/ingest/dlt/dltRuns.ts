import { deterministicUuid } from '../../model/deterministicUuid';
import { DatasetObservation, IngestEnvelope, RunObservation } from '../../model/observations';
import { distinctJobs, mergeDatasets, runTransitions } from '../dbt/runObservations';
import { DltDestination, dltTableDataset } from './dltDestination';
import { DltLoadPackage, failedJobsOf } from './dltLoadPackages';

/**
 * One dlt pipeline run, whichever document told of it, → runs and datasets.
 *
 * Naming: the pipeline is the job `dlt://<pipeline_name>` / `<pipeline_name>` and its steps are child jobs
 * `<pipeline_name>.extract`, `.normalize`, `.load` in the same namespace. The namespace holds only what is
 * always known: the destination is not (a run failing in extract never reaches it), and a job must keep one
 * identity across its failed and successful runs. The tables the run loaded are the pipeline run's outputs
 * (named by the destination, see dltDestination.ts), with the normalized row counts.
 */

export interface DltStepSummary {
  /** extract, normalize, load */
  step: string;
  /** what tells this step apart within the run (the trace's span_id) */
  key: string;
  startedAt?: number;
  endedAt?: number;
  exception?: string;
  stackTrace?: string;
  /** failed jobs and unloaded packages (load step) */
  failures: string[];
  facets?: Record<string, unknown>;
}

export interface DltRunSummary {
  pipelineName: string;
  /** the source's own ids the run id is derived from */
  runKey: string[];
  startedAt?: number;
  endedAt: number;
  steps: DltStepSummary[];
  destination?: DltDestination;
  /** the packages as the load step last saw them */
  packages: DltLoadPackage[];
  rowCounts: Map<string, number>;
  /** exception messages of the run (each once) */
  exceptions: string[];
  stackTrace?: string;
  producer: string;
  facets: Record<string, unknown>;
}

export interface DltEnvelopeOptions {
  /** overrides `dlt://<pipeline_name>` */
  jobNamespace?: string;
}

const SOURCE = 'dlt';
const isInternalTable = (table: string): boolean => table.startsWith('_dlt_');

export function dltEnvelope(
  summary: DltRunSummary,
  meta: { body: unknown; eventKey: string; eventType: string },
  options: DltEnvelopeOptions,
): IngestEnvelope {
  const namespace = options.jobNamespace ?? `dlt://${summary.pipelineName}`;
  const pipelineJob = { namespace, name: summary.pipelineName };
  const runId = deterministicUuid(SOURCE, ...summary.runKey);
  const failures = summary.steps.flatMap((s) => s.failures);
  const failed = summary.exceptions.length > 0 || failures.length > 0 || summary.steps.some((s) => s.exception);
  const errorMessage = [...summary.exceptions, ...failures].join('\n');

  const runs: RunObservation[] = [
    ...runTransitions(
      {
        runId,
        job: { ...pipelineJob, type: 'dlt pipeline' },
        producer: summary.producer,
        orchestrator: SOURCE,
        inputs: [],
        outputs: outputsOf(summary),
        ...(errorMessage ? { errorMessage } : {}),
        ...(summary.stackTrace ? { stackTrace: summary.stackTrace } : {}),
        runFacets: summary.facets,
      },
      { startedAt: summary.startedAt, endedAt: summary.endedAt, state: failed ? 'FAIL' : 'COMPLETE' },
    ),
    ...summary.steps.flatMap((step) => {
      const stepError = [step.exception, ...step.failures].filter(Boolean).join('\n');
      return runTransitions(
        {
          runId: deterministicUuid(SOURCE, ...summary.runKey, 'step', step.key),
          job: { namespace, name: `${summary.pipelineName}.${step.step}`, type: 'dlt step' },
          parent: { runId, job: pipelineJob },
          producer: summary.producer,
          orchestrator: SOURCE,
          inputs: [],
          outputs: [],
          ...(stepError ? { errorMessage: stepError } : {}),
          ...(step.stackTrace ? { stackTrace: step.stackTrace } : {}),
          runFacets: { dlt_step: { step: step.step, ...step.facets } },
        },
        {
          startedAt: step.startedAt,
          endedAt: step.endedAt ?? summary.endedAt,
          state: step.exception || step.failures.length > 0 ? 'FAIL' : 'COMPLETE',
        },
      );
    }),
  ];

  return {
    source: SOURCE,
    eventKey: meta.eventKey,
    eventType: meta.eventType,
    eventTime: summary.endedAt,
    payload: meta.body,
    runs,
    datasets: mergeDatasets(runs.filter((r) => r.eventType !== 'START').flatMap((r) => r.outputs)),
    jobs: distinctJobs(runs),
    qualityChecks: [],
    freshness: [],
  };
}

/**
 * The user tables the run loaded (dlt's own `_dlt_*` bookkeeping tables left out), each with its normalized
 * row count unless one of its jobs failed (then what landed is unknown).
 */
function outputsOf(summary: DltRunSummary): DatasetObservation[] {
  if (!summary.destination) return [];
  const failedTables = new Set(failedJobsOf(summary.packages).map((j) => j.tableName));
  const tables = new Set<string>();
  for (const pkg of summary.packages) for (const job of pkg.jobs) if (job.tableName) tables.add(job.tableName);
  for (const table of summary.rowCounts.keys()) tables.add(table);
  return [...tables]
    .filter((table) => !isInternalTable(table))
    .map((table) => {
      const rowCount = failedTables.has(table) ? undefined : summary.rowCounts.get(table);
      return { ...dltTableDataset(summary.destination!, table), ...(rowCount !== undefined ? { statistics: { rowCount } } : {}) };
    });
}

/** The facet every dlt pipeline run carries: what was loaded where, and what failed. */
export function dltPipelineFacet(summary: Omit<DltRunSummary, 'facets'>, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    dlt_pipeline: {
      pipeline_name: summary.pipelineName,
      ...extra,
      destination_name: summary.destination?.name ?? null,
      destination_type: summary.destination?.type ?? null,
      dataset_name: summary.destination?.datasetName ?? null,
      package_states: Object.fromEntries(summary.packages.map((p) => [p.loadId, p.state])),
      row_counts: Object.fromEntries(summary.rowCounts),
      failed_jobs: failedJobsOf(summary.packages).map((j) => ({
        load_id: j.loadId,
        job_id: j.jobId ?? null,
        table_name: j.tableName ?? null,
        failed_message: j.failedMessage ?? null,
      })),
    },
  };
}
