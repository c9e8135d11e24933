import { type Kysely, type Transaction, sql } from 'kysely';
import { personalDataColumns } from '../model/personalData';
import type {
  DatasetObservation,
  FreshnessObservation,
  IngestEnvelope,
  JobObservation,
  QualityCheckObservation,
  RunObservation,
} from '../model/observations';
import type { KnownRows, PendingRows } from './knownRows';
import { PreparedQuery, type StatementTarget } from './preparedQuery';
import { isTerminalState, runStateRank } from './runStatePrecedence';
import type { PaneSchema } from './schema';
import { nodeKey } from '../model/nodeKey';

export type WriteOutcome = 'stored' | 'duplicate';

type Db = Kysely<PaneSchema> | Transaction<PaneSchema>;

/** Where one transaction writes: the transaction, the database its compiled statements run on, and the row caches. */
export interface WriteContext {
  db: Db;
  database: StatementTarget;
  known: KnownRows;
  pending: PendingRows;
  /** this transaction's number (numberWriteTransaction), stamped on every job, dataset and latest check result it writes */
  changeSeq: number;
}

/** A lineage edge seen again within this long is not rewritten: last_seen_at is kept to this precision. */
export const edgeRefreshMs = 15 * 60_000;

const json = (value: unknown): string | null =>
  value === undefined || value === null || (Array.isArray(value) && value.length === 0) ? null : JSON.stringify(value);
const jsonObject = (value: Record<string, unknown> | undefined): string | null =>
  value && Object.keys(value).length > 0 ? JSON.stringify(value) : null;

// Portable (SQLite and PostgreSQL) ways to merge an incoming row with the stored one.
const laterOf = (current: string, incoming: string) =>
  sql<any>`CASE WHEN ${sql.ref(current)} IS NULL OR ${sql.ref(incoming)} > ${sql.ref(current)} THEN ${sql.ref(incoming)} ELSE ${sql.ref(current)} END`;
const earlierOf = (current: string, incoming: string) =>
  sql<any>`CASE WHEN ${sql.ref(current)} IS NULL OR (${sql.ref(incoming)} IS NOT NULL AND ${sql.ref(incoming)} < ${sql.ref(current)}) THEN ${sql.ref(incoming)} ELSE ${sql.ref(current)} END`;
const incomingOr = (incoming: string, current: string) => sql<any>`COALESCE(${sql.ref(incoming)}, ${sql.ref(current)})`;

const raiseWriteCounter = new PreparedQuery([] as const, (db) =>
  db
    .updateTable('change_counters')
    .set({ value: sql<number>`value + 1` })
    .where('name', '=', 'writes')
    .returning('value'),
);

/**
 * Numbers the caller's write transaction; call it first, before any row is written. The
 * counter row stays locked until commit on PostgreSQL (SQLite writes serially anyway), so
 * numbers commit in order: see migrations/007_change_sequence.ts.
 */
export async function numberWriteTransaction(db: Db, database: StatementTarget): Promise<number> {
  const { rows } = await raiseWriteCounter.execute(db, database, {});
  const row = rows[0] as { value: number | string } | undefined;
  if (!row) throw new Error('change_counters has no "writes" row: the database was not migrated by this collector');
  return Number(row.value);
}

const insertEvent = new PreparedQuery(
  ['event_key', 'source', 'event_type', 'event_time', 'received_at', 'run_id', 'job_namespace', 'job_name', 'payload'] as const,
  (db, p: Record<string, unknown>) =>
    db
      .insertInto('events')
      .values(p as never)
      .onConflict((oc) => oc.column('event_key').doNothing()),
);

const insertNamespace = new PreparedQuery(['name', 'first_seen_at'] as const, (db, p: Record<string, unknown>) =>
  db
    .insertInto('namespaces')
    .values(p as never)
    .onConflict((oc) => oc.column('name').doNothing()),
);

const jobColumns = [
  'namespace', 'name', 'type', 'description', 'orchestrator', 'owners', 'tags', 'facets',
  'latest_run_id', 'latest_run_state', 'latest_run_time', 'last_success_at', 'created_at', 'updated_at', 'change_seq',
] as const;

