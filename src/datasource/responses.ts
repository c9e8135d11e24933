import { type DataQueryError, type DataQueryResponse, LoadingState } from '@grafana/data';

import type { QueryResponse } from '../contract/query';
import { type DecorateContext, toGrafanaFrames } from './frames';
import type { PaneQuery } from './types';

/**
 * The collector's answer as Grafana's DataQueryResponse: frames per target, and a target's own
 * error (the collector's message, its status) as that query's error while the others answer.
 * Pure.
 */
export function toDataQueryResponse(answer: QueryResponse, queries: PaneQuery[], context: DecorateContext, earlier: DataQueryError[] = []): DataQueryResponse {
  const errors: DataQueryError[] = [...earlier];
  const data = queries.flatMap((query) => {
    const result = answer?.results?.[query.refId];
    if (!result) {
      errors.push({ refId: query.refId, message: `The collector sent no answer for query ${query.refId}` });
      return [];
    }
    if (result.error) {errors.push({ refId: query.refId, message: result.error, status: result.status });}
    return toGrafanaFrames(result.frames ?? [], query, context);
  });
  return { data, errors: errors.length ? errors : undefined, error: errors[0], state: errors.length ? LoadingState.Error : LoadingState.Done };
}

/** Every query failing with the same message (the collector unreachable, a rejected token, a timeout). */
export function failedResponse(queries: Array<Pick<PaneQuery, 'refId'>>, message: string, status?: number): DataQueryResponse {
  const errors: DataQueryError[] = queries.map((query) => ({ refId: query.refId, message, status }));
  return { data: [], errors, error: errors[0], state: LoadingState.Error };
}

interface FetchErrorLike {
  status?: number;
  statusText?: string;
  cancelled?: boolean;
  data?: { message?: string; error?: string; status?: string } | string | null;
  message?: string;
  name?: string;
}

/**
 * What to tell a person when a request through Grafana's proxy failed: what happened and what
 * to fix. The collector answers `{ error, message }`; Grafana's proxy answers 502/504 with no
 * body when it cannot reach the collector.
 */
export function describeRequestError(error: unknown, collectorUrl: string | undefined, step: string): { message: string; status?: number } {
  const e = (error ?? {}) as FetchErrorLike;
  if (e.name === 'TimeoutError') {
    return { message: `The collector at ${collectorUrl} did not answer the ${step} in time; check it is running and not overloaded, or raise the query timeout.` };
  }
  const data = typeof e.data === 'object' && e.data !== null ? e.data : undefined;
  const detail = data?.message ?? data?.error ?? (typeof e.data === 'string' && e.data.trim() !== '' ? e.data.trim() : undefined);
  const status = typeof e.status === 'number' ? e.status : undefined;
  switch (status) {
    case undefined:
      return { message: `Collector ${step} failed: ${e.message ?? String(error)}` };
    case 401:
      return { status, message: `The collector at ${collectorUrl} rejected the API token (HTTP 401)${detail ? `: ${detail}` : ''}. Enter the token again in the data source settings.` };
    case 403:
      return { status, message: `The API token may not read from the collector at ${collectorUrl} (HTTP 403)${detail ? `: ${detail}` : ''}. Use a token with read scope.` };
    case 502:
      return { status, message: `Grafana could not reach the collector at ${collectorUrl} (HTTP 502). Check the collector URL and that the collector is running.` };
    case 504:
      return { status, message: `The collector at ${collectorUrl} did not answer in time (HTTP 504). Check that it is running and reachable from Grafana's server.` };
    default:
      return { status, message: `Collector ${step} failed with HTTP ${status}${detail ? `: ${detail}` : e.statusText ? `: ${e.statusText}` : ''}` };
  }
}
