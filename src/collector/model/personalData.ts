import type { SchemaField, Tag } from './observations';

// Tag keys or values that data teams use to mark columns holding personal data.
const personalDataMarker = /^(pii|personal([ _-]?data)?|gdpr|sensitive|phi|confidential[ _-]?personal)$/i;

export const isPersonalDataTag = (tag: Tag): boolean =>
  personalDataMarker.test(tag.key) || (tag.key.toLowerCase() === 'classification' && personalDataMarker.test(tag.value));

/** Columns marked as personal data by column-level tags, in schema order where known. */
export function personalDataColumns(tags: Tag[] | undefined, schema?: SchemaField[]): string[] {
  const marked = new Set((tags ?? []).filter((t) => t.field && isPersonalDataTag(t)).map((t) => t.field as string));
  if (marked.size === 0) return [];
  const ordered = (schema ?? []).map((f) => f.name).filter((name) => marked.has(name));
  return [...new Set([...ordered, ...marked])];
}
