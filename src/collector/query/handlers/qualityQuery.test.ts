import { beforeAll, describe, expect, it } from 'vitest';
import type { QueryRequest, QueryResult, QueryTarget } from '../../../contract/query';
import { sharedDatabaseForSuite, testDatabaseKinds } from '../../../../tests/node/support/testDatabases';
import { day, healthSlas, hour, loadHealthHistory, now } from '../../sla/__fixtures__/datasetHealthHistory';
import type { PaneDatabase } from '../../store/openDatabase';
import { rows, values } from '../__fixtures__/queryTestKit';
import { runQuery } from '../runQuery';

const midnight = now - 12 * hour;

describe.each(testDatabaseKinds)('quality and qualityStats queries on %s', (kind) => {
  const suite = sharedDatabaseForSuite(kind, loadHealthHistory);
  let database: PaneDatabase;
  const slas = healthSlas();

  const answer = async (target: Record<string, unknown>, request: Partial<QueryRequest> = {}): Promise<QueryResult> => {
    const full: QueryRequest = { range: { from: now - 24 * hour, to: now }, ...request, targets: [{ refId: 'A', ...target } as QueryTarget] };
    return (await runQuery(full, { database, slas, now })).results.A;
  };
  const framesOf = async (target: Record<string, unknown>, request: Partial<QueryRequest> = {}) => {
    const result = await answer(target, request);
    if (result.error) throw new Error(result.error);
    return result.frames;
  };

  beforeAll(() => {
    database = suite.database;
  });

  it('lists check results in the range, newest first', async () => {
    const [frame] = await framesOf({ kind: 'quality' });
    expect(frame.fields.map((f) => [f.name, f.type])).toEqual([
      ['time', 'time'],
      ['dataset_id', 'string'],
      ['dataset', 'string'],
      ['namespace', 'string'],
      ['check', 'string'],
      ['column', 'string'],
      ['passed', 'boolean'],
      ['severity', 'string'],
      ['actual', 'string'],
      ['expected', 'string'],
      ['message', 'string'],
      ['run_id', 'string'],
    ]);
    const results = rows(frame);
    expect(results).toHaveLength(4);
    expect(values(frame, 'time')).toEqual([midnight + 10 * hour + 60_000, midnight + 10 * hour + 60_000, midnight + 4 * hour + 60_000, midnight + 4 * hour + 60_000]);
    const failed = results.find((r) => r.passed === false);
    expect(failed).toMatchObject({
      dataset_id: 'dataset:snowflake%3A//acme:analytics.orders_daily',
      dataset: 'analytics.orders_daily',
      check: 'unique',
      column: 'order_id',
      severity: 'error',
      actual: '3 duplicates',
      expected: '0 duplicates',
      time: midnight + 10 * hour + 60_000,
    });
    expect(typeof failed?.run_id).toBe('string');
  });

  it('filters by failedOnly, check, dataset and namespace', async () => {
    const [failedOnly] = await framesOf({ kind: 'quality', failedOnly: true }, { range: { from: now - 30 * day, to: now } });
    expect(values(failedOnly, 'check')).toEqual(['unique']);
    const [notNull] = await framesOf({ kind: 'quality', check: 'not_null' }, { range: { from: now - 30 * day, to: now } });
    expect(values(notNull, 'passed')).toHaveLength(60);
    expect(new Set(values(notNull, 'passed'))).toEqual(new Set([true]));
    const [byNode] = await framesOf({ kind: 'quality', dataset: 'dataset:snowflake%3A//acme:analytics.orders_daily' });
    expect(values(byNode, 'check')).toHaveLength(4);
    const [elsewhere] = await framesOf({ kind: 'quality', namespace: 'postgres://raw' });
    expect(values(elsewhere, 'check')).toEqual([]);
    const [limited] = await framesOf({ kind: 'quality', limit: 3 });
    expect(values(limited, 'check')).toHaveLength(3);
    expect(limited.meta?.notices?.[0].text).toMatch(/^Showing the newest 3 results/);
  });

  it('refuses bad filters with the field named', async () => {
    expect(await answer({ kind: 'quality', failedOnly: 'yes' })).toMatchObject({ status: 400, error: 'targets/0/failedOnly: must be true or false, got "yes"' });
    expect(await answer({ kind: 'qualityStats', groupBy: 'column' })).toMatchObject({ status: 400, error: 'targets/0/groupBy: "column" is not one of check, dataset' });
  });

  it('answers pass rate per dataset and check per interval, worst series first', async () => {
    const frames = await framesOf({ kind: 'qualityStats' }, { range: { from: midnight - 2 * day, to: now }, intervalMs: day });
    expect(frames).toHaveLength(2);
    const [unique, notNull] = frames;
    expect(unique.meta).toMatchObject({ preferredVisualisationType: 'graph', type: 'timeseries-multi', custom: { intervalMs: day, groupBy: 'check', series: 2 } });
    expect(unique.fields.map((f) => [f.name, f.type, f.labels])).toEqual([
      ['time', 'time', undefined],
      ['pass_rate', 'number', { namespace: 'snowflake://acme', dataset: 'analytics.orders_daily', check: 'unique' }],
      ['results', 'number', { namespace: 'snowflake://acme', dataset: 'analytics.orders_daily', check: 'unique' }],
    ]);
    expect(values(unique, 'time')).toEqual([midnight - 2 * day, midnight - day, midnight]);
    expect(values(unique, 'pass_rate')).toEqual([1, 1, 0.5]);
    expect(values(unique, 'results')).toEqual([2, 2, 2]);
    expect(values(notNull, 'pass_rate')).toEqual([1, 1, 1]);
    expect(notNull.fields[1].labels?.check).toBe('not_null');
  });

  it('groups per dataset, and answers one empty frame when nothing matches', async () => {
    const [perDataset] = await framesOf({ kind: 'qualityStats', groupBy: 'dataset' }, { range: { from: midnight - day, to: now }, intervalMs: day });
    expect(values(perDataset, 'pass_rate')).toEqual([1, 0.75]);
    expect(perDataset.fields[1].labels).toEqual({ namespace: 'snowflake://acme', dataset: 'analytics.orders_daily' });
    const empty = await framesOf({ kind: 'qualityStats', check: 'no_such_check' });
    expect(empty).toHaveLength(1);
    expect(values(empty[0], 'pass_rate')).toEqual([]);
    const limited = await framesOf({ kind: 'qualityStats', limit: 1 }, { range: { from: midnight - day, to: now }, intervalMs: day });
    expect(limited).toHaveLength(1);
    expect(limited[0].meta?.notices?.[0].text).toMatch(/^Showing the 1 worst of 2 series/);
  });
});
