import { describe, expect, it } from 'vitest';
import type { FieldProblem } from '../../model/validationError';
import { MAX_PROBLEMS } from './ajvProblems';
import { baseRunEvent, fixture, fixtureNames, specFacetExamples, specFullEvent } from './__fixtures__';
import { type FacetLocation, loadOpenLineageSchemas } from './schemas';
import { validateOpenLineageEvent, withDiscriminators } from './validateOpenLineageEvent';

type Event = ReturnType<typeof baseRunEvent>;

/** Where a facet of each location goes in the base event, and its JSON path there. */
const PLACES: Record<FacetLocation, { put: (e: Event) => Record<string, unknown>; path: string }> = {
  run: { put: (e) => e.run.facets, path: '/run/facets' },
  job: { put: (e) => e.job.facets, path: '/job/facets' },
  dataset: { put: (e) => e.outputs[0].facets, path: '/outputs/0/facets' },
  inputDataset: { put: (e) => e.inputs[0].inputFacets, path: '/inputs/0/inputFacets' },
  outputDataset: { put: (e) => e.outputs[0].outputFacets, path: '/outputs/0/outputFacets' },
};

const { standardFacets } = loadOpenLineageSchemas();

function problemsOf(body: unknown): FieldProblem[] {
  const result = validateOpenLineageEvent(body);
  return result.ok ? [] : result.problems;
}

describe('the spec examples (spec-tests/, byte-identical to the reference)', () => {
  const examples = specFacetExamples();

  it('cover every example directory', () => {
    expect(examples.length).toBeGreaterThanOrEqual(40);
  });

  it.each(examples.map(([file, name, example]) => [`${file.replace('.json', '')}/${name}`, file, example] as const))(
    '%s is valid in a RunEvent at the place its schema defines',
    (_label, file, example) => {
      for (const [key, value] of Object.entries(example)) {
        const places = standardFacets.filter((f) => f.file === file && f.key === key).map((f) => f.location);
        expect(places.length, `${file} defines ${key}`).toBeGreaterThan(0);
        const results = places.map((location) => {
          const event = baseRunEvent();
          PLACES[location].put(event)[key] = value;
          return { location, problems: problemsOf(event) };
        });
        // Keys defined at several places (subset: input or output; lineage: job or dataset)
        // must fit at least one of them; single-place keys must fit there.
        const fits = results.filter((r) => r.problems.length === 0);
        expect(fits.length, JSON.stringify(results)).toBeGreaterThan(0);
      }
    },
  );

  it.each(examples.map(([file, name, example]) => [`${file.replace('.json', '')}/${name}`, file, example] as const))(
    '%s without _producer is rejected at its own path (the facet schema is applied)',
    (_label, file, example) => {
      for (const [key, value] of Object.entries(example)) {
        for (const f of standardFacets.filter((s) => s.file === file && s.key === key)) {
          const event = baseRunEvent();
          const { _producer, ...rest } = value;
          expect(_producer).toBeDefined();
          PLACES[f.location].put(event)[key] = rest;
          expect(problemsOf(event)).toContainEqual({ path: `${PLACES[f.location].path}/${key}/_producer`, message: 'is required' });
        }
      }
    },
  );

  it('example_full_event.json is a valid RunEvent', () => {
    expect(validateOpenLineageEvent(specFullEvent())).toMatchObject({ ok: true, kind: 'RunEvent' });
  });
});

describe('the realistic fixtures', () => {
  const kinds: Record<string, string> = {
    'dataset-event-pii.json': 'DatasetEvent',
    'job-event.json': 'JobEvent',
  };
  it.each(fixtureNames())('%s is valid', (name) => {
    const result = validateOpenLineageEvent(fixture(name));
    expect(result.ok ? [] : result.problems).toEqual([]);
    expect(result.kind).toBe(kinds[name] ?? 'RunEvent');
  });
});

