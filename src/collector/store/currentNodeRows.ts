import type { Kysely } from 'kysely';
import type { PaneSchema } from './schema';
import { type TrackedRows, type TrackedRowsSnapshot, type TrackedTable, trackedRowsOf } from './trackedRows';

const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

/** What freshness, lineage health and /metrics read of a dataset row. */
export interface DatasetRow {
  namespace: string;
  name: string;
  /** ownership facet owners, as stored JSON */
  owners: string | null;
  /** dataset-level tags, as stored JSON */
  tags: string | null;
  /** columns tagged as personal data, as stored JSON */
  piiColumns: string | null;
  lastWrittenAt: number | null;
  lastRowCount: number | null;
  lastWriterJobNamespace: string | null;
  lastWriterJobName: string | null;
  /** freshness observations (dbt source freshness): the largest max_loaded_at reported */
  sourceMaxLoadedAt: number | null;
  /** and the latest observation's dbt criteria */
  sourceWarnAfterSeconds: number | null;
  sourceErrorAfterSeconds: number | null;
}

/** What lineage health and /metrics read of a job row. */
export interface JobRow {
  namespace: string;
  name: string;
  owners: string | null;
  tags: string | null;
  latestRunState: string | null;
  latestRunTime: number | null;
  lastSuccessAt: number | null;
  /** when the collector first saw the job */
  createdAt: number;
}

const byNamespaceAndName = (stored: Record<string, unknown>) => [String(stored.namespace), String(stored.name)] as const;

const datasetTable: TrackedTable<DatasetRow> = {
  table: 'datasets',
  columns: [
    'namespace', 'name', 'owners', 'tags', 'pii_columns', 'last_written_at', 'last_row_count', 'last_writer_job_namespace', 'last_writer_job_name',
    'source_max_loaded_at', 'source_warn_after_seconds', 'source_error_after_seconds',
  ],
  rowOf: (stored) => ({
    namespace: String(stored.namespace),
    name: String(stored.name),
    owners: text(stored.owners),
    tags: text(stored.tags),
    piiColumns: text(stored.pii_columns),
    lastWrittenAt: num(stored.last_written_at),
    lastRowCount: num(stored.last_row_count),
    lastWriterJobNamespace: text(stored.last_writer_job_namespace),
    lastWriterJobName: text(stored.last_writer_job_name),
    sourceMaxLoadedAt: num(stored.source_max_loaded_at),
    sourceWarnAfterSeconds: num(stored.source_warn_after_seconds),
    sourceErrorAfterSeconds: num(stored.source_error_after_seconds),
  }),
  keyOf: byNamespaceAndName,
};

const jobTable: TrackedTable<JobRow> = {
  table: 'jobs',
  columns: ['namespace', 'name', 'owners', 'tags', 'latest_run_state', 'latest_run_time', 'last_success_at', 'created_at'],
  rowOf: (stored) => ({
    namespace: String(stored.namespace),
    name: String(stored.name),
    owners: text(stored.owners),
    tags: text(stored.tags),
    latestRunState: text(stored.latest_run_state),
    latestRunTime: num(stored.latest_run_time),
    lastSuccessAt: num(stored.last_success_at),
    createdAt: Number(stored.created_at),
  }),
  keyOf: byNamespaceAndName,
};

/** Each quality check's latest result (quality_latest, one row per dataset, check and column). */
export interface QualityLatestRow {
  datasetNamespace: string;
  datasetName: string;
  checkName: string;
  columnName: string | null;
  passed: boolean;
  observedAt: number;
}

const qualityLatestTable: TrackedTable<QualityLatestRow> = {
  table: 'quality_latest',
  columns: ['dataset_namespace', 'dataset_name', 'check_name', 'column_key', 'column_name', 'passed', 'observed_at'],
  rowOf: (stored) => ({
    datasetNamespace: String(stored.dataset_namespace),
    datasetName: String(stored.dataset_name),
    checkName: String(stored.check_name),
    columnName: text(stored.column_name),
    passed: Number(stored.passed) === 1,
    observedAt: Number(stored.observed_at),
  }),
  // JSON keeps the three parts apart whatever characters they hold
  keyOf: (stored) => [String(stored.dataset_namespace), JSON.stringify([stored.dataset_name, stored.check_name, stored.column_key])],
};

const datasetCopies = new WeakMap<Kysely<PaneSchema>, TrackedRows<DatasetRow>>();
const jobCopies = new WeakMap<Kysely<PaneSchema>, TrackedRows<JobRow>>();
const qualityLatestCopies = new WeakMap<Kysely<PaneSchema>, TrackedRows<QualityLatestRow>>();

/** Every dataset row as committed now, from the process's copy (see trackedRows.ts). */
export function currentDatasetRows(db: Kysely<PaneSchema>): Promise<TrackedRowsSnapshot<DatasetRow>> {
  return trackedRowsOf(datasetCopies, db, datasetTable).refresh();
}

/** Every job row as committed now, from the process's copy (see trackedRows.ts). */
export function currentJobRows(db: Kysely<PaneSchema>): Promise<TrackedRowsSnapshot<JobRow>> {
  return trackedRowsOf(jobCopies, db, jobTable).refresh();
}

/** Every check's latest result as committed now, from the process's copy (see trackedRows.ts). */
export function currentQualityLatestRows(db: Kysely<PaneSchema>): Promise<TrackedRowsSnapshot<QualityLatestRow>> {
  return trackedRowsOf(qualityLatestCopies, db, qualityLatestTable).refresh();
}
