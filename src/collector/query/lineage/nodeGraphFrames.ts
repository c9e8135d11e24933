import type { DataFrameJson, FrameField, FrameMeta } from '../../../contract/frames';
import { booleanField, field, numberField, stringField, visualisedFrame } from '../frameBuilders';
import type { GraphNode, LineageEdge, LineageGraph } from './lineageGraph';
import type { NodeView } from './describeNodes';
import { formatAge, healthColors, healthLabels, healthLevels } from './nodeHealth';

/**
 * Grafana Node Graph frames (field names from @grafana/data's NodeGraphDataFrameFieldNames):
 * `nodes` with id, title, subtitle, mainstat, secondarystat, arc__* (summing to 1, coloured by
 * field config), color, highlighted and detail__* fields; `edges` with id, source, target,
 * mainstat and detail__* fields. Both carry meta.preferredVisualisationType 'nodeGraph'.
 */
export interface NodeGraphFrameOptions {
  /** epoch ms the ages are measured from */
  now: number;
  refId?: string;
  /** merged into both frames' meta.custom */
  custom?: Record<string, unknown>;
  notices?: FrameMeta['notices'];
}

const detail = (name: string, displayName: string, values: unknown[], type: 'string' | 'number' | 'time' = 'string', extra = {}) =>
  field(`detail__${name}`, type, values, { displayName, ...extra });