describe('withDiscriminators', () => {
  const { facets } = loadOpenLineageSchemas();

  it('marks the tagged unions of the facet schemas, in a copy', () => {
    const subset = withDiscriminators(facets.get('BaseSubsetDatasetFacet.json')!);
    expect(subset.$defs!.BaseSubsetCondition.discriminator).toEqual({
      propertyName: 'type',
      allowed: ['location', 'partition', 'binary', 'compare'],
    });
    expect((subset.$defs!.CompareSubsetCondition.properties as any).left.discriminator).toEqual({
      propertyName: 'type',
      allowed: ['field', 'literal'],
    });
    // input or output subset: no tag tells them apart
    expect(subset.$defs!.BaseSubsetDatasetFacet.discriminator).toBeUndefined();
    expect(facets.get('BaseSubsetDatasetFacet.json')!.$defs!.BaseSubsetCondition.discriminator).toBeUndefined();

    const lineage = withDiscriminators(facets.get('LineageFacet.json')!);
    expect(lineage.$defs!.LineageEntry.discriminator).toEqual({ propertyName: 'type', allowed: ['DATASET', 'JOB'] });
    expect(lineage.$defs!.LineageInput.discriminator).toEqual({ propertyName: 'type', allowed: ['DATASET', 'JOB'] });
  });
});

/** Builds a body: a valid RunEvent edited in place, or a whole body. */
type Make = () => unknown;
const edit =
  (change: (e: any) => unknown): Make =>
  () => {
    const event = baseRunEvent();
    change(event);
    return event;
  };
const whole =
  (body: unknown): Make =>
  () =>
    body;

const deleteAt = (obj: any, key: string) => {
  delete obj[key];
};

