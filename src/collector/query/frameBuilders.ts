import type {
  DataFrameJson,
  FrameField,
  FrameFieldConfig,
  FrameFieldType,
  FrameMeta,
  PreferredVisualisation,
} from '../../contract/frames';

/**
 * Tiny, stable builders for the data frames every query handler answers. Handlers build
 * columns (arrays of values) and wrap them here; nothing else about frames lives in handlers.
 */

/** One field (column). `config` and `labels` are left out of the JSON when not given. */
export function field(
  name: string,
  type: FrameFieldType,
  values: unknown[],
  config?: FrameFieldConfig,
  labels?: Record<string, string>,
): FrameField {
  return {
    name,
    type,
    ...(config && Object.keys(config).length > 0 ? { config } : {}),
    ...(labels && Object.keys(labels).length > 0 ? { labels } : {}),
    values,
  };
}

export const timeField = (name: string, values: Array<number | null>, config?: FrameFieldConfig): FrameField =>
  field(name, 'time', values, config);
export const numberField = (name: string, values: Array<number | null>, config?: FrameFieldConfig): FrameField =>
  field(name, 'number', values, config);
export const stringField = (name: string, values: Array<string | null>, config?: FrameFieldConfig): FrameField =>
  field(name, 'string', values, config);
export const booleanField = (name: string, values: Array<boolean | null>, config?: FrameFieldConfig): FrameField =>
  field(name, 'boolean', values, config);
/** arrays and objects (e.g. annotation tags, trace span tags) */
export const otherField = (name: string, values: unknown[], config?: FrameFieldConfig): FrameField =>
  field(name, 'other', values, config);

export interface FrameSpec {
  name?: string;
  refId?: string;
  meta?: FrameMeta;
  fields: FrameField[];
}

/** A frame; empty `name`, `refId` and `meta` are left out. Throws if fields differ in length. */
export function frame({ name, refId, meta, fields }: FrameSpec): DataFrameJson {
  const length = fields[0]?.values.length ?? 0;
  const uneven = fields.find((f) => f.values.length !== length);
  if (uneven) {
    throw new Error(`frame ${name ?? refId ?? ''}: field "${uneven.name}" has ${uneven.values.length} values, expected ${length}`);
  }
  return {
    ...(name !== undefined ? { name } : {}),
    ...(refId !== undefined ? { refId } : {}),
    ...(meta && Object.keys(meta).length > 0 ? { meta } : {}),
    fields,
  };
}

/** A frame meant for a given visualisation (table, graph, logs, trace, nodeGraph). */
export const visualisedFrame = (
  preferredVisualisationType: PreferredVisualisation,
  spec: FrameSpec,
): DataFrameJson => frame({ ...spec, meta: { ...spec.meta, preferredVisualisationType } });

/** A frame Grafana shows as a table. */
export const tableFrame = (fields: FrameField[], spec: Omit<FrameSpec, 'fields'> = {}): DataFrameJson =>
  visualisedFrame('table', { ...spec, fields });

/** Picks one column out of rows: `column(rows, (r) => r.run_id)`. */
export const column = <Row, Value>(rows: readonly Row[], pick: (row: Row) => Value): Value[] => rows.map(pick);
