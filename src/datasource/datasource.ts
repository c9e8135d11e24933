import {
  type DataQueryRequest,
  type DataQueryResponse,
  DataSourceApi,
  type DataSourceInstanceSettings,
  type MetricFindValue,
  type ScopedVars,
  type TestDataSourceResponse,
  type TimeRange,
  CustomVariableSupport,
  LoadingState,
  toDataFrame,
} from '@grafana/data';
import { getBackendSrv, getTemplateSrv } from '@grafana/runtime';
import { EMPTY, type Observable, catchError, from, lastValueFrom, map, of, throwError, timeout } from 'rxjs';

import type { QueryRequest, QueryResponse, QueryTarget } from '../contract/query';
import { annotationSupport } from './annotations';
import { VariableQueryEditor } from './components/VariableQueryEditor/VariableQueryEditor';
import { QueryModelError, type Replace, buildTarget, interpolateQuery } from './queryModel';
import { describeRequestError, failedResponse, toDataQueryResponse } from './responses';
import { DEFAULT_QUERY, type PaneOptions, type PaneQuery, type PaneVariableQuery, QUERY_KIND_LABELS, type VariableSubject } from './types';
import { framesToMetricFindValues, parseVariableQuery } from './variables';
import { compareVersions } from './version';

/** Must match the `path` of the route in src/datasource/plugin.json. */
export const COLLECTOR_ROUTE = 'collector';
/** The oldest collector whose query API this data source speaks. */
export const MIN_COLLECTOR_VERSION = '0.1.0';
const DEFAULT_QUERY_TIMEOUT_SECONDS = 30;

interface HealthBody {
  status?: string;
  version?: string;
  database?: string;
  error?: string;
}

class TimeoutError extends Error {
  name = 'TimeoutError';
}

/**
 * The Pipeline Pane data source: thin on purpose. It resolves template variables, forwards
 * the queries to the collector's `POST /api/v1/query` through Grafana's data source proxy
 * (which adds the API token from secureJsonData), and turns the answer into data frames with
 * the views, display names and data links Grafana needs. Semantics live in the collector.
 */
export class DataSource extends DataSourceApi<PaneQuery, PaneOptions> {
  private readonly proxyUrl: string;
  readonly collectorUrl: string | undefined;
  readonly defaultNamespace: string | undefined;
  private readonly timeoutMs: number;

  constructor(instanceSettings: DataSourceInstanceSettings<PaneOptions>) {
    super(instanceSettings);
    // The browser never talks to the collector directly: Grafana's data source proxy
    // adds the API token from secureJsonData, which the browser never sees.
    this.proxyUrl = instanceSettings.url ?? '';
    this.collectorUrl = instanceSettings.jsonData.collectorUrl?.trim() || undefined;
    this.defaultNamespace = instanceSettings.jsonData.defaultNamespace?.trim() || undefined;
    this.timeoutMs = (Number(instanceSettings.jsonData.queryTimeoutSeconds) || DEFAULT_QUERY_TIMEOUT_SECONDS) * 1000;
    this.annotations = annotationSupport;
    this.variables = new PaneVariableSupport(this);
  }

  getDefaultQuery(): Partial<PaneQuery> {
    return DEFAULT_QUERY;
  }

  filterQuery(query: PaneQuery): boolean {
    return !query.hide;
  }

  /** URL of a collector API path through the Grafana proxy, e.g. `/api/v1/health`. */
  collectorApiUrl(path: string): string {
    return `${this.proxyUrl}/${COLLECTOR_ROUTE}${path}`;
  }

  private replacer(scopedVars?: ScopedVars): Replace {
    return (value, format) => getTemplateSrv().replace(value, scopedVars, format);
  }

  query(request: DataQueryRequest<PaneQuery>): Observable<DataQueryResponse> {
    const queries = request.targets.filter((query) => !query.hide);
    if (queries.length === 0) {return of({ data: [], state: LoadingState.Done });}
    const replace = this.replacer(request.scopedVars);
    const built: PaneQuery[] = [];
    const targets: QueryTarget[] = [];
    const errors: DataQueryResponse['errors'] = [];
    for (const query of queries) {
      try {
        targets.push(buildTarget({ ...query, kind: query.kind ?? 'runs' }, { replace, defaultNamespace: this.defaultNamespace, now: request.range.to.valueOf() }));
        built.push({ ...query, kind: query.kind ?? 'runs' });
      } catch (error) {
        if (!(error instanceof QueryModelError)) {throw error;}
        errors.push({ refId: query.refId, message: error.message });
      }
    }
    if (targets.length === 0) {return of({ data: [], errors, error: errors[0], state: LoadingState.Error });}

    const body: QueryRequest = {
      range: { from: request.range.from.valueOf(), to: request.range.to.valueOf() },
      intervalMs: request.intervalMs,
      maxDataPoints: request.maxDataPoints,
      targets,
    };
    const context = { datasourceUid: this.uid, datasourceName: this.name };
    return this.post<QueryResponse>('/api/v1/query', body, request.requestId).pipe(
      map((answer) => toDataQueryResponse(answer, built, context, errors)),
      catchError((error) => {
        // A newer request with the same requestId replaced this one: nothing to show.
        if (error?.cancelled) {return EMPTY;}
        const { message, status } = describeRequestError(error, this.collectorUrl, 'query');
        return of(failedResponse(queries, message, status));
      }),
    );
  }

