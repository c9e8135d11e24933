import { createHash } from 'node:crypto';

/**
 * A stable key for a received document: the hash of its canonical JSON (keys sorted),
 * so a retried delivery with keys in another order is still recognised as the same event.
 */
export function eventKeyOf(source: string, document: unknown): string {
  return createHash('sha256').update(source).update('\0').update(canonicalJson(document)).digest('hex');
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  const entries = Object.keys(value as Record<string, unknown>)
    .sort()
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
}
