import { gzipSync } from 'node:zlib';
import type { DataFrameJson } from '../contract/frames';
import type { QueryRange, QueryRequest, QueryResponse, QueryTarget } from '../contract/query';
import { CliError, exitCodes } from './exitCodes';

/**
 * The CLI's one door to the collector: HTTP with a bearer token and a timeout. Every failure
 * becomes a CliError with a sentence a person can act on and the exit code scripts can test:
 * unreachable, timed out or failing → 3; token refused → 4; request refused as wrong → 2.
 */
export interface CollectorConnection {
  url: string;
  token?: string;
  /** per request, ms */
  timeoutMs: number;
}

export interface PostOptions {
  contentType?: 'application/json' | 'application/x-ndjson';
  /** statuses answered with a body the caller reads itself (e.g. 207 and 400 of a batch) */
  accept?: number[];
  /** gzip bodies above this many bytes (the collector takes Content-Encoding: gzip) */
  gzipAbove?: number;
  /** retries of a 503 "overloaded" answer, waiting Retry-After seconds */
  retries?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface CollectorAnswer<T> {
  status: number;
  body: T;
}

interface ErrorBody {
  error?: string;
  message?: string;
  problems?: Array<{ path: string; message: string }>;
}

export type FetchLike = typeof fetch;

const networkCodes: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed',
  EPROTO: 'TLS handshake failed',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
};

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

export class CollectorClient {
  private readonly base: URL;

  constructor(
    readonly connection: CollectorConnection,
    private readonly fetchImpl: FetchLike = fetch,
  ) {
    this.base = new URL(connection.url.endsWith('/') ? connection.url : `${connection.url}/`);
  }