  /** A POST through the proxy that gives up after the query timeout (unsubscribing aborts the request). */
  private post<T>(path: string, data: unknown, requestId?: string): Observable<T> {
    return getBackendSrv()
      .fetch<T>({ url: this.collectorApiUrl(path), method: 'POST', data, requestId, showErrorAlert: false })
      .pipe(
        timeout({ first: this.timeoutMs, with: () => throwError(() => new TimeoutError(`no answer in ${this.timeoutMs / 1000} s`)) }),
        map((response) => response.data),
      );
  }

  private get<T>(path: string): Promise<T> {
    return lastValueFrom(
      getBackendSrv()
        .fetch<T>({ url: this.collectorApiUrl(path), method: 'GET', showErrorAlert: false })
        .pipe(
          timeout({ first: this.timeoutMs, with: () => throwError(() => new TimeoutError(`no answer in ${this.timeoutMs / 1000} s`)) }),
          map((response) => response.data),
        ),
    );
  }

  /** Values for dashboard variables and the editor's pickers: namespaces, jobs, datasets, owners, orchestrators. */
  async metricFindQuery(query: unknown, options?: { range?: TimeRange; scopedVars?: ScopedVars }): Promise<MetricFindValue[]> {
    const parsed = parseVariableQuery(query);
    return this.lookup(parsed, options?.scopedVars, options?.range);
  }

  /** Searches the collector for picker options (`variables` queries). */
  async lookup(query: Pick<PaneVariableQuery, 'subject' | 'namespace' | 'search'>, scopedVars?: ScopedVars, range?: TimeRange): Promise<MetricFindValue[]> {
    const target = buildTarget({ refId: 'variable', kind: 'variables', subject: query.subject, namespace: query.namespace, search: query.search }, {
      replace: this.replacer(scopedVars),
      defaultNamespace: this.defaultNamespace,
    });
    const body: QueryRequest = { targets: [target], ...(range ? { range: { from: range.from.valueOf(), to: range.to.valueOf() } } : {}) };
    let answer: QueryResponse;
    try {
      answer = await lastValueFrom(this.post<QueryResponse>('/api/v1/query', body));
    } catch (error) {
      throw new Error(describeRequestError(error, this.collectorUrl, 'variable query').message);
    }
    const result = answer.results?.variable;
    if (!result) {throw new Error('The collector sent no answer for the variable query');}
    if (result.error) {throw new Error(result.error);}
    return framesToMetricFindValues(result.frames.map((frame) => toDataFrame(frame)));
  }

  interpolateVariablesInQueries(queries: PaneQuery[], scopedVars: ScopedVars): PaneQuery[] {
    return queries.map((query) => interpolateQuery(query, this.replacer(scopedVars)));
  }

  getQueryDisplayText(query: PaneQuery): string {
    const label = QUERY_KIND_LABELS[query.kind ?? 'runs']?.label ?? query.kind;
    const subject = query.node ?? query.job ?? query.dataset ?? query.runId ?? query.subject ?? query.namespace;
    return subject ? `${label}: ${subject}` : label;
  }

  async testDatasource(): Promise<TestDataSourceResponse> {
    if (!this.collectorUrl) {
      return { status: 'error', message: 'Set the collector URL, then save and test again.' };
    }

    let health: HealthBody;
    try {
      health = await this.get<HealthBody>('/api/v1/health');
    } catch (error) {
      return { status: 'error', message: describeRequestError(error, this.collectorUrl, 'health check').message };
    }
    if (typeof health !== 'object' || health === null || health.status !== 'ok') {
      return {
        status: 'error',
        message: `${this.collectorUrl} did not answer like a Pipeline Pane collector (GET /api/v1/health). Check the collector URL.`,
      };
    }
    if (!health.version || compareVersions(health.version, MIN_COLLECTOR_VERSION) < 0) {
      return {
        status: 'error',
        message: `The collector at ${this.collectorUrl} runs version ${health.version ?? 'unknown'}, older than ${MIN_COLLECTOR_VERSION} which this data source needs. Upgrade the collector.`,
      };
    }

    // /health is public, so it proves the collector is up but not that the token works.
    let whoami: { scope?: string };
    try {
      whoami = await this.get<{ scope?: string }>('/api/v1/whoami');
    } catch (error) {
      return { status: 'error', message: describeRequestError(error, this.collectorUrl, 'token check').message };
    }

    const database = health.database ? ` (${health.database})` : '';
    const scope = whoami?.scope ? ` The token has ${whoami.scope.startsWith('none') ? 'no scope: authentication is off' : `${whoami.scope} scope`}.` : '';
    return { status: 'success', message: `Connected to the Pipeline Pane collector ${health.version}${database}.${scope}` };
  }
}

/** Query variables with the Pipeline Pane editor (subject, namespace, search). */
export class PaneVariableSupport extends CustomVariableSupport<DataSource, PaneVariableQuery, PaneQuery, PaneOptions> {
  editor = VariableQueryEditor;

  constructor(private readonly datasource: DataSource) {
    super();
  }

  query(request: DataQueryRequest<PaneVariableQuery>): Observable<DataQueryResponse> {
    const query = request.targets[0];
    return from(this.datasource.lookup(parseVariableQuery(query), request.scopedVars, request.range)).pipe(
      map((values) => ({ data: values })),
      catchError((error) => of({ data: [], error: { message: (error as Error).message }, state: LoadingState.Error })),
    );
  }
}

export type { VariableSubject };