/** A newer event of a run updates the job's latest run; an event of the same run updates its state. */
const incomingRunIsLatest = sql`(excluded.latest_run_id IS NOT NULL AND (jobs.latest_run_time IS NULL OR jobs.latest_run_id = excluded.latest_run_id OR excluded.latest_run_time >= jobs.latest_run_time))`;

const upsertJob = new PreparedQuery(jobColumns, (db, p: Record<string, unknown>) =>
  db
    .insertInto('jobs')
    .values(p as never)
    .onConflict((oc) =>
      oc.columns(['namespace', 'name']).doUpdateSet({
        type: incomingOr('excluded.type', 'jobs.type'),
        description: incomingOr('excluded.description', 'jobs.description'),
        orchestrator: incomingOr('excluded.orchestrator', 'jobs.orchestrator'),
        owners: incomingOr('excluded.owners', 'jobs.owners'),
        tags: incomingOr('excluded.tags', 'jobs.tags'),
        facets: incomingOr('excluded.facets', 'jobs.facets'),
        latest_run_id: sql<any>`CASE WHEN ${incomingRunIsLatest} THEN excluded.latest_run_id ELSE jobs.latest_run_id END`,
        latest_run_state: sql<any>`CASE WHEN ${incomingRunIsLatest} THEN excluded.latest_run_state ELSE jobs.latest_run_state END`,
        latest_run_time: sql<any>`CASE WHEN ${incomingRunIsLatest} AND (jobs.latest_run_time IS NULL OR excluded.latest_run_time > jobs.latest_run_time) THEN excluded.latest_run_time ELSE jobs.latest_run_time END`,
        last_success_at: laterOf('jobs.last_success_at', 'excluded.last_success_at'),
        created_at: earlierOf('jobs.created_at', 'excluded.created_at'),
        updated_at: laterOf('jobs.updated_at', 'excluded.updated_at'),
        change_seq: sql<any>`excluded.change_seq`,
      }),
    ),
);

const runColumns = [
  'run_id', 'job_namespace', 'job_name', 'parent_run_id', 'parent_job_namespace', 'parent_job_name', 'state', 'state_rank',
  'state_time', 'started_at', 'ended_at', 'first_event_time', 'last_event_time', 'nominal_start_time', 'nominal_end_time',
  'error_message', 'stack_trace', 'producer', 'orchestrator', 'facets', 'updated_at',
] as const;

// Precedence: a higher rank wins; within a rank the later event wins (see runStatePrecedence).
const incomingStateWins = sql`(excluded.state_rank > runs.state_rank OR (excluded.state_rank = runs.state_rank AND excluded.state_time >= runs.state_time))`;

const upsertRunQuery = (db: Db, p: Record<string, unknown>) =>
  db
    .insertInto('runs')
    .values(p as never)
    .onConflict((oc) =>
      oc.column('run_id').doUpdateSet({
        parent_run_id: incomingOr('excluded.parent_run_id', 'runs.parent_run_id'),
        parent_job_namespace: incomingOr('excluded.parent_job_namespace', 'runs.parent_job_namespace'),
        parent_job_name: incomingOr('excluded.parent_job_name', 'runs.parent_job_name'),
        state: sql<any>`CASE WHEN ${incomingStateWins} THEN excluded.state ELSE runs.state END`,
        state_rank: sql<any>`CASE WHEN ${incomingStateWins} THEN excluded.state_rank ELSE runs.state_rank END`,
        state_time: sql<any>`CASE WHEN ${incomingStateWins} THEN excluded.state_time ELSE runs.state_time END`,
        started_at: earlierOf('runs.started_at', 'excluded.started_at'),
        ended_at: laterOf('runs.ended_at', 'excluded.ended_at'),
        first_event_time: earlierOf('runs.first_event_time', 'excluded.first_event_time'),
        last_event_time: laterOf('runs.last_event_time', 'excluded.last_event_time'),
        nominal_start_time: incomingOr('excluded.nominal_start_time', 'runs.nominal_start_time'),
        nominal_end_time: incomingOr('excluded.nominal_end_time', 'runs.nominal_end_time'),
        error_message: incomingOr('excluded.error_message', 'runs.error_message'),
        stack_trace: incomingOr('excluded.stack_trace', 'runs.stack_trace'),
        facets: incomingOr('excluded.facets', 'runs.facets'),
        updated_at: laterOf('runs.updated_at', 'excluded.updated_at'),
      }),
    );

