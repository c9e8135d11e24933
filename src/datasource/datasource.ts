import {
  createDataFrame,
  DataQueryRequest,
  DataQueryResponse,
  DataSourceApi,
  DataSourceInstanceSettings,
  TestDataSourceResponse,
} from '@grafana/data';
import { FetchError, getBackendSrv, isFetchError } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';

import { DEFAULT_QUERY, PaneOptions, PaneQuery } from './types';

/** Must match the `path` of the route in src/datasource/plugin.json. */
export const COLLECTOR_ROUTE = 'collector';

interface HealthBody {
  status?: string;
  version?: string;
  database?: string;
  error?: string;
}

export class DataSource extends DataSourceApi<PaneQuery, PaneOptions> {
  private readonly proxyUrl: string;
  private readonly collectorUrl: string | undefined;
  readonly defaultNamespace: string | undefined;

  constructor(instanceSettings: DataSourceInstanceSettings<PaneOptions>) {
    super(instanceSettings);
    // The browser never talks to the collector directly: Grafana's data source proxy
    // adds the API token from secureJsonData, which the browser never sees.
    this.proxyUrl = instanceSettings.url ?? '';
    this.collectorUrl = instanceSettings.jsonData.collectorUrl?.trim() || undefined;
    this.defaultNamespace = instanceSettings.jsonData.defaultNamespace?.trim() || undefined;
  }

  getDefaultQuery(): Partial<PaneQuery> {
    return DEFAULT_QUERY;
  }

  filterQuery(query: PaneQuery): boolean {
    return !query.hide;
  }

  async query(request: DataQueryRequest<PaneQuery>): Promise<DataQueryResponse> {
    // Until the collector's POST /api/v1/query exists, answer one empty frame per target
    // so panels show "No data" instead of an error.
    const data = request.targets
      .filter((target) => !target.hide)
      .map((target) => createDataFrame({ refId: target.refId, fields: [] }));
    return { data };
  }

  /** URL of a collector API path through the Grafana proxy, e.g. `/api/v1/health`. */
  collectorApiUrl(path: string): string {
    return `${this.proxyUrl}/${COLLECTOR_ROUTE}${path}`;
  }

  async testDatasource(): Promise<TestDataSourceResponse> {
    if (!this.collectorUrl) {
      return { status: 'error', message: 'Set the collector URL, then save and test again.' };
    }

    let health: HealthBody;
    try {
      health = await this.get<HealthBody>('/api/v1/health');
    } catch (error) {
      return { status: 'error', message: this.describeFailure(error, 'health check') };
    }

    // /health is public, so it proves the collector is up but not that the token works.
    try {
      await this.get('/api/v1/whoami');
    } catch (error) {
      return { status: 'error', message: this.describeFailure(error, 'token check') };
    }

    const version = health.version ? ` ${health.version}` : '';
    const database = health.database ? ` (${health.database})` : '';
    return { status: 'success', message: `Connected to the Pipeline Pane collector${version}${database}.` };
  }

  private async get<T>(path: string): Promise<T> {
    const response = await lastValueFrom(
      getBackendSrv().fetch<T>({ url: this.collectorApiUrl(path), method: 'GET', showErrorAlert: false }),
    );
    return response.data;
  }

  private describeFailure(error: unknown, step: string): string {
    if (!isFetchError(error)) {
      return `Collector ${step} failed: ${error instanceof Error ? error.message : String(error)}`;
    }
    const fetchError = error as FetchError<HealthBody & { message?: string }>;
    const detail = fetchError.data?.error ?? fetchError.data?.message ?? fetchError.statusText ?? '';
    switch (fetchError.status) {
      case 401:
      case 403:
        return `The collector at ${this.collectorUrl} rejected the API token (HTTP ${fetchError.status}). Check the token and its scope.`;
      case 502:
      case 504:
        return `Grafana could not reach the collector at ${this.collectorUrl} (HTTP ${fetchError.status}).`;
      default:
        return `Collector ${step} failed with HTTP ${fetchError.status}${detail ? `: ${detail}` : ''}`;
    }
  }
}
