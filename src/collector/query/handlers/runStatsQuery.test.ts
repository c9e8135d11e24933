import { beforeAll, describe, expect, it } from 'vitest';
import { sharedDatabaseForSuite, testDatabaseKinds } from '../../../../tests/node/support/testDatabases';
import type { PaneDatabase } from '../../store/openDatabase';
import { extractSeconds, historyStart, hour, loadPipelineHistory, transformSeconds } from '../__fixtures__/pipelineHistory';
import { answerFrame, answerTarget, rows, values } from '../__fixtures__/queryTestKit';

const day = 24 * hour;
const hourly = { intervalMs: hour };

/** Nearest-rank percentile, the definition the query uses. */
const nearestRank = (sorted: number[], p: number) => sorted[Math.ceil((p / 100) * sorted.length) - 1];

describe.each(testDatabaseKinds)('runStats query on %s', (kind) => {
  const suite = sharedDatabaseForSuite(kind, loadPipelineHistory);
  let database: PaneDatabase;

  beforeAll(() => {
    database = suite.database;
  });

  it('counts runs by state per interval, zero-filled, one field per state', async () => {
    const frame = await answerFrame(database, { kind: 'runStats', metric: 'countByState' }, hourly);
    expect(frame.meta?.preferredVisualisationType).toBe('graph');
    expect(frame.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
      'time:time',
      'COMPLETE:number',
      'FAIL:number',
      'ABORT:number',
      'RUNNING:number',
      'START:number',
      'OTHER:number',
    ]);
    const byHour = rows(frame);
    expect(values(frame, 'time')).toEqual(Array.from({ length: 13 }, (_, h) => historyStart + h * hour));
    // a normal hour: the DAG run and its three tasks completed
    expect(byHour[2]).toEqual({ time: historyStart + 2 * hour, COMPLETE: 4, FAIL: 0, ABORT: 0, RUNNING: 0, START: 0, OTHER: 0 });
    // 04:00 also has the dbt invocation, its model and its test run
    expect(byHour[4]).toMatchObject({ COMPLETE: 7 });
    expect(byHour[6]).toMatchObject({ COMPLETE: 2, ABORT: 2, FAIL: 0 });
    expect(byHour[9]).toMatchObject({ COMPLETE: 1, FAIL: 2 });
    expect(byHour[11]).toMatchObject({ COMPLETE: 1, START: 2 });
    expect(byHour[12]).toMatchObject({ COMPLETE: 0, START: 0 });
    const total = byHour.reduce((sum, row) => sum + (Object.values(row) as number[]).slice(1).reduce((a, b) => a + b, 0), 0);
    expect(total).toBe(49);
  });

  it('computes the success rate of finished runs per interval', async () => {
    const frame = await answerFrame(database, { kind: 'runStats', metric: 'successRate' }, hourly);
    expect(frame.fields.map((f) => f.name)).toEqual(['time', 'success_rate']);
    expect(frame.fields[1].config?.unit).toBe('percentunit');
    const rates = values(frame, 'success_rate');
    expect(rates[0]).toBe(1);
    expect(rates[6]).toBe(0.5);
    expect(rates[9]).toBeCloseTo(1 / 3);
    expect(rates[11]).toBe(1);
    expect(rates[12]).toBeNull();
  });

  it('computes duration p50/p95/p99 per interval by nearest rank', async () => {
    const frame = await answerFrame(database, { kind: 'runStats', metric: 'duration', job: 'orders_hourly.extract_orders' }, { intervalMs: day });
    expect(frame.fields.map((f) => `${f.name}:${f.type}:${f.config?.unit}`)).toEqual(['time:time:undefined', 'p50:number:ms', 'p95:number:ms', 'p99:number:ms']);
    // one daily bucket holding the 12 extract runs: 60 s, 70 s, … 170 s
    expect(rows(frame)).toEqual([{ time: historyStart, p50: 110_000, p95: 170_000, p99: 170_000 }]);

    const hourlyTransform = await answerFrame(database, { kind: 'runStats', metric: 'duration', job: 'job:airflow-prod:orders_hourly.transform_orders' }, hourly);
    // one run per hour; the failed run of 09:00 has a duration too, the running one of 11:00 not yet
    expect(values(hourlyTransform, 'p50')).toEqual([...Array.from({ length: 11 }, (_, h) => transformSeconds(h) * 1000), null, null]);
    expect(values(hourlyTransform, 'p99')).toEqual(values(hourlyTransform, 'p50'));
  });

  it('agrees with the durations the runs table lists', async () => {
    const runs = await answerFrame(database, { kind: 'runs', namespace: 'airflow-prod' });
    const durations = (values(runs, 'duration_ms').filter((d) => d !== null) as number[]).sort((a, b) => a - b);
    const frame = await answerFrame(database, { kind: 'runStats', metric: 'duration', namespace: 'airflow-prod' }, { intervalMs: day });
    expect(rows(frame)).toEqual([
      { time: historyStart, p50: nearestRank(durations, 50), p95: nearestRank(durations, 95), p99: nearestRank(durations, 99) },
    ]);
    expect(durations).toContain(extractSeconds(0) * 1000);
  });

  it('filters by orchestrator and namespace', async () => {
    const dbt = await answerFrame(database, { kind: 'runStats', orchestrator: 'dbt' }, { intervalMs: day });
    expect(rows(dbt)).toEqual([{ time: historyStart, COMPLETE: 3, FAIL: 0, ABORT: 0, RUNNING: 0, START: 0, OTHER: 0 }]);
    const none = await answerFrame(database, { kind: 'runStats', namespace: 'nowhere' }, { intervalMs: day });
    expect(values(none, 'COMPLETE')).toEqual([0]);
  });

  it('answers 400 naming a bad metric', async () => {
    expect(await answerTarget(database, { kind: 'runStats', metric: 'p42' })).toMatchObject({
      status: 400,
      error: expect.stringMatching(/^targets\/0\/metric: "p42" is not one of countByState, duration, successRate/),
    });
  });
});
