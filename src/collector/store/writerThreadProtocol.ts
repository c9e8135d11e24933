import type { IngestEnvelope } from '../model/observations';
import type { WriteOutcome } from './writeEnvelope';

/** What the writer thread is started with. */
export interface WriterThreadData {
  location: string;
  maxEnvelopesPerTransaction?: number;
}

export type WriterThreadRequest = { kind: 'submit'; id: number; envelopes: IngestEnvelope[] } | { kind: 'close' };

export type WriterThreadReply =
  | { kind: 'ready' }
  | { kind: 'committed'; id: number; outcomes: WriteOutcome[] }
  | { kind: 'failed'; id: number; error: { name: string; message: string; code?: string } }
  | { kind: 'closed' };
