import { type Kysely, type Transaction, sql } from 'kysely';
import { personalDataColumns } from '../model/personalData';
import type {
  DatasetObservation,
  IngestEnvelope,
  JobObservation,
  QualityCheckObservation,
  FreshnessObservation,
  RunObservation,
} from '../model/observations';
import { isTerminalState, runStateRank } from './runStatePrecedence';
import type { PaneSchema } from './schema';

export type WriteOutcome = 'stored' | 'duplicate';

type Db = Kysely<PaneSchema> | Transaction<PaneSchema>;

const json = (value: unknown): string | null =>
  value === undefined || value === null || (Array.isArray(value) && value.length === 0) ? null : JSON.stringify(value);

/** Picks the newer of two nullable numbers in SQL, the same way on SQLite and PostgreSQL. */
const laterOf = (current: string, incoming: string) =>
  sql<any>`CASE WHEN ${sql.ref(current)} IS NULL OR ${sql.ref(incoming)} > ${sql.ref(current)} THEN ${sql.ref(incoming)} ELSE ${sql.ref(current)} END`;
const earlierOf = (current: string, incoming: string) =>
  sql<any>`CASE WHEN ${sql.ref(current)} IS NULL OR (${sql.ref(incoming)} IS NOT NULL AND ${sql.ref(incoming)} < ${sql.ref(current)}) THEN ${sql.ref(incoming)} ELSE ${sql.ref(current)} END`;
const incomingOr = (incoming: string, current: string) => sql<any>`COALESCE(${sql.ref(incoming)}, ${sql.ref(current)})`;

/**
 * Stores one envelope inside the caller's transaction: the raw document, then what it says
 * about namespaces, jobs, runs, datasets, lineage, quality and freshness. A document already
 * stored (same event key) changes nothing.
 */
