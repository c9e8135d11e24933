import type { BackendSrv, BackendSrvRequest, FetchError, FetchResponse } from '@grafana/runtime';
import { Observable, lastValueFrom } from 'rxjs';

/**
 * Grafana's BackendSrv over the browser's fetch, with the behaviour plugins rely on
 * (public/app/core/services/backend_srv.ts): an Observable that aborts the request when
 * unsubscribed, JSON bodies and bodies parsed as JSON when they are JSON, errors for
 * status ≥ 400 shaped as FetchError `{ status, statusText, data, config }` (with
 * `data.message` filled from `data.error` as Grafana does), and `requestId` cancelling the
 * previous request with the same id. Error toasts for `showErrorAlert` go to `onAlert`.
 */
export interface HostBackendSrvOptions {
  onAlert?: (alert: { severity: 'error' | 'success'; title: string; text?: string }) => void;
  /** every request and its outcome, for tests to inspect (`grafanaHost.requests()`) */
  onRequest?: (entry: RequestLogEntry) => void;
}

export interface RequestLogEntry {
  method: string;
  url: string;
  status: number;
  body?: unknown;
  cancelled?: boolean;
}

export function createBackendSrv(options: HostBackendSrvOptions = {}): BackendSrv {
  const inFlight = new Map<string, AbortController>();

  function fetchStream<T>(request: BackendSrvRequest): Observable<FetchResponse<T>> {
    return new Observable<FetchResponse<T>>((subscriber) => {
      const controller = new AbortController();
      let settled = false;
      const requestId = request.requestId;
      if (requestId) {
        inFlight.get(requestId)?.abort('cancelled by a newer request with the same requestId');
        inFlight.set(requestId, controller);
      }
      const method = (request.method ?? 'GET').toUpperCase();
      const url = withParams(request.url, request.params);
      const headers: Record<string, string> = { 'X-Grafana-Org-Id': '1', ...(request.headers ?? {}) };
      let body: BodyInit | undefined;
      if (request.data !== undefined && method !== 'GET' && method !== 'HEAD') {
        if (typeof request.data === 'string' || request.data instanceof FormData || request.data instanceof Blob) {
          body = request.data as BodyInit;
        } else {
          body = JSON.stringify(request.data);
          headers['Content-Type'] ??= 'application/json';
        }
      }
      headers.Accept ??= 'application/json, text/plain, */*';

      const log = (status: number, cancelled = false) =>
        options.onRequest?.({ method, url, status, body: request.data, ...(cancelled ? { cancelled } : {}) });

      fetch(url, { method, headers, body, signal: controller.signal, credentials: 'same-origin' })
        .then(async (response) => {
          const data = (await parseBody(response, request.responseType)) as T;
          settled = true;
          log(response.status);
          const fetchResponse: FetchResponse<T> = {
            data,
            status: response.status,
            statusText: response.statusText,
            ok: response.ok,
            headers: response.headers,
            url: response.url,
            type: response.type,
            redirected: response.redirected,
            config: request,
          };
          if (response.status >= 400) {
            const error: FetchError = {
              status: response.status,
              statusText: response.statusText,
              data: data as FetchError['data'],
              config: request,
            };
            if (error.data && typeof error.data === 'object' && !error.data.message && typeof error.data.error === 'string') {
              error.data.message = error.data.error;
            }
            if (request.showErrorAlert !== false) {
              options.onAlert?.({
                severity: 'error',
                title: (error.data?.message as string | undefined) ?? `${response.status} ${response.statusText}`,
              });
            }
            subscriber.error(error);
            return;
          }
          if (request.showSuccessAlert && method !== 'GET' && typeof (data as { message?: unknown })?.message === 'string') {
            options.onAlert?.({ severity: 'success', title: (data as { message: string }).message });
          }
          subscriber.next(fetchResponse);
          subscriber.complete();
        })
        .catch((error: unknown) => {
          settled = true;
          if (controller.signal.aborted) {
            log(-1, true);
            // What Grafana emits for a request cancelled by a newer one with the same requestId.
            subscriber.error({ type: 'cancelled', cancelled: true, data: null, status: -1, statusText: 'Request was aborted', config: request });
            return;
          }
          log(0);
          subscriber.error({ status: 0, statusText: String(error), data: { message: String(error) }, config: request } satisfies FetchError);
        })
        .finally(() => {
          if (requestId && inFlight.get(requestId) === controller) inFlight.delete(requestId);
        });

      return () => {
        if (!settled) controller.abort('unsubscribed');
      };
    });
  }

  const promise = <T>(request: BackendSrvRequest): Promise<T> => lastValueFrom(fetchStream<T>(request)).then((r) => r.data);

  const srv = {
    fetch: fetchStream,
    request: promise,
    datasourceRequest: <T>(request: BackendSrvRequest) => lastValueFrom(fetchStream<T>(request)),
    get: <T>(url: string, params?: BackendSrvRequest['params'], requestId?: string, opts?: Partial<BackendSrvRequest>) =>
      promise<T>({ ...opts, url, params, requestId, method: 'GET' }),
    delete: <T>(url: string, data?: unknown, opts?: Partial<BackendSrvRequest>) => promise<T>({ ...opts, url, data, method: 'DELETE' }),
    post: <T>(url: string, data?: unknown, opts?: Partial<BackendSrvRequest>) => promise<T>({ ...opts, url, data, method: 'POST' }),
    patch: <T>(url: string, data: unknown, opts?: Partial<BackendSrvRequest>) => promise<T>({ ...opts, url, data, method: 'PATCH' }),
    put: <T>(url: string, data: unknown, opts?: Partial<BackendSrvRequest>) => promise<T>({ ...opts, url, data, method: 'PUT' }),
    resolveCancelerIfExists: (requestId: string) => inFlight.get(requestId)?.abort('cancelled'),
  };
  return srv as unknown as BackendSrv;
}

function withParams(url: string, params: BackendSrvRequest['params']): string {
  if (!params || typeof params !== 'object') return url;
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) search.append(key, String(item));
  }
  const query = search.toString();
  return query ? `${url}${url.includes('?') ? '&' : '?'}${query}` : url;
}

async function parseBody(response: Response, responseType: BackendSrvRequest['responseType']): Promise<unknown> {
  switch (responseType) {
    case 'blob':
      return response.blob();
    case 'arraybuffer':
      return response.arrayBuffer();
    case 'text':
      return response.text();
  }
  // Grafana: "this could be just a string, prometheus requests for instance"
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
