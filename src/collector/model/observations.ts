/**
 * The normalized shape every ingest source (OpenLineage, dlt, dbt, plain runs) is turned into
 * before it is stored. Sources differ; the store only ever sees these records.
 * Times are epoch milliseconds.
 */

export type IngestSource = 'openlineage' | 'dlt' | 'dbt' | 'plain';

/** OpenLineage run transitions; dlt, dbt and plain runs map onto the same set. */
export type RunEventType = 'START' | 'RUNNING' | 'COMPLETE' | 'ABORT' | 'FAIL' | 'OTHER';

export interface JobKey {
  namespace: string;
  name: string;
}

export interface DatasetKey {
  namespace: string;
  name: string;
}

export interface Owner {
  name: string;
  type?: string;
}

/** A tag; `field` set means the tag is on a column (e.g. key "pii" on field "email"). */
export interface Tag {
  key: string;
  value: string;
  source?: string;
  field?: string;
}

export interface SchemaField {
  name: string;
  type?: string;
  description?: string;
}

export interface ColumnLineageInput extends DatasetKey {
  field: string;
  transformation?: string;
}

export interface ColumnLineage {
  /** output column of this dataset */
  field: string;
  inputs: ColumnLineageInput[];
}

export interface DatasetStatistics {
  rowCount?: number;
  bytes?: number;
  fileCount?: number;
}

/** One dataset as seen by one event: identity plus whatever the event said about it. */
export interface DatasetObservation extends DatasetKey {
  statistics?: DatasetStatistics;
  schema?: SchemaField[];
  columnLineage?: ColumnLineage[];
  owners?: Owner[];
  tags?: Tag[];
  description?: string;
  /** all dataset facets as received, custom ones included */
  facets?: Record<string, unknown>;
}

export interface QualityCheckObservation {
  dataset: DatasetKey;
  /** the run that evaluated the check, if any */
  runId?: string;
  check: string;
  column?: string;
  passed: boolean;
  severity?: string;
  actual?: string;
  expected?: string;
  message?: string;
  observedAt: number;
}

export interface FreshnessObservation {
  dataset: DatasetKey;
  observedAt: number;
  /** when the data itself was last loaded, per the source */
  maxLoadedAt?: number;
  /** e.g. dbt source freshness: pass, warn, error, runtime error */
  status: string;
  warnAfterSeconds?: number;
  errorAfterSeconds?: number;
  /** why the check could not be made (e.g. dbt's `runtime error`: the source's table is missing) */
  message?: string;
}

export interface JobObservation extends JobKey {
  type?: string;
  description?: string;
  owners?: Owner[];
  tags?: Tag[];
  facets?: Record<string, unknown>;
}

export interface RunObservation {
  runId: string;
  job: JobObservation;
  parent?: { runId: string; job: JobKey };
  eventType: RunEventType;
  eventTime: number;
  nominalStartTime?: number;
  nominalEndTime?: number;
  errorMessage?: string;
  stackTrace?: string;
  /** the producer URI, or a name for non-OpenLineage sources */
  producer: string;
  /** airflow, dagster, dbt, spark, dlt, flink, plain, ... derived from the producer */
  orchestrator: string;
  inputs: DatasetObservation[];
  outputs: DatasetObservation[];
  runFacets?: Record<string, unknown>;
}

/**
 * One received document, normalized. It is stored (and deduplicated) as a whole:
 * a dbt run_results.json is one envelope holding many runs.
 */
export interface IngestEnvelope {
  source: IngestSource;
  /** stable hash of the document; the same delivery twice is stored once */
  eventKey: string;
  /** the document's own type: RunEvent/START, DatasetEvent, dbt run_results, dlt load_info, ... */
  eventType: string;
  eventTime: number;
  payload: unknown;
  /** the payload already serialized (the text stored), when the normalizer or the writer thread made it */
  payloadJson?: string;
  runs: RunObservation[];
  datasets: DatasetObservation[];
  jobs: JobObservation[];
  qualityChecks: QualityCheckObservation[];
  freshness: FreshnessObservation[];
}