/** [what, how to break a valid RunEvent, the problem expected among those reported] */
const BAD_EVENTS: Array<[string, Make, FieldProblem]> = [
  ['a JSON array', whole([]), { path: '', message: 'must be a JSON object: an OpenLineage RunEvent, DatasetEvent or JobEvent' }],
  ['a string', whole('START'), { path: '', message: 'must be a JSON object: an OpenLineage RunEvent, DatasetEvent or JobEvent' }],
  [
    'no run, job or dataset',
    whole({ eventTime: '2024-05-01T12:00:00Z', producer: 'https://x.example' }),
    {
      path: '',
      message: 'is not an OpenLineage event: a RunEvent has run and job, a DatasetEvent has dataset, a JobEvent has job (and no run)',
    },
  ],
  ['missing eventTime', edit((e) => deleteAt(e, 'eventTime')), { path: '/eventTime', message: 'is required' }],
  [
    'eventTime not a date',
    edit((e) => (e.eventTime = 'yesterday')),
    { path: '/eventTime', message: 'must be an ISO-8601 date-time with a time zone, e.g. 2024-05-01T12:00:00.000Z' },
  ],
  [
    'eventTime without a time zone',
    edit((e) => (e.eventTime = '2024-05-01T12:00:00')),
    { path: '/eventTime', message: 'must be an ISO-8601 date-time with a time zone, e.g. 2024-05-01T12:00:00.000Z' },
  ],
  [
    'eventTime on 30 February',
    edit((e) => (e.eventTime = '2024-02-30T12:00:00Z')),
    { path: '/eventTime', message: 'must be an ISO-8601 date-time with a time zone, e.g. 2024-05-01T12:00:00.000Z' },
  ],
  ['eventTime a number', edit((e) => (e.eventTime = 1714564800000)), { path: '/eventTime', message: 'must be a string' }],
  [
    'unknown eventType',
    edit((e) => (e.eventType = 'DONE')),
    { path: '/eventType', message: 'must be one of START, RUNNING, COMPLETE, ABORT, FAIL, OTHER' },
  ],
  [
    'lower-case eventType',
    edit((e) => (e.eventType = 'complete')),
    { path: '/eventType', message: 'must be one of START, RUNNING, COMPLETE, ABORT, FAIL, OTHER' },
  ],
  ['runId not a UUID', edit((e) => (e.run.runId = 'manual__2024-05-01')), { path: '/run/runId', message: 'must be a UUID' }],
  ['missing runId', edit((e) => deleteAt(e.run, 'runId')), { path: '/run/runId', message: 'is required' }],
  ['missing run (with an eventType)', edit((e) => deleteAt(e, 'run')), { path: '/run', message: 'is required' }],
  ['missing job', edit((e) => deleteAt(e, 'job')), { path: '/job', message: 'is required' }],
  ['missing job name', edit((e) => deleteAt(e.job, 'name')), { path: '/job/name', message: 'is required' }],
  ['job namespace not a string', edit((e) => (e.job.namespace = 7)), { path: '/job/namespace', message: 'must be a string' }],
  ['producer not a URI', edit((e) => (e.producer = 'my laptop')), { path: '/producer', message: 'must be a URI' }],
  ['missing schemaURL', edit((e) => deleteAt(e, 'schemaURL')), { path: '/schemaURL', message: 'is required' }],
  ['inputs not an array', edit((e) => (e.inputs = {})), { path: '/inputs', message: 'must be an array' }],
  ['input without a name', edit((e) => deleteAt(e.inputs[0], 'name')), { path: '/inputs/0/name', message: 'is required' }],
  ['run facets an array', edit((e) => (e.run.facets = [])), { path: '/run/facets', message: 'must be an object' }],
  ['custom facet not an object', edit((e) => (e.run.facets.myFacet = 'x')), { path: '/run/facets/myFacet', message: 'must be an object' }],
  [
    'custom facet key with a slash',
    edit((e) => (e.job.facets['acme/owner'] = 5)),
    { path: '/job/facets/acme~1owner', message: 'must be an object' },
  ],
  [
    'parent facet runId not a UUID',
    edit((e) => (e.run.facets.parent = facetOf({ run: { runId: '42' }, job: { namespace: 'airflow', name: 'dag' } }))),
    { path: '/run/facets/parent/run/runId', message: 'must be a UUID' },
  ],
  [
    'parent facet without job name',
    edit((e) => (e.run.facets.parent = facetOf({ run: { runId: '0193497c-1d2e-7a3b-9c4d-5e6f7a8b9c0e' }, job: { namespace: 'airflow' } }))),
    { path: '/run/facets/parent/job/name', message: 'is required' },
  ],
  [
    'parent facet root run without runId',
    edit((e) =>
      (e.run.facets.parent = facetOf({
        run: { runId: '0193497c-1d2e-7a3b-9c4d-5e6f7a8b9c0e' },
        job: { namespace: 'airflow', name: 'dag.task' },
        root: { run: {}, job: { namespace: 'airflow', name: 'dag' } },
      }))),
    { path: '/run/facets/parent/root/run/runId', message: 'is required' },
  ],
  [
    'standard facet without _schemaURL',
    edit((e) => (e.run.facets.nominalTime = { _producer: 'https://x.example', nominalStartTime: '2024-05-01T00:00:00Z' })),
    { path: '/run/facets/nominalTime/_schemaURL', message: 'is required' },
  ],
  [
    'nominal start time not a date-time',
    edit((e) => (e.run.facets.nominalTime = facetOf({ nominalStartTime: '2024-05-01' }))),
    { path: '/run/facets/nominalTime/nominalStartTime', message: 'must be an ISO-8601 date-time with a time zone, e.g. 2024-05-01T12:00:00.000Z' },
  ],
  [
    'errorMessage facet without programmingLanguage',
    edit((e) => (e.run.facets.errorMessage = facetOf({ message: 'boom' }))),
    { path: '/run/facets/errorMessage/programmingLanguage', message: 'is required' },
  ],
  [
    'executionParameters with an unknown property',
    edit((e) => (e.run.facets.executionParameters = facetOf({ parameters: [{ key: 'retries', extra: 1 }] }))),
    { path: '/run/facets/executionParameters/parameters/0/extra', message: 'is not allowed here' },
  ],
  [
    'jobType without integration',
    edit((e) => (e.job.facets.jobType = facetOf({ processingType: 'BATCH' }))),
    { path: '/job/facets/jobType/integration', message: 'is required' },
  ],
  [
    'sql facet without query',
    edit((e) => (e.job.facets.sql = facetOf({ dialect: 'postgres' }))),
    { path: '/job/facets/sql/query', message: 'is required' },
  ],
  [
    'outputStatistics rowCount as a string',
    edit((e) => (e.outputs[0].outputFacets.outputStatistics = facetOf({ rowCount: '12' }))),
    { path: '/outputs/0/outputFacets/outputStatistics/rowCount', message: 'must be an integer' },
  ],
  [
    'outputStatistics rowCount fractional',
    edit((e) => (e.outputs[0].outputFacets.outputStatistics = facetOf({ rowCount: 1.5 }))),
    { path: '/outputs/0/outputFacets/outputStatistics/rowCount', message: 'must be an integer' },
  ],
  [
    'schema field without a name',
    edit((e) => (e.outputs[0].facets.schema = facetOf({ fields: [{ name: 'id' }, { type: 'int' }] }))),
    { path: '/outputs/0/facets/schema/fields/1/name', message: 'is required' },
  ],
  [
    'nested schema field without a name',
    edit((e) => (e.outputs[0].facets.schema = facetOf({ fields: [{ name: 'address', fields: [{ type: 'text' }] }] }))),
    { path: '/outputs/0/facets/schema/fields/0/fields/0/name', message: 'is required' },
  ],
  [
    'column lineage input without field',
    edit((e) =>
      (e.outputs[0].facets.columnLineage = facetOf({ fields: { total: { inputFields: [{ namespace: 'db', name: 'in' }] } } }))),
    { path: '/outputs/0/facets/columnLineage/fields/total/inputFields/0/field', message: 'is required' },
  ],
  [
    'quality assertion success as a string',
    edit((e) =>
      (e.inputs[0].inputFacets.dataQualityAssertions = facetOf({ assertions: [{ assertion: 'not_null', success: 'yes' }] }))),
    { path: '/inputs/0/inputFacets/dataQualityAssertions/assertions/0/success', message: 'must be a boolean (true or false)' },
  ],
  [
    'dataset tag without key',
    edit((e) => (e.inputs[0].facets.tags = facetOf({ tags: [{ value: 'true', field: 'email' }] }))),
    { path: '/inputs/0/facets/tags/tags/0/key', message: 'is required' },
  ],
  [
    'unknown lifecycle state change',
    edit((e) => (e.outputs[0].facets.lifecycleStateChange = facetOf({ lifecycleStateChange: 'MOVE' }))),
    {
      path: '/outputs/0/facets/lifecycleStateChange/lifecycleStateChange',
      message: 'must be one of ALTER, CREATE, DROP, OVERWRITE, RENAME, TRUNCATE',
    },
  ],
  [
    'input subset given as an output condition',
    edit((e) => (e.inputs[0].inputFacets.subset = facetOf({ outputCondition: { type: 'location', locations: [] } }))),
    { path: '/inputs/0/inputFacets/subset/inputCondition', message: 'is required' },
  ],
  [
    'subset condition of an unknown type',
    edit((e) => (e.inputs[0].inputFacets.subset = facetOf({ inputCondition: { type: 'range', from: 1 } }))),
    { path: '/inputs/0/inputFacets/subset/inputCondition/type', message: 'must be one of location, partition, binary, compare' },
  ],
  [
    'subset compare expression without its field',
    edit(
      (e) =>
        (e.inputs[0].inputFacets.subset = facetOf({
          inputCondition: { type: 'compare', left: { type: 'field' }, right: { type: 'literal', value: 'PL' }, comparison: 'EQUAL' },
        })),
    ),
    { path: '/inputs/0/inputFacets/subset/inputCondition/left/field', message: 'is required' },
  ],
  [
    'lineage entry input without its type',
    edit((e) => (e.job.facets.lineage = facetOf({ entries: [{ type: 'JOB', inputs: [{ namespace: 'db', name: 'orders' }] }] }))),
    { path: '/job/facets/lineage/entries/0/inputs/0/type', message: 'is required' },
  ],
  [
    'DatasetEvent without dataset namespace',
    whole({ ...envelopeOf('DatasetEvent'), dataset: { name: 'x' } }),
    { path: '/dataset/namespace', message: 'is required' },
  ],
  [
    'DatasetEvent with a bad dataset facet',
    whole({ ...envelopeOf('DatasetEvent'), dataset: { namespace: 'db', name: 'x', facets: { ownership: facetOf({ owners: [{}] }) } } }),
    { path: '/dataset/facets/ownership/owners/0/name', message: 'is required' },
  ],
  [
    'dataset and job without run',
    whole({ ...envelopeOf('DatasetEvent'), dataset: { namespace: 'db', name: 'x' }, job: { namespace: 'n', name: 'j' } }),
    { path: '/job', message: 'must not be sent with dataset: an event is a DatasetEvent (dataset) or a JobEvent (job), not both' },
  ],
  [
    'JobEvent with a bad job facet',
    whole({ ...envelopeOf('JobEvent'), job: { namespace: 'n', name: 'j', facets: { sourceCode: facetOf({ language: 'sql' }) } } }),
    { path: '/job/facets/sourceCode/sourceCode', message: 'is required' },
  ],
];