export function nodeGraphFrames(graph: LineageGraph, views: Map<GraphNode, NodeView>, options: NodeGraphFrameOptions): DataFrameJson[] {
  // Nodes nearest first, then by id; edges by their source's and target's places in that order.
  const sorted = [...graph.nodes.values()].sort((a, b) => a.depth - b.depth || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const rows = sorted.map((node) => views.get(node) as NodeView);
  const edges = edgesInNodeOrder(graph, sorted);

  const arcFields: FrameField[] = healthLevels.map((level) =>
    numberField(
      `arc__${level}`,
      rows.map((v) => v.health.arcs[level]),
      { displayName: healthLabels[level], color: { mode: 'fixed', fixedColor: healthColors[level] } },
    ),
  );
  const custom = {
    ...options.custom,
    nodeCount: rows.length,
    edgeCount: edges.length,
    truncated: graph.truncated,
    ...(graph.center !== undefined ? { center: graph.center } : {}),
  };
  const meta = (): FrameMeta => ({
    custom,
    ...(options.notices && options.notices.length > 0 ? { notices: options.notices } : {}),
  });

  const nodes = visualisedFrame('nodeGraph', {
    name: 'nodes',
    refId: options.refId,
    meta: meta(),
    fields: [
      stringField('id', rows.map((v) => v.node.id)),
      stringField('title', rows.map((v) => v.node.name), { displayName: 'Name' }),
      stringField('subtitle', rows.map((v) => v.node.namespace), { displayName: 'Namespace' }),
      stringField('mainstat', rows.map(mainStat), { displayName: 'Status' }),
      stringField('secondarystat', rows.map((v) => secondaryStat(v, options.now)), { displayName: 'Detail' }),
      ...arcFields,
      stringField('color', rows.map((v) => healthColors[v.health.level]), { displayName: 'Health colour' }),
      booleanField('highlighted', rows.map((v) => v.node.id === graph.center)),
      detail('kind', 'Kind', rows.map((v) => v.node.kind)),
      detail('namespace', 'Namespace', rows.map((v) => v.node.namespace)),
      detail('health', 'Health', rows.map((v) => `${v.health.level}: ${v.health.reason}`)),
      detail('owners', 'Owners', rows.map((v) => v.owners.join(', '))),
      detail('depth', 'Hops from centre', rows.map((v) => v.node.depth), 'number'),
      detail('last_run_state', 'Last run state', rows.map((v) => v.job?.latestRunState ?? null)),
      detail('last_run_at', 'Last run', rows.map((v) => v.job?.latestRunTime ?? null), 'time'),
      detail('last_success_at', 'Last success', rows.map((v) => v.job?.lastSuccessAt ?? null), 'time'),
      detail('freshness_status', 'Freshness', rows.map((v) => v.freshness?.status ?? null)),
      detail('freshness_age', 'Age', rows.map((v) => roundAge(v.freshness?.ageSeconds)), 'number', { unit: 's' }),
      detail('last_updated_at', 'Last updated', rows.map((v) => v.freshness?.lastUpdateAt ?? null), 'time'),
      // the SLA's effective thresholds as ages now (schedule SLAs included), as /metrics exports them
      detail('warn_after_seconds', 'Warning after', rows.map((v) => roundAge(v.freshness?.warnAfterSeconds)), 'number', { unit: 's' }),
      detail('critical_after_seconds', 'Stale after', rows.map((v) => roundAge(v.freshness?.criticalAfterSeconds)), 'number', { unit: 's' }),
      detail('last_row_count', 'Rows last written', rows.map((v) => v.dataset?.lastRowCount ?? null), 'number', { unit: 'short' }),
      detail(
        'quality_pass_ratio',
        'Quality pass ratio',
        rows.map((v) => (v.dataset?.quality ? v.dataset.quality.passed / v.dataset.quality.total : null)),
        'number',
        { unit: 'percentunit', min: 0, max: 1 },
      ),
      detail('quality_status', 'Quality', rows.map((v) => v.quality)),
      detail('failing_checks', 'Failing checks', rows.map((v) => v.dataset?.quality?.failing.join(', ') ?? null)),
      detail('pii_columns', 'PII columns', rows.map((v) => v.dataset?.piiColumns.join(', ') ?? null)),
    ],
  });

  const edgesFrame = visualisedFrame('nodeGraph', {
    name: 'edges',
    refId: options.refId,
    meta: meta(),
    fields: [
      stringField('id', edges.map((e) => e.id)),
      stringField('source', edges.map((e) => e.source)),
      stringField('target', edges.map((e) => e.target)),
      stringField('mainstat', edges.map((e) => (e.direction === 'input' ? 'reads' : 'writes')), { displayName: 'Relation' }),
      detail('direction', 'Direction', edges.map((e) => e.direction)),
    ],
  });
  return [nodes, edgesFrame];
}

/**
 * The graph's edges by (source's place, target's place) in `sorted`. Each edge's sort key is
 * packed into one number with its own index, and the keys sorted as a Float64Array: for 20k
 * edges that is several times cheaper than a comparator looking ranks up by id.
 */
function edgesInNodeOrder(graph: LineageGraph, sorted: GraphNode[]): LineageEdge[] {
  const rankBySeq = new Int32Array(sorted.length);
  sorted.forEach((node, rank) => (rankBySeq[node.seq] = rank));
  const list = [...graph.edges.values()];
  const n = sorted.length;
  const count = list.length;
  // exact while n² · count stays below 2^53 (50,000 nodes allow 3.6 million edges)
  if (n * n * count >= Number.MAX_SAFE_INTEGER) {
    return list.sort((a, b) => rankBySeq[a.sourceSeq] - rankBySeq[b.sourceSeq] || rankBySeq[a.targetSeq] - rankBySeq[b.targetSeq]);
  }
  const keys = new Float64Array(count);
  for (let i = 0; i < count; i++) keys[i] = (rankBySeq[list[i].sourceSeq] * n + rankBySeq[list[i].targetSeq]) * count + i;
  keys.sort();
  const ordered = new Array<LineageEdge>(count);
  for (let i = 0; i < count; i++) ordered[i] = list[keys[i] % count];
  return ordered;
}

export const roundAge = (seconds: number | null | undefined): number | null =>
  seconds === null || seconds === undefined ? null : Math.round(seconds);

function mainStat(view: NodeView): string {
  if (view.node.kind === 'job') return view.job?.latestRunState ?? 'no runs';
  const freshness = view.freshness;
  if (!freshness) return 'unknown';
  const age = roundAge(freshness.ageSeconds);
  if (freshness.status === 'unknown') return age === null ? 'never updated' : `updated ${formatAge(age)} ago`;
  return `${freshness.status}, ${formatAge(age)}`;
}

function secondaryStat(view: NodeView, now: number): string {
  if (view.node.kind === 'job') {
    const job = view.job;
    if (!job) return '';
    return job.lastSuccessAt === null ? 'never succeeded' : `last success ${formatAge(Math.max(0, Math.round((now - job.lastSuccessAt) / 1000)))} ago`;
  }
  const quality = view.dataset?.quality;
  if (!quality) return 'no checks';
  return `quality ${Math.round((quality.passed / quality.total) * 100)}% (${quality.passed}/${quality.total})`;
}
