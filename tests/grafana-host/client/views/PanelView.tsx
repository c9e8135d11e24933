import {
  type DataFrameJSON,
  type DataQuery,
  type FieldConfigSource,
  LoadingState,
  type PanelData,
  type PanelPlugin,
  PanelOptionsEditorBuilder,
  applyFieldOverrides,
  toDataFrame,
} from '@grafana/data';
import { Alert, Field, LoadingPlaceholder, PanelChrome, PanelContextProvider, useTheme2 } from '@grafana/ui';
import { set } from 'lodash';
import { useEffect, useMemo, useState } from 'react';

import { errorMessage, host } from '../hostServices';
import { importPluginModule } from '../pluginLoader';

export interface PanelViewOptions {
  pluginId: string;
  title?: string;
  /** run these through the data source… */
  datasourceUid?: string;
  targets?: DataQuery[];
  /** …or render these frames (DataFrameJSON or plain DataFrameDTO) */
  frames?: unknown[];
  options?: Record<string, unknown>;
  fieldConfig?: FieldConfigSource;
  width?: number;
  height?: number;
  /** show the panel's option editors beside it */
  showOptions?: boolean;
}

/**
 * A dashboard panel: the panel plugin's component inside @grafana/ui's PanelChrome with the
 * PanelProps Grafana passes (data after applyFieldOverrides with the plugin's field config
 * registry, options merged over the defaults its option builder declares, timeRange,
 * replaceVariables, eventBus, onOptionsChange…). Option changes are kept (`grafanaHost.panelOptions()`).
 */
export function PanelView(props: PanelViewOptions) {
  const theme = useTheme2();
  const [plugin, setPlugin] = useState<PanelPlugin>();
  const [error, setError] = useState<string>();
  const [options, setOptions] = useState<Record<string, unknown>>();
  const [fieldConfig, setFieldConfig] = useState<FieldConfigSource>(props.fieldConfig ?? { defaults: {}, overrides: [] });
  const [data, setData] = useState<PanelData>();
  const [renderCounter, setRenderCounter] = useState(0);
  const width = props.width ?? 1000;
  const height = props.height ?? 600;

  useEffect(() => {
    const meta = host.plugins.find((p) => p.id === props.pluginId);
    if (!meta) {
      setError(`No panel plugin "${props.pluginId}" is installed`);
      return;
    }
    importPluginModule(meta)
      .then((loaded) => {
        const panel = loaded as PanelPlugin;
        const builder = new PanelOptionsEditorBuilder();
        const supplier = panel.getPanelOptionsSupplier();
        supplier(builder, { data: [] });
        const defaults: Record<string, unknown> = {};
        for (const item of builder.getItems()) if (item.defaultValue !== undefined) set(defaults, item.path, item.defaultValue);
        const merged = { ...defaults, ...(props.options ?? {}) };
        host.lastPanelOptions = merged;
        host.panelOptionItems = builder.getItems();
        setOptions(merged);
        setPlugin(panel);
      })
      .catch((e) => setError(errorMessage(e)));
  }, [props.pluginId, props.options]);

  useEffect(() => {
    (async () => {
      if (props.frames) {
        const range = host.timeRange();
        setData({ state: LoadingState.Done, series: props.frames.map((f) => toDataFrame(f as DataFrameJSON)), timeRange: range });
        return;
      }
      if (props.datasourceUid && props.targets) {
        const datasource = await host.dataSourceSrv.get(props.datasourceUid);
        const answer = await host.runRequest(datasource, host.buildRequest(props.targets, { app: 'dashboard' as never, panelId: 1 }));
        host.lastPanelData = answer;
        setData(answer);
        return;
      }
      setData({ state: LoadingState.Done, series: [], timeRange: host.timeRange() });
    })().catch((e) => setError(errorMessage(e)));
  }, [props.frames, props.datasourceUid, props.targets]);

  const processed = useMemo<PanelData | undefined>(() => {
    if (!data || !plugin) return undefined;
    return {
      ...data,
      series: applyFieldOverrides({
        data: data.series,
        fieldConfig,
        fieldConfigRegistry: plugin.fieldConfigRegistry,
        replaceVariables: (value, scopedVars, format) => host.templateSrv.replace(value, scopedVars, format),
        theme,
        timeZone: 'browser',
      }),
    };
  }, [data, plugin, fieldConfig, theme]);

  if (error) return <Alert title={error} severity="error" />;
  if (!plugin || !options || !processed) return <LoadingPlaceholder text="Loading panel..." />;
  const Panel = plugin.panel;
  if (!Panel) return <Alert title={`${props.pluginId} has no panel component`} severity="error" />;

  const onOptionsChange = (next: Record<string, unknown>) => {
    host.lastPanelOptions = next;
    setOptions(next);
    setRenderCounter((n) => n + 1);
  };

  return (
    <div data-testid="panel-view" style={{ display: 'flex', gap: 16 }}>
      <PanelContextProvider value={{ eventsScope: 'global', eventBus: host.eventBus }}>
        <PanelChrome title={props.title ?? plugin.meta.name} width={width} height={height} loadingState={processed.state} statusMessage={processed.errors?.[0]?.message}>
          {(innerWidth, innerHeight) => (
            <Panel
              id={1}
              data={processed}
              timeRange={processed.timeRange}
              timeZone="browser"
              options={options}
              transparent={false}
              width={innerWidth}
              height={innerHeight}
              fieldConfig={fieldConfig}
              renderCounter={renderCounter}
              title={props.title ?? plugin.meta.name}
              eventBus={host.eventBus}
              onOptionsChange={onOptionsChange}
              onFieldConfigChange={setFieldConfig}
              replaceVariables={(value, scopedVars, format) => host.templateSrv.replace(value, scopedVars, format)}
              onChangeTimeRange={(range) => host.setTimeRange({ from: range.from, to: range.to } as never)}
            />
          )}
        </PanelChrome>
      </PanelContextProvider>
      {props.showOptions && (
        <div data-testid="panel-options" style={{ width: 320 }}>
          {(host.panelOptionItems ?? []).map((item) => {
            const Editor = item.editor;
            return (
              <Field key={item.id} label={item.name} description={item.description}>
                <Editor value={getPath(options, item.path)} onChange={(value: unknown) => onOptionsChange(set({ ...options }, item.path, value))} item={item} context={{ data: processed.series, options }} />
              </Field>
            );
          })}
        </div>
      )}
    </div>
  );
}

const getPath = (object: Record<string, unknown>, path: string): unknown => path.split('.').reduce<unknown>((o, key) => (o as Record<string, unknown> | undefined)?.[key], object);
