/**
 * Epoch milliseconds of an RFC 3339 / ISO-8601 date-time as OpenLineage emitters write it
 * (`2024-05-01T12:00:00.123456+00:00`, `...Z`, `+0000`, leap second `23:59:60`).
 * NaN when it is not one.
 */
export function parseIsoTime(value: string): number {
  const ms = Date.parse(value);
  if (!Number.isNaN(ms)) return ms;
  // Forms Date.parse rejects but RFC 3339 / ISO-8601 allow: offset without minutes, leap second.
  const fixed = value
    .replace(/([+-]\d\d)$/, '$1:00')
    .replace(/([+-]\d\d)(\d\d)$/, '$1:$2')
    .replace(/:60(?=[.zZ+-]|$)/, ':59');
  return fixed === value ? Number.NaN : Date.parse(fixed);
}
