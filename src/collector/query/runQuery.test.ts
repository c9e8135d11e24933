import { beforeAll, describe, expect, it } from 'vitest';
import { type QueryRequest, queryKinds } from '../../contract/query';
import { sharedDatabaseForSuite, testDatabaseKinds } from '../../../tests/node/support/testDatabases';
import type { PaneDatabase } from '../store/openDatabase';
import { historyNow, historyStart, hour, loadPipelineHistory } from './__fixtures__/pipelineHistory';
import { testSlas } from './__fixtures__/queryTestKit';
import { QueryError } from './queryContext';
import { runQuery } from './runQuery';

describe.each(testDatabaseKinds)('runQuery on %s', (kind) => {
  const suite = sharedDatabaseForSuite(kind, loadPipelineHistory);
  let database: PaneDatabase;
  const run = (request: unknown) => runQuery(request as QueryRequest, { database, slas: testSlas, now: historyNow });

  async function rejection(request: unknown): Promise<QueryError> {
    try {
      await run(request);
    } catch (error) {
      expect(error).toBeInstanceOf(QueryError);
      return error as QueryError;
    }
    throw new Error('expected the request to be refused');
  }

  beforeAll(() => {
    database = suite.database;
  });

  it('answers every visible target by refId, frames tagged with it', async () => {
    const response = await run({
      range: { from: new Date(historyStart).toISOString(), to: 'now' },
      maxDataPoints: 12,
      targets: [
        { refId: 'runs', kind: 'runs', states: ['FAIL'] },
        { refId: 'stats', kind: 'runStats', metric: 'successRate' },
        { refId: 'hidden', kind: 'runs', hide: true },
      ],
    });
    expect(Object.keys(response.results)).toEqual(['runs', 'stats']);
    expect(response.results.runs.frames[0].refId).toBe('runs');
    expect(response.results.runs.frames[0].fields[0].values).toHaveLength(2);
    // 12 h over 12 points: hourly buckets
    const stats = response.results.stats.frames[0];
    expect(stats.refId).toBe('stats');
    expect(stats.meta?.custom?.intervalMs).toBe(hour);
    expect(stats.fields[0].values[0]).toBe(historyStart);
  });

  it('defaults to the last 24 hours', async () => {
    const response = await run({ targets: [{ refId: 'A', kind: 'runStats' }], intervalMs: 6 * hour });
    // now − 24 h … now in 6 h buckets; the twelve hours of history fill the third and fourth
    const [time, complete] = response.results.A.frames[0].fields;
    expect(time.values).toEqual([-2, -1, 0, 1, 2].map((i) => historyStart + i * 6 * hour));
    expect(complete.values).toEqual([0, 0, 24 + 3, 2 + 4 + 4 + 1 + 4 + 1, 0]);
  });

  it('answers a target with bad filters with its own 400 while the others answer', async () => {
    const response = await run({
      targets: [
        { refId: 'A', kind: 'trace', runId: '01934a2e-0000-7000-8000-000000000bbb', depth: 99 },
        { refId: 'B', kind: 'variables', subject: 'namespaces' },
        { refId: 'C', kind: 'runs', states: 'FAILED' },
      ],
    });
    expect(response.results.A).toEqual({ frames: [], status: 400, error: 'targets/0/depth: must be between 0 and 50, got 99' });
    expect(response.results.B.error).toBeUndefined();
    expect(response.results.B.frames[0].fields[0].values).toContain('airflow-prod');
    expect(response.results.C).toMatchObject({ status: 400, error: expect.stringMatching(/^targets\/2\/states: "FAILED" is not one of/) });
  });

  it('refuses a malformed request, naming the field', async () => {
    expect((await rejection({})).field).toBe('targets');
    expect((await rejection({ targets: [] })).field).toBe('targets');
    expect((await rejection([])).field).toBe('');
    expect((await rejection({ targets: ['runs'] })).field).toBe('targets/0');
    expect((await rejection({ targets: [{ kind: 'runs' }] })).field).toBe('targets/0/refId');
    expect((await rejection({ targets: [{ refId: 'A', kind: 'runs' }, { refId: 'A', kind: 'runs' }] })).field).toBe('targets/1/refId');
    expect((await rejection({ targets: [{ refId: 'A', kind: 'runs' }, { refId: 'B' }] })).field).toBe('targets/1/kind');
    expect((await rejection({ targets: [{ refId: 'A', kind: 'runs', hide: 'yes' }] })).field).toBe('targets/0/hide');
    expect((await rejection({ targets: [{ refId: 'A', kind: 'runs' }], range: { from: 'last tuesday', to: 'now' } })).field).toBe('range/from');
    expect((await rejection({ targets: [{ refId: 'A', kind: 'runs' }], range: { from: 'now', to: 'now-1d' } })).field).toBe('range/from');
    expect((await rejection({ targets: [{ refId: 'A', kind: 'runs' }], intervalMs: 0 })).field).toBe('intervalMs');
  });

  it('lists the known kinds when the kind is unknown', async () => {
    const error = await rejection({ targets: [{ refId: 'A', kind: 'runs' }, { refId: 'B', kind: 'pipelines' }] });
    expect(error.field).toBe('targets/1/kind');
    expect(error.message).toBe(`"pipelines" is not a query kind; known kinds: ${queryKinds.join(', ')}`);
  });
});
