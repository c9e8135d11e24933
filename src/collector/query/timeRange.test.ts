import { describe, expect, it } from 'vitest';
import { QueryError } from './queryContext';
import { queryIntervalMs, roundUpToNiceInterval } from './queryInterval';
import { defaultRangeMs, parseTimeRange, parseTimeValue } from './timeRange';

const now = Date.parse('2024-11-20T12:34:56.789Z');
const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

function fieldOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(QueryError);
    return (error as QueryError).field;
  }
  throw new Error('expected a QueryError');
}

describe('parseTimeValue', () => {
  it('takes epoch milliseconds as a number or a digit string', () => {
    expect(parseTimeValue(1732104000000, now, 'range/from')).toBe(1732104000000);
    expect(parseTimeValue('1732104000000', now, 'range/from')).toBe(1732104000000);
  });

  it('takes ISO times with and without offsets', () => {
    expect(parseTimeValue('2024-11-20T02:00:00Z', now, 'range/from')).toBe(Date.parse('2024-11-20T02:00:00Z'));
    expect(parseTimeValue('2024-11-20T04:00:00.500+02:00', now, 'range/from')).toBe(Date.parse('2024-11-20T02:00:00.500Z'));
    expect(parseTimeValue('2024-11-20', now, 'range/from')).toBe(Date.parse('2024-11-20T00:00:00Z'));
  });

  it("takes Grafana's relative times", () => {
    expect(parseTimeValue('now', now, 'range/to')).toBe(now);
    expect(parseTimeValue('now-24h', now, 'range/from')).toBe(now - day);
    expect(parseTimeValue('now-7d', now, 'range/from')).toBe(now - 7 * day);
    expect(parseTimeValue('now-15m', now, 'range/from')).toBe(now - 15 * minute);
    expect(parseTimeValue('now+1h', now, 'range/to')).toBe(now + hour);
    expect(parseTimeValue('now-1M', now, 'range/from')).toBe(Date.parse('2024-10-20T12:34:56.789Z'));
    expect(parseTimeValue('now-1y', now, 'range/from')).toBe(Date.parse('2023-11-20T12:34:56.789Z'));
  });

  it('rounds relative times down to the start of a unit (UTC)', () => {
    expect(parseTimeValue('now/d', now, 'range/from')).toBe(Date.parse('2024-11-20T00:00:00Z'));
    expect(parseTimeValue('now-1d/d', now, 'range/from')).toBe(Date.parse('2024-11-19T00:00:00Z'));
    expect(parseTimeValue('now/h', now, 'range/from')).toBe(Date.parse('2024-11-20T12:00:00Z'));
    // 2024-11-20 is a Wednesday; Grafana weeks start on Monday
    expect(parseTimeValue('now/w', now, 'range/from')).toBe(Date.parse('2024-11-18T00:00:00Z'));
    expect(parseTimeValue('now/M', now, 'range/from')).toBe(Date.parse('2024-11-01T00:00:00Z'));
  });

  it('names the field for anything else', () => {
    for (const bad of ['yesterday', 'now-24', 'now-3x', '', '2024-13-45', -5, Number.NaN, {}, null, true]) {
      expect(fieldOf(() => parseTimeValue(bad, now, 'range/from'))).toBe('range/from');
    }
  });
});

describe('parseTimeRange', () => {
  it('defaults to the last 24 hours', () => {
    expect(parseTimeRange(undefined, now)).toEqual({ from: now - defaultRangeMs, to: now });
    expect(parseTimeRange({ to: 'now-1h' }, now)).toEqual({ from: now - hour - day, to: now - hour });
  });

  it('mixes forms', () => {
    expect(parseTimeRange({ from: 'now-6h', to: '2024-11-20T12:00:00Z' }, now)).toEqual({
      from: now - 6 * hour,
      to: Date.parse('2024-11-20T12:00:00Z'),
    });
  });

  it('refuses a range that ends before it starts, or is not an object', () => {
    expect(fieldOf(() => parseTimeRange({ from: 'now', to: 'now-1h' }, now))).toBe('range/from');
    expect(fieldOf(() => parseTimeRange({ from: 'now-1h', to: 'later' }, now))).toBe('range/to');
    expect(fieldOf(() => parseTimeRange('now-1h', now))).toBe('range');
    expect(fieldOf(() => parseTimeRange([1, 2], now))).toBe('range');
  });
});

describe('queryIntervalMs', () => {
  const range = { from: now - day, to: now };

  it('rounds up to 1m, 5m, 15m, 1h, 6h, 1d, then whole days', () => {
    expect(roundUpToNiceInterval(1)).toBe(minute);
    expect(roundUpToNiceInterval(minute)).toBe(minute);
    expect(roundUpToNiceInterval(61_000)).toBe(5 * minute);
    expect(roundUpToNiceInterval(14 * minute)).toBe(15 * minute);
    expect(roundUpToNiceInterval(2 * hour)).toBe(6 * hour);
    expect(roundUpToNiceInterval(20 * hour)).toBe(day);
    expect(roundUpToNiceInterval(2.5 * day)).toBe(3 * day);
  });

  it('uses the request intervalMs, else the range over maxDataPoints, else about 100 points', () => {
    expect(queryIntervalMs(range, { intervalMs: 30_000 })).toBe(minute);
    expect(queryIntervalMs(range, { intervalMs: 3_600_000 })).toBe(hour);
    expect(queryIntervalMs(range, { maxDataPoints: 1000 })).toBe(5 * minute); // 86.4 s
    expect(queryIntervalMs(range, { maxDataPoints: 24 })).toBe(hour);
    expect(queryIntervalMs(range, {})).toBe(15 * minute); // 14.4 min
    expect(queryIntervalMs({ from: now - 90 * day, to: now }, { maxDataPoints: 100 })).toBe(day);
  });

  it('never cuts a range into more than 11,000 buckets', () => {
    const year = { from: now - 365 * day, to: now };
    expect(queryIntervalMs(year, { intervalMs: 1 })).toBe(hour);
  });

  it('names bad intervalMs and maxDataPoints', () => {
    expect(fieldOf(() => queryIntervalMs(range, { intervalMs: -1 }))).toBe('intervalMs');
    expect(fieldOf(() => queryIntervalMs(range, { intervalMs: '1m' }))).toBe('intervalMs');
    expect(fieldOf(() => queryIntervalMs(range, { maxDataPoints: 0 }))).toBe('maxDataPoints');
    expect(fieldOf(() => queryIntervalMs(range, { maxDataPoints: 2.5 }))).toBe('maxDataPoints');
  });
});
