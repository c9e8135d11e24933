import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { RunState } from '../../../contract/query';
import { all, bucketOf, bucketStarts, equals, jobFilterOf, nodeAndNamespace, runsStartedIn } from '../filters';
import { field, numberField, timeField, visualisedFrame } from '../frameBuilders';
import type { QueryContext, QueryHandler } from '../queryContext';
import { runStateColors, runStates } from '../runDisplay';
import { optionalChoice, optionalString } from '../targetFields';

const metrics = ['countByState', 'duration', 'successRate'] as const;
type Metric = (typeof metrics)[number];

/** The order of the countByState fields: outcomes first, then runs still going. */
export const countedStates: readonly RunState[] = ['COMPLETE', 'FAIL', 'ABORT', 'RUNNING', 'START', 'OTHER'];

/**
 * Runs per interval as time series. Runs are placed in the bucket of their first event (their
 * start), which keeps every aggregation an index range scan on runs.first_event_time:
 * - countByState: time + one count field per state (zero-filled);
 * - duration: time + p50/p95/p99 of finished runs' durations (nearest rank, computed in SQL);
 * - successRate: time + COMPLETE / (COMPLETE + FAIL + ABORT), null where no run finished.
 */
export const runStatsQuery: QueryHandler<'runStats'> = async (target, context) => {
  const namespace = optionalString(target, 'namespace');
  const job = jobFilterOf(optionalString(target, 'job'));
  const orchestrator = optionalString(target, 'orchestrator');
  const metric: Metric = optionalChoice(target, 'metric', metrics, 'countByState');
  const where = all([
    runsStartedIn(context),
    nodeAndNamespace(job, namespace, 'runs.job_namespace', 'runs.job_name'),
    orchestrator === undefined ? undefined : equals('runs.orchestrator', orchestrator),
  ]);
  const buckets = bucketStarts(context, context.intervalMs);
  const meta = { custom: { intervalMs: context.intervalMs, bucketedBy: 'run start' } };

  if (metric === 'duration') {
    const percentiles = await durationPercentiles(context, where);
    const at = (p: keyof Percentiles) => buckets.map((b) => percentiles.get(b)?.[p] ?? null);
    return [
      visualisedFrame('graph', {
        name: 'run duration',
        meta,
        fields: [
          timeField('time', buckets),
          numberField('p50', at('p50'), { displayName: 'p50', unit: 'ms' }),
          numberField('p95', at('p95'), { displayName: 'p95', unit: 'ms' }),
          numberField('p99', at('p99'), { displayName: 'p99', unit: 'ms' }),
        ],
      }),
    ];
  }

  const counts = await countsByState(context, where);
  const count = (bucket: number, state: string) => counts.get(bucket)?.get(state) ?? 0;
  if (metric === 'successRate') {
    const rates = buckets.map((b) => {
      const finished = count(b, 'COMPLETE') + count(b, 'FAIL') + count(b, 'ABORT');
      return finished === 0 ? null : count(b, 'COMPLETE') / finished;
    });
    return [
      visualisedFrame('graph', {
        name: 'run success rate',
        meta,
        fields: [
          timeField('time', buckets),
          numberField('success_rate', rates, { displayName: 'Success rate', unit: 'percentunit', min: 0, max: 1 }),
        ],
      }),
    ];
  }
  return [
    visualisedFrame('graph', {
      name: 'runs by state',
      meta,
      fields: [
        timeField('time', buckets),
        ...countedStates.map((state) =>
          field(
            state,
            'number',
            buckets.map((b) => count(b, state)),
            { displayName: state, unit: 'short', color: { mode: 'fixed', fixedColor: runStateColors[state] } },
            { state },
          ),
        ),
      ],
    }),
  ];
};

async function countsByState(context: QueryContext, where: RawBuilder<SqlBool>): Promise<Map<number, Map<string, number>>> {
  const bucket = bucketOf('runs.first_event_time', context.intervalMs);
  const rows = await context.db
    .selectFrom('runs')
    .select([bucket.as('bucket'), 'state', (eb) => eb.fn.countAll<number | string>().as('runs')])
    .where(where)
    .groupBy([bucket, 'state'])
    .execute();
  const counts = new Map<number, Map<string, number>>();
  for (const row of rows) {
    const key = Number(row.bucket);
    const states = counts.get(key) ?? new Map<string, number>();
    states.set(row.state, Number(row.runs));
    counts.set(key, states);
  }
  return counts;
}

interface Percentiles {
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/**
 * p50/p95/p99 per bucket by nearest rank: the value at rank ceil(p × n) among the bucket's n
 * sorted durations. PostgreSQL has it built in (percentile_disc); SQLite ranks with window
 * functions (one shared window, so one sort). Either way only the answers leave the database.
 */
async function durationPercentiles(context: QueryContext, where: RawBuilder<SqlBool>): Promise<Map<number, Percentiles>> {
  const bucket = bucketOf('runs.first_event_time', context.intervalMs);
  const finished = sql`${where} AND runs.started_at IS NOT NULL AND runs.ended_at IS NOT NULL`;
  const percentiles = new Map<number, Percentiles>();
  const clamp = (value: unknown) => Math.max(0, Number(value));

  if (context.dialect === 'postgres') {
    const result = await sql<{ bucket: number | string; p: Array<number | string> }>`
      SELECT ${bucket} AS bucket,
        percentile_disc(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY runs.ended_at - runs.started_at) AS p
      FROM runs WHERE ${finished}
      GROUP BY ${bucket}
    `.execute(context.db);
    for (const row of result.rows) {
      percentiles.set(Number(row.bucket), { p50: clamp(row.p[0]), p95: clamp(row.p[1]), p99: clamp(row.p[2]) });
    }
    return percentiles;
  }

  const rankOf = (percent: number) => sql`((n * ${sql.lit(percent)} + 99) / 100)`;
  const result = await sql<{ bucket: number | string; n: number | string; rn: number | string; duration: number | string }>`
    WITH durations AS (
      SELECT ${bucket} AS bucket, runs.ended_at - runs.started_at AS duration
      FROM runs WHERE ${finished}
    ),
    ranked AS (
      SELECT bucket, duration,
        ROW_NUMBER() OVER w AS rn,
        COUNT(*) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS n
      FROM durations
      WINDOW w AS (PARTITION BY bucket ORDER BY duration)
    )
    SELECT bucket, n, rn, duration FROM ranked
    WHERE rn = ${rankOf(50)} OR rn = ${rankOf(95)} OR rn = ${rankOf(99)}
  `.execute(context.db);
  for (const row of result.rows) {
    const n = Number(row.n);
    const rn = Number(row.rn);
    const entry = percentiles.get(Number(row.bucket)) ?? { p50: null, p95: null, p99: null };
    if (rn === Math.ceil((n * 50) / 100)) entry.p50 = clamp(row.duration);
    if (rn === Math.ceil((n * 95) / 100)) entry.p95 = clamp(row.duration);
    if (rn === Math.ceil((n * 99) / 100)) entry.p99 = clamp(row.duration);
    percentiles.set(Number(row.bucket), entry);
  }
  return percentiles;
}