const upsertRun = new PreparedQuery(runColumns, upsertRunQuery);
const upsertRunReturning = new PreparedQuery(runColumns, (db, p: Record<string, unknown>) =>
  upsertRunQuery(db, p).returning(['run_key', 'state', 'ended_at']),
);
const mergedRun = new PreparedQuery(['run_id'] as const, (db, p: Record<string, unknown>) =>
  db.selectFrom('runs').select(['run_key', 'state', 'ended_at']).where('run_id', '=', p.run_id as string),
);

interface MergedRun {
  run_key: number;
  state: string;
  ended_at: number | null;
}

/**
 * Upserts a run and gives back its key and merged state. PostgreSQL returns them with the
 * upsert (one round trip). SQLite implements RETURNING with a trigger and a statement journal
 * that copies every page the statement changes: ≈3.4 µs of a ≈13 µs run upsert, where reading
 * the row just written back through its unique index costs well under half that.
 */
async function mergeRun(context: WriteContext, params: Record<(typeof runColumns)[number], unknown>): Promise<MergedRun> {
  const { db, database } = context;
  if (!database.sqlite) return (await upsertRunReturning.execute(db, database, params)).rows[0] as MergedRun;
  await upsertRun.execute(db, database, params);
  return (await mergedRun.execute(db, database, { run_id: params.run_id })).rows[0] as MergedRun;
}

const insertRunState = new PreparedQuery(['run_key', 'run_id', 'state', 'event_time', 'received_at'] as const, (db, p: Record<string, unknown>) =>
  db
    .insertInto('run_states')
    .values(p as never)
    .onConflict((oc) => oc.columns(['run_key', 'event_time', 'state']).doNothing()),
);

const datasetColumns = [
  'namespace', 'name', 'description', 'schema_fields', 'owners', 'tags', 'pii_columns', 'facets',
  'last_written_at', 'last_writer_run_id', 'last_writer_job_namespace', 'last_writer_job_name', 'last_row_count', 'created_at', 'updated_at',
  'change_seq',
] as const;

const incomingWriteIsLatest = sql`(excluded.last_written_at IS NOT NULL AND (datasets.last_written_at IS NULL OR excluded.last_written_at >= datasets.last_written_at))`;

const upsertDataset = new PreparedQuery(datasetColumns, (db, p: Record<string, unknown>) =>
  db
    .insertInto('datasets')
    .values(p as never)
    .onConflict((oc) =>
      oc.columns(['namespace', 'name']).doUpdateSet({
        description: incomingOr('excluded.description', 'datasets.description'),
        schema_fields: incomingOr('excluded.schema_fields', 'datasets.schema_fields'),
        owners: incomingOr('excluded.owners', 'datasets.owners'),
        tags: incomingOr('excluded.tags', 'datasets.tags'),
        pii_columns: sql<any>`CASE WHEN excluded.tags IS NOT NULL THEN excluded.pii_columns ELSE datasets.pii_columns END`,
        facets: incomingOr('excluded.facets', 'datasets.facets'),
        last_writer_run_id: sql<any>`CASE WHEN ${incomingWriteIsLatest} THEN excluded.last_writer_run_id ELSE datasets.last_writer_run_id END`,
        last_writer_job_namespace: sql<any>`CASE WHEN ${incomingWriteIsLatest} THEN excluded.last_writer_job_namespace ELSE datasets.last_writer_job_namespace END`,
        last_writer_job_name: sql<any>`CASE WHEN ${incomingWriteIsLatest} THEN excluded.last_writer_job_name ELSE datasets.last_writer_job_name END`,
        last_row_count: sql<any>`CASE WHEN ${incomingWriteIsLatest} THEN excluded.last_row_count ELSE datasets.last_row_count END`,
        last_written_at: laterOf('datasets.last_written_at', 'excluded.last_written_at'),
        created_at: earlierOf('datasets.created_at', 'excluded.created_at'),
        updated_at: laterOf('datasets.updated_at', 'excluded.updated_at'),
        change_seq: sql<any>`excluded.change_seq`,
      }),
    ),
);

