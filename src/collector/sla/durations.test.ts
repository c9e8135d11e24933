import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './durations';

describe('parseDuration', () => {
  it.each([
    ['90m', 5400],
    ['6h', 21_600],
    ['2d', 172_800],
    ['1w', 604_800],
    ['45s', 45],
    ['1h30m', 5400],
    ['1d 12h', 129_600],
    [' 15m ', 900],
  ])('%s is %i seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(['6 hours', '6', '', 'h', '1.5h', '-1h', '0m', '30m1h', '1h1h', '6H', 'PT6H', '1y'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it('writes the shortest exact spelling', () => {
    expect(formatDuration(5400)).toBe('1h30m');
    expect(formatDuration(172_800)).toBe('2d');
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(61)).toBe('1m1s');
    expect(parseDuration(formatDuration(987_654))).toBe(987_654);
  });
});
