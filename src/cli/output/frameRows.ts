import type { DataFrameJson } from '../../contract/frames';
import { CliError, exitCodes } from '../exitCodes';

/** Data frames → plain rows keyed by field name: what tables and --json print. */
export type Row = Record<string, unknown>;

export function rowsOf(frame: DataFrameJson | undefined): Row[] {
  if (!frame) return [];
  const length = frame.fields[0]?.values.length ?? 0;
  const rows: Row[] = [];
  for (let i = 0; i < length; i++) {
    const row: Row = {};
    for (const field of frame.fields) row[field.name] = field.values[i] ?? null;
    rows.push(row);
  }
  return rows;
}

/** The frame of a name (`nodes`, `edges`, `runs`); the first frame when there is only one. */
export function frameNamed(frames: DataFrameJson[], name: string): DataFrameJson {
  const found = frames.find((f) => f.name === name) ?? (frames.length === 1 ? frames[0] : undefined);
  if (!found) {
    throw new CliError(
      `the collector answered without a "${name}" frame (got ${frames.map((f) => f.name ?? '?').join(', ') || 'none'}): is it a newer or older version?`,
      exitCodes.unreachable,
    );
  }
  return found;
}

/** Warnings the collector attached to frames (e.g. "showing the newest 50 runs"). */
export const noticesOf = (frames: DataFrameJson[]): string[] =>
  frames.flatMap((f) => (f.meta?.notices ?? []).filter((n) => n.severity !== 'info').map((n) => n.text));

export const str = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
export const num = (value: unknown): number | null => {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
};

/** Picks fields of a row in the order given (for --json output of a subset). */
export const pick = (row: Row, keys: string[]): Row => Object.fromEntries(keys.map((k) => [k, row[k] ?? null]));

/** Rows for --json: time fields as ISO 8601 strings (null stays null), everything else as answered. */
export function jsonRowsOf(frame: DataFrameJson | undefined, keys?: string[]): Row[] {
  if (!frame) return [];
  const timeFields = new Set(frame.fields.filter((f) => f.type === 'time').map((f) => f.name));
  return rowsOf(frame).map((row) => {
    const out: Row = {};
    for (const key of keys ?? Object.keys(row)) {
      const value = row[key] ?? null;
      out[key] = timeFields.has(key) && typeof value === 'number' ? new Date(value).toISOString() : value;
    }
    return out;
  });
}