const upsertRunDataset = new PreparedQuery(
  ['run_key', 'run_id', 'direction', 'namespace', 'name', 'row_count', 'bytes', 'file_count', 'event_time'] as const,
  (db, p: Record<string, unknown>) =>
    db
      .insertInto('run_datasets')
      .values(p as never)
      .onConflict((oc) =>
        oc.columns(['run_key', 'direction', 'namespace', 'name']).doUpdateSet({
          row_count: incomingOr('excluded.row_count', 'run_datasets.row_count'),
          bytes: incomingOr('excluded.bytes', 'run_datasets.bytes'),
          file_count: incomingOr('excluded.file_count', 'run_datasets.file_count'),
          event_time: laterOf('run_datasets.event_time', 'excluded.event_time'),
        }),
      ),
);

const upsertLineageEdge = new PreparedQuery(
  ['job_namespace', 'job_name', 'direction', 'dataset_namespace', 'dataset_name', 'first_seen_at', 'last_seen_at'] as const,
  (db, p: Record<string, unknown>) =>
    db
      .insertInto('lineage_edges')
      .values(p as never)
      .onConflict((oc) =>
        oc.columns(['job_namespace', 'job_name', 'direction', 'dataset_namespace', 'dataset_name']).doUpdateSet({
          first_seen_at: earlierOf('lineage_edges.first_seen_at', 'excluded.first_seen_at'),
          last_seen_at: laterOf('lineage_edges.last_seen_at', 'excluded.last_seen_at'),
        }),
      ),
);

const upsertColumnLineage = new PreparedQuery(
  ['dataset_namespace', 'dataset_name', 'field', 'input_namespace', 'input_name', 'input_field', 'transformation', 'first_seen_at', 'last_seen_at'] as const,
  (db, p: Record<string, unknown>) =>
    db
      .insertInto('column_lineage')
      .values(p as never)
      .onConflict((oc) =>
        oc.columns(['dataset_namespace', 'dataset_name', 'field', 'input_namespace', 'input_name', 'input_field']).doUpdateSet({
          transformation: incomingOr('excluded.transformation', 'column_lineage.transformation'),
          first_seen_at: earlierOf('column_lineage.first_seen_at', 'excluded.first_seen_at'),
          last_seen_at: laterOf('column_lineage.last_seen_at', 'excluded.last_seen_at'),
        }),
      ),
);

const insertQualityCheck = new PreparedQuery(
  ['dataset_namespace', 'dataset_name', 'run_id', 'check_name', 'column_name', 'passed', 'severity', 'actual', 'expected', 'message', 'observed_at'] as const,
  (db, p: Record<string, unknown>) => db.insertInto('quality_checks').values(p as never),
);

const upsertQualityLatest = new PreparedQuery(
  ['dataset_namespace', 'dataset_name', 'check_name', 'column_key', 'column_name', 'passed', 'observed_at', 'change_seq'] as const,
  (db, p: Record<string, unknown>) =>
    db
      .insertInto('quality_latest')
      .values(p as never)
      .onConflict((oc) =>
        oc
          .columns(['dataset_namespace', 'dataset_name', 'check_name', 'column_key'])
          .doUpdateSet({
            column_name: sql<any>`excluded.column_name`,
            passed: sql<any>`excluded.passed`,
            observed_at: sql<any>`excluded.observed_at`,
            change_seq: sql<any>`excluded.change_seq`,
          })
          // an older result arriving late does not replace the latest
          .where(sql<boolean>`excluded.observed_at >= quality_latest.observed_at`),
      ),
);

const insertFreshness = new PreparedQuery(
  ['dataset_namespace', 'dataset_name', 'observed_at', 'max_loaded_at', 'status', 'warn_after_seconds', 'error_after_seconds'] as const,
  (db, p: Record<string, unknown>) => db.insertInto('freshness_observations').values(p as never),
);

