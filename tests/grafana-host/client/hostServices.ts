import {
  CoreApp,
  type DataFrame,
  type DataQuery,
  type DataQueryRequest,
  type DataSourceApi,
  type MetricFindValue,
  type PanelData,
  type RawTimeRange,
  type TimeRange,
  EventBusSrv,
  LoadingState,
  createTheme,
  dateMath,
  dateTime,
  getDefaultTimeRange,
  rangeUtil,
  toDataFrame,
} from '@grafana/data';
import { config, locationService, setBackendSrv, setDataSourceSrv, setTemplateSrv } from '@grafana/runtime';
import { type Observable, lastValueFrom, toArray } from 'rxjs';

import type { HostPluginMeta } from './pluginLoader';
import { type RequestLogEntry, createBackendSrv } from './services/backendSrv';
import { HostDataSourceSrv, type StoredDataSource } from './services/dataSourceSrv';
import { type HostVariable, HostTemplateSrv } from './services/templateSrv';

/** The runtime services Grafana provides to plugins, set once for the whole page. */
export interface HostAlert {
  severity: 'error' | 'success';
  title: string;
  text?: string;
}

type Listener = () => void;

class HostStore {
  plugins: HostPluginMeta[] = [];
  dataSources: StoredDataSource[] = [];
  readonly templateSrv = new HostTemplateSrv();
  readonly dataSourceSrv = new HostDataSourceSrv(() => this.plugins, this.templateSrv);
  readonly requestLog: RequestLogEntry[] = [];
  readonly alertLog: HostAlert[] = [];
  readonly eventBus = new EventBusSrv();
  readonly backendSrv = createBackendSrv({
    onAlert: (alert) => {
      this.alertLog.push(alert);
      this.emit();
    },
    onRequest: (entry) => this.requestLog.push(entry),
  });
  rawRange: RawTimeRange = { from: 'now-24h', to: 'now' };
  /** what the mounted editor last sent through onChange */
  lastQuery: DataQuery | undefined;
  /** the last query answer a view rendered */
  lastPanelData: PanelData | undefined;
  /** the mounted panel's options (defaults merged, then every onOptionsChange) */
  lastPanelOptions: Record<string, unknown> | undefined;
  panelOptionItems: Array<import('@grafana/data').PanelOptionsEditorItem> | undefined;
  private listeners = new Set<Listener>();

  constructor() {
    setBackendSrv(this.backendSrv);
    setTemplateSrv(this.templateSrv);
    setDataSourceSrv(this.dataSourceSrv);
    this.templateSrv.updateTimeRange(this.timeRange());
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(): void {
    this.listeners.forEach((listener) => listener());
  }

  async loadFromBackend(): Promise<void> {
    const [plugins, dataSources] = await Promise.all([
      this.backendSrv.get<HostPluginMeta[]>('/api/plugins'),
      this.backendSrv.get<StoredDataSource[]>('/api/datasources'),
    ]);
    this.plugins = plugins;
    this.setDataSources(dataSources);
  }

  setDataSources(dataSources: StoredDataSource[]): void {
    this.dataSources = dataSources;
    this.dataSourceSrv.setDataSources(dataSources);
    this.emit();
  }

  setTheme(mode: 'dark' | 'light'): void {
    config.theme2 = createTheme({ colors: { mode } });
    config.theme = config.theme2.v1;
    config.bootData.user.lightTheme = mode === 'light';
    document.body.classList.toggle('theme-light', mode === 'light');
    document.body.classList.toggle('theme-dark', mode === 'dark');
    this.emit();
  }

  setTimeRange(raw: RawTimeRange): void {
    this.rawRange = raw;
    this.templateSrv.updateTimeRange(this.timeRange());
    this.emit();
  }

  /** The dashboard time range, resolved now (relative ranges move with the clock, as in Grafana). */
  timeRange(): TimeRange {
    const raw = this.rawRange;
    const from = typeof raw.from === 'string' ? dateMath.parse(raw.from, false) : dateTime(raw.from);
    const to = typeof raw.to === 'string' ? dateMath.parse(raw.to, true) : dateTime(raw.to);
    if (!from || !to) return getDefaultTimeRange();
    return { from, to, raw };
  }

  setVariables(variables: HostVariable[]): void {
    this.templateSrv.setVariables(variables);
    this.emit();
  }

  /**
   * A query request as a dashboard panel (or Explore, with app=explore) sends it: the time
   * range, interval from maxDataPoints, scoped `__interval` variables and a request id.
   */
  buildRequest<Q extends DataQuery>(targets: Q[], options: { app?: CoreApp; maxDataPoints?: number; panelId?: number } = {}): DataQueryRequest<Q> {
    const range = this.timeRange();
    const maxDataPoints = options.maxDataPoints ?? 1000;
    const { interval, intervalMs } = rangeUtil.calculateInterval(range, maxDataPoints);
    return {
      app: options.app ?? CoreApp.Dashboard,
      requestId: `host-${options.app ?? 'dashboard'}-${options.panelId ?? 1}`,
      timezone: 'browser',
      range,
      interval,
      intervalMs,
      maxDataPoints,
      targets,
      scopedVars: {
        __interval: { text: interval, value: interval },
        __interval_ms: { text: String(intervalMs), value: intervalMs },
      },
      startTime: Date.now(),
      panelId: options.panelId,
    } as DataQueryRequest<Q>;
  }

  /** Runs a request through the data source and gathers the answer as Grafana's runRequest does. */
  async runRequest<Q extends DataQuery>(datasource: DataSourceApi<Q>, request: DataQueryRequest<Q>): Promise<PanelData> {
    const started = Date.now();
    try {
      const result = datasource.query(request);
      const responses = isObservable(result) ? await lastValueFrom((result as Observable<unknown>).pipe(toArray())) : [await result];
      const last = (responses.at(-1) ?? { data: [] }) as { data: unknown[]; errors?: PanelData['errors']; error?: PanelData['error']; state?: LoadingState };
      const series: DataFrame[] = (last.data ?? []).map((frame) => toDataFrame(frame));
      const errors = last.errors ?? (last.error ? [last.error] : undefined);
      return {
        state: errors?.length ? LoadingState.Error : (last.state ?? LoadingState.Done),
        series,
        errors,
        error: errors?.[0],
        request,
        timeRange: request.range,
        timings: { dataProcessingTime: Date.now() - started },
      } as PanelData;
    } catch (error) {
      const message = errorMessage(error);
      return {
        state: LoadingState.Error,
        series: [],
        errors: [{ message }],
        error: { message },
        request,
        timeRange: request.range,
      } as PanelData;
    }
  }

  async metricFindQuery(datasource: DataSourceApi, query: unknown): Promise<MetricFindValue[]> {
    if (!datasource.metricFindQuery) throw new Error(`${datasource.name} has no metricFindQuery`);
    return datasource.metricFindQuery(query, { range: this.timeRange() });
  }

  location(): { pathname: string; search: string } {
    const location = locationService.getLocation();
    return { pathname: location.pathname, search: location.search };
  }
}

const isObservable = (value: unknown): boolean => typeof (value as { subscribe?: unknown })?.subscribe === 'function';

export function errorMessage(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { data?: { message?: string }; message?: string; statusText?: string; status?: number };
    return e.data?.message ?? e.message ?? e.statusText ?? `HTTP ${e.status}`;
  }
  return String(error);
}

export const host = new HostStore();