  /** Where a path lives, keeping any path prefix of --url (a collector behind a proxy). */
  urlOf(path: string): string {
    return new URL(path.replace(/^\//, ''), this.base).toString();
  }

  async get<T>(path: string, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<CollectorAnswer<T>> {
    return this.request<T>('GET', path, undefined, {}, options);
  }

  async post<T>(path: string, body: unknown, options: PostOptions = {}): Promise<CollectorAnswer<T>> {
    const contentType = options.contentType ?? 'application/json';
    const text = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    const raw = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
    const headers: Record<string, string> = { 'content-type': contentType };
    let payload: Buffer = raw;
    if (options.gzipAbove !== undefined && raw.length > options.gzipAbove) {
      payload = gzipSync(raw);
      headers['content-encoding'] = 'gzip';
    }
    const retries = options.retries ?? 0;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.request<T>('POST', path, payload, headers, options);
      } catch (error) {
        if (!(error instanceof OverloadedError) || attempt >= retries) {
          throw error instanceof OverloadedError ? error.toCliError() : error;
        }
        await sleep(error.retryAfterMs * (attempt + 1), options.signal);
      }
    }
  }

  /** POST /api/v1/query, every target's error left in its result for the caller. */
  async query(request: QueryRequest, options: { signal?: AbortSignal } = {}): Promise<QueryResponse> {
    const answer = await this.post<QueryResponse>('/api/v1/query', request, { retries: 2, signal: options.signal });
    if (!answer.body || typeof answer.body !== 'object' || typeof answer.body.results !== 'object') {
      throw new CliError(`the answer of ${this.urlOf('/api/v1/query')} has no "results": is --url the collector?`, exitCodes.unreachable);
    }
    return answer.body;
  }

  /** One target's frames; a target the collector refuses is a usage error naming the field. */
  async frames(target: QueryTarget, extra: { range?: QueryRange; intervalMs?: number; maxDataPoints?: number } = {}, options: { signal?: AbortSignal } = {}): Promise<DataFrameJson[]> {
    const response = await this.query({ ...extra, targets: [target] }, options);
    return framesOf(response, target.refId);
  }

  private async request<T>(
    method: 'GET' | 'POST',
    path: string,
    body: Buffer | undefined,
    headers: Record<string, string>,
    options: { timeoutMs?: number; signal?: AbortSignal; accept?: number[] },
  ): Promise<CollectorAnswer<T>> {
    const url = this.urlOf(path);
    const timeoutMs = options.timeoutMs ?? this.connection.timeoutMs;
    const signals = [AbortSignal.timeout(timeoutMs), ...(options.signal ? [options.signal] : [])];
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method,
        headers: {
          accept: 'application/json',
          ...headers,
          ...(this.connection.token ? { authorization: `Bearer ${this.connection.token}` } : {}),
        },
        body,
        signal: signals.length === 1 ? signals[0] : AbortSignal.any(signals),
      });
    } catch (error) {
      throw this.networkError(error, url, timeoutMs, options.signal);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw this.networkError(error, url, timeoutMs, options.signal);
    }
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      throw new CliError(
        `${url} answered ${response.status} with something that is not JSON: is --url (or PANE_URL) the collector's address?`,
        exitCodes.unreachable,
      );
    }
    if (response.ok || options.accept?.includes(response.status)) return { status: response.status, body: parsed as T };
    throw this.httpError(response, parsed as ErrorBody | undefined, url);
  }

  private networkError(error: unknown, url: string, timeoutMs: number, signal?: AbortSignal): Error {
    const err = error as Error & { cause?: { code?: string; message?: string } };
    if (signal?.aborted) return new CliError('stopped', exitCodes.ok);
    if (err.name === 'TimeoutError' || err.name === 'AbortError') {
      return new CliError(
        `the collector at ${url} did not answer within ${Math.round(timeoutMs / 100) / 10} s (raise --timeout, or check that it is healthy)`,
        exitCodes.unreachable,
      );
    }
    const code = err.cause?.code ?? (err as { code?: string }).code;
    const why = (code && networkCodes[code]) ?? err.cause?.message ?? err.message;
    return new CliError(
      `cannot reach the collector at ${this.base.origin}: ${why}. Is it running (\`pane serve\`)? Set --url or PANE_URL to its address.`,
      exitCodes.unreachable,
    );
  }

  private httpError(response: Response, body: ErrorBody | undefined, url: string): Error {
    const said = body?.message ?? body?.error ?? response.statusText;
    const details = (body?.problems ?? []).map((p) => `${p.path}: ${p.message}`);
    const status = response.status;
    if (status === 401) {
      return new CliError(
        this.connection.token
          ? `the collector refused the token (${said}); check --token or PANE_TOKEN`
          : `the collector needs a token (${said}); pass --token or set PANE_TOKEN`,
        exitCodes.auth,
      );
    }
    if (status === 403) return new CliError(`the token is not allowed to do this: ${said}`, exitCodes.auth);
    if (status === 503) {
      const retryAfter = Number(response.headers.get('retry-after') ?? '1');
      return new OverloadedError(`the collector is overloaded (${said})`, (Number.isFinite(retryAfter) ? retryAfter : 1) * 1000);
    }
    if (status === 404) {
      return new CliError(`${url} does not exist (${said}): is --url (or PANE_URL) the collector's address?`, exitCodes.unreachable);
    }
    if (status === 413) {
      return new CliError(`the collector refused the body as too large (${said}); its limit is \`pane serve --body-limit\``, exitCodes.usage, details, status);
    }
    if (status >= 500) return new CliError(`the collector failed to answer (${status}: ${said})`, exitCodes.unreachable, details, status);
    return new CliError(`the collector refused the request (${status}): ${said}`, exitCodes.usage, details, status);
  }
}

/** 503 with Retry-After: retried by post() before it becomes exit code 3. */
class OverloadedError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }

  toCliError(): CliError {
    return new CliError(`${this.message}; try again shortly`, exitCodes.unreachable);
  }
}

/** The frames of one target of a query response, or its error as a usage error. */
export function framesOf(response: QueryResponse, refId: string): DataFrameJson[] {
  const result = response.results[refId];
  if (!result) throw new CliError(`the collector's answer has no result for target ${refId}`, exitCodes.unreachable);
  if (result.error) {
    const code = result.status !== undefined && result.status >= 500 ? exitCodes.unreachable : exitCodes.usage;
    throw new CliError(`the collector refused the query: ${result.error}`, code);
  }
  return result.frames ?? [];
}