const incomingObservationIsLatest = sql`(datasets.source_observed_at IS NULL OR excluded.source_observed_at >= datasets.source_observed_at)`;

/** The dataset's current source freshness (migration 008): the largest max_loaded_at, the latest observation's criteria. */
const upsertDatasetSourceFreshness = new PreparedQuery(
  [
    'namespace', 'name', 'created_at', 'updated_at', 'change_seq',
    'source_observed_at', 'source_max_loaded_at', 'source_warn_after_seconds', 'source_error_after_seconds',
  ] as const,
  (db, p: Record<string, unknown>) =>
    db
      .insertInto('datasets')
      .values(p as never)
      .onConflict((oc) =>
        oc.columns(['namespace', 'name']).doUpdateSet({
          source_max_loaded_at: laterOf('datasets.source_max_loaded_at', 'excluded.source_max_loaded_at'),
          source_warn_after_seconds: sql<any>`CASE WHEN ${incomingObservationIsLatest} THEN excluded.source_warn_after_seconds ELSE datasets.source_warn_after_seconds END`,
          source_error_after_seconds: sql<any>`CASE WHEN ${incomingObservationIsLatest} THEN excluded.source_error_after_seconds ELSE datasets.source_error_after_seconds END`,
          source_observed_at: sql<any>`CASE WHEN ${incomingObservationIsLatest} THEN excluded.source_observed_at ELSE datasets.source_observed_at END`,
          created_at: earlierOf('datasets.created_at', 'excluded.created_at'),
          change_seq: sql<any>`excluded.change_seq`,
        }),
      ),
);

/**
 * Stores one envelope inside the caller's transaction: the raw document, then what it says
 * about namespaces, jobs, runs, datasets, lineage, quality and freshness. A document already
 * stored (same event key) changes nothing.
 */
export async function writeEnvelope(context: WriteContext, envelope: IngestEnvelope, receivedAt: number): Promise<WriteOutcome> {
  const { db, database } = context;
  const firstRun = envelope.runs[0];
  const inserted = await insertEvent.execute(db, database, {
    event_key: envelope.eventKey,
    source: envelope.source,
    event_type: envelope.eventType,
    event_time: envelope.eventTime,
    received_at: receivedAt,
    run_id: firstRun?.runId ?? null,
    job_namespace: firstRun?.job.namespace ?? envelope.jobs[0]?.namespace ?? null,
    job_name: firstRun?.job.name ?? envelope.jobs[0]?.name ?? null,
    payload: envelope.payloadJson ?? JSON.stringify(envelope.payload),
  });
  // no RETURNING: on SQLite it costs a statement journal (see mergeRun); the count says it all
  if (inserted.numAffectedRows === 0n) return 'duplicate';

  for (const job of envelope.jobs) {
    await writeNamespace(context, job.namespace, envelope.eventTime);
    await writeJob(context, job, envelope.eventTime);
  }
  for (const dataset of envelope.datasets) {
    await writeDataset(context, dataset, envelope.eventTime);
  }
  for (const run of envelope.runs) {
    await writeRun(context, run, receivedAt);
  }
  for (const check of envelope.qualityChecks) {
    await writeNamespace(context, check.dataset.namespace, check.observedAt);
    await writeQualityCheck(context, check);
  }
  for (const observation of envelope.freshness) {
    await writeNamespace(context, observation.dataset.namespace, observation.observedAt);
    await writeFreshness(context, observation);
  }
  return 'stored';
}

async function writeNamespace(context: WriteContext, name: string, seenAt: number): Promise<void> {
  if (context.known.hasNamespace(name) || context.pending.namespaces.has(name)) return;
  await insertNamespace.execute(context.db, context.database, { name, first_seen_at: seenAt });
  context.pending.namespaces.add(name);
}

