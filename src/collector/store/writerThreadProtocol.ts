import type { IngestEnvelope } from '../model/observations';
import type { WriteOutcome } from './writeEnvelope';

/** What the writer thread is started with. */
export interface WriterThreadData {
  location: string;
  maxEnvelopesPerTransaction?: number;
}

/** Envelopes as they cross to the writer thread: see encodeEnvelopes. */
export interface EncodedEnvelopes {
  /** the envelopes as JSON, without their payloads */
  envelopes: string;
  /** each envelope's payload, serialized: the text the writer stores */
  payloads: string[];
}

export type WriterThreadRequest = ({ kind: 'submit'; id: number } & EncodedEnvelopes) | { kind: 'close' };

export type WriterThreadReply =
  | { kind: 'ready' }
  | { kind: 'committed'; id: number; outcomes: WriteOutcome[] }
  | { kind: 'failed'; id: number; error: { name: string; message: string; code?: string } }
  | { kind: 'closed' };

/**
 * Envelopes cross to the writer as JSON text rather than as objects for postMessage to clone.
 * The writer thread is the one that limits ingest, and JSON.parse rebuilds an envelope in less
 * than half the time the structured clone's deserializer takes (≈3.4 against ≈7.4 µs for a
 * benchmark event); the sending side, with time to spare, also spends less (≈3.1 against
 * ≈4.2 µs). Payloads travel beside the JSON as strings, so they are not escaped into it, and
 * are serialized here rather than on the busy writer.
 */
export function encodeEnvelopes(envelopes: IngestEnvelope[]): EncodedEnvelopes {
  const payloads = envelopes.map((envelope) => envelope.payloadJson ?? JSON.stringify(envelope.payload) ?? 'null');
  const withoutPayloads = envelopes.map((envelope) => ({ ...envelope, payload: undefined, payloadJson: undefined }));
  return { envelopes: JSON.stringify(withoutPayloads), payloads };
}

export function decodeEnvelopes(encoded: EncodedEnvelopes): IngestEnvelope[] {
  const envelopes = JSON.parse(encoded.envelopes) as IngestEnvelope[];
  envelopes.forEach((envelope, i) => {
    envelope.payloadJson = encoded.payloads[i];
  });
  return envelopes;
}
