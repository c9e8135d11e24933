/**
 * RFC 4180 CSV (with \n line ends, as Unix tools expect): a header from the first row's keys, fields quoted when they hold a comma,
 * quote or line break, quotes doubled. A field starting with = + - @ (a spreadsheet formula) is
 * prefixed with ' so opening the file never runs it.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: Array<Record<string, unknown>>, columns?: string[]): string {
  const keys = columns ?? (rows.length > 0 ? Object.keys(rows[0]) : []);
  const lines = [keys.map(csvField).join(','), ...rows.map((row) => keys.map((k) => csvField(row[k])).join(','))];
  return `${lines.join('\n')}\n`;
}
