/**
 * The demo emitter's HTTP side: posts documents to a collector with a write token, retrying
 * what a real integration retries (overload answers with Retry-After, dropped connections) and
 * counting what was stored, refused and failed.
 */
export interface DemoClientOptions {
  url: string;
  token?: string;
  /** how many times a request is retried after a 503 or a network error */
  retries?: number;
  log?: (line: string) => void;
}

export interface DemoCounts {
  requests: number;
  stored: number;
  duplicates: number;
  rejected: number;
  errors: number;
  byKind: Record<string, number>;
}

export class DemoClient {
  readonly counts: DemoCounts = { requests: 0, stored: 0, duplicates: 0, rejected: 0, errors: 0, byKind: {} };
  private readonly base: string;

  constructor(private readonly options: DemoClientOptions) {
    this.base = options.url.replace(/\/+$/, '');
  }

  /** Waits until the collector answers its health check. */
  async waitUntilReady(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      try {
        const response = await fetch(`${this.base}/api/v1/health`, { signal: AbortSignal.timeout(5_000) });
        if (response.ok) {
          return;
        }
        last = `HTTP ${response.status}`;
      } catch (error) {
        last = (error as Error).message;
      }
      await sleep(1_000);
    }
    throw new Error(`the collector at ${this.base} did not answer its health check in ${Math.round(timeoutMs / 1000)} s (${last})`);
  }

  /** Posts one JSON document; false when it was refused or could not be delivered. */
  async post(path: string, body: unknown, kind: string): Promise<boolean> {
    const retries = this.options.retries ?? 5;
    const text = JSON.stringify(body);
    for (let attempt = 0; ; attempt++) {
      this.counts.requests++;
      let response: Response;
      try {
        response = await fetch(`${this.base}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}) },
          body: text,
          signal: AbortSignal.timeout(30_000),
        });
      } catch (error) {
        if (attempt < retries) {
          await sleep(backoff(attempt));
          continue;
        }
        this.counts.errors++;
        this.options.log?.(`demo: ${kind} ${path} failed: ${(error as Error).message}`);
        return false;
      }
      if (response.status === 503 && attempt < retries) {
        const retryAfter = Number(response.headers.get('retry-after'));
        await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : backoff(attempt));
        continue;
      }
      const answer = await response.text();
      if (!response.ok && response.status !== 207) {
        this.counts.rejected++;
        this.options.log?.(`demo: ${kind} ${path} answered ${response.status}: ${answer.slice(0, 500)}`);
        if (response.status === 401 || response.status === 403) {
          throw new Error(`the collector refused the write token (HTTP ${response.status}); set PANE_TOKEN to a write token of PANE_TOKENS`);
        }
        return false;
      }
      this.record(kind, answer, response.status);
      return true;
    }
  }

  private record(kind: string, answer: string, status: number): void {
    this.counts.byKind[kind] = (this.counts.byKind[kind] ?? 0) + 1;
    let parsed: Record<string, unknown> = {};
    try {
      parsed = JSON.parse(answer) as Record<string, unknown>;
    } catch {
      // a 201 without a body counts as stored
    }
    if (Array.isArray(parsed.failed)) {
      this.counts.stored += Number(parsed.stored ?? 0);
      this.counts.duplicates += Number(parsed.duplicates ?? 0);
      this.counts.rejected += parsed.failed.length;
      if (parsed.failed.length > 0) {
        this.options.log?.(`demo: ${kind} batch answered ${status}: ${JSON.stringify(parsed.failed).slice(0, 500)}`);
      }
      return;
    }
    if (parsed.status === 'duplicate') {
      this.counts.duplicates++;
    } else {
      this.counts.stored++;
    }
  }
}

const backoff = (attempt: number) => Math.min(10_000, 250 * 2 ** attempt);

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
