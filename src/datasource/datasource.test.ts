import { DataQueryRequest, DataQueryResponse, DataSourceInstanceSettings, getDefaultTimeRange } from '@grafana/data';
import { BackendSrv, BackendSrvRequest, FetchResponse, setBackendSrv, setTemplateSrv, TemplateSrv } from '@grafana/runtime';
import { Observable, lastValueFrom, of, throwError } from 'rxjs';
import { beforeEach, describe, expect, it } from 'vitest';

import { DataSource } from './datasource';
import { PaneOptions, PaneQuery } from './types';

type Responder = (request: BackendSrvRequest) => Observable<FetchResponse<unknown>>;

const requests: BackendSrvRequest[] = [];
let respond: Responder;

// Stands in for Grafana's proxy: records what the data source asks for and answers as told.
setBackendSrv({
  fetch: (request: BackendSrvRequest) => {
    requests.push(request);
    return respond(request);
  },
} as unknown as BackendSrv);
setTemplateSrv({
  replace: (value: string) => value.replace('$ns', 'airflow-prod'),
  getVariables: () => [],
  containsTemplate: () => false,
  updateTimeRange: () => {},
} as unknown as TemplateSrv);

const ok = (data: unknown) => of({ data, status: 200 } as FetchResponse<unknown>);
const fail = (status: number, data: unknown = {}) => throwError(() => ({ status, data, statusText: `HTTP ${status}` }));

function dataSource(jsonData: PaneOptions = { collectorUrl: 'http://collector:7070' }) {
  return new DataSource({
    uid: 'pane',
    type: 'pipelinepane-datasource',
    name: 'Pipeline Pane',
    url: '/api/datasources/proxy/uid/pane',
    jsonData,
    meta: {} as DataSourceInstanceSettings['meta'],
    readOnly: false,
    access: 'proxy',
  } as DataSourceInstanceSettings<PaneOptions>);
}

const request = (targets: PaneQuery[]) =>
  ({ targets, range: getDefaultTimeRange(), requestId: 'Q', intervalMs: 60_000, maxDataPoints: 500, scopedVars: {} }) as unknown as DataQueryRequest<PaneQuery>;

const run = (ds: DataSource, targets: PaneQuery[]) => lastValueFrom(ds.query(request(targets)) as Observable<DataQueryResponse>);

beforeEach(() => {
  requests.length = 0;
  respond = (r) => (r.url.endsWith('/health') ? ok({ status: 'ok', version: '0.1.0', database: 'sqlite' }) : ok({ scope: 'read' }));
});

describe('DataSource.testDatasource', () => {
  it('checks health, then the token, through the proxy route', async () => {
    const result = await dataSource().testDatasource();
    expect(result).toEqual({ status: 'success', message: 'Connected to the Pipeline Pane collector 0.1.0 (sqlite). The token has read scope.' });
    expect(requests.map((r) => [r.method, r.url])).toEqual([
      ['GET', '/api/datasources/proxy/uid/pane/collector/api/v1/health'],
      ['GET', '/api/datasources/proxy/uid/pane/collector/api/v1/whoami'],
    ]);
  });

  it('asks for the collector URL before calling anything', async () => {
    const result = await dataSource({}).testDatasource();
    expect(result.message).toMatch(/collector URL/);
    expect(requests).toHaveLength(0);
  });

  it('names a rejected token and what to do', async () => {
    respond = (r) => (r.url.endsWith('/health') ? ok({ status: 'ok', version: '0.1.0' }) : fail(401, { error: 'unauthorized', message: 'the API token is not valid' }));
    const result = await dataSource().testDatasource();
    expect(result.status).toBe('error');
    expect(result.message).toBe('The collector at http://collector:7070 rejected the API token (HTTP 401): the API token is not valid. Enter the token again in the data source settings.');
  });

  it('says when Grafana cannot reach the collector', async () => {
    respond = () => fail(502, '');
    expect((await dataSource().testDatasource()).message).toMatch(/could not reach the collector at http:\/\/collector:7070 \(HTTP 502\)\. Check the collector URL/);
  });

  it('refuses a collector that is too old', async () => {
    respond = (r) => (r.url.endsWith('/health') ? ok({ status: 'ok', version: '0.0.9' }) : ok({ scope: 'read' }));
    expect((await dataSource().testDatasource()).message).toMatch(/runs version 0\.0\.9, older than 0\.1\.0.*Upgrade the collector/);
  });

  it('passes on what an unhealthy collector says', async () => {
    respond = () => fail(503, { status: 'unavailable', error: 'database: connection refused' });
    expect(await dataSource().testDatasource()).toEqual({ status: 'error', message: 'Collector health check failed with HTTP 503: database: connection refused' });
  });
});

