import { eventKeyOfJson } from '../../model/eventKey';
import { parseIsoTimestamp } from '../../model/isoTimestamp';
import type {
  ColumnLineage,
  ColumnLineageInput,
  DatasetObservation,
  DatasetStatistics,
  IngestEnvelope,
  JobObservation,
  Owner,
  QualityCheckObservation,
  RunObservation,
  SchemaField,
  Tag,
} from '../../model/observations';
import { openLineageEventKind } from './eventKind';
import { orchestratorOf } from './orchestrator';
import type {
  BaseFacet,
  ColumnLineageDatasetFacet,
  ColumnLineageInputField,
  DataQualityAssertionsDatasetFacet,
  DataQualityMetricsFacet,
  DocumentationFacet,
  ErrorMessageRunFacet,
  Facets,
  JobTypeJobFacet,
  NominalTimeRunFacet,
  OpenLineageDataset,
  OpenLineageDatasetEvent,
  OpenLineageEvent,
  OpenLineageEventKind,
  OpenLineageInputDataset,
  OpenLineageJob,
  OpenLineageJobEvent,
  OpenLineageOutputDataset,
  OpenLineageRunEvent,
  OwnershipFacet,
  ParentRunFacet,
  SchemaDatasetFacet,
  SchemaFacetField,
  StatisticsFacet,
  TagsFacet,
} from './types';

/**
 * A validated OpenLineage event (see validateOpenLineageEvent) as the store's IngestEnvelope:
 * - RunEvent: one RunObservation (job with its type, owners, tags and description; parent
 *   run; nominal times; error message and stack trace; inputs and outputs with statistics,
 *   schema, column lineage, owners, tags, description and all their facets) plus one
 *   QualityCheckObservation per data quality assertion on an input;
 * - DatasetEvent: one DatasetObservation;
 * - JobEvent: one JobObservation plus its inputs and outputs as DatasetObservations.
 * Facets are kept as received (custom ones included); the payload is the event object itself.
 * Facets marked `_deleted: true` are kept in `facets` but not read.
 */
export function normalizeOpenLineageEvent(
  event: OpenLineageEvent,
  kind: OpenLineageEventKind | undefined = openLineageEventKind(event),
): IngestEnvelope {
  // validateOpenLineageEvent has made sure it parses
  const eventTime = parseIsoTimestamp(event.eventTime) ?? Number.NaN;
  // Serialized once: hashed for the key here, stored as it is by the writer.
  const payloadJson = JSON.stringify(event);
  const envelope: IngestEnvelope = {
    source: 'openlineage',
    eventKey: eventKeyOfJson('openlineage', payloadJson, eventTime),
    eventType: '',
    eventTime,
    payload: event,
    payloadJson,
    runs: [],
    datasets: [],
    jobs: [],
    qualityChecks: [],
    freshness: [],
  };
  switch (kind) {
    case 'RunEvent': {
      const run = runObservation(event as OpenLineageRunEvent, eventTime, envelope.qualityChecks);
      envelope.eventType = `RunEvent/${run.eventType}`;
      envelope.runs.push(run);
      break;
    }
    case 'DatasetEvent':
      envelope.eventType = 'DatasetEvent';
      envelope.datasets.push(datasetObservation((event as OpenLineageDatasetEvent).dataset, undefined, undefined));
      break;
    case 'JobEvent': {
      const e = event as OpenLineageJobEvent;
      envelope.eventType = 'JobEvent';
      envelope.jobs.push(jobObservation(e.job));
      for (const input of e.inputs ?? []) {
        envelope.datasets.push(inputObservation(input, eventTime, undefined, envelope.qualityChecks));
      }
      for (const output of e.outputs ?? []) envelope.datasets.push(outputObservation(output));
      break;
    }
    default:
      throw new Error('not an OpenLineage RunEvent, DatasetEvent or JobEvent');
  }
  return envelope;
}

/** A facet that is present and not marked deleted. */
function facet<T extends BaseFacet>(facets: Facets | undefined, key: string): T | undefined {
  const f = facets?.[key] as T | undefined;
  return f === undefined || f._deleted === true ? undefined : f;
}

/** UUIDs compare case-insensitively; store them in one form (lower case, no urn:uuid: prefix). */
export function normalizeRunId(runId: string): string {
  const id = runId.length > 36 && runId.startsWith('urn:uuid:') ? runId.slice(9) : runId;
  return id.toLowerCase();
}

