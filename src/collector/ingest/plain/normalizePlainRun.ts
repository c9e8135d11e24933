import { randomUUID } from 'node:crypto';
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { eventKeyOf } from '../../model/eventKey';
import { parseIsoTimestamp } from '../../model/isoTimestamp';
import type {
  DatasetObservation,
  IngestEnvelope,
  JobKey,
  RunEventType,
  RunObservation,
  Tag,
} from '../../model/observations';
import { type FieldProblem, InvalidDocumentError } from '../../model/validationError';
import { plainRunReportSchema } from './plainRunSchema';

export interface PlainRunReport {
  namespace?: string;
  job?: string;
  runId?: string;
  status?: string;
  eventTime?: string;
  startedAt?: string;
  endedAt?: string;
  durationMs?: number;
  nominalTime?: string;
  parentRunId?: string;
  parentJob?: string;
  parentNamespace?: string;
  orchestrator?: string;
  error?: string;
  stackTrace?: string;
  exitCode?: number;
  rows?: number;
  inputs?: Array<string | PlainDatasetRef>;
  outputs?: Array<string | PlainDatasetRef>;
  owners?: string[];
  tags?: Record<string, string>;
  url?: string;
  facets?: Record<string, unknown>;
}

interface PlainDatasetRef {
  namespace?: string;
  name: string;
  rows?: number;
  bytes?: number;
  files?: number;
}

export type PlainRunPhase = 'report' | 'start' | 'finish';

export interface PlainRunContext {
  phase: PlainRunPhase;
  /** the run id from the URL, for finish */
  runId?: string;
  /** the job of an already known run, so a finish call need not repeat it */
  knownJob?: JobKey;
  now: number;
}

export const defaultPlainNamespace = 'default';

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validateReport = ajv.compile<PlainRunReport>(plainRunReportSchema);

const statusToEventType: Record<string, RunEventType> = {
  running: 'RUNNING',
  success: 'COMPLETE',
  failed: 'FAIL',
  aborted: 'ABORT',
  START: 'START',
  RUNNING: 'RUNNING',
  COMPLETE: 'COMPLETE',
  FAIL: 'FAIL',
  ABORT: 'ABORT',
};

export function problemsFromAjv(errors: ErrorObject[] | null | undefined): FieldProblem[] {
  return (errors ?? []).map((e) => {
    if (e.keyword === 'required') {
      return { path: `${e.instancePath}/${(e.params as { missingProperty: string }).missingProperty}`, message: 'is required' };
    }
    if (e.keyword === 'additionalProperties') {
      return { path: `${e.instancePath}/${(e.params as { additionalProperty: string }).additionalProperty}`, message: 'is not a known field' };
    }
    if (e.keyword === 'enum') {
      return { path: e.instancePath, message: `must be one of ${(e.params as { allowedValues: string[] }).allowedValues.join(', ')}` };
    }
    return { path: e.instancePath || '/', message: e.message ?? 'is invalid' };
  });
}

/** A bare string names a dataset in the job's namespace. */
function datasetOf(ref: string | PlainDatasetRef, namespace: string): DatasetObservation {
  if (typeof ref === 'string') return { namespace, name: ref };
  const statistics =
    ref.rows !== undefined || ref.bytes !== undefined || ref.files !== undefined
      ? { rowCount: ref.rows, bytes: ref.bytes, fileCount: ref.files }
      : undefined;
  return { namespace: ref.namespace ?? namespace, name: ref.name, statistics };
}

const epoch = (iso: string | undefined): number | undefined => (iso === undefined ? undefined : parseIsoTimestamp(iso));

/**
 * A plain run report → an envelope. `start` opens a run, `finish` closes one, `report` says
 * everything at once (with startedAt, a START is recorded too, so the run has a duration).
 */
