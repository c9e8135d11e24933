/**
 * The shape of an OpenLineage 2-0-2 event after validateOpenLineageEvent accepted it.
 * Only what the normalizer reads is spelled out; everything else is kept as received.
 * Standard facets are typed at their standard location (they were validated there);
 * any other key is a custom facet, known only to be an object.
 */

export type OpenLineageEventKind = 'RunEvent' | 'DatasetEvent' | 'JobEvent';

export type Facets = Record<string, Record<string, unknown> | undefined>;

export interface BaseFacet {
  _producer?: string;
  _schemaURL?: string;
  _deleted?: boolean;
  [property: string]: unknown;
}

export interface ParentRunFacet extends BaseFacet {
  run: { runId: string; facets?: Facets };
  job: { namespace: string; name: string; facets?: Facets };
  root?: { run: { runId: string; facets?: Facets }; job: { namespace: string; name: string; facets?: Facets } };
}

export interface NominalTimeRunFacet extends BaseFacet {
  nominalStartTime: string;
  nominalEndTime?: string;
}

export interface ErrorMessageRunFacet extends BaseFacet {
  message: string;
  programmingLanguage: string;
  stackTrace?: string;
}

export interface JobTypeJobFacet extends BaseFacet {
  processingType: string;
  integration: string;
  jobType?: string;
}

export interface OwnershipFacet extends BaseFacet {
  owners?: Array<{ name: string; type?: string }>;
}

export interface TagsFacet extends BaseFacet {
  tags?: Array<{ key: string; value: string; source?: string; field?: string }>;
}

export interface DocumentationFacet extends BaseFacet {
  description: string;
  contentType?: string;
}

export interface StatisticsFacet extends BaseFacet {
  rowCount?: number;
  size?: number;
  fileCount?: number;
}

export interface DataQualityMetricsFacet extends BaseFacet {
  rowCount?: number;
  bytes?: number;
  fileCount?: number;
  columnMetrics: Record<string, unknown>;
}

export interface SchemaFacetField {
  name: string;
  type?: string;
  description?: string;
  ordinal_position?: number;
  fields?: SchemaFacetField[];
}

export interface SchemaDatasetFacet extends BaseFacet {
  fields?: SchemaFacetField[];
}

export interface ColumnLineageInputField {
  namespace: string;
  name: string;
  field: string;
  transformations?: Array<{ type: string; subtype?: string; description?: string; masking?: boolean }>;
}

export interface ColumnLineageDatasetFacet extends BaseFacet {
  fields: Record<
    string,
    { inputFields: ColumnLineageInputField[]; transformationDescription?: string; transformationType?: string }
  >;
  dataset?: ColumnLineageInputField[];
}

export interface DataQualityAssertion {
  assertion: string;
  success: boolean;
  column?: string;
  severity?: string;
  name?: string;
  description?: string;
  expected?: string;
  actual?: string;
}

export interface DataQualityAssertionsDatasetFacet extends BaseFacet {
  assertions: DataQualityAssertion[];
}

export interface OpenLineageDataset {
  namespace: string;
  name: string;
  facets?: Facets;
}

export interface OpenLineageInputDataset extends OpenLineageDataset {
  inputFacets?: Facets;
}

export interface OpenLineageOutputDataset extends OpenLineageDataset {
  outputFacets?: Facets;
}

export interface OpenLineageJob {
  namespace: string;
  name: string;
  facets?: Facets;
}

export interface OpenLineageBaseEvent {
  eventTime: string;
  producer: string;
  schemaURL: string;
  [property: string]: unknown;
}

export interface OpenLineageRunEvent extends OpenLineageBaseEvent {
  /** optional in the spec; a RunEvent without it is treated as OTHER */
  eventType?: 'START' | 'RUNNING' | 'COMPLETE' | 'ABORT' | 'FAIL' | 'OTHER';
  run: { runId: string; facets?: Facets };
  job: OpenLineageJob;
  inputs?: OpenLineageInputDataset[];
  outputs?: OpenLineageOutputDataset[];
}

export interface OpenLineageDatasetEvent extends OpenLineageBaseEvent {
  dataset: OpenLineageDataset;
}

export interface OpenLineageJobEvent extends OpenLineageBaseEvent {
  job: OpenLineageJob;
  inputs?: OpenLineageInputDataset[];
  outputs?: OpenLineageOutputDataset[];
}

export type OpenLineageEvent = OpenLineageRunEvent | OpenLineageDatasetEvent | OpenLineageJobEvent;
