import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fs from 'node:fs';
import path from 'node:path';

import { buildHostBundle, hostBuildDir, repoRoot } from '../build';
import { type PluginRoute, RouteTemplateError, findRoute, forwardedHeaders, routeTarget } from './dataSourceProxy';

/**
 * The Grafana stand-in's backend: serves the host page, the host bundle, SystemJS from npm,
 * @grafana/ui's icons, the BUILT plugin files at Grafana's paths (`/public/plugins/<app id>/…`,
 * nested plugins under their folder, as Grafana serves nested plugins), Grafana's data source
 * settings API (`/api/datasources`, secrets kept here and never sent back) and Grafana's data
 * source proxy (`/api/datasources/proxy/uid/<uid>/…`) applying the plugin.json routes READ
 * FROM dist. See tests/grafana-host/README.md.
 */
export interface HostDataSource {
  uid: string;
  name: string;
  type: string;
  jsonData?: Record<string, unknown>;
  /** stays on the server: the browser only learns which keys are set (secureJsonFields) */
  secureJsonData?: Record<string, string>;
  url?: string;
  isDefault?: boolean;
}

export interface GrafanaHostOptions {
  /** the built plugin folder (default: the repository's dist/) */
  distDir?: string;
  dataSources?: HostDataSource[];
  /** default 127.0.0.1 and a free port */
  host?: string;
  port?: number;
  /** Grafana's [dataproxy] timeout: a proxied request taking longer answers 504 (default 30 s) */
  proxyTimeoutMs?: number;
  /** what Grafana's proxy puts in User-Agent and the host reports as its version */
  grafanaVersion?: string;
}

export interface ProxyLogEntry {
  method: string;
  uid: string;
  proxyPath: string;
  route?: string;
  target?: string;
  /** names of the headers the route injected (values are not logged) */
  injectedHeaders: string[];
  status: number;
  error?: string;
}

export interface PluginMetaJson {
  id: string;
  type: 'app' | 'datasource' | 'panel';
  name: string;
  module: string;
  baseUrl: string;
  info: { logos: { small: string; large: string }; version: string; [key: string]: unknown };
  [key: string]: unknown;
}

export interface GrafanaHost {
  url: string;
  app: FastifyInstance;
  /** every request through the data source proxy */
  proxyLog: ProxyLogEntry[];
  plugins: PluginMetaJson[];
  /** adds or replaces a data source (secrets included) */
  setDataSource(ds: HostDataSource): void;
  getDataSource(uid: string): HostDataSource | undefined;
  close(): Promise<void>;
}

interface StoredDataSource extends HostDataSource {
  id: number;
}

const STAND_IN_ICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><circle cx="12" cy="12" r="8" fill="none" stroke="currentColor" stroke-width="2" stroke-dasharray="30 20"/></svg>';

