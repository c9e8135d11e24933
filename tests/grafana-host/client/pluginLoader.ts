import { AppPlugin, DataSourcePlugin, PanelPlugin, type PluginMeta } from '@grafana/data';

import { SHARED_DEPENDENCY_PREFIX, sharedDependenciesMap } from './sharedDependencies';

/**
 * Loads built plugin modules the way Grafana 12 does (features/plugins/loader): SystemJS with
 * the AMD extra, every shared dependency `System.set` under `package:<name>` and an import map
 * from the bare name to it, and `__useDefault` modules unwrapped on import. system.js,
 * extras/amd.js and extras/named-register.js come from the npm `systemjs` package as script
 * tags in the host page (see server/hostServer.ts).
 */
interface SystemJSLike {
  set(id: string, module: object): unknown;
  addImportMap(map: { imports: Record<string, string> }): void;
  import(id: string): Promise<Record<string, unknown>>;
  constructor: { prototype: { import: (...args: unknown[]) => Promise<Record<string, unknown> & { __useDefault?: boolean; default?: unknown }> } };
}

declare global {
  interface Window {
    System: SystemJSLike;
  }
}

let initialised = false;

export function initSystemJS(): void {
  if (initialised) return;
  const System = window.System;
  if (!System?.addImportMap) {
    throw new Error('SystemJS is not loaded: the host page must load systemjs/dist/system.js and extras/amd.js first');
  }
  const imports: Record<string, string> = {};
  for (const [name, module] of Object.entries(sharedDependenciesMap)) {
    const url = `${SHARED_DEPENDENCY_PREFIX}:${name}`;
    System.set(url, module);
    imports[name] = url;
  }
  System.addImportMap({ imports });

  // Grafana: "Hook Systemjs import to support plugins that only have a default export."
  const prototype = System.constructor.prototype;
  const originalImport = prototype.import;
  prototype.import = function (this: unknown, ...args: unknown[]) {
    return originalImport.apply(this, args).then((module) => (module && module.__useDefault ? module.default : module)) as never;
  };
  initialised = true;
}

export interface HostPluginMeta extends PluginMeta {
  /** e.g. `public/plugins/pipelinepane-app/datasource/module.js` */
  module: string;
  baseUrl: string;
  routes?: unknown[];
}

const loaded = new Map<string, Promise<unknown>>();

/** `System.import` of a plugin's module.js; resolves to its `plugin` export, checked by type. */
export function importPluginModule(meta: HostPluginMeta): Promise<AppPlugin | DataSourcePlugin<any> | PanelPlugin> {
  initSystemJS();
  if (!loaded.has(meta.id)) {
    loaded.set(
      meta.id,
      // Grafana's resolveModulePath: a relative module path is served from the app's root.
      window.System.import(/^(https?:)?\/\//.test(meta.module) || meta.module.startsWith('/') ? meta.module : `/${meta.module}`).then((exports) => {
        const plugin = (exports as { plugin?: unknown }).plugin;
        const expected = meta.type === 'datasource' ? DataSourcePlugin : meta.type === 'panel' ? PanelPlugin : AppPlugin;
        if (!(plugin instanceof expected)) {
          // instanceof fails when the plugin got its own copy of @grafana/data: the shared modules are broken.
          throw new Error(`${meta.module} did not export a ${expected.name} built on the shared @grafana/data`);
        }
        (plugin as { meta: PluginMeta }).meta = meta;
        if (plugin instanceof AppPlugin) plugin.init(meta);
        return plugin;
      }),
    );
  }
  return loaded.get(meta.id) as Promise<AppPlugin | DataSourcePlugin<any> | PanelPlugin>;
}
