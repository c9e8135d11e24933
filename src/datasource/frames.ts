import { type DataFrame, type DataLink, type Field, type PreferredVisualisationType, toDataFrame } from '@grafana/data';

import type { DataFrameJson } from '../contract/frames';
import type { QueryKind } from '../contract/query';
import { datasetDashboardUrl, jobDashboardUrl } from './links';
import type { PaneQuery } from './types';

/**
 * The collector's frames as Grafana DataFrames (toDataFrame), decorated the way Grafana needs
 * them: the view each kind wants (kept from the collector, else filled in), display names for
 * node-graph and trace fields, and data links — a run to its trace in Explore, a dataset to the
 * Dataset health dashboard and its lineage, a job to the Job detail dashboard. Pure.
 */
export interface DecorateContext {
  datasourceUid: string;
  datasourceName: string;
}

const DEFAULT_VIEW: Partial<Record<QueryKind, PreferredVisualisationType>> = {
  runs: 'table',
  freshness: 'table',
  quality: 'table',
  columnLineage: 'table',
  impact: 'table',
  variables: 'table',
  annotations: 'table',
  runStats: 'graph',
  qualityStats: 'graph',
  volume: 'graph',
  lineage: 'nodeGraph',
  events: 'logs',
  trace: 'trace',
};

export function toGrafanaFrames(frames: DataFrameJson[], query: Pick<PaneQuery, 'refId' | 'kind'>, context: DecorateContext): DataFrame[] {
  return frames.map((json) => decorateFrame(toDataFrame({ ...json, refId: query.refId }), query.kind, context));
}

export function decorateFrame(frame: DataFrame, kind: QueryKind, context: DecorateContext): DataFrame {
  const meta = { ...frame.meta };
  if (!meta.preferredVisualisationType && DEFAULT_VIEW[kind]) {meta.preferredVisualisationType = DEFAULT_VIEW[kind];}
  if (meta.preferredVisualisationType === 'nodeGraph' && (frame.name === 'nodes' || frame.name === 'edges')) {
    meta.custom = { ...meta.custom, nodeGraphFrameType: frame.name };
  }
  const names = new Set(frame.fields.map((f) => f.name));
  const fields = frame.fields.map((field) => withLinks(field, frame, names, kind, context));
  return { ...frame, meta, fields };
}

const internal = (context: DecorateContext, title: string, query: Partial<PaneQuery>): DataLink => ({
  title,
  url: '',
  internal: { datasourceUid: context.datasourceUid, datasourceName: context.datasourceName, query: { refId: 'A', ...query } },
});

function withLinks(field: Field, frame: DataFrame, names: Set<string>, kind: QueryKind, context: DecorateContext): Field {
  const links: DataLink[] = [];
  const has = (name: string) => names.has(name);
  const fieldRef = (name: string) => `\${__data.fields.${name}}`;

  // A run: its trace (the run and its child runs) in Explore.
  if (field.name === 'run_id' && kind !== 'trace') {
    links.push(internal(context, 'Run trace', { kind: 'trace', runId: '${__value.raw}' }));
  }
  // A dataset: its health dashboard and its lineage.
  if (field.name === 'dataset_id' || (field.name === 'dataset' && has('dataset_id'))) {
    links.push({ title: 'Dataset health', url: datasetDashboardUrl(fieldRef('dataset_id')) });
    links.push(internal(context, 'Lineage', { kind: 'lineage', node: fieldRef('dataset_id'), direction: 'both', depth: 3 }));
  }
  // A job: its run history.
  if (field.name === 'job_id' || (field.name === 'job' && has('job_id'))) {
    const namespace = has('namespace') ? fieldRef('namespace') : '';
    links.push({ title: 'Job detail', url: jobDashboardUrl(namespace, fieldRef('job_id')) });
  }
  // Impact rows and node-graph nodes name a node id (a job or a dataset): the lineage around it.
  if ((kind === 'impact' && field.name === 'node') || (kind === 'lineage' && frame.name === 'nodes' && field.name === 'id')) {
    links.push(internal(context, 'Lineage around this node', { kind: 'lineage', node: '${__value.raw}', direction: 'both', depth: 3 }));
  }
  if (links.length === 0) {return field;}
  return { ...field, config: { ...field.config, links: [...(field.config.links ?? []), ...links] } };
}
