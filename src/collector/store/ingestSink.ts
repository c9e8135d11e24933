import type { IngestEnvelope } from '../model/observations';
import type { WriteOutcome } from './writeEnvelope';

/** Where the HTTP layer hands validated envelopes: each promise settles once they are committed. */
export interface IngestSink {
  submit(envelopes: IngestEnvelope[]): Promise<WriteOutcome[]>;
  /** Resolves once everything submitted so far is committed. */
  whenIdle(): Promise<void>;
  /** envelopes submitted and not yet committed */
  readonly depth: number;
  /** Waits for what was submitted, then releases what the sink holds (a thread, a connection). */
  close(): Promise<void>;
}

/** The write queue is full: the HTTP layer answers 503 with Retry-After. */
export class IngestOverloadedError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('the collector is busy writing earlier events; retry shortly');
    this.name = 'IngestOverloadedError';
  }
}

/** An oversized single submission is still taken when nothing waits, so it can never starve. */
export const queueRefuses = (queued: number, incoming: number, maxQueued: number): boolean =>
  queued > 0 && queued + incoming > maxQueued;