export function normalizePlainRun(body: unknown, context: PlainRunContext): { envelope: IngestEnvelope; runId: string } {
  if (!validateReport(body)) {
    throw new InvalidDocumentError(problemsFromAjv(validateReport.errors));
  }
  const report = body;
  if (context.runId !== undefined && report.runId !== undefined && report.runId !== context.runId) {
    throw new InvalidDocumentError([{ path: '/runId', message: `does not match the run id in the URL (${context.runId})` }]);
  }
  const job: JobKey | undefined = report.job
    ? { namespace: report.namespace ?? context.knownJob?.namespace ?? defaultPlainNamespace, name: report.job }
    : context.knownJob;
  if (!job) {
    throw new InvalidDocumentError([
      { path: '/job', message: context.phase === 'finish' ? 'is required: this run was never started here' : 'is required' },
    ]);
  }
  const runId = context.runId ?? report.runId ?? randomUUID();
  const eventType = eventTypeOf(report, context.phase);
  const eventTime = epoch(report.eventTime) ?? epoch(report.endedAt) ?? context.now;
  const tags: Tag[] = Object.entries(report.tags ?? {}).map(([key, value]) => ({ key, value, source: 'plain' }));
  const outputs = (report.outputs ?? []).map((ref) => datasetOf(ref, job.namespace));
  if (report.rows !== undefined && outputs.length === 1 && outputs[0].statistics?.rowCount === undefined) {
    outputs[0] = { ...outputs[0], statistics: { ...outputs[0].statistics, rowCount: report.rows } };
  }
  const errorMessage = report.error ?? (report.exitCode ? `exited with code ${report.exitCode}` : undefined);
  const runFacets: Record<string, unknown> = { ...(report.facets ?? {}) };
  if (report.exitCode !== undefined) runFacets.exitCode = report.exitCode;
  if (report.rows !== undefined) runFacets.rows = report.rows;
  if (report.url !== undefined) runFacets.url = report.url;
  if (report.durationMs !== undefined) runFacets.durationMs = report.durationMs;

  const base: Omit<RunObservation, 'eventType' | 'eventTime'> = {
    runId,
    job: {
      ...job,
      owners: report.owners?.map((name) => ({ name })),
      tags: tags.length > 0 ? tags : undefined,
    },
    parent: report.parentRunId
      ? { runId: report.parentRunId, job: { namespace: report.parentNamespace ?? job.namespace, name: report.parentJob ?? job.name } }
      : undefined,
    nominalStartTime: epoch(report.nominalTime),
    errorMessage,
    stackTrace: report.stackTrace,
    producer: 'pipeline-pane/plain',
    orchestrator: report.orchestrator ?? 'plain',
    inputs: (report.inputs ?? []).map((ref) => datasetOf(ref, job.namespace)),
    outputs,
    runFacets,
  };
  const runs: RunObservation[] = [];
  const startedAt =
    epoch(report.startedAt) ?? (report.durationMs !== undefined && eventType !== 'START' ? eventTime - report.durationMs : undefined);
  if (eventType !== 'START' && startedAt !== undefined) {
    runs.push({ ...base, eventType: 'START', eventTime: startedAt, inputs: [], outputs: [], runFacets: undefined, errorMessage: undefined });
  }
  runs.push({ ...base, eventType, eventTime: eventType === 'START' ? (startedAt ?? eventTime) : eventTime });

  const document = { phase: context.phase, runId, report };
  return {
    runId,
    envelope: {
      source: 'plain',
      eventKey: eventKeyOf('plain', document),
      eventType: `PlainRun/${eventType}`,
      eventTime,
      payload: document,
      runs,
      datasets: [],
      jobs: [],
      qualityChecks: [],
      freshness: [],
    },
  };
}

function eventTypeOf(report: PlainRunReport, phase: PlainRunPhase): RunEventType {
  if (phase === 'start') return 'START';
  if (report.status) return statusToEventType[report.status];
  if (phase === 'finish') return report.error || (report.exitCode ?? 0) !== 0 ? 'FAIL' : 'COMPLETE';
  throw new InvalidDocumentError([{ path: '/status', message: 'is required: running, success, failed or aborted' }]);
}
