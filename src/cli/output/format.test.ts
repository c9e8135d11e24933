import { expect, test } from 'vitest';
import { csvField, toCsv } from './csv';
import { formatAgo, formatCount, formatDuration, formatPercent } from './format';
import { colorEnabled, createStyle, paintFor } from './style';

test('durations read short', () => {
  expect(formatDuration(850)).toBe('850ms');
  expect(formatDuration(42_000)).toBe('42s');
  expect(formatDuration(252_000)).toBe('4m 12s');
  expect(formatDuration(3 * 3_600_000 + 5 * 60_000)).toBe('3h 5m');
  expect(formatDuration(52 * 3_600_000)).toBe('2d 4h');
  expect(formatDuration(null)).toBe('');
  expect(formatAgo(1_000, 3_601_000)).toBe('1h ago');
});

test('percentages and counts', () => {
  expect(formatPercent(1)).toBe('100%');
  expect(formatPercent(0)).toBe('0%');
  expect(formatPercent(0.9523)).toBe('95.2%');
  expect(formatPercent(null)).toBe('');
  expect(formatCount(1234567)).toBe('1,234,567');
});

test('CSV quotes what needs quoting and defuses spreadsheet formulas', () => {
  expect(csvField('plain')).toBe('plain');
  expect(csvField('a,b')).toBe('"a,b"');
  expect(csvField('say "hi"')).toBe('"say ""hi"""');
  expect(csvField('two\nlines')).toBe('"two\nlines"');
  expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
  expect(csvField(-3)).toBe('-3');
  expect(csvField(null)).toBe('');
  expect(toCsv([{ time: '2024-11-20T00:00:00.000Z', runs: 3, rate: null }])).toBe('time,runs,rate\n2024-11-20T00:00:00.000Z,3,\n');
});

test('colour only on a terminal, never with NO_COLOR or TERM=dumb', () => {
  expect(colorEnabled({ write: () => true, isTTY: true }, {})).toBe(true);
  expect(colorEnabled({ write: () => true, isTTY: false }, {})).toBe(false);
  expect(colorEnabled({ write: () => true }, {})).toBe(false);
  expect(colorEnabled({ write: () => true, isTTY: true }, { NO_COLOR: '1' })).toBe(false);
  expect(colorEnabled({ write: () => true, isTTY: true }, { NO_COLOR: '' })).toBe(true);
  expect(colorEnabled({ write: () => true, isTTY: true }, { TERM: 'dumb' })).toBe(false);
  expect(paintFor(createStyle(true), 'FAIL')('FAIL')).toBe('\u001b[31mFAIL\u001b[39m');
  expect(paintFor(createStyle(false), 'FAIL')('FAIL')).toBe('FAIL');
});