describe('DataSource.query', () => {
  it('posts every visible target with the range, resolving variables and the default namespace', async () => {
    respond = () => ok({ results: { A: { frames: [{ name: 'runs', fields: [{ name: 'run_id', type: 'string', values: ['r1'] }] }] } } });
    const ds = dataSource({ collectorUrl: 'http://collector:7070', defaultNamespace: 'warehouse' });
    const response = await run(ds, [
      { refId: 'A', kind: 'runs', namespace: '$ns', states: ['FAIL'] },
      { refId: 'B', kind: 'lineage', hide: true },
    ]);
    expect(requests[0]).toMatchObject({ method: 'POST', url: '/api/datasources/proxy/uid/pane/collector/api/v1/query', requestId: 'Q' });
    const body = requests[0].data as { targets: unknown[]; range: { from: number } };
    expect(body.targets).toEqual([{ refId: 'A', kind: 'runs', namespace: 'airflow-prod', states: ['FAIL'] }]);
    expect(typeof body.range.from).toBe('number');
    expect(response.data[0].fields[0].config.links.map((l: { title: string }) => l.title)).toEqual(['Run trace']);
    expect(response.data[0].meta.preferredVisualisationType).toBe('table');
  });

  it("shows a target's collector error on that query only", async () => {
    respond = () =>
      ok({ results: { A: { frames: [], error: 'targets/0/runId: no run "x" is known', status: 400 }, B: { frames: [{ name: 'freshness', fields: [] }] } } });
    const response = await run(dataSource(), [
      { refId: 'A', kind: 'trace', runId: 'x' },
      { refId: 'B', kind: 'freshness' },
    ]);
    expect(response.errors).toEqual([{ refId: 'A', message: 'targets/0/runId: no run "x" is known', status: 400 }]);
    expect(response.data.map((f) => f.refId)).toEqual(['B']);
  });

  it('turns an unreachable collector into an error per query instead of throwing', async () => {
    respond = () => fail(502, '');
    const response = await run(dataSource(), [
      { refId: 'A', kind: 'runs' },
      { refId: 'B', kind: 'events' },
    ]);
    expect(response.errors?.map((e) => [e.refId, e.message])).toEqual([
      ['A', expect.stringContaining('could not reach the collector')],
      ['B', expect.stringContaining('could not reach the collector')],
    ]);
  });

  it('reports a malformed query without calling the collector', async () => {
    const response = await run(dataSource(), [{ refId: 'A', kind: 'trace' }]);
    expect(response.errors).toEqual([{ refId: 'A', message: 'runId: is required for trace queries' }]);
    expect(requests).toHaveLength(0);
  });
});

describe('DataSource.metricFindQuery', () => {
  it('answers text and value from a variables query', async () => {
    respond = () => ok({ results: { variable: { frames: [{ fields: [{ name: 'text', type: 'string', values: ['load'] }, { name: 'value', type: 'string', values: ['job:ns:load'] }] }] } } });
    expect(await dataSource().metricFindQuery('jobs($ns)')).toEqual([{ text: 'load', value: 'job:ns:load' }]);
    expect((requests[0].data as { targets: unknown[] }).targets).toEqual([{ refId: 'variable', kind: 'variables', subject: 'jobs', namespace: 'airflow-prod' }]);
  });
});
