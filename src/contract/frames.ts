/**
 * Data frames as JSON: what the collector's query API answers and the data source turns into
 * Grafana DataFrames (with `toDataFrame`). Field and meta names follow Grafana's own.
 */
export type FrameFieldType = 'time' | 'number' | 'string' | 'boolean' | 'other';

/** A subset of Grafana's FieldConfig that the collector sets; the data source may add more. */
export interface FrameFieldConfig {
  displayName?: string;
  displayNameFromDS?: string;
  unit?: string;
  decimals?: number;
  min?: number;
  max?: number;
  description?: string;
  /** Grafana value mappings, e.g. run states to colours */
  mappings?: unknown[];
  color?: { mode: string; fixedColor?: string };
  links?: Array<{ title: string; url: string; targetBlank?: boolean }>;
  custom?: Record<string, unknown>;
}

export interface FrameField {
  name: string;
  type: FrameFieldType;
  config?: FrameFieldConfig;
  labels?: Record<string, string>;
  values: unknown[];
}

/** Grafana's preferred visualisations: table, graph, nodeGraph, logs, trace. */
export type PreferredVisualisation = 'table' | 'graph' | 'nodeGraph' | 'logs' | 'trace';

export interface FrameMeta {
  preferredVisualisationType?: PreferredVisualisation;
  /** e.g. 'nodes' / 'edges' for node graph frames, 'events' for logs */
  type?: string;
  custom?: Record<string, unknown>;
  notices?: Array<{ severity: 'info' | 'warning' | 'error'; text: string }>;
  executedQueryString?: string;
}

export interface DataFrameJson {
  name?: string;
  refId?: string;
  meta?: FrameMeta;
  fields: FrameField[];
}
