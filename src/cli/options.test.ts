import { expect, test } from 'vitest';
import { CliError } from './exitCodes';
import { defaultCollectorUrl, parseDurationMs, parseSince, resolveConnection } from './options';
import { parseStates } from './commands/runsCommand';
import { levelsFrom } from './commands/logsCommand';
import { datasetRef } from './commands/runCommand';

test('durations', () => {
  expect(parseDurationMs('90s')).toBe(90_000);
  expect(parseDurationMs('24h')).toBe(86_400_000);
  expect(parseDurationMs('7d')).toBe(7 * 86_400_000);
  expect(parseDurationMs('1h30m')).toBe(5_400_000);
  expect(parseDurationMs('2w')).toBe(14 * 86_400_000);
  expect(parseDurationMs('yesterday')).toBeUndefined();
  expect(parseDurationMs('0s')).toBeUndefined();
  expect(parseDurationMs('10')).toBeUndefined();
});

test('--since: a duration back from now or a time', () => {
  const now = Date.parse('2024-11-20T12:00:00Z');
  expect(parseSince('2h', now)).toBe(Date.parse('2024-11-20T10:00:00Z'));
  expect(parseSince('2024-11-19T00:00:00Z', now)).toBe(Date.parse('2024-11-19T00:00:00Z'));
  expect(() => parseSince('last tuesday', now)).toThrow(/--since "last tuesday" is neither a duration/);
  try {
    parseSince('nope', now);
  } catch (error) {
    expect((error as CliError).exitCode).toBe(2);
  }
});

test('the connection: flags first, then environment, then the default', () => {
  expect(resolveConnection({}, {})).toEqual({ url: defaultCollectorUrl, token: undefined, timeoutMs: 30_000 });
  expect(resolveConnection({}, { PANE_URL: 'https://pane.internal', PANE_TOKEN: 'env-token' })).toEqual({
    url: 'https://pane.internal',
    token: 'env-token',
    timeoutMs: 30_000,
  });
  expect(resolveConnection({ url: 'http://flag:1', token: 'flag-token', timeout: 2.5 }, { PANE_URL: 'https://env', PANE_TOKEN: 'x' })).toEqual({
    url: 'http://flag:1',
    token: 'flag-token',
    timeoutMs: 2500,
  });
  expect(() => resolveConnection({ url: 'not a url' }, {})).toThrow(/is not a URL/);
  expect(() => resolveConnection({ url: 'ftp://host' }, {})).toThrow(/http:\/\/ or https:\/\//);
});

test('words for run states and log levels', () => {
  expect(parseStates('failed,running', undefined)).toEqual(['FAIL', 'START', 'RUNNING']);
  expect(parseStates('success', ['FAIL'])).toEqual(['FAIL', 'COMPLETE']);
  expect(() => parseStates('exploded', undefined)).toThrow(/not one of/);
  expect(levelsFrom('warning')).toEqual(['warning', 'error']);
  expect(levelsFrom('WARN')).toEqual(['warning', 'error']);
  expect(levelsFrom('info')).toEqual(['info', 'warning', 'error']);
  expect(() => levelsFrom('debug')).toThrow(/info, warning or error/);
});

test('datasets on the pane run command line', () => {
  expect(datasetRef('orders.csv')).toBe('orders.csv');
  expect(datasetRef('s3://exports:daily/orders.csv')).toEqual({ namespace: 's3://exports', name: 'daily/orders.csv' });
  expect(datasetRef('postgres://db:5432:public.orders')).toEqual({ namespace: 'postgres://db:5432', name: 'public.orders' });
  expect(datasetRef('warehouse:analytics.orders')).toEqual({ namespace: 'warehouse', name: 'analytics.orders' });
  expect(datasetRef('s3://bucket')).toBe('s3://bucket');
  expect(datasetRef('dataset:snowflake%3A//acme:raw.orders')).toEqual({ namespace: 'snowflake://acme', name: 'raw.orders' });
});