async function writeJob(
  context: WriteContext,
  job: JobObservation,
  eventTime: number,
  run?: { runId: string; orchestrator: string; state: string; eventTime: number; succeededAt: number | null },
): Promise<void> {
  await upsertJob.execute(context.db, context.database, {
    namespace: job.namespace,
    name: job.name,
    type: job.type ?? null,
    description: job.description ?? null,
    orchestrator: run?.orchestrator ?? null,
    owners: json(job.owners),
    tags: json(job.tags),
    facets: jsonObject(job.facets),
    latest_run_id: run?.runId ?? null,
    latest_run_state: run?.state ?? null,
    latest_run_time: run?.eventTime ?? null,
    last_success_at: run?.succeededAt ?? null,
    created_at: eventTime,
    updated_at: eventTime,
    change_seq: context.changeSeq,
  });
}

async function writeRun(context: WriteContext, run: RunObservation, receivedAt: number): Promise<void> {
  const { db, database } = context;
  await writeNamespace(context, run.job.namespace, run.eventTime);
  const terminal = isTerminalState(run.eventType);
  const { run_key: runKey, state, ended_at: endedAt } = await mergeRun(context, {
    run_id: run.runId,
    job_namespace: run.job.namespace,
    job_name: run.job.name,
    parent_run_id: run.parent?.runId ?? null,
    parent_job_namespace: run.parent?.job.namespace ?? null,
    parent_job_name: run.parent?.job.name ?? null,
    state: run.eventType,
    state_rank: runStateRank[run.eventType],
    state_time: run.eventTime,
    started_at: run.eventType === 'START' ? run.eventTime : null,
    ended_at: terminal ? run.eventTime : null,
    first_event_time: run.eventTime,
    last_event_time: run.eventTime,
    nominal_start_time: run.nominalStartTime ?? null,
    nominal_end_time: run.nominalEndTime ?? null,
    error_message: run.errorMessage ?? null,
    stack_trace: run.stackTrace ?? null,
    producer: run.producer,
    orchestrator: run.orchestrator,
    facets: jsonObject(run.runFacets),
    updated_at: run.eventTime,
  });
  await writeJob(context, run.job, run.eventTime, {
    runId: run.runId,
    orchestrator: run.orchestrator,
    state,
    eventTime: run.eventTime,
    succeededAt: state === 'COMPLETE' ? endedAt : null,
  });
  await insertRunState.execute(db, database, {
    run_key: runKey,
    run_id: run.runId,
    state: run.eventType,
    event_time: run.eventTime,
    received_at: receivedAt,
  });

  for (const [direction, datasets] of [
    ['input', run.inputs],
    ['output', run.outputs],
  ] as const) {
    for (const dataset of datasets) {
      const writtenAt = direction === 'output' && run.eventType === 'COMPLETE' ? run.eventTime : null;
      await writeDataset(context, dataset, run.eventTime, writtenAt, writtenAt === null ? null : run);
      const stats = dataset.statistics;
      await upsertRunDataset.execute(db, database, {
        run_key: runKey,
        run_id: run.runId,
        direction,
        namespace: dataset.namespace,
        name: dataset.name,
        row_count: stats?.rowCount ?? null,
        bytes: stats?.bytes ?? null,
        file_count: stats?.fileCount ?? null,
        event_time: run.eventTime,
      });
      await writeLineageEdge(context, run, direction, dataset);
    }
  }
}

const hasMetadata = (dataset: DatasetObservation): boolean =>
  Boolean(
    dataset.schema?.length ||
      dataset.owners?.length ||
      dataset.tags?.length ||
      dataset.description ||
      dataset.columnLineage?.length ||
      (dataset.facets && Object.keys(dataset.facets).length > 0),
  );

