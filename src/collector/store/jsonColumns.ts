/**
 * Readers of the JSON text columns (owners, tags, pii_columns). Each is tolerant: a value that
 * is not the expected JSON reads as empty, never as an error, because a query must not fail on
 * one odd row. One reader per column shape, so every query reads a column the same way.
 */

/** The array a JSON column holds, or [] for null, malformed JSON or anything else. */
export function jsonArray(text: string | null): unknown[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
}

/** Owner names from `owners`: the ownership facet's `{ name, type }` objects, or plain strings. */
export function ownerNamesOf(text: string | null): string[] {
  const names: string[] = [];
  for (const owner of jsonArray(text)) {
    const name = typeof owner === 'string' ? owner : typeof owner === 'object' && owner !== null ? (owner as { name?: unknown }).name : undefined;
    if (typeof name === 'string' && name.trim() !== '') names.push(name);
  }
  return names;
}

/** A list of strings (`pii_columns`); anything else in the array is left out. */
export function stringListOf(text: string | null): string[] {
  return jsonArray(text).filter((item): item is string => typeof item === 'string');
}
