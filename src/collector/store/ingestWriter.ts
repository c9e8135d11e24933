import type { IngestEnvelope } from '../model/observations';
import { IngestOverloadedError, type IngestSink, queueRefuses } from './ingestSink';
import type { PaneDatabase } from './openDatabase';
import { KnownRows, PendingRows } from './knownRows';
import { type WriteOutcome, numberWriteTransaction, writeEnvelope } from './writeEnvelope';

export { IngestOverloadedError } from './ingestSink';

export interface IngestWriterOptions {
  /** envelopes waiting to be committed before new submissions are refused */
  maxQueuedEnvelopes?: number;
  /** envelopes committed together in one transaction */
  maxEnvelopesPerTransaction?: number;
}

interface PendingSubmission {
  envelopes: IngestEnvelope[];
  receivedAt: number;
  resolve: (outcomes: WriteOutcome[]) => void;
  reject: (error: unknown) => void;
}

// PostgreSQL asks us to retry these: serialization failure and deadlock between replicas.
const retryableCodes = new Set(['40001', '40P01']);

/**
 * Group commit: submissions that arrive while a transaction is being written are committed
 * together in the next one, and each submission's promise settles only after its commit.
 * That is what lets an acknowledgement mean "committed" without a commit per request.
 */
export class IngestWriter implements IngestSink {
  private readonly queue: PendingSubmission[] = [];
  private queuedEnvelopes = 0;
  private writing = false;
  private readonly maxQueued: number;
  private readonly maxPerTransaction: number;
  private idleWaiters: Array<() => void> = [];
  private readonly known = new KnownRows();

  constructor(
    private readonly database: PaneDatabase,
    options: IngestWriterOptions = {},
  ) {
    this.maxQueued = options.maxQueuedEnvelopes ?? 20_000;
    this.maxPerTransaction = options.maxEnvelopesPerTransaction ?? 1_000;
  }

  get depth(): number {
    return this.queuedEnvelopes;
  }

  submit(envelopes: IngestEnvelope[]): Promise<WriteOutcome[]> {
    if (envelopes.length === 0) return Promise.resolve([]);
    if (queueRefuses(this.queuedEnvelopes, envelopes.length, this.maxQueued)) {
      return Promise.reject(new IngestOverloadedError(1));
    }
    return new Promise<WriteOutcome[]>((resolve, reject) => {
      this.queue.push({ envelopes, receivedAt: Date.now(), resolve, reject });
      this.queuedEnvelopes += envelopes.length;
      if (!this.writing) {
        this.writing = true;
        // Deferred to the next turn so that submissions arriving together share a transaction.
        setImmediate(() => void this.writeQueued());
      }
    });
  }

  /** Resolves once everything submitted so far is committed. */
  whenIdle(): Promise<void> {
    if (!this.writing && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  close(): Promise<void> {
    return this.whenIdle();
  }

  private async writeQueued(): Promise<void> {
    while (this.queue.length > 0) {
      const group: PendingSubmission[] = [];
      let count = 0;
      while (this.queue.length > 0 && (group.length === 0 || count + this.queue[0].envelopes.length <= this.maxPerTransaction)) {
        const next = this.queue.shift() as PendingSubmission;
        group.push(next);
        count += next.envelopes.length;
      }
      try {
        const outcomes = await this.commit(group);
        group.forEach((submission, i) => submission.resolve(outcomes[i]));
      } catch (error) {
        if (group.length === 1) {
          group[0].reject(error);
        } else {
          // One bad submission must not fail its neighbours: commit each on its own.
          for (const submission of group) {
            try {
              submission.resolve((await this.commit([submission]))[0]);
            } catch (singleError) {
              submission.reject(singleError);
            }
          }
        }
      } finally {
        this.queuedEnvelopes -= count;
      }
    }
    this.writing = false;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    waiters.forEach((resolve) => resolve());
  }

  private async commit(group: PendingSubmission[], attempt = 1): Promise<WriteOutcome[][]> {
    try {
      const pending = new PendingRows();
      const outcomes = await this.database.db.transaction().execute(async (trx) => {
        const changeSeq = await numberWriteTransaction(trx, this.database);
        const context = { db: trx, database: this.database, known: this.known, pending, changeSeq };
        const groupOutcomes: WriteOutcome[][] = [];
        for (const submission of group) {
          const submissionOutcomes: WriteOutcome[] = [];
          for (const envelope of submission.envelopes) {
            submissionOutcomes.push(await writeEnvelope(context, envelope, submission.receivedAt));
          }
          groupOutcomes.push(submissionOutcomes);
        }
        return groupOutcomes;
      });
      this.known.accept(pending);
      return outcomes;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code && retryableCodes.has(code) && attempt < 5) {
        await new Promise((resolve) => setTimeout(resolve, 10 * attempt));
        return this.commit(group, attempt + 1);
      }
      throw error;
    }
  }
}
