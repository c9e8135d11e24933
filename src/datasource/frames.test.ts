import { describe, expect, it } from 'vitest';

import { framesToAnnotationEvents } from './annotations';
import { toGrafanaFrames } from './frames';
import { describeRequestError, toDataQueryResponse } from './responses';
import { framesToMetricFindValues, parseVariableQuery } from './variables';
import { compareVersions } from './version';

const context = { datasourceUid: 'pane', datasourceName: 'Pipeline Pane' };

describe('toGrafanaFrames', () => {
  it('keeps the view the collector chose and links runs, jobs and datasets', () => {
    const [frame] = toGrafanaFrames(
      [
        {
          name: 'runs',
          meta: { preferredVisualisationType: 'table' },
          fields: [
            { name: 'run_id', type: 'string', values: ['r1'] },
            { name: 'job_id', type: 'string', values: ['job:ns:load'] },
            { name: 'namespace', type: 'string', values: ['ns'] },
            { name: 'dataset_id', type: 'string', values: ['dataset:w:t'] },
          ],
        },
      ],
      { refId: 'A', kind: 'runs' },
      context,
    );
    expect(frame.refId).toBe('A');
    expect(frame.meta?.preferredVisualisationType).toBe('table');
    const links = Object.fromEntries(frame.fields.map((f) => [f.name, (f.config.links ?? []).map((l) => l.internal?.query ?? l.url)]));
    expect(links.run_id).toEqual([{ refId: 'A', kind: 'trace', runId: '${__value.raw}' }]);
    expect(links.job_id).toEqual(['/d/pipelinepane-job-detail?var-namespace=${__data.fields.namespace}&var-job=${__data.fields.job_id}&${__url_time_range}']);
    expect(links.dataset_id).toEqual([
      '/d/pipelinepane-dataset-health?var-dataset=${__data.fields.dataset_id}&${__url_time_range}',
      { refId: 'A', kind: 'lineage', node: '${__data.fields.dataset_id}', direction: 'both', depth: 3 },
    ]);
    expect(links.namespace).toEqual([]);
  });

  it('fills in the view for each kind when the collector does not say', () => {
    const view = (kind: 'events' | 'trace' | 'lineage' | 'runStats') =>
      toGrafanaFrames([{ name: kind === 'lineage' ? 'nodes' : kind, fields: [] }], { refId: 'A', kind }, context)[0].meta;
    expect(view('events')?.preferredVisualisationType).toBe('logs');
    expect(view('trace')?.preferredVisualisationType).toBe('trace');
    expect(view('runStats')?.preferredVisualisationType).toBe('graph');
    expect(view('lineage')).toMatchObject({ preferredVisualisationType: 'nodeGraph', custom: { nodeGraphFrameType: 'nodes' } });
  });
});

describe('toDataQueryResponse', () => {
  it('reports a missing answer per query', () => {
    const response = toDataQueryResponse({ results: {} }, [{ refId: 'A', kind: 'runs' }], context);
    expect(response.errors).toEqual([{ refId: 'A', message: 'The collector sent no answer for query A' }]);
  });
});

describe('describeRequestError', () => {
  it('says what to fix for each failure', () => {
    expect(describeRequestError({ status: 504, data: '' }, 'http://c', 'query').message).toMatch(/did not answer in time \(HTTP 504\)/);
    expect(describeRequestError({ status: 403, data: { message: 'this token has scope "write"' } }, 'http://c', 'query').message).toMatch(/HTTP 403.*Use a token with read scope/);
    expect(describeRequestError({ status: 400, data: { error: 'invalid_query', message: 'targets/0/depth: must be between 0 and 50' } }, 'http://c', 'query').message).toBe(
      'Collector query failed with HTTP 400: targets/0/depth: must be between 0 and 50',
    );
    expect(describeRequestError(Object.assign(new Error('x'), { name: 'TimeoutError' }), 'http://c', 'query').message).toMatch(/did not answer the query in time/);
  });
});

describe('annotations', () => {
  it('turns the annotations frame into coloured events', () => {
    const [frame] = toGrafanaFrames(
      [
        {
          name: 'annotations',
          fields: [
            { name: 'time', type: 'time', values: [1000] },
            { name: 'timeEnd', type: 'time', values: [1000] },
            { name: 'title', type: 'string', values: ['load failed'] },
            { name: 'text', type: 'string', values: ['boom'] },
            { name: 'tags', type: 'other', values: [['run failure', 'ns']] },
            { name: 'type', type: 'string', values: ['runFailure'] },
            { name: 'run_id', type: 'string', values: ['r1'] },
          ],
        },
      ],
      { refId: 'A', kind: 'annotations' },
      context,
    );
    expect(framesToAnnotationEvents([frame])).toEqual([
      { id: 'runFailure:r1:1000', time: 1000, timeEnd: 1000, isRegion: false, title: 'load failed', text: 'boom', tags: ['run failure', 'ns'], color: 'red' },
    ]);
  });
});

describe('variables', () => {
  it('parses definitions and the short text form', () => {
    expect(parseVariableQuery({ refId: 'v', subject: 'datasets', namespace: '$ns' })).toEqual({ refId: 'v', subject: 'datasets', namespace: '$ns', search: undefined });
    expect(parseVariableQuery('jobs(airflow-prod, load)')).toEqual({ refId: 'variable', subject: 'jobs', namespace: 'airflow-prod', search: 'load' });
    expect(parseVariableQuery('owners')).toMatchObject({ subject: 'owners' });
    expect(() => parseVariableQuery('tables')).toThrow(/"tables" is not a variable query/);
  });

  it('reads text and value fields', () => {
    const [frame] = toGrafanaFrames([{ fields: [{ name: 'text', type: 'string', values: ['a'] }, { name: 'value', type: 'string', values: ['job:n:a'] }] }], { refId: 'v', kind: 'variables' }, context);
    expect(framesToMetricFindValues([frame])).toEqual([{ text: 'a', value: 'job:n:a' }]);
  });
});

describe('compareVersions', () => {
  it('orders releases and pre-releases', () => {
    expect(compareVersions('0.1.0', '0.1.0')).toBe(0);
    expect(compareVersions('0.2.0', '0.10.0')).toBe(-1);
    expect(compareVersions('1.0.0-rc.1', '1.0.0')).toBe(-1);
  });
});
