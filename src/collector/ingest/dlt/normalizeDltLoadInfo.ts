import { eventKeyOf } from '../../model/eventKey';
import { IngestEnvelope } from '../../model/observations';
import { DocumentChecks, JsonObject, pointer } from '../dbt/documentChecks';
import { dltDestination } from './dltDestination';
import { failureLines, readDltLoadPackages } from './dltLoadPackages';
import { readDltRowCounts } from './dltRowCounts';
import { DltEnvelopeOptions, dltEnvelope, dltPipelineFacet, DltRunSummary } from './dltRuns';

/**
 * `load_info.asdict()` (what `pipeline.run()` / `pipeline.load()` return) → the pipeline run with its load
 * step. A load info only knows the load step: the run spans the load, and row counts are there only when the
 * sender added `row_counts` (e.g. `pipeline.last_trace.last_normalize_info.row_counts`); send the trace for
 * extract and normalize timings and counts.
 *
 * The run id is derived from the pipeline name, the load ids and started_at: a load info has no id of its
 * own, and a load id alone is not one run's (a run also loads the packages an earlier failed run left).
 */

export interface DltNormalizeOptions extends DltEnvelopeOptions {
  /** when the document was received: the time of last resort when the document carries none */
  receivedAt?: number;
}

export function normalizeDltLoadInfo(document: JsonObject, body: unknown = document, options: DltNormalizeOptions = {}): IngestEnvelope {
  const checks = new DocumentChecks();
  const opt = { optional: true, nullable: true } as const;
  const pipeline = checks.object(document.pipeline, '/pipeline');
  const pipelineName = pipeline ? checks.string(pipeline.pipeline_name, '/pipeline/pipeline_name', { nonEmpty: true }) : undefined;
  const destinationName = checks.string(document.destination_name, '/destination_name', opt);
  const destinationType = checks.string(document.destination_type, '/destination_type', opt);
  if (!destinationName && !destinationType) {
    checks.add('/destination_name', 'is required (a string), or destination_type');
  }
  const displayableCredentials = checks.string(document.destination_displayable_credentials, '/destination_displayable_credentials', opt);
  const datasetName = checks.string(document.dataset_name, '/dataset_name', opt);
  const loadsIds = checks.strings(document.loads_ids, '/loads_ids') ?? [];
  const packages = readDltLoadPackages(document.load_packages, '/load_packages', checks);
  const firstRun = checks.boolean(document.first_run, '/first_run', opt);
  const startedAtText = checks.string(document.started_at, '/started_at', opt);
  const startedAt = startedAtText !== undefined ? checks.timestamp(startedAtText, '/started_at') : undefined;
  const finishedAt = checks.timestamp(document.finished_at, '/finished_at', opt);
  const rowCounts = readDltRowCounts(document, '', checks);
  const jobMetrics = checks.array(document.job_metrics, '/job_metrics', opt) ?? [];
  jobMetrics.forEach((metric, index) => checks.object(metric, pointer('/job_metrics', index)));
  checks.throwIfAny();

  const eventKey = eventKeyOf('dlt', body);
  const completedTimes = packages.map((p) => p.completedAt).filter((t): t is number => t !== undefined);
  const endedAt = finishedAt ?? (completedTimes.length ? Math.max(...completedTimes) : undefined) ?? startedAt ?? options.receivedAt ?? Date.now();
  const runKey = [
    'load_info',
    pipelineName!,
    ...[...loadsIds].sort(),
    // the parsed time, so `str(datetime)` and pendulum's isoformat of one load give one run
    startedAt !== undefined ? String(startedAt) : loadsIds.length === 0 ? `document:${eventKey}` : '',
  ];
  const base: Omit<DltRunSummary, 'facets'> = {
    pipelineName: pipelineName!,
    runKey,
    startedAt,
    endedAt,
    steps: [{ step: 'load', key: 'load', startedAt, endedAt, failures: failureLines(packages), facets: { load_ids: loadsIds } }],
    destination: dltDestination({ destinationName, destinationType, displayableCredentials, datasetName }),
    packages,
    rowCounts,
    exceptions: [],
    producer: 'dlt',
  };
  return dltEnvelope(
    { ...base, facets: dltPipelineFacet(base, { load_ids: loadsIds, first_run: firstRun ?? null, document: 'load_info' }) },
    { body, eventKey, eventType: 'dlt load_info' },
    options,
  );
}