async function writeDataset(
  context: WriteContext,
  dataset: DatasetObservation,
  eventTime: number,
  writtenAt: number | null = null,
  writer: Pick<RunObservation, 'runId' | 'job'> | null = null,
): Promise<void> {
  const key = nodeKey(dataset.namespace, dataset.name);
  const known = context.known.hasDataset(key) || context.pending.datasets.has(key);
  // A dataset merely mentioned again, with nothing new to say, needs no write.
  if (known && writtenAt === null && !hasMetadata(dataset)) return;
  await writeNamespace(context, dataset.namespace, eventTime);
  await upsertDataset.execute(context.db, context.database, {
    namespace: dataset.namespace,
    name: dataset.name,
    description: dataset.description ?? null,
    schema_fields: json(dataset.schema),
    owners: json(dataset.owners),
    tags: json(dataset.tags),
    pii_columns: json(personalDataColumns(dataset.tags, dataset.schema)),
    facets: jsonObject(dataset.facets),
    last_written_at: writtenAt,
    last_writer_run_id: writer?.runId ?? null,
    last_writer_job_namespace: writer?.job.namespace ?? null,
    last_writer_job_name: writer?.job.name ?? null,
    last_row_count: writtenAt === null ? null : (dataset.statistics?.rowCount ?? null),
    created_at: eventTime,
    updated_at: eventTime,
    change_seq: context.changeSeq,
  });
  context.pending.datasets.add(key);
  for (const column of dataset.columnLineage ?? []) {
    for (const input of column.inputs) {
      await upsertColumnLineage.execute(context.db, context.database, {
        dataset_namespace: dataset.namespace,
        dataset_name: dataset.name,
        field: column.field,
        input_namespace: input.namespace,
        input_name: input.name,
        input_field: input.field,
        transformation: input.transformation ?? null,
        first_seen_at: eventTime,
        last_seen_at: eventTime,
      });
    }
  }
}

async function writeLineageEdge(
  context: WriteContext,
  run: RunObservation,
  direction: 'input' | 'output',
  dataset: DatasetObservation,
): Promise<void> {
  const key = `${run.job.namespace}\u0000${run.job.name}\u0000${direction}\u0000${dataset.namespace}\u0000${dataset.name}`;
  const seen = context.known.edge(key) ?? context.pending.edges.get(key);
  if (seen && run.eventTime >= seen.first && run.eventTime <= seen.last + edgeRefreshMs) return;
  await upsertLineageEdge.execute(context.db, context.database, {
    job_namespace: run.job.namespace,
    job_name: run.job.name,
    direction,
    dataset_namespace: dataset.namespace,
    dataset_name: dataset.name,
    first_seen_at: run.eventTime,
    last_seen_at: run.eventTime,
  });
  context.pending.edges.set(key, {
    first: Math.min(seen?.first ?? run.eventTime, run.eventTime),
    last: Math.max(seen?.last ?? run.eventTime, run.eventTime),
  });
}

async function writeQualityCheck(context: WriteContext, check: QualityCheckObservation): Promise<void> {
  await insertQualityCheck.execute(context.db, context.database, {
    dataset_namespace: check.dataset.namespace,
    dataset_name: check.dataset.name,
    run_id: check.runId ?? null,
    check_name: check.check,
    column_name: check.column ?? null,
    passed: check.passed ? 1 : 0,
    severity: check.severity ?? null,
    actual: check.actual ?? null,
    expected: check.expected ?? null,
    message: check.message ?? null,
    observed_at: check.observedAt,
  });
  await upsertQualityLatest.execute(context.db, context.database, {
    dataset_namespace: check.dataset.namespace,
    dataset_name: check.dataset.name,
    check_name: check.check,
    column_key: check.column ?? '',
    column_name: check.column ?? null,
    passed: check.passed ? 1 : 0,
    observed_at: check.observedAt,
    change_seq: context.changeSeq,
  });
}

async function writeFreshness(context: WriteContext, observation: FreshnessObservation): Promise<void> {
  await insertFreshness.execute(context.db, context.database, {
    dataset_namespace: observation.dataset.namespace,
    dataset_name: observation.dataset.name,
    observed_at: observation.observedAt,
    max_loaded_at: observation.maxLoadedAt ?? null,
    status: observation.status,
    warn_after_seconds: observation.warnAfterSeconds ?? null,
    error_after_seconds: observation.errorAfterSeconds ?? null,
  });
  await upsertDatasetSourceFreshness.execute(context.db, context.database, {
    namespace: observation.dataset.namespace,
    name: observation.dataset.name,
    created_at: observation.observedAt,
    updated_at: observation.observedAt,
    change_seq: context.changeSeq,
    source_observed_at: observation.observedAt,
    source_max_loaded_at: observation.maxLoadedAt ?? null,
    source_warn_after_seconds: observation.warnAfterSeconds ?? null,
    source_error_after_seconds: observation.errorAfterSeconds ?? null,
  });
}