function runObservation(
  e: OpenLineageRunEvent,
  eventTime: number,
  qualityChecks: QualityCheckObservation[],
): RunObservation {
  const runFacets = e.run.facets;
  const runId = normalizeRunId(e.run.runId);
  const jobType = facet<JobTypeJobFacet>(e.job.facets, 'jobType');
  const run: RunObservation = {
    runId,
    job: jobObservation(e.job),
    eventType: e.eventType ?? 'OTHER',
    eventTime,
    producer: e.producer,
    orchestrator: orchestratorOf(e.producer, jobType?.integration),
    inputs: [],
    outputs: [],
  };
  if (runFacets) {
    const parent = facet<ParentRunFacet>(runFacets, 'parent');
    if (parent) {
      run.parent = {
        runId: normalizeRunId(parent.run.runId),
        job: { namespace: parent.job.namespace, name: parent.job.name },
      };
    }
    const nominal = facet<NominalTimeRunFacet>(runFacets, 'nominalTime');
    if (nominal) {
      const start = parseIsoTimestamp(nominal.nominalStartTime);
      if (start !== undefined) run.nominalStartTime = start;
      if (nominal.nominalEndTime !== undefined) {
        const end = parseIsoTimestamp(nominal.nominalEndTime);
        if (end !== undefined) run.nominalEndTime = end;
      }
    }
    const error = facet<ErrorMessageRunFacet>(runFacets, 'errorMessage');
    if (error) {
      run.errorMessage = error.message;
      if (error.stackTrace !== undefined) run.stackTrace = error.stackTrace;
    }
    run.runFacets = runFacets;
  }
  for (const input of e.inputs ?? []) run.inputs.push(inputObservation(input, eventTime, runId, qualityChecks));
  for (const output of e.outputs ?? []) run.outputs.push(outputObservation(output));
  return run;
}

function jobObservation(job: OpenLineageJob): JobObservation {
  const observation: JobObservation = { namespace: job.namespace, name: job.name };
  const facets = job.facets;
  if (facets) {
    const jobType = facet<JobTypeJobFacet>(facets, 'jobType');
    if (jobType?.jobType !== undefined) observation.type = jobType.jobType;
    const documentation = facet<DocumentationFacet>(facets, 'documentation');
    if (documentation) observation.description = documentation.description;
    const owners = ownersOf(facet<OwnershipFacet>(facets, 'ownership'));
    if (owners) observation.owners = owners;
    const tags = tagsOf(facet<TagsFacet>(facets, 'tags'));
    if (tags) observation.tags = tags;
    observation.facets = facets;
  }
  return observation;
}

function inputObservation(
  input: OpenLineageInputDataset,
  eventTime: number,
  runId: string | undefined,
  qualityChecks: QualityCheckObservation[],
): DatasetObservation {
  const inputFacets = input.inputFacets;
  const observation = datasetObservation(input, inputFacets, facet<StatisticsFacet>(inputFacets, 'inputStatistics'));
  const assertions = facet<DataQualityAssertionsDatasetFacet>(inputFacets, 'dataQualityAssertions');
  if (assertions) {
    const dataset = { namespace: input.namespace, name: input.name };
    for (const a of assertions.assertions) {
      const check: QualityCheckObservation = { dataset, check: a.assertion, passed: a.success, observedAt: eventTime };
      if (runId !== undefined) check.runId = runId;
      if (a.column !== undefined && a.column !== '') check.column = a.column;
      if (a.severity !== undefined) check.severity = a.severity;
      if (a.actual !== undefined) check.actual = a.actual;
      if (a.expected !== undefined) check.expected = a.expected;
      if (a.description !== undefined) check.message = a.description;
      qualityChecks.push(check);
    }
  }
  return observation;
}

function outputObservation(output: OpenLineageOutputDataset): DatasetObservation {
  const outputFacets = output.outputFacets;
  return datasetObservation(output, outputFacets, facet<StatisticsFacet>(outputFacets, 'outputStatistics'));
}

/**
 * One dataset: identity, what its facets say, and all its facets (dataset facets merged with
 * the input or output facets of this event; on a key clash the input/output facet wins).
 */