const mimeTypes: Record<string, string> = {
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.md': 'text/markdown; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export async function startGrafanaHost(options: GrafanaHostOptions = {}): Promise<GrafanaHost> {
  const distDir = path.resolve(options.distDir ?? path.join(repoRoot, 'dist'));
  const grafanaVersion = options.grafanaVersion ?? readVersion('@grafana/data');
  const proxyTimeoutMs = options.proxyTimeoutMs ?? 30_000;
  await buildHostBundle();
  const { plugins, routes, appId } = discoverPlugins(distDir);

  const dataSources = new Map<string, StoredDataSource>();
  let nextId = 1;
  const setDataSource = (ds: HostDataSource) => {
    const existing = dataSources.get(ds.uid);
    dataSources.set(ds.uid, { ...ds, jsonData: ds.jsonData ?? {}, secureJsonData: ds.secureJsonData ?? {}, id: existing?.id ?? nextId++ });
  };
  (options.dataSources ?? []).forEach(setDataSource);
  const proxyLog: ProxyLogEntry[] = [];

  // Closing drops the browser's keep-alive connections too, so a test's teardown never waits on them.
  const app = Fastify({ logger: false, bodyLimit: 10 * 1024 * 1024, forceCloseConnections: true });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.get('/', async (request, reply) => {
    const theme = (request.query as { theme?: string }).theme === 'light' ? 'light' : 'dark';
    reply.type('text/html; charset=utf-8').send(hostPage(theme, grafanaVersion));
  });
  app.get('/public/build/*', async (request, reply) => sendFile(reply, hostBuildDir, (request.params as { '*': string })['*']));
  app.get('/public/vendor/systemjs/*', async (request, reply) =>
    sendFile(reply, path.join(repoRoot, 'node_modules', 'systemjs', 'dist'), (request.params as { '*': string })['*']),
  );
  app.get('/public/build/img/icons/*', async (request, reply) => {
    const iconDir = path.join(repoRoot, 'node_modules', '@grafana', 'ui', 'dist', 'public', 'img', 'icons');
    const relative = (request.params as { '*': string })['*'];
    if (fs.existsSync(path.join(iconDir, relative))) return sendFile(reply, iconDir, relative);
    // @grafana/ui's package lacks a few icons Grafana's build adds (spinner…): a plain stand-in.
    return reply.header('x-host-stand-in', 'icon').type('image/svg+xml').send(STAND_IN_ICON);
  });
  // Grafana serves the Inter fonts from its own build; no npm package ships them, so the browser's fallback font is used.
  app.get('/favicon.ico', async (_request, reply) => reply.status(204).send());
  app.get(`/public/plugins/${appId}/*`, async (request, reply) => sendFile(reply, distDir, (request.params as { '*': string })['*']));

  app.get('/api/plugins', async () => plugins);
  app.get('/api/health', async () => ({ database: 'ok', version: grafanaVersion }));
  app.get('/api/datasources', async () => [...dataSources.values()].map(publicView));
  app.get('/api/datasources/uid/:uid', async (request, reply) => {
    const ds = dataSources.get((request.params as { uid: string }).uid);
    return ds ? publicView(ds) : reply.status(404).send({ message: 'Data source not found' });
  });
  app.put('/api/datasources/uid/:uid', async (request, reply) => {
    const uid = (request.params as { uid: string }).uid;
    const ds = dataSources.get(uid);
    if (!ds) return reply.status(404).send({ message: 'Data source not found' });
    let body: Partial<StoredDataSource> & { secureJsonData?: Record<string, string>; secureJsonFields?: Record<string, boolean> };
    try {
      body = JSON.parse((request.body as Buffer | undefined)?.toString('utf8') || '{}');
    } catch {
      return reply.status(400).send({ message: 'bad request data' });
    }
    // Grafana keeps a stored secret unless the update names it; a reset sends it empty.
    const secure = { ...ds.secureJsonData };
    for (const [key, value] of Object.entries(body.secureJsonData ?? {})) {
      if (value === '' || value === null) delete secure[key];
      else secure[key] = String(value);
    }
    for (const [key, configured] of Object.entries(body.secureJsonFields ?? {})) if (configured === false) delete secure[key];
    const updated: StoredDataSource = {
      ...ds,
      name: body.name ?? ds.name,
      url: body.url ?? ds.url,
      jsonData: body.jsonData ?? ds.jsonData,
      isDefault: body.isDefault ?? ds.isDefault,
      secureJsonData: secure,
    };
    dataSources.set(uid, updated);
    return { datasource: publicView(updated), id: updated.id, message: 'Datasource updated', name: updated.name };
  });

  app.all('/api/datasources/proxy/uid/:uid/*', async (request, reply) => {
    const { uid } = request.params as { uid: string };
    const proxyPath = (request.params as { '*': string })['*'];
    const entry: ProxyLogEntry = { method: request.method, uid, proxyPath, injectedHeaders: [], status: 0 };
    proxyLog.push(entry);
    const ds = dataSources.get(uid);
    if (!ds) return finish(reply, entry, 404, { message: 'Unable to find datasource' });
    const route = findRoute(routes.get(ds.type), proxyPath, request.method);
    if (!route) {
      // Grafana falls back to the data source URL; this host only proxies plugin routes.
      return finish(reply, entry, 404, { message: `no route of ${ds.type} matches "${proxyPath}"` });
    }
    entry.route = route.path;
    let target;
    try {
      target = routeTarget(route, proxyPath, new URL(request.url, 'http://host').search, {
        JsonData: ds.jsonData ?? {},
        SecureJsonData: ds.secureJsonData ?? {},
      });
    } catch (error) {
      entry.error = (error as Error).message;
      // Grafana logs a bad template or URL and its transport then fails: 502 with no body.
      return finish(reply, entry, error instanceof RouteTemplateError ? 500 : 502, undefined);
    }
    entry.target = target.url;
    entry.injectedHeaders = Object.keys(target.headers);
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : (request.body as Buffer | undefined);
    try {
      const response = await fetch(target.url, {
        method: request.method,
        headers: forwardedHeaders(request.headers, target.headers, grafanaVersion),
        body: body && body.length > 0 ? new Uint8Array(body) : undefined,
        redirect: 'manual',
        signal: AbortSignal.timeout(proxyTimeoutMs),
      });
      const payload = Buffer.from(await response.arrayBuffer());
      entry.status = response.status;
      reply.status(response.status);
      const contentType = response.headers.get('content-type');
      if (contentType) reply.header('content-type', contentType);
      for (const name of ['www-authenticate', 'retry-after', 'cache-control']) {
        const value = response.headers.get(name);
        if (value) reply.header(name, value);
      }
      return reply.send(payload);
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      entry.error = `${(error as Error).message}${(error as { cause?: Error }).cause ? `: ${(error as { cause: Error }).cause.message}` : ''}`;
      // Grafana's reverse proxy error handler: 504 on a timeout, 502 otherwise, empty body.
      return finish(reply, entry, timedOut ? 504 : 502, undefined);
    }
  });

  const address = await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  return {
    url: address,
    app,
    proxyLog,
    plugins,
    setDataSource,
    getDataSource: (uid) => dataSources.get(uid),
    close: () => app.close(),
  };
}

function finish(reply: FastifyReply, entry: ProxyLogEntry, status: number, body: unknown) {
  entry.status = status;
  reply.status(status);
  return body === undefined ? reply.send() : reply.send(body);
}

function publicView(ds: StoredDataSource) {
  const { secureJsonData, ...rest } = ds;
  return {
    ...rest,
    access: 'proxy',
    url: ds.url ?? '',
    jsonData: ds.jsonData ?? {},
    secureJsonFields: Object.fromEntries(Object.keys(secureJsonData ?? {}).map((key) => [key, true])),
  };
}

async function sendFile(reply: FastifyReply, root: string, relative: string) {
  const file = path.resolve(root, relative.split('?')[0]);
  if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    return reply.status(404).send({ message: 'Not found' });
  }
  reply.header('cache-control', 'no-store');
  reply.type(mimeTypes[path.extname(file)] ?? 'application/octet-stream');
  return reply.send(fs.createReadStream(file));
}

