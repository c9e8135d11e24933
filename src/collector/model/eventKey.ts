import { createHash } from 'node:crypto';

/**
 * A stable key for a received document: the hash of its JSON. Transports retry by sending the
 * same serialized event again, which re-serializes with the same key order, so plain
 * JSON.stringify is enough, and about five times cheaper than sorting keys on every event.
 */
export function eventKeyOf(source: string, document: unknown): string {
  return createHash('sha256').update(source).update('\0').update(JSON.stringify(document) ?? 'null').digest('hex');
}
