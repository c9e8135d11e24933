/*
 * The Grafana stand-in host page: boots the runtime services Grafana provides to plugins,
 * loads the BUILT plugin modules through SystemJS, and exposes `window.grafanaHost` for tests
 * (see ../README.md for the API).
 */
import { css } from '@emotion/css';
import { type AnnotationQuery, CoreApp, type DataQuery, type RawTimeRange, dateTime } from '@grafana/data';
import { config } from '@grafana/runtime';
import { GlobalStyles, ThemeContext } from '@grafana/ui';
import { type ReactNode, useEffect, useReducer } from 'react';
import { createRoot } from 'react-dom/client';
import { lastValueFrom, toArray } from 'rxjs';

import { errorMessage, host } from './hostServices';
import { registerStandardEditors } from './optionEditors';
import { type HostPluginMeta, importPluginModule, initSystemJS } from './pluginLoader';
import type { HostVariable } from './services/templateSrv';
import { DataSourceSettingsView } from './views/DataSourceSettingsView';
import { PanelView, type PanelViewOptions } from './views/PanelView';
import { AnnotationsView, QueryEditorView, VariableEditorView } from './views/QueryViews';
import { serializeFrame } from './visualisations/serialize';

let view: ReactNode = <p data-testid="host-idle">Grafana stand-in host is ready. Drive it with window.grafanaHost.</p>;
let viewKey = 0;

function Root() {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  useEffect(() => host.subscribe(rerender), []);
  const theme = config.theme2;
  return (
    <ThemeContext.Provider value={theme}>
      <GlobalStyles />
      <div
        className={css({ padding: theme.spacing(2), minHeight: '100vh', background: theme.colors.background.canvas, color: theme.colors.text.primary })}
        data-testid="host-root"
        data-theme={theme.colors.mode}
      >
        <div key={viewKey} data-testid="host-view">
          {view}
        </div>
      </div>
    </ThemeContext.Provider>
  );
}

function show(next: ReactNode): void {
  view = next;
  viewKey += 1;
  host.lastQuery = undefined;
  host.lastPanelData = undefined;
  host.emit();
}

const app = (name?: string): CoreApp => (name === 'explore' ? CoreApp.Explore : name === 'panel-editor' ? CoreApp.PanelEditor : CoreApp.Dashboard);

/** The API tests drive the host with (documented in tests/grafana-host/README.md). */
const api = {
  ready: undefined as unknown as Promise<void>,
  setTheme: (mode: 'dark' | 'light') => host.setTheme(mode),
  setTimeRange: (range: { from: string | number; to: string | number }) =>
    host.setTimeRange({
      from: typeof range.from === 'number' ? dateTime(range.from) : range.from,
      to: typeof range.to === 'number' ? dateTime(range.to) : range.to,
    } as RawTimeRange),
  setVariables: (variables: HostVariable[]) => host.setVariables(variables),
  plugins: (): HostPluginMeta[] => host.plugins,
  dataSources: () => host.dataSources,
  /** re-reads plugins and data sources from the host backend */
  reload: () => host.loadFromBackend(),
  loadPlugin: async (id: string) => {
    const meta = host.plugins.find((p) => p.id === id);
    if (!meta) throw new Error(`no plugin ${id}`);
    const plugin = await importPluginModule(meta);
    return { id, type: meta.type, hasConfigEditor: Boolean((plugin as { components?: { ConfigEditor?: unknown } }).components?.ConfigEditor) };
  },
  showDataSourceSettings: (uid: string) => show(<DataSourceSettingsView uid={uid} />),
  showQueryEditor: (options: { datasourceUid: string; query?: Partial<DataQuery>; app?: string; run?: boolean }) =>
    show(<QueryEditorView uid={options.datasourceUid} initialQuery={options.query ?? {}} app={app(options.app)} runOnMount={options.run ?? true} />),
  showVariableEditor: (options: { datasourceUid: string; query?: Partial<DataQuery> }) => show(<VariableEditorView uid={options.datasourceUid} initialQuery={options.query ?? {}} />),
  showAnnotations: (options: { datasourceUid: string; annotation: Partial<AnnotationQuery> }) => show(<AnnotationsView uid={options.datasourceUid} annotation={options.annotation} />),
  showPanel: (options: PanelViewOptions) => show(<PanelView {...options} />),
  /** runs targets through the data source as a dashboard panel would; frames come back as JSON */
  runQuery: async (options: { datasourceUid: string; targets: DataQuery[]; app?: string }) => {
    const datasource = await host.dataSourceSrv.get(options.datasourceUid);
    const data = await host.runRequest(datasource, host.buildRequest(options.targets, { app: app(options.app) }));
    return { state: data.state, errors: data.errors ?? [], frames: data.series.map(serializeFrame) };
  },
  metricFindQuery: async (options: { datasourceUid: string; query: unknown }) => {
    const datasource = await host.dataSourceSrv.get(options.datasourceUid);
    return host.metricFindQuery(datasource, options.query);
  },
  /** testDatasource() of the saved data source, without the settings page */
  testDatasource: async (uid: string) => (await host.dataSourceSrv.get(uid)).testDatasource(),
  /** what the mounted editor last sent through onChange */
  currentQuery: () => host.lastQuery,
  lastData: () => (host.lastPanelData ? { state: host.lastPanelData.state, errors: host.lastPanelData.errors ?? [], frames: host.lastPanelData.series.map(serializeFrame) } : undefined),
  panelOptions: () => host.lastPanelOptions,
  location: () => host.location(),
  requests: () => host.requestLog,
  alerts: () => host.alertLog,
  /** collects an Observable-returning call's emissions (for data source methods under test) */
  collect: async (observable: { pipe: Function }) => lastValueFrom((observable as never as import('rxjs').Observable<unknown>).pipe(toArray())),
};

declare global {
  interface Window {
    grafanaHost: typeof api & { boot(): Promise<void> };
    __grafana_public_path__: string;
  }
}

let resolveReady: () => void = () => {};
let rejectReady: (error: unknown) => void = () => {};
api.ready = new Promise<void>((resolve, reject) => {
  resolveReady = resolve;
  rejectReady = reject;
});

/**
 * Called by the host page once system.js and its AMD extra are loaded. They load AFTER this
 * bundle on purpose: with a global AMD `define` present, UMD code inside the bundle (lodash…)
 * would register itself with SystemJS instead of exporting (Grafana guards the same collision).
 */
async function boot(): Promise<void> {
  registerStandardEditors();
  initSystemJS();
  await host.loadFromBackend();
  host.setTheme(config.theme2.colors.mode);
  createRoot(document.getElementById('reactRoot') as HTMLElement).render(<Root />);
}

window.grafanaHost = Object.assign(api, {
  boot: () =>
    boot().then(resolveReady, (error) => {
      document.body.setAttribute('data-host-error', errorMessage(error));
      rejectReady(error);
    }),
});
