import { sql } from 'kysely';
import { normalizeRunId } from '../../ingest/openlineage/normalizeOpenLineageEvent';
import { jobNodeId } from '../../../contract/nodeIds';
import { numberField, otherField, stringField, visualisedFrame } from '../frameBuilders';
import { type QueryContext, type QueryHandler, QueryError } from '../queryContext';
import { numberOrNull, runStart } from '../runDisplay';
import { rowCountsByRun } from '../runRowCounts';
import { limitOf, optionalInteger, requiredString } from '../targetFields';

export const traceLimits = { defaultLimit: 1000, maxLimit: 10_000 };
export const traceDepth = { default: 10, max: 50 };

interface KeyValue {
  key: string;
  value: unknown;
}

interface TraceRunRow {
  run_id: string;
  job_namespace: string;
  job_name: string;
  parent_run_id: string | null;
  state: string;
  started_at: number | null;
  ended_at: number | null;
  first_event_time: number;
  last_event_time: number;
  nominal_start_time: number | null;
  nominal_end_time: number | null;
  error_message: string | null;
  stack_trace: string | null;
  producer: string;
  orchestrator: string;
  depth: number;
}

/**
 * A run and its descendants (a DAG run and its tasks, a dbt invocation and its models) as
 * Grafana's trace view wants them: one span per run, the requested run as root and trace id,
 * children linked by parentSpanID, and the run's state changes as span logs.
 */
export const traceQuery: QueryHandler<'trace'> = async (target, context) => {
  // stored run ids are lower case without urn:uuid:, as the ingest normalizes them
  const runId = normalizeRunId(requiredString(target, 'runId'));
  const depth = optionalInteger(target, 'depth', { min: 0, max: traceDepth.max }) ?? traceDepth.default;
  const limit = limitOf(target, traceLimits);

  const rows = await runTree(context, runId, depth, limit + 1);
  if (rows.length === 0) throw new QueryError('runId', `no run "${runId}" is known`);
  const truncated = rows.length > limit;
  const runs = truncated ? rows.slice(0, limit) : rows;
  const ids = runs.map((r) => r.run_id);
  const [states, counts] = await Promise.all([stateChanges(context, ids), rowCountsByRun(context.db, ids)]);

  const spans = runs.map((run) => {
    const start = runStart(run);
    const end = run.ended_at !== null ? Number(run.ended_at) : run.state === 'RUNNING' || run.state === 'START' ? context.now : Number(run.last_event_time);
    const rowCounts = counts.get(run.run_id);
    const tags: KeyValue[] = [
      { key: 'state', value: run.state },
      { key: 'run_id', value: run.run_id },
      { key: 'job_id', value: jobNodeId(run.job_namespace, run.job_name) },
      ...optional('nominal_start', run.nominal_start_time === null ? null : new Date(Number(run.nominal_start_time)).toISOString()),
      ...optional('nominal_end', run.nominal_end_time === null ? null : new Date(Number(run.nominal_end_time)).toISOString()),
      ...optional('rows_in', rowCounts?.rowsIn ?? null),
      ...optional('rows_out', rowCounts?.rowsOut ?? null),
      ...optional('error', run.error_message),
    ];
    return {
      spanID: run.run_id,
      // the requested run is the root even when it has a parent of its own
      parentSpanID: run.run_id === runId ? null : run.parent_run_id,
      operationName: run.job_name,
      serviceName: run.job_namespace,
      serviceTags: [
        { key: 'namespace', value: run.job_namespace },
        { key: 'orchestrator', value: run.orchestrator },
        { key: 'producer', value: run.producer },
      ],
      startTime: start,
      duration: Math.max(0, end - start),
      logs: (states.get(run.run_id) ?? []).map((change) => ({
        timestamp: change.time,
        name: change.state,
        fields: [
          { key: 'state', value: change.state },
          ...(change.state === 'FAIL' && run.error_message ? [{ key: 'error', value: run.error_message }] : []),
        ],
      })),
      tags,
      statusCode: run.state === 'COMPLETE' ? 1 : run.state === 'FAIL' || run.state === 'ABORT' ? 2 : 0,
      statusMessage: run.state === 'FAIL' ? (run.error_message ?? 'failed') : run.state === 'ABORT' ? 'aborted' : null,
      stackTraces: run.stack_trace ? [run.stack_trace] : null,
    };
  });
  const column = <T>(pick: (span: (typeof spans)[number]) => T): T[] => spans.map(pick);

  return [
    visualisedFrame('trace', {
      name: 'trace',
      meta: {
        custom: { traceFormat: 'pipelinepane', depth },
        ...(truncated ? { notices: [{ severity: 'warning' as const, text: `Showing the first ${limit} runs of this trace.` }] } : {}),
      },
      fields: [
        stringField('traceID', column(() => runId)),
        stringField('spanID', column((s) => s.spanID)),
        stringField('parentSpanID', column((s) => s.parentSpanID)),
        stringField('operationName', column((s) => s.operationName)),
        stringField('serviceName', column((s) => s.serviceName)),
        otherField('serviceTags', column((s) => s.serviceTags)),
        numberField('startTime', column((s) => s.startTime)),
        numberField('duration', column((s) => s.duration), { unit: 'ms' }),
        otherField('logs', column((s) => s.logs)),
        otherField('tags', column((s) => s.tags)),
        numberField('statusCode', column((s) => s.statusCode)),
        stringField('statusMessage', column((s) => s.statusMessage)),
        otherField('stackTraces', column((s) => s.stackTraces)),
      ],
    }),
  ];
};