function datasetObservation(
  dataset: OpenLineageDataset,
  ioFacets: Facets | undefined,
  stats: StatisticsFacet | undefined,
): DatasetObservation {
  const observation: DatasetObservation = { namespace: dataset.namespace, name: dataset.name };
  const facets = dataset.facets;

  const statistics = stats
    ? statisticsOf(stats.rowCount, stats.size, stats.fileCount)
    : metricsStatistics(facet<DataQualityMetricsFacet>(ioFacets, 'dataQualityMetrics') ?? facet<DataQualityMetricsFacet>(facets, 'dataQualityMetrics'));
  if (statistics) observation.statistics = statistics;

  if (facets) {
    const schema = facet<SchemaDatasetFacet>(facets, 'schema');
    if (schema?.fields) {
      const fields: SchemaField[] = [];
      flattenSchema(schema.fields, '', fields);
      observation.schema = fields;
    }
    const lineage = facet<ColumnLineageDatasetFacet>(facets, 'columnLineage');
    if (lineage) observation.columnLineage = columnLineageOf(lineage);
    const owners = ownersOf(facet<OwnershipFacet>(facets, 'ownership'));
    if (owners) observation.owners = owners;
    const tags = tagsOf(facet<TagsFacet>(facets, 'tags'));
    if (tags) observation.tags = tags;
    const documentation = facet<DocumentationFacet>(facets, 'documentation');
    if (documentation) observation.description = documentation.description;
  }

  if (facets && ioFacets) observation.facets = { ...facets, ...ioFacets };
  else if (facets ?? ioFacets) observation.facets = facets ?? ioFacets;
  return observation;
}

function statisticsOf(rowCount?: number, bytes?: number, fileCount?: number): DatasetStatistics | undefined {
  if (rowCount === undefined && bytes === undefined && fileCount === undefined) return undefined;
  const s: DatasetStatistics = {};
  if (rowCount !== undefined) s.rowCount = rowCount;
  if (bytes !== undefined) s.bytes = bytes;
  if (fileCount !== undefined) s.fileCount = fileCount;
  return s;
}

const metricsStatistics = (m: DataQualityMetricsFacet | undefined): DatasetStatistics | undefined =>
  m ? statisticsOf(m.rowCount, m.bytes, m.fileCount) : undefined;

/** Schema fields in order, nested struct fields flattened as `parent.child`. */
function flattenSchema(fields: SchemaFacetField[], prefix: string, out: SchemaField[]): void {
  for (const f of fields) {
    const name = prefix === '' ? f.name : `${prefix}.${f.name}`;
    const field: SchemaField = { name };
    if (f.type !== undefined) field.type = f.type;
    if (f.description !== undefined) field.description = f.description;
    out.push(field);
    if (f.fields && f.fields.length > 0) flattenSchema(f.fields, name, out);
  }
}

function columnLineageOf(facet: ColumnLineageDatasetFacet): ColumnLineage[] {
  const out: ColumnLineage[] = [];
  for (const field in facet.fields) {
    const entry = facet.fields[field];
    const inputs: ColumnLineageInput[] = [];
    for (const input of entry.inputFields) {
      const lineageInput: ColumnLineageInput = { namespace: input.namespace, name: input.name, field: input.field };
      const transformation = transformationOf(input) ?? entry.transformationType;
      if (transformation !== undefined) lineageInput.transformation = transformation;
      inputs.push(lineageInput);
    }
    out.push({ field, inputs });
  }
  return out;
}

/** `DIRECT/IDENTITY`, `INDIRECT/JOIN`, `DIRECT/TRANSFORMATION (masked)`; several joined by `, `. */
function transformationOf(input: ColumnLineageInputField): string | undefined {
  const ts = input.transformations;
  if (!ts || ts.length === 0) return undefined;
  let out = '';
  for (const t of ts) {
    if (out !== '') out += ', ';
    out += t.subtype ? `${t.type}/${t.subtype}` : t.type;
    if (t.masking === true) out += ' (masked)';
  }
  return out;
}

function ownersOf(f: OwnershipFacet | undefined): Owner[] | undefined {
  if (!f?.owners) return undefined;
  return f.owners.map((o) => (o.type === undefined ? { name: o.name } : { name: o.name, type: o.type }));
}

function tagsOf(f: TagsFacet | undefined): Tag[] | undefined {
  if (!f?.tags) return undefined;
  return f.tags.map((t) => {
    const tag: Tag = { key: t.key, value: t.value };
    if (t.source !== undefined) tag.source = t.source;
    if (t.field !== undefined) tag.field = t.field;
    return tag;
  });
}
