import { QueryError } from './queryContext';

/**
 * The query range: epoch ms, ISO 8601 times, or Grafana's relative times (`now`, `now-24h`,
 * `now-7d`, `now-1d/d`, `now/w`). Relative units: s, m, h, d, w, M (months), y; `/unit` rounds
 * down to the start of that unit in UTC. Without a range: the last 24 hours.
 */
export interface TimeRange {
  from: number;
  to: number;
}

export const defaultRangeMs = 24 * 60 * 60 * 1000;

const unitMs: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const relativePattern = /^now(?:([+-])(\d+)([smhdwMy]))?(?:\/([smhdwMy]))?$/;
const isoPattern = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** One end of a range, as epoch ms; `field` names it in the error (`range/from`). */
export function parseTimeValue(value: unknown, now: number, field: string): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw new QueryError(field, `must be epoch milliseconds, got ${value}`);
    return Math.trunc(value);
  }
  if (typeof value !== 'string' || value.trim() === '') {
    throw new QueryError(field, 'must be epoch milliseconds, an ISO time or a relative time like "now-24h"');
  }
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const relative = relativePattern.exec(text);
  if (relative) {
    const [, sign, amount, unit, roundTo] = relative;
    let time = sign ? shift(now, (sign === '-' ? -1 : 1) * Number(amount), unit) : now;
    if (roundTo) time = startOf(time, roundTo);
    return time;
  }
  if (isoPattern.test(text)) {
    const time = Date.parse(text);
    if (Number.isFinite(time)) return time;
  }
  throw new QueryError(
    field,
    `"${text}" is not a time: use epoch milliseconds, an ISO time (2024-11-20T02:00:00Z) or a relative time (now, now-24h, now-7d, now-1d/d)`,
  );
}

/** The request's range; `to` defaults to now and `from` to 24 h before `to`. */
export function parseTimeRange(range: unknown, now: number): TimeRange {
  if (range === undefined || range === null) return { from: now - defaultRangeMs, to: now };
  if (typeof range !== 'object' || Array.isArray(range)) {
    throw new QueryError('range', 'must be an object {from, to}');
  }
  const { from: rawFrom, to: rawTo } = range as { from?: unknown; to?: unknown };
  const to = rawTo === undefined ? now : parseTimeValue(rawTo, now, 'range/to');
  const from = rawFrom === undefined ? to - defaultRangeMs : parseTimeValue(rawFrom, now, 'range/from');
  if (from > to) {
    throw new QueryError('range/from', `the range starts (${new Date(from).toISOString()}) after it ends (${new Date(to).toISOString()})`);
  }
  return { from, to };
}

function shift(time: number, amount: number, unit: string): number {
  if (unit === 'M' || unit === 'y') {
    const date = new Date(time);
    date.setUTCMonth(date.getUTCMonth() + amount * (unit === 'y' ? 12 : 1));
    return date.getTime();
  }
  return time + amount * unitMs[unit];
}

function startOf(time: number, unit: string): number {
  const date = new Date(time);
  switch (unit) {
    case 'y':
      return Date.UTC(date.getUTCFullYear(), 0, 1);
    case 'M':
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
    case 'w': {
      // Grafana's default week starts on Monday
      const day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
      return day - ((date.getUTCDay() + 6) % 7) * unitMs.d;
    }
    default:
      return time - (time % unitMs[unit]);
  }
}
