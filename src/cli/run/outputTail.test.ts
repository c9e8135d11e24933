import { expect, test } from 'vitest';
import { OutputTail } from './outputTail';

test('keeps the last lines of whatever passes through', () => {
  const tail = new OutputTail(3, 1024);
  for (let i = 1; i <= 1000; i++) tail.push(Buffer.from(`line ${i}\n`));
  expect(tail.toString()).toBe('line 998\nline 999\nline 1000');
});

test('at most maxBytes, cut at line starts, and within one long line at a character boundary', () => {
  const tail = new OutputTail(50, 20);
  tail.push('first line that is long\nsecond\nthird\n');
  expect(tail.toString()).toBe('second\nthird');
  const long = new OutputTail(50, 10);
  long.push(Buffer.from('ééééééééééééé', 'utf8'));
  const text = long.toString();
  expect(Buffer.byteLength(text)).toBeLessThanOrEqual(10);
  expect(text).toMatch(/^é+$/);
});

test('multi-byte characters split across chunks, colours and carriage returns', () => {
  const tail = new OutputTail();
  const bytes = Buffer.from('\u001b[31mERROR\u001b[0m: Übergröße\r\n', 'utf8');
  tail.push(bytes.subarray(0, 20));
  tail.push(bytes.subarray(20));
  tail.push('progress 10%\rprogress 100%\n\n\n');
  expect(tail.toString()).toBe('ERROR: Übergröße\nprogress 10%\nprogress 100%');
});
