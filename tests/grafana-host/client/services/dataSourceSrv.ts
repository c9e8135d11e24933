import {
  type DataSourceApi,
  type DataSourceInstanceSettings,
  type DataSourcePlugin,
  type DataSourcePluginMeta,
  type DataSourceRef,
  type ScopedVars,
} from '@grafana/data';
import type { DataSourceSrv, GetDataSourceListFilters, TemplateSrv } from '@grafana/runtime';

import { type HostPluginMeta, importPluginModule } from '../pluginLoader';

/** A data source as the host backend stores it (`GET /api/datasources`); secrets stay there. */
export interface StoredDataSource {
  id: number;
  uid: string;
  name: string;
  type: string;
  access: 'proxy';
  url?: string;
  isDefault?: boolean;
  jsonData: Record<string, unknown>;
  secureJsonFields: Record<string, boolean>;
  readOnly?: boolean;
}

/**
 * Grafana's DataSourceSrv: instance settings with `url` = `/api/datasources/proxy/uid/<uid>`
 * (what Grafana hands proxy-access data sources), and `get()` importing the data source's
 * module through SystemJS and constructing its DataSourceApi, cached per uid until reload.
 */
export class HostDataSourceSrv implements DataSourceSrv {
  private settings: DataSourceInstanceSettings[] = [];
  private instances = new Map<string, Promise<DataSourceApi>>();

  constructor(
    private readonly plugins: () => HostPluginMeta[],
    private readonly templateSrv: TemplateSrv,
  ) {}

  setDataSources(stored: StoredDataSource[]): void {
    this.settings = stored.map((ds) => this.toInstanceSettings(ds));
    this.instances.clear();
  }

  private toInstanceSettings(ds: StoredDataSource): DataSourceInstanceSettings {
    const meta = this.plugins().find((plugin) => plugin.id === ds.type);
    if (!meta) throw new Error(`no plugin "${ds.type}" is installed in the host`);
    return {
      id: ds.id,
      uid: ds.uid,
      type: ds.type,
      name: ds.name,
      meta: meta as unknown as DataSourcePluginMeta,
      url: `/api/datasources/proxy/uid/${ds.uid}`,
      jsonData: ds.jsonData,
      access: 'proxy',
      readOnly: Boolean(ds.readOnly),
      isDefault: Boolean(ds.isDefault),
    } as DataSourceInstanceSettings;
  }

  getList(filters: GetDataSourceListFilters = {}): DataSourceInstanceSettings[] {
    return this.settings.filter((ds) => {
      const meta = ds.meta as DataSourcePluginMeta;
      if (filters.metrics && !meta.metrics) return false;
      if (filters.logs && !meta.logs) return false;
      if (filters.tracing && !meta.tracing) return false;
      if (filters.annotations && !meta.annotations) return false;
      if (filters.pluginId && ds.type !== filters.pluginId) return false;
      return true;
    });
  }

  getInstanceSettings(ref?: string | DataSourceRef | null, scopedVars?: ScopedVars): DataSourceInstanceSettings | undefined {
    if (ref === null || ref === undefined) return this.settings.find((ds) => ds.isDefault) ?? this.settings[0];
    const key = typeof ref === 'string' ? ref : (ref.uid ?? '');
    const resolved = this.templateSrv.replace(key, scopedVars);
    return this.settings.find((ds) => ds.uid === resolved || ds.name === resolved);
  }

  async get(ref?: string | DataSourceRef | null, scopedVars?: ScopedVars): Promise<DataSourceApi> {
    const settings = this.getInstanceSettings(ref, scopedVars);
    if (!settings) throw new Error(`Datasource ${JSON.stringify(ref)} was not found`);
    if (!this.instances.has(settings.uid)) {
      this.instances.set(
        settings.uid,
        importPluginModule(settings.meta as unknown as HostPluginMeta).then((plugin) => {
          const dsPlugin = plugin as DataSourcePlugin<any>;
          const instance = new dsPlugin.DataSourceClass(settings);
          instance.components = dsPlugin.components;
          instance.meta = settings.meta;
          return instance;
        }),
      );
    }
    return this.instances.get(settings.uid) as Promise<DataSourceApi>;
  }

  async reload(): Promise<void> {
    this.instances.clear();
  }

  registerRuntimeDataSource(): void {
    throw new Error('runtime data sources are not supported by the host');
  }
}