function facetOf(fields: Record<string, unknown>): Record<string, unknown> {
  return { _producer: 'https://github.com/OpenLineage/OpenLineage/tree/1.26.0/client/python', _schemaURL: 'https://openlineage.io/spec/facets/x.json', ...fields };
}

function envelopeOf(kind: string) {
  return {
    eventTime: '2024-05-01T12:00:00Z',
    producer: 'https://github.com/OpenLineage/OpenLineage/tree/1.26.0/client/python',
    schemaURL: `https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/${kind}`,
  };
}

describe('bad events', () => {
  it.each(BAD_EVENTS)('%s → names the field', (_what, make, expected) => {
    const result = validateOpenLineageEvent(make());
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems).toContainEqual(expected);
  });

  it('reports a tagged union (subset condition, lineage entry) by the branch its tag selects, not by every branch', () => {
    const event: any = baseRunEvent();
    event.inputs[0].inputFacets.subset = facetOf({
      inputCondition: { type: 'binary', left: { type: 'nope' }, right: { type: 'location' }, operator: 'AND' },
    });
    event.job.facets.lineage = facetOf({ entries: [{ type: 'DATASET', namespace: 'a', name: 'b', inputs: [{ type: 'DATASET', name: 'x' }] }] });
    expect(problemsOf(event)).toEqual([
      { path: '/job/facets/lineage/entries/0/inputs/0/namespace', message: 'is required' },
      { path: '/inputs/0/inputFacets/subset/inputCondition/left/type', message: 'must be one of location, partition, binary, compare' },
      { path: '/inputs/0/inputFacets/subset/inputCondition/right/locations', message: 'is required' },
    ]);
  });

  it('reports every problem of one event, not just the first', () => {
    const event: any = baseRunEvent();
    event.eventType = 'DONE';
    event.run.runId = 'nope';
    delete event.job.name;
    expect(problemsOf(event)).toEqual([
      { path: '/eventType', message: 'must be one of START, RUNNING, COMPLETE, ABORT, FAIL, OTHER' },
      { path: '/run/runId', message: 'must be a UUID' },
      { path: '/job/name', message: 'is required' },
    ]);
  });

  it(`reports at most ${MAX_PROBLEMS} problems and says how many were left out`, () => {
    const event: any = baseRunEvent();
    event.inputs = Array.from({ length: 200 }, () => ({}));
    const problems = problemsOf(event);
    expect(problems).toHaveLength(MAX_PROBLEMS);
    expect(problems[MAX_PROBLEMS - 1]).toEqual({ path: '', message: `and ${400 - (MAX_PROBLEMS - 1)} more problems` });
  });
});

