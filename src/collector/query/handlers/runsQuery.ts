import type { ExpressionBuilder } from 'kysely';
import { jobNodeId } from '../../../contract/nodeIds';
import { normalizeRunId } from '../../ingest/openlineage/normalizeOpenLineageEvent';
import { all, equals, isOneOf, jobFilterOf, nodeAndNamespace, runsOverlapping } from '../filters';
import { field, numberField, stringField, tableFrame, timeField } from '../frameBuilders';
import type { QueryHandler } from '../queryContext';
import type { PaneSchema } from '../../store/schema';
import { numberOrNull, runDurationMs, runStart, runStateFieldConfig, runStates } from '../runDisplay';
import { limitOf, optionalChoiceList, optionalString } from '../targetFields';

export const runsLimits = { defaultLimit: 1000, maxLimit: 10_000 };

/**
 * Run history as one table: runs overlapping the range (or, with parentRunId, that run's
 * children whatever their time), newest first, filtered by namespace, job, states and
 * orchestrator, with rows read and written summed from run_datasets.
 */
export const runsQuery: QueryHandler<'runs'> = async (target, context) => {
  const namespace = optionalString(target, 'namespace');
  const job = jobFilterOf(optionalString(target, 'job'));
  const states = optionalChoiceList(target, 'states', runStates);
  const orchestrator = optionalString(target, 'orchestrator');
  const parentRun = optionalString(target, 'parentRunId');
  const parentRunId = parentRun === undefined ? undefined : normalizeRunId(parentRun);
  const limit = limitOf(target, runsLimits);

  const rows = await context.db
    .selectFrom('runs')
    .select([
      'run_id',
      'job_namespace',
      'job_name',
      'parent_run_id',
      'parent_job_namespace',
      'parent_job_name',
      'state',
      'started_at',
      'ended_at',
      'first_event_time',
      'nominal_start_time',
      'error_message',
      'orchestrator',
      // rows read and written: summed per run through run_datasets' primary key, for returned rows only
      (eb) => rowsOf(eb, 'input').as('rows_in'),
      (eb) => rowsOf(eb, 'output').as('rows_out'),
    ])
    .where(
      all([
        parentRunId === undefined ? runsOverlapping(context) : equals('runs.parent_run_id', parentRunId),
        nodeAndNamespace(job, namespace, 'runs.job_namespace', 'runs.job_name'),
        states === undefined ? undefined : isOneOf('runs.state', states),
        orchestrator === undefined ? undefined : equals('runs.orchestrator', orchestrator),
      ]),
    )
    .orderBy('first_event_time', 'desc')
    .orderBy('run_id')
    .limit(limit + 1)
    .execute();

  const truncated = rows.length > limit;
  const runs = truncated ? rows.slice(0, limit) : rows;
  const pick = <T>(f: (run: (typeof runs)[number]) => T): T[] => runs.map(f);

  return [
    tableFrame(
      [
        stringField('run_id', pick((r) => r.run_id), { displayName: 'Run' }),
        stringField('job_id', pick((r) => jobNodeId(r.job_namespace, r.job_name)), { displayName: 'Job id' }),
        stringField('job', pick((r) => r.job_name), { displayName: 'Job' }),
        stringField('namespace', pick((r) => r.job_namespace), { displayName: 'Namespace' }),
        stringField('parent_run_id', pick((r) => r.parent_run_id), { displayName: 'Parent run' }),
        stringField(
          'parent_job_id',
          pick((r) => (r.parent_job_namespace !== null && r.parent_job_name !== null ? jobNodeId(r.parent_job_namespace, r.parent_job_name) : null)),
          { displayName: 'Parent job id' },
        ),
        stringField('state', pick((r) => r.state), runStateFieldConfig),
        timeField('start', pick(runStart), { displayName: 'Start' }),
        timeField('end', pick((r) => numberOrNull(r.ended_at)), { displayName: 'End' }),
        numberField('duration_ms', pick(runDurationMs), { displayName: 'Duration', unit: 'ms' }),
        numberField('rows_in', pick((r) => numberOrNull(r.rows_in)), { displayName: 'Rows in', unit: 'short' }),
        numberField('rows_out', pick((r) => numberOrNull(r.rows_out)), { displayName: 'Rows out', unit: 'short' }),
        stringField('error', pick((r) => r.error_message), { displayName: 'Error' }),
        stringField('orchestrator', pick((r) => r.orchestrator), { displayName: 'Orchestrator' }),
        field('nominal_time', 'time', pick((r) => numberOrNull(r.nominal_start_time)), { displayName: 'Nominal time' }),
      ],
      {
        name: 'runs',
        meta: truncated
          ? { notices: [{ severity: 'warning', text: `Showing the newest ${limit} runs; narrow the range or filters, or raise the limit (at most ${runsLimits.maxLimit}).` }] }
          : undefined,
      },
    ),
  ];
};

const rowsOf = (eb: ExpressionBuilder<PaneSchema, 'runs'>, direction: 'input' | 'output') =>
  eb
    .selectFrom('run_datasets')
    .select((sub) => sub.fn.sum<number | string | null>('run_datasets.row_count').as('rows'))
    .whereRef('run_datasets.run_key', '=', 'runs.run_key')
    .where('run_datasets.direction', '=', direction);
