import { type DataFrame } from '@grafana/data';

/** A DataFrame as plain JSON for tests: fields with name, type, config (minus functions) and values. */
export function serializeFrame(frame: DataFrame) {
  return {
    name: frame.name,
    refId: frame.refId,
    meta: frame.meta,
    length: frame.length,
    fields: frame.fields.map((field) => ({
      name: field.name,
      type: field.type,
      config: JSON.parse(JSON.stringify(field.config ?? {})),
      labels: field.labels,
      values: Array.from(field.values),
    })),
  };
}
