import { DataQueryRequest, DataSourceInstanceSettings, getDefaultTimeRange } from '@grafana/data';
import { BackendSrv, BackendSrvRequest, FetchResponse, setBackendSrv } from '@grafana/runtime';
import { Observable, of, throwError } from 'rxjs';
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

beforeEach(() => {
  requests.length = 0;
  respond = (request) =>
    request.url.endsWith('/health') ? ok({ status: 'ok', version: '0.1.0', database: 'sqlite' }) : ok({ scope: 'read' });
});

describe('DataSource.testDatasource', () => {
  it('checks health, then the token, through the proxy route', async () => {
    const result = await dataSource().testDatasource();
    expect(result).toEqual({ status: 'success', message: 'Connected to the Pipeline Pane collector 0.1.0 (sqlite).' });
    expect(requests.map((request) => [request.method, request.url])).toEqual([
      ['GET', '/api/datasources/proxy/uid/pane/collector/api/v1/health'],
      ['GET', '/api/datasources/proxy/uid/pane/collector/api/v1/whoami'],
    ]);
  });

  it('asks for the collector URL before calling anything', async () => {
    const result = await dataSource({}).testDatasource();
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/collector URL/);
    expect(requests).toHaveLength(0);
  });

  it('names a rejected token', async () => {
    respond = (request) => (request.url.endsWith('/health') ? ok({ status: 'ok' }) : fail(401));
    const result = await dataSource().testDatasource();
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/rejected the API token \(HTTP 401\)/);
  });

  it('passes on what an unhealthy collector says', async () => {
    respond = () => fail(503, { status: 'unavailable', error: 'database: connection refused' });
    const result = await dataSource().testDatasource();
    expect(result).toEqual({
      status: 'error',
      message: 'Collector health check failed with HTTP 503: database: connection refused',
    });
  });
});

describe('DataSource.query', () => {
  it('answers one empty frame per visible target', async () => {
    const request = {
      targets: [
        { refId: 'A', kind: 'runs' },
        { refId: 'B', kind: 'lineage', hide: true },
      ],
      range: getDefaultTimeRange(),
    } as DataQueryRequest<PaneQuery>;
    const response = await dataSource().query(request);
    expect(response.data.map((frame) => [frame.refId, frame.length])).toEqual([['A', 0]]);
  });
});