const optional = (key: string, value: unknown): KeyValue[] => (value === null || value === undefined ? [] : [{ key, value }]);

/** The run and its descendants down to `depth` levels, each once, parents before children. */
async function runTree(context: QueryContext, runId: string, depth: number, limit: number): Promise<TraceRunRow[]> {
  const columns = [
    'run_id',
    'job_namespace',
    'job_name',
    'parent_run_id',
    'state',
    'started_at',
    'ended_at',
    'first_event_time',
    'last_event_time',
    'nominal_start_time',
    'nominal_end_time',
    'error_message',
    'stack_trace',
    'producer',
    'orchestrator',
  ];
  const of = (table: string) => sql.join(columns.map((column) => sql.ref(`${table}.${column}`)));
  // The tree carries the run columns itself: joining runs back onto it afterwards lets SQLite's
  // planner scan all of runs.
  const result = await sql<TraceRunRow>`
    WITH RECURSIVE tree(${sql.join(columns.map((column) => sql.id(column)))}, depth) AS (
      SELECT ${of('runs')}, 0 FROM runs WHERE runs.run_id = ${runId}
      UNION ALL
      SELECT ${of('child')}, tree.depth + 1
      FROM tree JOIN runs child ON child.parent_run_id = tree.run_id
      WHERE tree.depth < ${sql.lit(depth)}
    )
    SELECT * FROM tree
    ORDER BY depth, first_event_time, run_id
    LIMIT ${sql.lit(limit)}
  `.execute(context.db);
  // a parent link that loops back (bad data) would list a run twice: keep its shallowest place
  const seen = new Set<string>();
  return result.rows
    .filter((row) => (seen.has(row.run_id) ? false : (seen.add(row.run_id), true)))
    .map((row) => ({ ...row, first_event_time: Number(row.first_event_time), last_event_time: Number(row.last_event_time), started_at: numberOrNull(row.started_at), ended_at: numberOrNull(row.ended_at) }))
    .sort((a, b) => runStart(a) - runStart(b) || a.depth - b.depth);
}

async function stateChanges(context: QueryContext, runIds: string[]): Promise<Map<string, Array<{ time: number; state: string }>>> {
  const changes = new Map<string, Array<{ time: number; state: string }>>();
  for (let i = 0; i < runIds.length; i += 500) {
    const rows = await context.db
      .selectFrom('run_states')
      .select(['run_id', 'state', 'event_time'])
      .where('run_key', 'in', context.db.selectFrom('runs').select('run_key').where('run_id', 'in', runIds.slice(i, i + 500)))
      .orderBy('event_time')
      .execute();
    for (const row of rows) {
      const list = changes.get(row.run_id) ?? [];
      list.push({ time: Number(row.event_time), state: row.state });
      changes.set(row.run_id, list);
    }
  }
  return changes;
}
