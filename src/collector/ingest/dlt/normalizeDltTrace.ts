import { eventKeyOf } from '../../model/eventKey';
import { IngestEnvelope } from '../../model/observations';
import { DocumentChecks, isJsonObject, JsonObject, pointer } from '../dbt/documentChecks';
import { DltDestination, dltDestination } from './dltDestination';
import { DltLoadPackage, failureLines, readDltLoadPackages } from './dltLoadPackages';
import { readDltRowCounts } from './dltRowCounts';
import { dltEnvelope, dltPipelineFacet, DltRunSummary, DltStepSummary } from './dltRuns';
import { DltNormalizeOptions } from './normalizeDltLoadInfo';

/**
 * `pipeline.last_trace.asdict()` → the pipeline run (id derived from `transaction_id`) and its extract,
 * normalize and load steps as child runs, timed by the steps' started_at / finished_at.
 *
 * Each step of the trace carries `step_info` (pipeline, loads_ids, load_packages, started_at, finished_at)
 * and `<step>_info` with the rest (the destination for load, `table_metrics` row counts for normalize).
 * The `run` step that `pipeline.run()` adds repeats the whole run, so it is no child of its own. A step
 * failed when it has a `step_exception` (its `exception_traces` give the stack trace); the load step also
 * fails on failed jobs.
 */

/** A step's info objects (`step_info`, `<step>_info`) with their paths, so a wrong field is named where it is. */
interface StepInfoObject {
  object: JsonObject;
  path: string;
}

interface ReadStep extends DltStepSummary {
  infos: StepInfoObject[];
  loadIds: string[];
}

/** A field of a step's info, from whichever info object has it, with its JSON pointer. */
function infoField(step: ReadStep, key: string): { value: unknown; path: string } {
  const holder = step.infos.find((info) => key in info.object) ?? step.infos[0];
  return { value: holder?.object[key], path: pointer(holder?.path ?? '', key) };
}

const STEP_TRACE_LIMIT = 20;

export function normalizeDltTrace(document: JsonObject, body: unknown = document, options: DltNormalizeOptions = {}): IngestEnvelope {
  const checks = new DocumentChecks();
  const opt = { optional: true, nullable: true } as const;
  const transactionId = checks.string(document.transaction_id, '/transaction_id', { nonEmpty: true });
  const pipelineName = checks.string(document.pipeline_name, '/pipeline_name', { nonEmpty: true });
  const startedAt = checks.timestamp(document.started_at, '/started_at');
  const finishedAt = checks.timestamp(document.finished_at, '/finished_at', opt);
  const context = checks.object(document.execution_context, '/execution_context', opt) ?? {};
  const library = isJsonObject(context.library) ? context.library : {};
  const dltVersion = typeof library.version === 'string' ? library.version : undefined;

  const steps: ReadStep[] = [];
  (checks.array(document.steps, '/steps') ?? []).forEach((item, index) => {
    const step = readStep(item, pointer('/steps', index), index, checks);
    if (step) steps.push(step);
  });

  // the destination and the packages as the load (or else the run) step saw them last
  const lastOf = (name: string) => [...steps].reverse().find((s) => s.step === name && s.infos.length > 0);
  const loadStep = lastOf('load') ?? lastOf('run');
  let destination: DltDestination | undefined;
  let packages: DltLoadPackage[] = [];
  let runLevelFailures: string[] = [];
  if (loadStep) {
    const text = (key: string) => {
      const { value, path } = infoField(loadStep, key);
      return checks.string(value, path, opt);
    };
    const destinationName = text('destination_name');
    const destinationType = text('destination_type');
    const displayableCredentials = text('destination_displayable_credentials');
    const datasetName = text('dataset_name');
    if (destinationName || destinationType) {
      destination = dltDestination({ destinationName, destinationType, displayableCredentials, datasetName });
    }
    const { value, path } = infoField(loadStep, 'load_packages');
    packages = value === undefined || value === null ? [] : readDltLoadPackages(value, path, checks);
    // failed jobs fail the load step; without a load step (only `run`), they fail the run itself
    if (loadStep.step === 'load') loadStep.failures.push(...failureLines(packages));
    else runLevelFailures = failureLines(packages);
  }
  const rowCounts = new Map<string, number>();
  for (const step of steps.filter((s) => s.step === 'normalize')) {
    for (const info of step.infos) {
      if (!('row_counts' in info.object) && !('table_metrics' in info.object)) continue;
      for (const [table, count] of readDltRowCounts(info.object, info.path, checks)) rowCounts.set(table, (rowCounts.get(table) ?? 0) + count);
    }
  }
  checks.throwIfAny();

  const stepEnds = steps.map((s) => s.endedAt).filter((t): t is number => t !== undefined);
  const endedAt = finishedAt ?? (stepEnds.length ? Math.max(...stepEnds) : startedAt!);
  const exceptions = [...new Set(steps.map((s) => s.exception).filter((e): e is string => Boolean(e)))];
  const loadIds = [...new Set([...steps.flatMap((s) => s.loadIds), ...packages.map((p) => p.loadId)])];
  const children = steps.filter((s) => s.step !== 'run');
  const base: Omit<DltRunSummary, 'facets'> = {
    pipelineName: pipelineName!,
    runKey: ['trace', transactionId!],
    startedAt,
    endedAt,
    steps: children.map(({ infos: _infos, loadIds: _loadIds, ...step }) => step),
    destination,
    packages,
    rowCounts,
    exceptions: [...exceptions, ...runLevelFailures],
    stackTrace: steps.find((s) => s.stackTrace)?.stackTrace,
    producer: dltVersion ? `dlt/${dltVersion}` : 'dlt',
  };
  return dltEnvelope(
    {
      ...base,
      facets: dltPipelineFacet(base, {
        transaction_id: transactionId,
        load_ids: loadIds,
        document: 'trace',
        dlt_version: dltVersion ?? null,
        exec_info: Array.isArray(context.exec_info) ? context.exec_info : [],
        ci_run: typeof context.ci_run === 'boolean' ? context.ci_run : null,
      }),
    },
    { body, eventKey: eventKeyOf('dlt', body), eventType: 'dlt trace' },
    options,
  );
}

