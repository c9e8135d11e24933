import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { IngestEnvelope } from '../model/observations';
import { IngestOverloadedError, type IngestSink, queueRefuses } from './ingestSink';
import type { WriteOutcome } from './writeEnvelope';
import { type WriterThreadData, type WriterThreadReply, type WriterThreadRequest, encodeEnvelopes } from './writerThreadProtocol';

/** The compiled worker beside this module; absent when running from TypeScript sources (vitest). */
export const defaultWriterWorkerFile = path.join(__dirname, 'ingestWriterWorker.js');

export const writerThreadAvailable = (workerFile = defaultWriterWorkerFile): boolean => fs.existsSync(workerFile);

export interface IngestWriterThreadOptions {
  maxQueuedEnvelopes?: number;
  maxEnvelopesPerTransaction?: number;
  workerFile?: string;
}

interface Waiting {
  count: number;
  resolve: (outcomes: WriteOutcome[]) => void;
  reject: (error: unknown) => void;
}

/**
 * SQLite ingest on its own thread. better-sqlite3 is synchronous, so on the HTTP thread every
 * commit stopped request parsing and validation; here the two run on separate cores. The
 * thread owns a second connection to the same WAL database and runs the same IngestWriter
 * (group commit, acknowledgement only after commit); queries keep using the HTTP thread's
 * connection and see each transaction once it commits.
 */
export class IngestWriterThread implements IngestSink {
  private worker!: Worker;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private queued = 0;
  private idleWaiters: Array<() => void> = [];
  private closing: Promise<void> | undefined;
  /** the thread is up and taking submissions */
  private running = false;
  /** why a new thread could not be started after the last one stopped */
  private unavailable: Error | undefined;
  private readonly maxQueued: number;

  private constructor(
    private readonly data: WriterThreadData,
    private readonly workerFile: string,
    options: IngestWriterThreadOptions,
  ) {
    this.maxQueued = options.maxQueuedEnvelopes ?? 20_000;
  }

  /** Starts the thread and resolves once its connection is open. */
  static async start(location: string, options: IngestWriterThreadOptions = {}): Promise<IngestWriterThread> {
    const thread = new IngestWriterThread(
      { location, maxEnvelopesPerTransaction: options.maxEnvelopesPerTransaction },
      options.workerFile ?? defaultWriterWorkerFile,
      options,
    );
    await thread.spawn();
    return thread;
  }

  get depth(): number {
    return this.queued;
  }

  submit(envelopes: IngestEnvelope[]): Promise<WriteOutcome[]> {
    if (envelopes.length === 0) return Promise.resolve([]);
    if (this.closing) return Promise.reject(new Error('the ingest writer is closing'));
    if (!this.running) return Promise.reject(this.unavailable ?? new Error('the ingest writer thread is restarting; retry'));
    if (queueRefuses(this.queued, envelopes.length, this.maxQueued)) return Promise.reject(new IngestOverloadedError(1));
    const id = this.nextId++;
    this.queued += envelopes.length;
    return new Promise<WriteOutcome[]>((resolve, reject) => {
      this.waiting.set(id, { count: envelopes.length, resolve, reject });
      this.worker.postMessage({ kind: 'submit', id, ...encodeEnvelopes(envelopes) } satisfies WriterThreadRequest);
    });
  }

  whenIdle(): Promise<void> {
    if (this.waiting.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.whenIdle();
      const worker = this.worker;
      if (!this.running) return;
      await new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.on('message', (reply: WriterThreadReply) => {
          if (reply.kind === 'closed') void worker.terminate();
        });
        worker.postMessage({ kind: 'close' } satisfies WriterThreadRequest);
      });
    })();
    return this.closing;
  }

  private spawn(): Promise<void> {
    const worker = new Worker(this.workerFile, { workerData: this.data });
    this.worker = worker;
    return new Promise<void>((resolve, reject) => {
      let ready = false;
      worker.on('message', (reply: WriterThreadReply) => {
        if (reply.kind === 'ready') {
          ready = true;
          this.running = true;
          this.unavailable = undefined;
          resolve();
        } else if (reply.kind === 'committed') {
          this.settle(reply.id)?.resolve(reply.outcomes);
        } else if (reply.kind === 'failed') {
          this.settle(reply.id)?.reject(Object.assign(new Error(reply.error.message), reply.error));
        }
      });
      worker.on('error', (error) => {
        if (!ready) reject(error);
        else this.failAll(error);
      });
      worker.on('exit', (code) => {
        this.running = false;
        if (!ready) {
          reject(new Error(`the ingest writer thread exited with code ${code} before it was ready`));
          return;
        }
        if (this.closing) return;
        // Whatever it held was never acknowledged: fail it so clients retry, and start afresh.
        this.failAll(new Error(`the ingest writer thread stopped (exit code ${code}); retry`));
        void this.spawn().catch((error: Error) => {
          this.unavailable = new Error(`the ingest writer thread could not be restarted: ${error.message}`);
          this.failAll(this.unavailable);
        });
      });
    });
  }

  private settle(id: number): Waiting | undefined {
    const waiting = this.waiting.get(id);
    if (!waiting) return undefined;
    this.waiting.delete(id);
    this.queued -= waiting.count;
    if (this.waiting.size === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      waiters.forEach((resolve) => resolve());
    }
    return waiting;
  }

  private failAll(error: unknown): void {
    for (const id of [...this.waiting.keys()]) this.settle(id)?.reject(error);
  }
}
