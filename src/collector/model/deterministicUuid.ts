import { createHash } from 'node:crypto';

/**
 * Name-based (RFC 4122 version 5) UUIDs: sha1(namespace bytes + name bytes), version and variant bits set.
 * Sources that have their own ids (a dbt invocation_id, a dlt transaction_id or load id) get a run id that is
 * the same every time the same document is delivered, so a re-delivery maps onto the same run.
 */

/** Pipeline Pane's own namespace for the run ids it derives. Never change it: every derived id depends on it. */
export const PIPELINE_PANE_UUID_NAMESPACE = 'c8cc314d-efee-4014-bfb3-55eb9ccc0252';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string): boolean => UUID_PATTERN.test(value);

/** The version 5 UUID of `name` in `namespace` (a UUID string), as RFC 4122 defines it. */
export function uuidV5(name: string, namespace: string = PIPELINE_PANE_UUID_NAMESPACE): string {
  if (!isUuid(namespace)) {
    throw new TypeError(`namespace must be a UUID, got ${JSON.stringify(namespace)}`);
  }
  const digest = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  const bytes = digest.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A run id derived from a source's own identifiers, e.g. `deterministicUuid('dbt', 'invocation', invocationId)`.
 * The parts are joined unambiguously (as a JSON array), so ('a.b', 'c') and ('a', 'b.c') never collide.
 */
export function deterministicUuid(...parts: string[]): string {
  if (parts.length === 0) {
    throw new TypeError('deterministicUuid needs at least one part');
  }
  return uuidV5(JSON.stringify(parts));
}
