/**
 * Grafana's data source proxy for plugin routes (pkg/api/pluginproxy: ds_proxy.go,
 * ds_auth_provider.go, utils.go), the parts a frontend data source relies on:
 *
 * - `/api/datasources/proxy/uid/<uid>/<proxy path>` picks the first route of the data
 *   source's plugin.json whose `path` prefixes the proxy path (and whose `method`, if set,
 *   matches);
 * - the route `url` and each header's `content` are Go templates over
 *   `{ JsonData, SecureJsonData }` (`{{ .JsonData.collectorUrl }}`, `{{ .SecureJsonData.apiToken }}`,
 *   the `orEmpty` function); a missing key renders as Go does, `<no value>`;
 * - the target is the route URL with the rest of the proxy path joined on, the query string kept;
 * - route headers are set (replacing any the browser sent), browser cookies, Authorization,
 *   Origin and Referer are dropped.
 */
export interface PluginRoute {
  path: string;
  method?: string;
  url?: string;
  headers?: Array<{ name: string; content: string }>;
  reqRole?: string;
}

export interface RouteTemplateData {
  JsonData: Record<string, unknown>;
  SecureJsonData: Record<string, string>;
}

export class RouteTemplateError extends Error {}

const ACTION = /\{\{-?\s*(.*?)\s*-?\}\}/g;
const FIELD = /^\.(JsonData|SecureJsonData)\.([A-Za-z_][A-Za-z0-9_]*)(?:\s*\|\s*orEmpty)?$/;
const OR_EMPTY_CALL = /^orEmpty\s+\.(JsonData|SecureJsonData)\.([A-Za-z_][A-Za-z0-9_]*)$/;

/** Renders the subset of Go's text/template that plugin routes use; anything else is an error, as a bad template is in Grafana. */
export function interpolateRouteTemplate(text: string, data: RouteTemplateData): string {
  return text.replace(ACTION, (_whole, action: string) => {
    const field = FIELD.exec(action) ?? OR_EMPTY_CALL.exec(action);
    if (!field) throw new RouteTemplateError(`could not parse template ${text}: unsupported action {{ ${action} }}`);
    const orEmpty = action.includes('orEmpty');
    const value = (data[field[1] as keyof RouteTemplateData] as Record<string, unknown>)[field[2]];
    if (value === undefined || value === null) return orEmpty ? '' : '<no value>';
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  });
}

/** The first route whose path prefixes the proxy path and whose method (if any) matches, as Grafana picks it. */
export function findRoute(routes: PluginRoute[] | undefined, proxyPath: string, method: string): PluginRoute | undefined {
  return (routes ?? []).find(
    (route) => proxyPath.startsWith(route.path) && (!route.method || route.method === '*' || route.method.toUpperCase() === method.toUpperCase()),
  );
}

/** Grafana's util.JoinURLFragments: one slash between the parts, a trailing slash of the second kept. */
export function joinUrlFragments(a: string, b: string): string {
  if (b.length === 0) return a;
  const trailing = b.endsWith('/');
  const joined = `${a.replace(/\/+$/, '')}/${b.replace(/^\/+/, '')}`;
  return trailing && !joined.endsWith('/') ? `${joined}/` : joined;
}

export interface ProxyTarget {
  url: string;
  headers: Record<string, string>;
}

/**
 * Where a proxied request goes and which headers the route adds. Throws RouteTemplateError
 * for a bad template; an interpolated URL that is not http(s) throws TypeError (Grafana's
 * transport fails on it and answers 502).
 */
export function routeTarget(route: PluginRoute, proxyPath: string, search: string, data: RouteTemplateData): ProxyTarget {
  const rest = proxyPath.slice(route.path.length);
  const interpolated = interpolateRouteTemplate(route.url ?? '', data);
  const base = new URL(interpolated);
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new TypeError(`unsupported protocol scheme "${base.protocol.replace(':', '')}"`);
  base.pathname = joinUrlFragments(base.pathname, rest);
  base.search = search;
  const headers: Record<string, string> = {};
  for (const header of route.headers ?? []) headers[header.name] = interpolateRouteTemplate(header.content, data);
  return { url: base.toString(), headers };
}

const DROPPED_REQUEST_HEADERS = new Set([
  'host',
  'connection',
  'content-length',
  'cookie',
  'authorization',
  'origin',
  'referer',
  'accept-encoding',
  'transfer-encoding',
  'keep-alive',
  'upgrade',
  'x-grafana-org-id',
  'x-grafana-device-id',
]);

/** The browser's headers as the proxy forwards them, with the route's headers set over them. */
export function forwardedHeaders(incoming: Record<string, string | string[] | undefined>, routeHeaders: Record<string, string>, grafanaVersion: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined || DROPPED_REQUEST_HEADERS.has(name.toLowerCase())) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  out['user-agent'] = `Grafana/${grafanaVersion}`;
  for (const [name, value] of Object.entries(routeHeaders)) out[name.toLowerCase()] = value;
  return out;
}
