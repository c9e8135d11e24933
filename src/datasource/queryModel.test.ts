import { describe, expect, it } from 'vitest';

import { QueryModelError, buildTarget, interpolateQuery } from './queryModel';
import type { PaneQuery } from './types';

const variables: Record<string, string | string[]> = { ns: 'airflow-prod', states: ['FAIL', 'ABORT'], depth: '3', when: '2024-11-20T12:00:00Z' };
// Grafana's replace: single values as they are, multi-values by format (csv here, glob by default).
const replace = (value: string, format?: string) =>
  value.replace(/\$(\w+)/g, (match, name) => {
    const v = variables[name];
    if (v === undefined) {return match;}
    return Array.isArray(v) ? (format === 'csv' ? v.join(',') : `{${v.join(',')}}`) : v;
  });

const build = (query: Partial<PaneQuery>, defaultNamespace?: string) => buildTarget({ refId: 'A', kind: 'runs', ...query } as PaneQuery, { replace, defaultNamespace, now: Date.parse('2024-11-20T12:00:00Z') });

describe('buildTarget', () => {
  it('sends only the fields of the kind, with variables resolved', () => {
    expect(build({ kind: 'runs', namespace: '$ns', states: ['$states', 'FAIL'], node: 'ignored', depth: 3 })).toEqual({
      refId: 'A',
      kind: 'runs',
      namespace: 'airflow-prod',
      states: ['FAIL', 'ABORT'],
    });
  });

  it('fills in the default namespace, except around a lineage node', () => {
    expect(build({ kind: 'freshness' }, 'warehouse')).toMatchObject({ namespace: 'warehouse' });
    expect(build({ kind: 'lineage', node: 'dataset:w:a' }, 'warehouse')).toEqual({ refId: 'A', kind: 'lineage', node: 'dataset:w:a' });
    expect(build({ kind: 'trace', runId: 'r' }, 'warehouse')).toEqual({ refId: 'A', kind: 'trace', runId: 'r' });
  });

  it('reads depth and limit as whole numbers, from variables too', () => {
    expect(build({ kind: 'lineage', node: 'job:a:b', depth: '$depth', limit: 50 })).toMatchObject({ depth: 3, limit: 50 });
    expect(() => build({ kind: 'lineage', node: 'job:a:b', depth: 'deep' })).toThrow(new QueryModelError('depth', 'must be a whole number, got "deep"'));
  });

  it('resolves "as of" from ISO, epoch ms and relative times', () => {
    expect(build({ kind: 'lineage', node: 'job:a:b', asOf: '$when' })).toMatchObject({ asOf: '2024-11-20T12:00:00Z' });
    expect(build({ kind: 'lineage', node: 'job:a:b', asOf: '1732104000000' })).toMatchObject({ asOf: 1732104000000 });
    expect(build({ kind: 'lineage', node: 'job:a:b', asOf: 'now-1d' })).toMatchObject({ asOf: Date.parse('2024-11-19T12:00:00Z') });
    expect(build({ kind: 'lineage', node: 'job:a:b', asOf: 'now' })).not.toHaveProperty('asOf');
    expect(() => build({ kind: 'lineage', node: 'job:a:b', asOf: 'yesterday' })).toThrow(/asOf: "yesterday" is not a time/);
  });

  it('names required fields', () => {
    expect(() => build({ kind: 'trace' })).toThrow('runId: is required for trace queries');
    expect(() => build({ kind: 'impact' })).toThrow('node: is required for impact queries');
    expect(() => build({ kind: 'lineage' })).toThrow('node: pick a node, or a namespace to show its whole graph');
  });

  it('keeps switches only when on, and hides hidden targets', () => {
    expect(build({ kind: 'quality', failedOnly: false, hide: true })).toEqual({ refId: 'A', kind: 'quality', hide: true });
    expect(build({ kind: 'volume', anomaliesOnly: true })).toMatchObject({ anomaliesOnly: true });
  });
});

describe('interpolateQuery', () => {
  it('resolves every string and list, keeping refId and kind', () => {
    expect(interpolateQuery({ refId: '$ns', kind: 'runs', namespace: '$ns', states: ['$states'] } as PaneQuery, replace)).toEqual({
      refId: '$ns',
      kind: 'runs',
      namespace: 'airflow-prod',
      states: ['FAIL', 'ABORT'],
    });
  });
});
