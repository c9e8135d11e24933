import type { ApiTokens } from './http/apiTokens';

export interface CollectorConfig {
  host: string;
  port: number;
  /** SQLite file path or postgres:// URL */
  database: string;
  tokens: ApiTokens;
  /** false only with --no-auth, for local experiments */
  authRequired: boolean;
  /** largest accepted request body, after gzip decompression */
  bodyLimitBytes: number;
  /** envelopes waiting for commit before ingest answers 503 */
  maxQueuedEnvelopes: number;
  /** requests being read or processed at once before new ones get 503 */
  maxInFlightRequests: number;
  /** history older than this is pruned; the current state of jobs and datasets is kept */
  retentionDays: number;
  logLevel: string;
}

export const defaultCollectorConfig = {
  host: '127.0.0.1',
  port: 7070,
  bodyLimitBytes: 10 * 1024 * 1024,
  maxQueuedEnvelopes: 20_000,
  maxInFlightRequests: 256,
  retentionDays: 90,
  logLevel: 'info',
} as const;