function readStep(item: unknown, path: string, index: number, checks: DocumentChecks): ReadStep | undefined {
  const opt = { optional: true, nullable: true } as const;
  const step = checks.object(item, path);
  if (!step) return undefined;
  const name = checks.string(step.step, pointer(path, 'step'), { nonEmpty: true });
  const spanId = checks.string(step.span_id, pointer(path, 'span_id'), opt);
  const startedAt = checks.timestamp(step.started_at, pointer(path, 'started_at'), opt);
  const endedAt = checks.timestamp(step.finished_at, pointer(path, 'finished_at'), opt);
  const exception = checks.string(step.step_exception, pointer(path, 'step_exception'), opt);
  const stackTrace = readExceptionTraces(step.exception_traces, pointer(path, 'exception_traces'), checks);
  const infos: StepInfoObject[] = [];
  const stepInfo = checks.object(step.step_info, pointer(path, 'step_info'), opt);
  if (stepInfo) infos.push({ object: stepInfo, path: pointer(path, 'step_info') });
  if (name) {
    const key = `${name}_info`;
    const named = checks.object(step[key], pointer(path, key), opt);
    if (named) infos.push({ object: named, path: pointer(path, key) });
  }
  if (name === undefined) return undefined;
  const read: ReadStep = {
    step: name,
    key: spanId ?? `${index}:${name}`,
    startedAt,
    endedAt,
    ...(exception ? { exception } : {}),
    ...(stackTrace ? { stackTrace } : {}),
    failures: [],
    infos,
    loadIds: [],
  };
  const loadIds = infoField(read, 'loads_ids');
  read.loadIds = infos.length ? (checks.strings(loadIds.value, loadIds.path, opt) ?? []) : [];
  read.facets = { span_id: spanId ?? null, load_ids: read.loadIds };
  return read;
}

/**
 * dlt's exception chain (outermost first), as one text: each exception's type and message, then its stack
 * frames (`traceback.format_tb` lines), joined by "Caused by:".
 */
function readExceptionTraces(value: unknown, path: string, checks: DocumentChecks): string | undefined {
  const traces = checks.array(value, path, { optional: true, nullable: true });
  if (!traces || traces.length === 0) return undefined;
  const parts: string[] = [];
  traces.slice(0, STEP_TRACE_LIMIT).forEach((entry, index) => {
    const entryPath = pointer(path, index);
    const trace = checks.object(entry, entryPath);
    if (!trace) return;
    const opt = { optional: true, nullable: true } as const;
    const type = checks.string(trace.exception_type, pointer(entryPath, 'exception_type'), opt);
    const message = checks.string(trace.message, pointer(entryPath, 'message'), opt);
    const frames = checks.strings(trace.stack_trace, pointer(entryPath, 'stack_trace'), opt) ?? [];
    parts.push(`${type ?? 'Exception'}: ${message ?? ''}\n${frames.join('')}`.trimEnd());
  });
  return parts.length ? parts.join('\n\nCaused by: ') : undefined;
}