/**
 * The plugins in a built dist/: the app's plugin.json at the root and each nested plugin's
 * plugin.json below it, with `module` and `baseUrl` where Grafana serves them
 * (`public/plugins/<app id>/<folder>` for nested plugins). Routes stay on the server.
 */
export function discoverPlugins(distDir: string): { plugins: PluginMetaJson[]; routes: Map<string, PluginRoute[]>; appId: string } {
  const rootJson = path.join(distDir, 'plugin.json');
  if (!fs.existsSync(rootJson)) throw new Error(`${rootJson} is missing: build the plugin first (npm run build:plugin)`);
  const app = JSON.parse(fs.readFileSync(rootJson, 'utf8'));
  const found: Array<{ dir: string; json: Record<string, unknown> }> = [{ dir: '', json: app }];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(distDir, dir), { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      const json = path.join(distDir, rel, 'plugin.json');
      if (fs.existsSync(json)) found.push({ dir: rel, json: JSON.parse(fs.readFileSync(json, 'utf8')) });
      walk(rel);
    }
  };
  walk('');
  const routes = new Map<string, PluginRoute[]>();
  const plugins = found.map(({ dir, json }) => {
    const baseUrl = `public/plugins/${app.id}${dir ? `/${dir}` : ''}`;
    const { routes: pluginRoutes, ...rest } = json as { routes?: PluginRoute[]; info: PluginMetaJson['info'] };
    if (pluginRoutes) routes.set(String(json.id), pluginRoutes);
    const logo = (name?: string) => (name ? `/${baseUrl}/${name}` : '');
    return {
      ...rest,
      info: { ...rest.info, logos: { small: logo(rest.info?.logos?.small), large: logo(rest.info?.logos?.large) } },
      module: `${baseUrl}/module.js`,
      baseUrl,
    } as PluginMetaJson;
  });
  return { plugins, routes, appId: app.id };
}

function hostPage(theme: 'dark' | 'light', version: string): string {
  const bootData = {
    settings: { buildInfo: { version, commit: 'host', env: 'production', edition: 'Open Source' }, featureToggles: {}, appSubUrl: '', datasources: {}, panels: {} },
    user: { theme, lightTheme: theme === 'light', orgId: 1, login: 'admin', isSignedIn: true, timezone: 'browser', weekStart: '' },
    navTree: [],
    assets: { dark: '', light: '' },
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Grafana stand-in host</title>
<script>window.grafanaBootData = ${JSON.stringify(bootData)}; window.__grafana_public_path__ = '/public/';</script>
<link rel="stylesheet" href="/public/build/host.css">
</head>
<body class="theme-${theme}">
<div id="reactRoot"></div>
<script src="/public/build/host.js"></script>
<script src="/public/vendor/systemjs/system.js"></script>
<script src="/public/vendor/systemjs/extras/amd.js"></script>
<script src="/public/vendor/systemjs/extras/named-register.js"></script>
<script>window.grafanaHost.boot();</script>
</body>
</html>`;
}

function readVersion(pkg: string): string {
  return JSON.parse(fs.readFileSync(path.join(repoRoot, 'node_modules', pkg, 'package.json'), 'utf8')).version;
}

export type { FastifyRequest };