export async function writeEnvelope(db: Db, envelope: IngestEnvelope, receivedAt: number): Promise<WriteOutcome> {
  const firstRun = envelope.runs[0];
  const inserted = await db
    .insertInto('events')
    .values({
      event_key: envelope.eventKey,
      source: envelope.source,
      event_type: envelope.eventType,
      event_time: envelope.eventTime,
      received_at: receivedAt,
      run_id: firstRun?.runId ?? null,
      job_namespace: firstRun?.job.namespace ?? envelope.jobs[0]?.namespace ?? null,
      job_name: firstRun?.job.name ?? envelope.jobs[0]?.name ?? null,
      payload: JSON.stringify(envelope.payload),
    })
    .onConflict((oc) => oc.column('event_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return 'duplicate';

  const namespaces = new Set<string>();
  for (const job of envelope.jobs) {
    namespaces.add(job.namespace);
    await upsertJob(db, job, envelope.eventTime);
    for (const dataset of envelope.datasets) namespaces.add(dataset.namespace);
  }
  for (const dataset of envelope.datasets) {
    namespaces.add(dataset.namespace);
    await upsertDataset(db, dataset, envelope.eventTime);
    await upsertColumnLineage(db, dataset, envelope.eventTime);
  }
  for (const run of envelope.runs) {
    namespaces.add(run.job.namespace);
    await writeRun(db, run, receivedAt, namespaces);
  }
  for (const check of envelope.qualityChecks) {
    namespaces.add(check.dataset.namespace);
    await insertQualityCheck(db, check);
  }
  for (const observation of envelope.freshness) {
    namespaces.add(observation.dataset.namespace);
    await insertFreshness(db, observation);
  }
  for (const name of namespaces) {
    await db
      .insertInto('namespaces')
      .values({ name, first_seen_at: envelope.eventTime })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
  }
  return 'stored';
}

async function writeRun(db: Db, run: RunObservation, receivedAt: number, namespaces: Set<string>): Promise<void> {
  await upsertJob(db, run.job, run.eventTime, run.orchestrator);
  const merged = await upsertRun(db, run);
  await db
    .insertInto('run_states')
    .values({ run_id: run.runId, state: run.eventType, event_time: run.eventTime, received_at: receivedAt })
    .onConflict((oc) => oc.columns(['run_id', 'event_time', 'state']).doNothing())
    .execute();
  await recordLatestRun(db, run, merged.state, merged.ended_at);

  for (const [direction, datasets] of [
    ['input', run.inputs],
    ['output', run.outputs],
  ] as const) {
    for (const dataset of datasets) {
      namespaces.add(dataset.namespace);
      const writtenAt = direction === 'output' && run.eventType === 'COMPLETE' ? run.eventTime : null;
      await upsertDataset(db, dataset, run.eventTime, writtenAt, writtenAt === null ? null : run.runId);
      await upsertColumnLineage(db, dataset, run.eventTime);
      await upsertRunDataset(db, run, direction, dataset);
      await upsertLineageEdge(db, run, direction, dataset);
    }
  }
}

async function upsertJob(db: Db, job: JobObservation, eventTime: number, orchestrator?: string): Promise<void> {
  await db
    .insertInto('jobs')
    .values({
      namespace: job.namespace,
      name: job.name,
      type: job.type ?? null,
      description: job.description ?? null,
      orchestrator: orchestrator ?? null,
      owners: json(job.owners),
      tags: json(job.tags),
      facets: json(job.facets && Object.keys(job.facets).length > 0 ? job.facets : null),
      latest_run_id: null,
      latest_run_state: null,
      latest_run_time: null,
      last_success_at: null,
      created_at: eventTime,
      updated_at: eventTime,
    })
    .onConflict((oc) =>
      oc.columns(['namespace', 'name']).doUpdateSet({
        type: incomingOr('excluded.type', 'jobs.type'),
        description: incomingOr('excluded.description', 'jobs.description'),
        orchestrator: incomingOr('excluded.orchestrator', 'jobs.orchestrator'),
        owners: incomingOr('excluded.owners', 'jobs.owners'),
        tags: incomingOr('excluded.tags', 'jobs.tags'),
        facets: incomingOr('excluded.facets', 'jobs.facets'),
        created_at: earlierOf('jobs.created_at', 'excluded.created_at'),
        updated_at: laterOf('jobs.updated_at', 'excluded.updated_at'),
      }),
    )
    .execute();
}

async function upsertRun(db: Db, run: RunObservation): Promise<{ state: string; ended_at: number | null }> {
  const terminal = isTerminalState(run.eventType);
  const rank = runStateRank[run.eventType];
  // Precedence: a higher rank wins; within a rank the later event wins.
  const incomingWins = sql`(excluded.state_rank > runs.state_rank OR (excluded.state_rank = runs.state_rank AND excluded.state_time >= runs.state_time))`;
  const row = await db
    .insertInto('runs')
    .values({
      run_id: run.runId,
      job_namespace: run.job.namespace,
      job_name: run.job.name,
      parent_run_id: run.parent?.runId ?? null,
      parent_job_namespace: run.parent?.job.namespace ?? null,
      parent_job_name: run.parent?.job.name ?? null,
      state: run.eventType,
      state_rank: rank,
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
      facets: json(run.runFacets && Object.keys(run.runFacets).length > 0 ? run.runFacets : null),
      updated_at: run.eventTime,
    })
    .onConflict((oc) =>
      oc.column('run_id').doUpdateSet({
        parent_run_id: incomingOr('excluded.parent_run_id', 'runs.parent_run_id'),
        parent_job_namespace: incomingOr('excluded.parent_job_namespace', 'runs.parent_job_namespace'),
        parent_job_name: incomingOr('excluded.parent_job_name', 'runs.parent_job_name'),
        state: sql<any>`CASE WHEN ${incomingWins} THEN excluded.state ELSE runs.state END`,
        state_rank: sql<any>`CASE WHEN ${incomingWins} THEN excluded.state_rank ELSE runs.state_rank END`,
        state_time: sql<any>`CASE WHEN ${incomingWins} THEN excluded.state_time ELSE runs.state_time END`,
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
    )
    .returning(['state', 'ended_at'])
    .executeTakeFirstOrThrow();
  return row;
}

/** Keeps the job's latest run and last success current, so they survive retention. */
async function recordLatestRun(db: Db, run: RunObservation, mergedState: string, endedAt: number | null) {
  await db
    .updateTable('jobs')
    .set({ latest_run_id: run.runId, latest_run_state: mergedState, latest_run_time: run.eventTime })
    .where('namespace', '=', run.job.namespace)
    .where('name', '=', run.job.name)
    .where((eb) =>
      eb.or([
        eb('latest_run_time', 'is', null),
        eb('latest_run_id', '=', run.runId),
        eb('latest_run_time', '<=', run.eventTime),
      ]),
    )
    .execute();
  if (mergedState === 'COMPLETE' && endedAt !== null) {
    await db
      .updateTable('jobs')
      .set({ last_success_at: endedAt })
      .where('namespace', '=', run.job.namespace)
      .where('name', '=', run.job.name)
      .where((eb) => eb.or([eb('last_success_at', 'is', null), eb('last_success_at', '<', endedAt)]))
      .execute();
  }
}

async function upsertDataset(
  db: Db,
  dataset: DatasetObservation,
  eventTime: number,
  writtenAt: number | null = null,
  writerRunId: string | null = null,
): Promise<void> {
  const pii = personalDataColumns(dataset.tags, dataset.schema);
  await db
    .insertInto('datasets')
    .values({
      namespace: dataset.namespace,
      name: dataset.name,
      description: dataset.description ?? null,
      schema_fields: json(dataset.schema),
      owners: json(dataset.owners),
      tags: json(dataset.tags),
      pii_columns: json(pii),
      facets: json(dataset.facets && Object.keys(dataset.facets).length > 0 ? dataset.facets : null),
      last_written_at: writtenAt,
      last_writer_run_id: writerRunId,
      last_row_count: writtenAt === null ? null : (dataset.statistics?.rowCount ?? null),
      created_at: eventTime,
      updated_at: eventTime,
    })
    .onConflict((oc) =>
      oc.columns(['namespace', 'name']).doUpdateSet({
        description: incomingOr('excluded.description', 'datasets.description'),
        schema_fields: incomingOr('excluded.schema_fields', 'datasets.schema_fields'),
        owners: incomingOr('excluded.owners', 'datasets.owners'),
        tags: incomingOr('excluded.tags', 'datasets.tags'),
        pii_columns: sql<any>`CASE WHEN excluded.tags IS NOT NULL THEN excluded.pii_columns ELSE datasets.pii_columns END`,
        facets: incomingOr('excluded.facets', 'datasets.facets'),
        last_writer_run_id: sql<any>`CASE WHEN excluded.last_written_at IS NOT NULL AND (datasets.last_written_at IS NULL OR excluded.last_written_at >= datasets.last_written_at) THEN excluded.last_writer_run_id ELSE datasets.last_writer_run_id END`,
        last_row_count: sql<any>`CASE WHEN excluded.last_written_at IS NOT NULL AND (datasets.last_written_at IS NULL OR excluded.last_written_at >= datasets.last_written_at) THEN excluded.last_row_count ELSE datasets.last_row_count END`,
        last_written_at: laterOf('datasets.last_written_at', 'excluded.last_written_at'),
        created_at: earlierOf('datasets.created_at', 'excluded.created_at'),
        updated_at: laterOf('datasets.updated_at', 'excluded.updated_at'),
      }),
    )
    .execute();
}

async function upsertRunDataset(
  db: Db,
  run: RunObservation,
  direction: 'input' | 'output',
  dataset: DatasetObservation,
): Promise<void> {
  const stats = dataset.statistics;
  await db
    .insertInto('run_datasets')
    .values({
      run_id: run.runId,
      direction,
      namespace: dataset.namespace,
      name: dataset.name,
      row_count: stats?.rowCount ?? null,
      bytes: stats?.bytes ?? null,
      file_count: stats?.fileCount ?? null,
      event_time: run.eventTime,
    })
    .onConflict((oc) =>
      oc.columns(['run_id', 'direction', 'namespace', 'name']).doUpdateSet({
        row_count: incomingOr('excluded.row_count', 'run_datasets.row_count'),
        bytes: incomingOr('excluded.bytes', 'run_datasets.bytes'),
        file_count: incomingOr('excluded.file_count', 'run_datasets.file_count'),
        event_time: laterOf('run_datasets.event_time', 'excluded.event_time'),
      }),
    )
    .execute();
}

async function upsertLineageEdge(
  db: Db,
  run: RunObservation,
  direction: 'input' | 'output',
  dataset: DatasetObservation,
): Promise<void> {
  await db
    .insertInto('lineage_edges')
    .values({
      job_namespace: run.job.namespace,
      job_name: run.job.name,
      direction,
      dataset_namespace: dataset.namespace,
      dataset_name: dataset.name,
      first_seen_at: run.eventTime,
      last_seen_at: run.eventTime,
    })
    .onConflict((oc) =>
      oc.columns(['job_namespace', 'job_name', 'direction', 'dataset_namespace', 'dataset_name']).doUpdateSet({
        first_seen_at: earlierOf('lineage_edges.first_seen_at', 'excluded.first_seen_at'),
        last_seen_at: laterOf('lineage_edges.last_seen_at', 'excluded.last_seen_at'),
      }),
    )
    .execute();
}

async function upsertColumnLineage(db: Db, dataset: DatasetObservation, eventTime: number): Promise<void> {
  for (const column of dataset.columnLineage ?? []) {
    for (const input of column.inputs) {
      await db
        .insertInto('column_lineage')
        .values({
          dataset_namespace: dataset.namespace,
          dataset_name: dataset.name,
          field: column.field,
          input_namespace: input.namespace,
          input_name: input.name,
          input_field: input.field,
          transformation: input.transformation ?? null,
          first_seen_at: eventTime,
          last_seen_at: eventTime,
        })
        .onConflict((oc) =>
          oc
            .columns(['dataset_namespace', 'dataset_name', 'field', 'input_namespace', 'input_name', 'input_field'])
            .doUpdateSet({
              transformation: incomingOr('excluded.transformation', 'column_lineage.transformation'),
              first_seen_at: earlierOf('column_lineage.first_seen_at', 'excluded.first_seen_at'),
              last_seen_at: laterOf('column_lineage.last_seen_at', 'excluded.last_seen_at'),
            }),
        )
        .execute();
    }
  }
}

async function insertQualityCheck(db: Db, check: QualityCheckObservation): Promise<void> {
  await db
    .insertInto('quality_checks')
    .values({
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
    })
    .execute();
}

async function insertFreshness(db: Db, observation: FreshnessObservation): Promise<void> {
  await db
    .insertInto('freshness_observations')
    .values({
      dataset_namespace: observation.dataset.namespace,
      dataset_name: observation.dataset.name,
      observed_at: observation.observedAt,
      max_loaded_at: observation.maxLoadedAt ?? null,
      status: observation.status,
      warn_after_seconds: observation.warnAfterSeconds ?? null,
      error_after_seconds: observation.errorAfterSeconds ?? null,
    })
    .execute();
}
