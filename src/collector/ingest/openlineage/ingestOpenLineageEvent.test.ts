import { describe, expect, it } from 'vitest';
import { InvalidDocumentError } from '../../model/validationError';
import { baseRunEvent, fixture, fixtureNames } from './__fixtures__';
import { ingestOpenLineageEvent } from './ingestOpenLineageEvent';

describe('ingestOpenLineageEvent', () => {
  it.each(fixtureNames())('%s → an envelope', (name) => {
    const body = fixture(name);
    const envelope = ingestOpenLineageEvent(body);
    expect(envelope.source).toBe('openlineage');
    expect(envelope.payload).toBe(body);
    expect(envelope.eventKey).toMatch(/^[0-9a-f]{13}:[0-9a-f]{64}$/);
    expect(envelope.runs.length + envelope.datasets.length + envelope.jobs.length).toBeGreaterThan(0);
  });

  it('throws InvalidDocumentError naming every bad field', () => {
    const event: any = baseRunEvent();
    event.eventType = 'FINISHED';
    delete event.job.name;
    event.run.facets.parent = { _producer: 'https://x.example', _schemaURL: 'https://x.example', run: { runId: 'x' }, job: { namespace: 'a', name: 'b' } };
    let thrown: unknown;
    try {
      ingestOpenLineageEvent(event);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(InvalidDocumentError);
    const error = thrown as InvalidDocumentError;
    expect(error.statusCode).toBe(400);
    expect(error.problems).toEqual([
      { path: '/eventType', message: 'must be one of START, RUNNING, COMPLETE, ABORT, FAIL, OTHER' },
      { path: '/run/facets/parent/run/runId', message: 'must be a UUID' },
      { path: '/job/name', message: 'is required' },
    ]);
    expect(error.message).toBe(
      '/eventType: must be one of START, RUNNING, COMPLETE, ABORT, FAIL, OTHER; /run/facets/parent/run/runId: must be a UUID; /job/name: is required',
    );
  });

  it('throws for a body that is not an object', () => {
    expect(() => ingestOpenLineageEvent(null)).toThrow(InvalidDocumentError);
    expect(() => ingestOpenLineageEvent([baseRunEvent()])).toThrow('/: must be a JSON object');
  });
});
