import { describe, expect, it } from 'vitest';
import { parseIsoTime } from './isoTime';

describe('parseIsoTime', () => {
  it.each([
    ['2024-05-01T12:00:00Z', Date.UTC(2024, 4, 1, 12)],
    ['2024-05-01T12:00:00.123Z', Date.UTC(2024, 4, 1, 12, 0, 0, 123)],
    ['2024-05-01T12:00:00.123456+00:00', Date.UTC(2024, 4, 1, 12, 0, 0, 123)],
    ['2024-05-01T14:00:00+02:00', Date.UTC(2024, 4, 1, 12)],
    ['2024-05-01T14:00:00+0200', Date.UTC(2024, 4, 1, 12)],
    ['2024-05-01T14:00:00+02', Date.UTC(2024, 4, 1, 12)],
    ['2024-05-01T07:00:00-05', Date.UTC(2024, 4, 1, 12)],
    ['2024-05-01 12:00:00Z', Date.UTC(2024, 4, 1, 12)],
    ['2016-12-31T23:59:60Z', Date.UTC(2016, 11, 31, 23, 59, 59)],
    ['2016-12-31T23:59:60.5Z', Date.UTC(2016, 11, 31, 23, 59, 59, 500)],
  ])('%s', (text, ms) => {
    expect(parseIsoTime(text)).toBe(ms);
  });

  it('is NaN for what is not a date-time', () => {
    expect(parseIsoTime('yesterday')).toBeNaN();
    expect(parseIsoTime('')).toBeNaN();
  });
});