describe('accepted on purpose', () => {
  it('a RunEvent without eventType (optional in the spec)', () => {
    const event: any = baseRunEvent();
    delete event.eventType;
    expect(problemsOf(event)).toEqual([]);
  });

  it('a runId in urn:uuid: form or upper case', () => {
    const event: any = baseRunEvent();
    event.run.runId = 'urn:uuid:0193497C-1D2E-7A3B-9C4D-5E6F7A8B9C0D';
    expect(problemsOf(event)).toEqual([]);
  });

  it('custom facets without _producer / _schemaURL', () => {
    const event: any = baseRunEvent();
    event.run.facets.airflow_custom = { anything: [1, 2] };
    event.outputs[0].outputFacets.acme = {};
    expect(problemsOf(event)).toEqual([]);
  });

  it('job and dataset facets marked _deleted', () => {
    const event: any = baseRunEvent();
    event.job.facets.documentation = { _deleted: true };
    event.outputs[0].facets.schema = { _deleted: true };
    expect(problemsOf(event)).toEqual([]);
  });

  it('date-times with microseconds, offsets and a space separator', () => {
    for (const eventTime of ['2024-05-01T12:00:00.123456+00:00', '2024-05-01T14:00:00+02:00', '2024-05-01 12:00:00Z']) {
      const event: any = baseRunEvent();
      event.eventTime = eventTime;
      expect(problemsOf(event), eventTime).toEqual([]);
    }
  });
});
